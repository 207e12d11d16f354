#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest half of the trace pipeline test: record pfstat:mm_pfstat with
# trace-cmd around fault_recipe (N anonymous writes, N shared file reads
# between two markers) and hand the trace.dat, N and the event's format
# file to the host, where tests/host/trace_e2e_host.sh decodes it with the
# plugin.  Here, trace-cmd (the host's, run in the guest) must decode it
# with the plugin of the rootfs.

N=64
. "$(dirname "$0")/../lib/tap.sh"

tap_plan 3

cp /sys/kernel/tracing/events/pfstat/mm_pfstat/format /results/mm_pfstat.format
tap_result $? "the kernel's mm_pfstat format is readable"

echo "$N" > /results/trace_e2e.n
trace-cmd record -q -e pfstat:mm_pfstat -o /tmp/e2e.dat \
	/tmp/pfstat/bin/fault_recipe "$N" /tmp > /tmp/e2e.log 2>&1
rc=$?
[ $rc = 0 ] || sed 's/^/# /' /tmp/e2e.log
cp /tmp/e2e.dat /results/trace_e2e.dat
tap_result $rc "trace-cmd record -e pfstat:mm_pfstat around $N + $N faults"

got=$(trace-cmd report -i /tmp/e2e.dat 2>/dev/null |
	sed -n '/pfstat-begin/,/pfstat-end/p' | grep -c 'mm_pfstat: *anonymous_fault ')
[ "$got" = "$N" ]
rc=$?
[ $rc = 0 ] || echo "# $got anonymous_fault lines in the plugin's layout, expected $N"
tap_result $rc "the guest's trace-cmd decodes with the plugin: $N anonymous_fault lines"

tap_finish
