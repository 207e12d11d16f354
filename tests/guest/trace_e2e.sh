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
. "$(dirname "$0")/../lib/classes.sh"

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

# The plugin prints an event's classes first, "a|b|c": N of the events
# (one per anonymous write) hold anonymous_fault, each of them with
# fault_alloced_page (one event per fault site, not per class).
trace-cmd report -i /tmp/e2e.dat 2>/dev/null |
	sed -n '/pfstat-begin/,/pfstat-end/p' |
	grep -E "mm_pfstat: +$(pfstat_class_in anonymous_fault) " > /tmp/e2e.anon
got=$(grep -c . /tmp/e2e.anon)
both=$(grep -cE "mm_pfstat: +$(pfstat_class_in fault_alloced_page) " /tmp/e2e.anon)
[ "$got" = "$N" ] && [ "$both" = "$N" ]
rc=$?
[ $rc = 0 ] || echo "# $got events holding anonymous_fault in the plugin's layout, $both of them with fault_alloced_page, expected $N"
tap_result $rc "the guest's trace-cmd decodes with the plugin: $N events holding anonymous_fault|fault_alloced_page"

tap_finish
