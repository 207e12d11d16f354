#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host half of the trace pipeline test: the trace.dat recorded in the guest
# (tests/guest/trace_e2e.sh) decodes here with the plugin, with exactly N
# lines of each expected class for fault_recipe's pid between its markers,
# and differently without plugins (-N), which proves the plugin ran.  Also
# keeps the checked-in format file equal to what the guest kernel prints,
# but for the event's ID, which each kernel assigns at boot.
#
# Usage: trace_e2e_host.sh RESULTS PLUGIN-DIR FORMAT-FILE

results=$1
plugins=$2
format=$3
. "$(dirname "$0")/../lib/tap.sh"

tap_plan 4

diff -u <(grep -v '^ID:' "$format") <(grep -v '^ID:' "$results/mm_pfstat.format") \
	> "$results/format.diff" 2>&1
rc=$?
[ $rc = 0 ] || sed 's/^/# /' "$results/format.diff" | head -20
tap_result $rc "the checked-in $(basename "$format") equals the guest kernel's format (but for the ID)"

N=$(cat "$results/trace_e2e.n" 2>/dev/null)
with=$(TRACEEVENT_PLUGIN_DIR=$plugins trace-cmd report -i "$results/trace_e2e.dat" 2>/dev/null)
without=$(trace-cmd report -N -i "$results/trace_e2e.dat" 2>/dev/null)
echo "$with" | sed -n '/pfstat-begin/,/pfstat-end/p' > "$results/trace_e2e.report"

# The recipe's pid: the one that wrote the markers.
pid=$(sed -n 's/^ *[^ ].*-\([0-9]*\) *\[[0-9]*\].*tracing_mark_write: pfstat-begin.*/\1/p' "$results/trace_e2e.report" | head -1)
# One line per counter increment: N of each of these, and no other line.
declare -A want=([anonymous_fault]=$N [file_fault]=$N [fault_alloced_page]=$N)
bad=
for c in "${!want[@]}"; do
	got=$(grep -E -- "-$pid +\[[0-9]+\].* mm_pfstat: +$c " "$results/trace_e2e.report" | grep -c .)
	[ "$got" = "${want[$c]}" ] || bad="$bad $c=$got(want ${want[$c]})"
done
all=$(grep -E -- "-$pid +\[[0-9]+\].* mm_pfstat: " "$results/trace_e2e.report" | grep -c .)
[ "$all" = $((3 * N)) ] || bad="$bad all=$all(want $((3 * N)))"
[ -n "$N" ] && [ -n "$pid" ] && [ -z "$bad" ]
rc=$?
[ $rc = 0 ] || echo "# N=$N pid=$pid:$bad"
tap_result $rc "trace-cmd report with the plugin: exactly $N anonymous_fault, $N file_fault, $N fault_alloced_page, no other class, for pid $pid"

grep -m5 " mm_pfstat: " "$results/trace_e2e.report" | sed 's/^/# /'

echo "$without" | grep -Eq 'mm_pfstat: +address=0x[0-9a-f]+ class=anonymous_fault flags='
tap_result $? "trace-cmd report -N (no plugins) prints the kernel's own format"

[ -n "$with" ] && [ "$with" != "$without" ] && ! echo "$with" | grep -Eq 'mm_pfstat: +address='
tap_result $? "the plugin's output differs from -N: the plugin ran"

tap_finish
