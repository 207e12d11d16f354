#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Test of the QEMU harness itself: a guest that panics and a guest that
# never reports must each fail the run, with a message that says which.
#
# Usage: harness-selftest.sh BZIMAGE INITRD WORKDIR

kernel=$1
initrd=$2
work=$3
here=$(cd "$(dirname "$0")/.." && pwd)
. "$(dirname "$0")/../lib/tap.sh"

tap_plan 4

out=$("$here/qemu-run.sh" -k "$kernel" -i "$initrd" -r "$work/panic" -t 120 \
	-a "pfstat.run=selftest-panic" 2>&1)
rc=$?
tap_result $((rc == 0)) "a guest that panics fails the run (exit $rc)"
echo "$out" | grep -q 'qemu-run: FAIL: the guest kernel panicked'
tap_result $? "... and the harness says the kernel panicked"

out=$("$here/qemu-run.sh" -k "$kernel" -i "$initrd" -r "$work/hang" -t 20 \
	-a "pfstat.run=selftest-hang" 2>&1)
rc=$?
tap_result $((rc == 0)) "a guest that never reports fails the run (exit $rc)"
echo "$out" | grep -q 'qemu-run: FAIL: no report within the 20 s timeout'
tap_result $? "... and the harness says it timed out"

tap_finish
