#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host half of the trace pipeline test: the trace.dat recorded in the guest
# (tests/guest/trace_e2e.sh) decodes here with the plugin, a line per
# event (per classified fault site), its classes first ("a|b|c"): for
# fault_recipe's pid between its markers, exactly N lines holding each
# expected class, none holding another, and 2N lines in all (N
# anonymous_fault|fault_alloced_page, N file_fault); and differently
# without plugins (-N), which proves the plugin ran.  Also
# keeps the checked-in format file equal to what the guest kernel prints,
# but for the event's ID, which each kernel assigns at boot.
#
# Usage: trace_e2e_host.sh RESULTS PLUGIN-DIR FORMAT-FILE

results=$1
plugins=$2
format=$3
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/classes.sh"

tap_plan 4

diff -u <(grep -v '^ID:' "$format") <(grep -v '^ID:' "$results/mm_pfstat.format") \
	> "$results/format.diff" 2>&1
rc=$?
[ $rc = 0 ] || sed 's/^/# /' "$results/format.diff" | head -20
tap_result $rc "the checked-in $(basename "$format") equals the guest kernel's format (but for the ID)"

# No trace.dat from a guest that could not run the host's trace-cmd
# (arm64; it counted the events through tracefs): the guest said why.
if [ -f "$results/trace_e2e.skip" ]; then
	why=$(cat "$results/trace_e2e.skip")
	tap_skip "trace-cmd report with the plugin: the guest's trace.dat" "$why"
	tap_skip "trace-cmd report -N (no plugins) prints the kernel's own format" "$why"
	tap_skip "the plugin's output differs from -N: the plugin ran" "$why"
	tap_finish
fi

N=$(cat "$results/trace_e2e.n" 2>/dev/null)
with=$(TRACEEVENT_PLUGIN_DIR=$plugins trace-cmd report -i "$results/trace_e2e.dat" 2>/dev/null)
without=$(trace-cmd report -N -i "$results/trace_e2e.dat" 2>/dev/null)
echo "$with" | sed -n '/pfstat-begin/,/pfstat-end/p' > "$results/trace_e2e.report"

# The recipe's pid: the one that wrote the markers.
pid=$(sed -n 's/^ *[^ ].*-\([0-9]*\) *\[[0-9]*\].*tracing_mark_write: pfstat-begin.*/\1/p' "$results/trace_e2e.report" | head -1)
# One line per fault site: N holding each of these classes, none holding
# any other of the kernel's classes, and 2N lines in all.
declare -A want=([anonymous_fault]=$N [file_fault]=$N [fault_alloced_page]=$N)
mapfile -t classes < <(pfstat_classes "$results/mm_pfstat.format")
bad=
[ ${#classes[@]} = 7 ] || bad="$bad classes:${#classes[@]}(want 7)"
for c in "${classes[@]}"; do
	got=$(grep -E -- "-$pid +\[[0-9]+\].* mm_pfstat: +$(pfstat_class_in "$c") " "$results/trace_e2e.report" | grep -c .)
	[ "$got" = "${want[$c]:-0}" ] || bad="$bad $c=$got(want ${want[$c]:-0})"
done
all=$(grep -E -- "-$pid +\[[0-9]+\].* mm_pfstat: " "$results/trace_e2e.report" | grep -c .)
[ "$all" = $((2 * N)) ] || bad="$bad all=$all(want $((2 * N)))"
[ -n "$N" ] && [ -n "$pid" ] && [ -z "$bad" ]
rc=$?
[ $rc = 0 ] || echo "# N=$N pid=$pid:$bad"
tap_result $rc "trace-cmd report with the plugin: exactly $N events holding anonymous_fault, $N file_fault, $N fault_alloced_page, none another class, $((2 * N)) in all, for pid $pid"

grep -m5 " mm_pfstat: " "$results/trace_e2e.report" | sed 's/^/# /'

echo "$without" | grep -Eq 'mm_pfstat: +address=0x[0-9a-f]+ classes=anonymous_fault\|fault_alloced_page flags=' &&
	echo "$without" | grep -Eq 'mm_pfstat: +address=0x[0-9a-f]+ classes=file_fault flags='
tap_result $? "trace-cmd report -N (no plugins) prints the kernel's own format (classes=anonymous_fault|fault_alloced_page, classes=file_fault)"

[ -n "$with" ] && [ "$with" != "$without" ] && ! echo "$with" | grep -Eq 'mm_pfstat: +address='
tap_result $? "the plugin's output differs from -N: the plugin ran"

tap_finish
