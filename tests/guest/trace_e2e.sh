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
. "$(dirname "$0")/../lib/host.sh"

tap_plan 3

cp /sys/kernel/tracing/events/pfstat/mm_pfstat/format /results/mm_pfstat.format
tap_result $? "the kernel's mm_pfstat format is readable"

echo "$N" > /results/trace_e2e.n

# Where the host's trace-cmd does not run (an arm64 guest on an x86
# host), the same recording through tracefs itself: the recipe's events
# between its markers, in the kernel's own format ("classes=a|b|c"), N
# anonymous_fault|fault_alloced_page and N file_fault, 2N in all.  The
# host half then has no trace.dat to decode: trace_e2e.skip says why.
if host_foreign; then
	echo "$host_foreign_why" > /results/trace_e2e.skip
	T=/sys/kernel/tracing
	echo 0 > $T/tracing_on && echo > $T/trace &&
		echo 1 > $T/events/pfstat/mm_pfstat/enable && echo 1 > $T/tracing_on
	rc=$?
	/usr/libexec/pfstat/bin/fault_recipe "$N" /tmp > /tmp/e2e.log 2>&1 || rc=1
	echo 0 > $T/tracing_on
	echo 0 > $T/events/pfstat/mm_pfstat/enable
	sed -n '/pfstat-begin/,/pfstat-end/p' $T/trace > /tmp/e2e.txt
	echo > $T/trace
	echo 1 > $T/tracing_on
	cp /tmp/e2e.txt /results/trace_e2e.txt
	[ $rc = 0 ] || sed 's/^/# /' /tmp/e2e.log
	tap_result $rc "tracefs: pfstat:mm_pfstat around $N + $N faults (trace-cmd: $host_foreign_why)"

	pid=$(sed -n 's/^ *[^ ].*-\([0-9]*\) *\[[0-9]*\].*tracing_mark_write: pfstat-begin.*/\1/p' /tmp/e2e.txt | head -1)
	mine() { grep -E -- "-$pid +\[[0-9]+\].* mm_pfstat: " /tmp/e2e.txt; }
	anon=$(mine | grep -c ' classes=anonymous_fault|fault_alloced_page ')
	file=$(mine | grep -c ' classes=file_fault ')
	all=$(mine | grep -c .)
	[ -n "$pid" ] && [ "$anon" = "$N" ] && [ "$file" = "$N" ] && [ "$all" = $((2 * N)) ]
	rc=$?
	[ $rc = 0 ] || echo "# pid '$pid': $anon anonymous_fault|fault_alloced_page, $file file_fault, $all in all"
	tap_result $rc "tracefs: exactly $N events anonymous_fault|fault_alloced_page, $N file_fault, $((2 * N)) in all, for pid $pid"
	tap_finish
fi

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
