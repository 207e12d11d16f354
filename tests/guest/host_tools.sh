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
# The event fires once per classified fault site, its "classes" a mask of
# the classes it counted in (bit N, class N): here N events
# anonymous_fault|fault_alloced_page and N events file_fault, 2N in all,
# while the counters add up to 3N.  Every tool must count exactly 2N
# events, and per class exactly what those counters say.

N=64
RECIPE=/tmp/pfstat/bin/fault_recipe
T=/tmp/host_tools			# the same path in the guest and in hostrun
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/classes.sh"
CLASSES=$(pfstat_classes)

tap_plan 8

# The host's programs, or the arm64 guest's Debian root (make
# test-arm64), must run here: hostrun says why not (no host root, or
# another architecture's programs), and nothing of this test can run.
if ! why=$(hostrun true 2>&1); then
	echo "Bail out! the host's perf and bpftrace cannot run in this guest: $why"
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

# per_class SELF WHAT TEST EVENTS CMD...: for each class, "CMD... NAME
# NUMBER" prints how many events holding the class the tool counted; each
# must equal the counter in the SELF report, the counters must add up to
# the recipe's 3N, and the tool's EVENTS (all it counted) be its 2N.
per_class() {
	self=$1 what=$2 test=$3 events=$4
	shift 4
	bad=
	k=0
	for c in $CLASSES; do
		got=$("$@" "$c" "$k")
		want=$(self_count "$self" $k)
		[ "$got" = "$want" ] || bad="$bad $c:$got/$want"
		k=$((k + 1))
	done
	[ -z "$bad" ] && [ "$(self_sum "$self")" = $((3 * N)) ] && [ "$events" = $((2 * N)) ]
	rc=$?
	[ $rc = 0 ] || echo "# per class, $what/counter:$bad; $events events in all (expected $((2 * N))), the counters sum to $(self_sum "$self") (expected $((3 * N)))"
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

# perf stat, every event, in the table people read: one per fault site,
# each of them an anonymous or a file fault here.
perf_around stat stat -e pfstat:mm_pfstat -o $T/stat.txt
got=$(awk '$2 == "pfstat:mm_pfstat" { print $1 }' "$T/stat.txt")
sites=$(($(self_count "$T/stat.self" 2) + $(self_count "$T/stat.self" 3)))
sum=$(self_sum "$T/stat.self")
cp "$T/stat.txt" /results/perf-stat.txt
[ -n "$got" ] && [ "$got" = "$sites" ] && [ "$sites" = $((2 * N)) ] && [ "$sum" = $((3 * N)) ]
rc=$?
[ $rc = 0 ] || echo "# perf stat counted '$got', anonymous_fault + file_fault '$sites', expected $((2 * N)); the counters sum to '$sum', expected $((3 * N))"
tap_result $rc "perf stat -e pfstat:mm_pfstat counts one event per fault site ($got), not per counter increment ($sum)"

# perf stat with a filter on the classes: the events holding
# anonymous_fault (bit 2), as many as that counter.
perf_around statf stat -x, -e pfstat:mm_pfstat --filter 'classes & 4' -o $T/statf.csv
got=$(grep 'pfstat:mm_pfstat' "$T/statf.csv" | cut -d, -f1)
want=$(self_count "$T/statf.self" 2)
[ -n "$got" ] && [ "$got" = "$want" ] && [ "$want" = "$N" ]
rc=$?
[ $rc = 0 ] || echo "# perf stat --filter 'classes & 4' counted '$got', anonymous_fault '$want', expected $N"
tap_result $rc "perf stat --filter 'classes & 4' counts the anonymous faults ($got)"

# perf record, then perf script with the kernel's own print format.
perf_around record record -q -e pfstat:mm_pfstat -o $T/perf.data
hostrun perf script -i "$T/perf.data" > "$T/script.txt" 2> "$T/script.err"
rc=$?
cp "$T/script.txt" /results/perf-script.txt
events=$(grep -c 'mm_pfstat: ' "$T/script.txt")
tap_result $rc "perf script reads the record ($events events)"
# script_class NAME: the lines ("classes=a|b|c", a line per event) that
# hold the class NAME by its whole name.
script_class() {
	grep -cE "mm_pfstat: .* classes=$(pfstat_class_in "$1") " "$T/script.txt"
}
per_class "$T/record.self" "perf script lines" \
	"perf script names every class from the kernel's format, as many as the counters, in $((2 * N)) events" \
	"$events" script_class

# bpftrace counts the stopped recipe's events per mask of classes, from
# the moment it says it is ready (BEGIN's output arrives once every probe is
# attached) to the recipe's exit; per class, the counts of the masks
# holding its bit add up here.
start_recipe bt
hostrun bpftrace -e 'BEGIN { printf("ready\n"); }
	tracepoint:pfstat:mm_pfstat /pid == $1/ { @[args->classes] = count(); }
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
# bt_sum NAME BIT: the counts of bpftrace's "@[MASK]: COUNT" lines added
# up, of the masks with BIT set (of all of them for BIT -1).  (No "^":
# the guest's busybox awk has no math library.)
bt_sum() {
	awk -v k="$2" '/^@\[[0-9]+\]: [0-9]+$/ {
		m = substr($1, 3, length($1) - 4)
		for (i = 0; i < k; i++)
			m = int(m / 2)
		if (k < 0 || m % 2)
			s += $2
	} END { print s + 0 }' "$T/bt.out"
}
per_class "$T/bt.self" "bpftrace counts" \
	"bpftrace counts per class exactly what the counters say, in $((2 * N)) events" \
	"$(bt_sum all -1)" bt_sum

tap_finish
