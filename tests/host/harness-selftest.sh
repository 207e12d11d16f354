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

# expect_fail WHAT RUN SECONDS MESSAGE: a guest booted with pfstat.run=RUN
# fails the run, and the harness prints MESSAGE.
expect_fail() {
	local out rc
	out=$("$here/qemu-run.sh" -k "$kernel" -i "$initrd" -r "$work/$2" -t "$3" \
		-a "pfstat.run=$2" 2>&1)
	rc=$?
	tap_result $((rc == 0)) "a guest that $1 fails the run (exit $rc)"
	echo "$out" | grep -qF "qemu-run: FAIL: $4"
	tap_result $? "... and the harness says: $4" "$(echo "$out" | grep 'qemu-run: FAIL')"
}

expect_fail panics selftest-panic 120 "the guest kernel panicked"
expect_fail "never reports" selftest-hang 20 "no report within the 20 s timeout"

tap_finish
