#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host half of the smoke test, run after the guest suite: the kernel that
# booted is the one just built, and the guest's trace.dat decodes here.
#
# Usage: smoke-host.sh RESULTS KOBJ

results=$1
kobj=$2
. "$(dirname "$0")/../lib/tap.sh"

tap_plan 3

built=$(sed -n 's/^#define UTS_VERSION "\(.*\)"$/\1/p' "$kobj/include/generated/utsversion.h")
booted=$(cat "$results/uname-v.txt" 2>/dev/null)
[ -n "$built" ] && [ "$built" = "$booted" ]
rc=$?
[ $rc = 0 ] || echo "# built '$built', booted '$booted'"
tap_result $rc "the guest booted the kernel just built ($built)"

# No trace.dat from a guest that could not run the host's trace-cmd
# (arm64): the guest said why in smoke.skip.
if [ -f "$results/smoke.skip" ]; then
	tap_skip "the guest's trace.dat decodes on the host with trace-cmd report" "$(cat "$results/smoke.skip")"
	tap_skip "trace-cmd report reads the guest's trace.dat without errors" "$(cat "$results/smoke.skip")"
	tap_finish
fi

report=$(trace-cmd report -i "$results/smoke.dat" 2>&1)
echo "$report" | grep -q 'sched_process_exec:.*filename=/bin/true'
rc=$?
[ $rc = 0 ] || echo "$report" | head -5 | sed 's/^/# /'
tap_result $rc "the guest's trace.dat decodes on the host with trace-cmd report"

[ "$(echo "$report" | grep -c 'sched_process_exec:')" -ge 1 ] && \
	! echo "$report" | grep -qi 'error\|failed'
tap_result $? "trace-cmd report reads the guest's trace.dat without errors"

tap_finish
