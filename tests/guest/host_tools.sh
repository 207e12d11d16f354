#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The tools users point at pfstat:mm_pfstat, from the host's own Debian
# packages (run through hostrun, never copied into the guest): perf stat,
# with and without a filter on the class, perf record and perf script, and
# a bpftrace one-liner.  Each runs around "fault_recipe N DIR stop", which
# stops itself once set up; the tool's events are enabled while it is
# stopped, and it then resets its counters, makes N anonymous write and N
# shared file read faults, and reports its own counters ("self,...").
# Every tool must count exactly what those counters say.

N=64
RECIPE=/tmp/pfstat/bin/fault_recipe
T=/tmp/host_tools			# the same path in the guest and in hostrun
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/classes.sh"
CLASSES=$(pfstat_classes)

tap_plan 8

if ! hostrun true; then
	echo "Bail out! no host root in the guest (hostrun)"
	exit 1
fi
mkdir -p "$T"
hostrun perf version > "$T/perf.version" 2>&1
tap_result $? "the host's perf runs in the guest: $(cat "$T/perf.version")"
hostrun bpftrace --version > "$T/bpftrace.version" 2>&1
tap_result $? "the host's bpftrace runs in the guest: $(cat "$T/bpftrace.version")"

# Counter K (0..6) of a "self,v0,...,v6" report.
self_count() {
	sed -n 's/^self,//p' "$1" | cut -d, -f$(($2 + 1))
}

# The sum of all seven counters of a report.
self_sum() {
	sed -n 's/^self,//p' "$1" | tr , '\n' | awk '{ s += $1 } END { print s + 0 }'
}

# per_class SELF WHAT TEST CMD...: for each class, "CMD... NAME NUMBER"
# prints what the tool counted; each must equal the counter in the SELF
# report, and the counters must add up to the recipe's 3N.
per_class() {
	self=$1 what=$2 test=$3
	shift 3
	bad=
	k=0
	for c in $CLASSES; do
		got=$("$@" "$c" "$k")
		want=$(self_count "$self" $k)
		[ "$got" = "$want" ] || bad="$bad $c:$got/$want"
		k=$((k + 1))
	done
	[ -z "$bad" ] && [ "$(self_sum "$self")" = $((3 * N)) ]
	rc=$?
	[ $rc = 0 ] || echo "# per class, $what/counter:$bad"
	tap_result $rc "$test"
}

# start_recipe NAME: start the recipe, its report to $T/NAME.self, and
# wait until it has stopped itself; its pid in $recipe.
start_recipe() {
	"$RECIPE" "$N" "$T" stop > "$T/$1.self" &
	recipe=$!
	i=0
	while [ "$(cut -d' ' -f3 "/proc/$recipe/stat" 2>/dev/null)" != T ]; do
		i=$((i + 1))
		if [ $i -gt 600 ]; then
			echo "# $1: the recipe never stopped"
			kill -9 "$recipe"
			return 1
		fi
		sleep 0.1
	done
}

# perf_around NAME PERF-ARGS...: perf stat or record attached to the
# stopped recipe (-p) with its events disabled (-D -1), enabled through
# --control, and acknowledged, before the recipe goes on.  (perf 6.1 does
# not enable a workload it started itself this way: -p it is.)
perf_around() {
	name=$1
	shift
	rm -f "$T/$name.ctl" "$T/$name.ack"
	mkfifo "$T/$name.ctl" "$T/$name.ack"
	start_recipe "$name" || return 1
	hostrun perf "$@" -D -1 --control "fifo:$T/$name.ctl,$T/$name.ack" \
		-p "$recipe" 2> "$T/$name.err" &
	perf=$!
	timeout 120 sh -c "echo enable > $T/$name.ctl"
	ack=$(timeout 120 sh -c "read -r a < $T/$name.ack && echo \$a")
	kill -CONT "$recipe"
	wait "$recipe"
	wait "$perf"
	rc=$?
	[ "$ack" = ack ] && [ $rc = 0 ] || {
		echo "# $name: perf exit $rc, control answered '$ack'"
		sed 's/^/# /' "$T/$name.err"
		kill -9 "$perf" "$recipe" 2> /dev/null
		return 1
	}
}

# perf stat, every event, in the table people read.
perf_around stat stat -e pfstat:mm_pfstat -o $T/stat.txt
got=$(awk '$2 == "pfstat:mm_pfstat" { print $1 }' "$T/stat.txt")
want=$(self_sum "$T/stat.self")
cp "$T/stat.txt" /results/perf-stat.txt
[ -n "$got" ] && [ "$got" = "$want" ] && [ "$want" = $((3 * N)) ]
rc=$?
[ $rc = 0 ] || echo "# perf stat counted '$got', the counters sum to '$want', expected $((3 * N))"
tap_result $rc "perf stat -e pfstat:mm_pfstat counts one event per counter increment ($got)"

# perf stat with a filter on the class: anonymous_fault (2) only.
perf_around statf stat -x, -e pfstat:mm_pfstat --filter 'class == 2' -o $T/statf.csv
got=$(grep 'pfstat:mm_pfstat' "$T/statf.csv" | cut -d, -f1)
want=$(self_count "$T/statf.self" 2)
[ -n "$got" ] && [ "$got" = "$want" ] && [ "$want" = "$N" ]
rc=$?
[ $rc = 0 ] || echo "# perf stat --filter 'class == 2' counted '$got', anonymous_fault '$want'"
tap_result $rc "perf stat --filter 'class == 2' counts the anonymous faults ($got)"

# perf record, then perf script with the kernel's own print format.
perf_around record record -q -e pfstat:mm_pfstat -o $T/perf.data
hostrun perf script -i "$T/perf.data" > "$T/script.txt" 2> "$T/script.err"
rc=$?
cp "$T/script.txt" /results/perf-script.txt
tap_result $rc "perf script reads the record ($(grep -c mm_pfstat "$T/script.txt") events)"
per_class "$T/record.self" "perf script lines" \
	"perf script names every class from the kernel's format, as many as the counters" \
	sh -c 'grep -c "mm_pfstat: .* class=$1 " "$0"' "$T/script.txt"

# bpftrace counts the stopped recipe's events per class, from the moment
# it says it is ready (BEGIN runs once every probe is attached) to the
# recipe's exit.
start_recipe bt
hostrun bpftrace -e 'BEGIN { printf("ready\n"); }
	tracepoint:pfstat:mm_pfstat /pid == $1/ { @[args->class] = count(); }
	tracepoint:sched:sched_process_exit /pid == $1/ { exit(); }' "$recipe" \
	> "$T/bt.out" 2> "$T/bt.err" &
bt=$!
i=0
while ! grep -q '^ready' "$T/bt.out" && [ $i -lt 1200 ]; do
	sleep 0.1
	i=$((i + 1))
done
kill -CONT "$recipe"
wait "$recipe"
wait "$bt"
rc=$?
cp "$T/bt.out" /results/bpftrace.txt
grep -q '^ready' "$T/bt.out" && [ $rc = 0 ]
rc=$?
[ $rc = 0 ] || sed 's/^/# /' "$T/bt.err"
tap_result $rc "bpftrace attached to tracepoint:pfstat:mm_pfstat and ran to the recipe's exit"
per_class "$T/bt.self" "bpftrace counts" \
	"bpftrace counts per class exactly what the counters say" \
	sh -c 'n=$(sed -n "s/^@\[$2\]: //p" "$0"); echo "${n:-0}"' "$T/bt.out"

tap_finish
