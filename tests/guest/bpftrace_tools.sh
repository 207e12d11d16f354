#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The bpftrace tools pfstat ships (trace-plugins/bpftrace, in the rootfs
# as /usr/libexec/pfstat/bin/*.bt), run as a user runs them: by their
# "#!/usr/bin/env bpftrace" line, with the host's bpftrace (hostrun).
# Each runs around class_recipe processes that stop themselves once set
# up: the tool starts while they are stopped, they are continued once its
# "Tracing ..." line is out (BEGIN's printf, which bpftrace 0.17 prints
# only once it attached every probe and reads its buffers), and it gets
# SIGINT (Ctrl-C) once they exited.  Each recipe resets its counters
# when continued and reports them ("self,...") right before it exits, so
# what a tool counts for it must equal its report exactly:
#   - pfstat-cgroup.bt: two cgroups v2, one recipe in each (anonymous
#     writes; shared file reads): each cgroup's seven classes in the
#     totals equal its recipe's counters;
#   - pfstat-latency.bt, for one recipe (swap-ins, anonymous writes,
#     stack growth, THP writes): per class, the faults of the histograms
#     whose class set holds it equal the counter, and a stack growth is
#     one fault, "stack_low|anonymous_fault|fault_alloced_page", though
#     stack_low fires before handle_mm_fault();
#   - pfstat-top.bt: the recipe's counts per class equal its counters.
# Only what the kernel lacks is a skip, and the skip names it: a kernel
# without cgroup v2 (CONFIG_CGROUPS: the small guest kernel) skips the
# cgroup checks, one without x86's exceptions:page_fault_user tracepoint
# (arm64) the latency checks.  A bpftrace that does not run or loads no
# program fails every check that needs it.

N=64
THP=4
BIN=/usr/libexec/pfstat/bin
HBIN=/tmp/pfstat/bin			# the same, seen by hostrun
RECIPE=$BIN/class_recipe
T=/tmp/bpftrace_tools
CG=/sys/fs/cgroup
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/classes.sh"
CLASSES=$(pfstat_classes)
TOOLS="pfstat-cgroup.bt pfstat-latency.bt pfstat-top.bt"

tap_plan 12

# The host's programs, or the arm64 guest's Debian root (make
# test-arm64), must run here: hostrun says why not (no host root, or
# another architecture's programs).
if ! why=$(hostrun true 2>&1); then
	echo "Bail out! the host's bpftrace cannot run in this guest: $why"
	exit 1
fi
mkdir -p "$T"

hostrun bpftrace --version > "$T/version" 2>&1
tap_result $? "the host's bpftrace runs in the guest: $(cat "$T/version")"

bad=
for t in $TOOLS; do
	[ -x "$BIN/$t" ] || bad="$bad $t: not executable;"
	[ "$(head -1 "$BIN/$t" 2>/dev/null)" = "#!/usr/bin/env bpftrace" ] ||
		bad="$bad $t: no '#!/usr/bin/env bpftrace' line;"
done
tap_result "$([ -z "$bad" ]; echo $?)" "the tools are in the rootfs, executable, run by bpftrace: $TOOLS" "$bad"

# BPF programs load (every guest kernel has BPF and the perf events
# bpftrace attaches them to): else every tool check fails, not run.
hostrun bpftrace -e 'BEGIN { exit(); }' > "$T/bpf.out" 2>&1
nobpf=$?
why="bpftrace loads no program here: $(grep -m1 -i error "$T/bpf.out" || tail -1 "$T/bpf.out")"
tap_result $nobpf "BPF programs load" "$why"

# not_run WHAT WHY: a check that could not run, a failure.
not_run() {
	tap_result 1 "$1" "not run: $2"
}

# Counter K (0..6) of a "self,v0,...,v6" report.
self_count() {
	sed -n 's/^self,//p' "$1" | cut -d, -f$(($2 + 1))
}

# start_recipe NAME STEP...: start the recipe (its report to
# $T/NAME.self) and wait until it has stopped itself; its pid in $recipe.
start_recipe() {
	name=$1
	shift
	"$RECIPE" "$T" "$@" > "$T/$name.self" 2> "$T/$name.err" &
	recipe=$!
	i=0
	while [ "$(cut -d' ' -f3 "/proc/$recipe/stat" 2>/dev/null)" != T ]; do
		i=$((i + 1))
		if [ $i -gt 600 ] || ! [ -e "/proc/$recipe" ]; then
			echo "# $name: the recipe never stopped: $(cat "$T/$name.err")"
			kill -9 "$recipe" 2> /dev/null
			return 1
		fi
		sleep 0.1
	done
}

# finish_recipe PID NAME: continue it, wait for it; its exit status must be 0.
finish_recipe() {
	kill -CONT "$1"
	wait "$1"
	rc=$?
	[ $rc = 0 ] || echo "# $2: the recipe exited with $rc: $(cat "$T/$2.err")"
	return $rc
}

# start_tool NAME TOOL ARG...: run the tool through its "#!" line, output
# to $T/NAME.out; wait for its "Tracing" line (out once every probe is
# attached; compiling takes a while on an emulated CPU).  Its pid in
# $tool.
start_tool() {
	name=$1 prog=$2
	shift 2
	hostrun "$HBIN/$prog" "$@" > "$T/$name.out" 2> "$T/$name.err" &
	tool=$!
	i=0
	while ! grep -q '^Tracing' "$T/$name.out"; do
		i=$((i + 1))
		if [ $i -gt 1800 ] || [ "$(cut -d' ' -f3 "/proc/$tool/stat" 2>/dev/null)" = Z ] ||
		   ! [ -e "/proc/$tool" ]; then
			echo "# $name: $prog never started tracing"
			sed 's/^/# /' "$T/$name.err"
			kill -9 "$tool" 2> /dev/null
			return 1
		fi
		sleep 0.1
	done
}

# stop_tool NAME: Ctrl-C for the tool (its END prints), wait for its exit;
# a copy of its output to the results.  Status: the tool's.  Ctrl-C
# again every 10 s, as a user would: bpftrace 0.17's loop acts on SIGINT
# only when it interrupts its epoll_wait(), so one that lands elsewhere
# is lost (once in eight arm64 runs here).
stop_tool() {
	kill -INT "$tool"
	i=0 ints=1
	while [ -e "/proc/$tool" ] && [ "$(cut -d' ' -f3 "/proc/$tool/stat" 2>/dev/null)" != Z ]; do
		i=$((i + 1))
		if [ $i -gt 600 ]; then
			echo "# $1: no exit within 60 s of $ints SIGINTs"
			kill -9 "$tool"
			break
		fi
		if [ $((i % 100)) = 0 ]; then
			kill -INT "$tool"
			ints=$((ints + 1))
		fi
		sleep 0.1
	done
	[ $ints = 1 ] || echo "# $1: SIGINT sent $ints times"

	wait "$tool"
	rc=$?
	cp "$T/$1.out" "/results/bpftrace-$1.txt"
	[ $rc = 0 ] || sed 's/^/# /' "$T/$1.err"
	return $rc
}

# compare SELF WHAT GOT...: the seven counts GOT (class order) equal the
# counters of the SELF report, not all 0 (a kernel that counts nothing
# fails); else a diagnostic of the classes that differ.
compare() {
	self=$1 what=$2
	shift 2
	bad=
	some=
	k=0
	for c in $CLASSES; do
		want=$(self_count "$self" $k)
		[ -n "$want" ] && [ "$1" = "$want" ] || bad="$bad $c:$1/${want:-?}"
		[ "${want:-0}" = 0 ] || some=1
		k=$((k + 1))
		shift
	done
	[ -z "$bad" ] && [ -n "$some" ] && return 0
	echo "# per class, $what/counter:${bad:- every counter is 0}"
	return 1
}

# --- pfstat-cgroup.bt: two cgroups, a recipe in each -----------------

cgroup_checks() {
	mounted=
	if ! grep -q "^[^ ]* $CG cgroup2 " /proc/mounts; then
		mount -t cgroup2 cgroup2 "$CG" || return 1
		mounted=$CG
	fi
	# bpftrace resolves cgroup_path() under /sys/fs/cgroup, in the
	# chroot hostrun set up on /host.
	if ! grep -q "^[^ ]* /host$CG cgroup2 " /proc/mounts; then
		mount -t cgroup2 cgroup2 "/host$CG" || return 1
		mounted="$mounted /host$CG"
	fi
	rmdir "$CG/pfstat-bt-anon" "$CG/pfstat-bt-file" 2> /dev/null
	mkdir "$CG/pfstat-bt-anon" "$CG/pfstat-bt-file" || return 1
	start_recipe cg-anon "anon:$N" || return 1
	anon_pid=$recipe
	start_recipe cg-file "file:$N" || return 1
	file_pid=$recipe
	echo "$anon_pid" > "$CG/pfstat-bt-anon/cgroup.procs" &&
		echo "$file_pid" > "$CG/pfstat-bt-file/cgroup.procs" || return 1
	start_tool cgroup pfstat-cgroup.bt 1 || return 1
	finish_recipe "$anon_pid" cg-anon
	r1=$?
	finish_recipe "$file_pid" cg-file
	r2=$?
	# An interval report after the recipes, for the record.
	sleep 2
	stop_tool cgroup && [ $r1 = 0 ] && [ $r2 = 0 ]
}

# cgroup_id NAME: the id the tool names cgroup $CG/NAME by, from its
# "@cgroup[ID]: unified:/NAME" lines.
cgroup_id() {
	sed -n "s|^@cgroup\[\([0-9]*\)\]: unified:/$1\$|\1|p" "$T/cgroup.out" | head -1
}

# cgroup_counts ID: the seven totals of cgroup ID, in class order, from
# the report after "since the start" (0 for a class it does not list).
cgroup_counts() {
	for c in $CLASSES; do
		v=$(sed -n '/since the start:$/,$p' "$T/cgroup.out" |
			sed -n "s/^@faults_total\[$1, $c\]: //p")
		echo "${v:-0}"
	done
}

# cgroup_all HOW WHY: the four cgroup checks, each "HOW CHECK WHY"
# (tap_skip, not_run).
cgroup_all() {
	$1 "pfstat-cgroup.bt runs around a recipe in each of two cgroups" "$2"
	$1 "pfstat-cgroup.bt names both cgroups by their v2 path" "$2"
	$1 "pfstat-cgroup.bt: the anonymous recipe's cgroup" "$2"
	$1 "pfstat-cgroup.bt: the file recipe's cgroup" "$2"
}

if ! grep -qw cgroup2 /proc/filesystems; then
	cgroup_all tap_skip "kernel has no CONFIG_CGROUPS (no cgroup2 in /proc/filesystems)"
elif [ $nobpf != 0 ]; then
	cgroup_all not_run "$why"
else
	cgroup_checks
	rc=$?
	reports=$(grep -c 'page faults per cgroup and class, last' "$T/cgroup.out" 2> /dev/null)
	[ $rc = 0 ] && grep -q 'since the start:$' "$T/cgroup.out" 2> /dev/null &&
		[ "${reports:-0}" -gt 0 ]
	tap_result $? \
		"pfstat-cgroup.bt ran around a recipe in each of two cgroups: $reports interval reports, then the totals"

	ida=$(cgroup_id pfstat-bt-anon)
	idf=$(cgroup_id pfstat-bt-file)
	ina=$(stat -c %i "$CG/pfstat-bt-anon" 2> /dev/null)
	inf=$(stat -c %i "$CG/pfstat-bt-file" 2> /dev/null)
	[ -n "$ida" ] && [ -n "$idf" ] && [ "$ida" = "$ina" ] && [ "$idf" = "$inf" ]
	tap_result $? "pfstat-cgroup.bt names both cgroups by their v2 path (ids $ida, $idf)" \
		"ids of /pfstat-bt-anon, /pfstat-bt-file: '$ida' '$idf', inodes '$ina' '$inf'"

	# shellcheck disable=SC2046 # one word per class
	compare "$T/cg-anon.self" "pfstat-cgroup.bt" $(cgroup_counts "${ida:-none}") &&
		[ "$(self_count "$T/cg-anon.self" 2)" = $N ]
	tap_result $? "pfstat-cgroup.bt: /pfstat-bt-anon's seven classes equal its recipe's counters ($(sed -n 's/^self,//p' "$T/cg-anon.self"))"
	# shellcheck disable=SC2046
	compare "$T/cg-file.self" "pfstat-cgroup.bt" $(cgroup_counts "${idf:-none}") &&
		[ "$(self_count "$T/cg-file.self" 3)" = $N ]
	tap_result $? "pfstat-cgroup.bt: /pfstat-bt-file's seven classes equal its recipe's counters ($(sed -n 's/^self,//p' "$T/cg-file.self"))"

	# What is left of a failed run, so that the cgroups can go.
	kill -9 "$anon_pid" "$file_pid" 2> /dev/null
	wait "$anon_pid" "$file_pid" 2> /dev/null
	rmdir "$CG/pfstat-bt-anon" "$CG/pfstat-bt-file" 2> /dev/null
	for m in $mounted; do
		umount "$m"
	done
fi

# --- pfstat-latency.bt: one recipe, four kinds of faults -------------

# The swap-ins need a swap area (the guest's /init sets zram up).
if [ "$(grep -c . /proc/swaps)" -gt 1 ]; then
	swap="swap:$N"
else
	swap=
fi

# lat_sets: "COUNT SET" per histogram of the tool's report, COUNT the
# faults in it; SET "none" or classes joined by "|".
lat_sets() {
	awk '/^@nsecs\[.*\]: *$/ { set = substr($1, 8, length($1) - 9); next }
	     /^@/ { set = "" }
	     set != "" && /^\[/ {
		for (i = 2; i <= NF; i++)
			if ($i ~ /^\|/) {
				n[set] += $(i - 1)
				break
			}
	     }
	     END { for (s in n) print n[s], s }' "$T/latency.out"
}

# lat_class NAME: the faults of the histograms whose set holds NAME.
lat_class() {
	lat_sets | awk -v c="$1" '{ k = split($2, a, "|"); for (i = 1; i <= k; i++) if (a[i] == c) s += $1 }
		END { print s + 0 }'
}

# lat_set SET: the faults of histogram SET exactly.
lat_set() {
	lat_sets | awk -v s="$1" '$2 == s { n = $1 } END { print n + 0 }'
}

# lat_all HOW WHY: the three latency checks, each "HOW CHECK WHY".
lat_all() {
	$1 "pfstat-latency.bt runs around a recipe" "$2"
	$1 "pfstat-latency.bt: per class, its histograms hold as many faults as the counters" "$2"
	$1 "pfstat-latency.bt: a stack growth is one fault with stack_low in its set" "$2"
}

# The tool opens its window at x86's exceptions:page_fault_user: a
# kernel without that tracepoint (arm64) skips, when tracefs says so.
events=/sys/kernel/tracing/available_events
if [ -r $events ] && grep -q . $events && ! grep -qx 'exceptions:page_fault_user' $events; then
	lat_all tap_skip "kernel has no exceptions:page_fault_user tracepoint ($(uname -m)), where pfstat-latency.bt starts its clock"
elif [ $nobpf != 0 ]; then
	lat_all not_run "$why"
else
	start_recipe lat $swap "anon:$N" "stack:$N" "thp:$THP" &&
		start_tool latency pfstat-latency.bt "$recipe"
	rc=$?
	if [ $rc = 0 ]; then
		finish_recipe "$recipe" lat
		rc=$?
		stop_tool latency || rc=1
	fi
	hists=$(grep -c '^@nsecs\[' "$T/latency.out")
	tap_result $rc "pfstat-latency.bt ran around a recipe of ${swap:+$N swap-ins, }$N anonymous writes, $N stack growths, $THP THP writes: $hists histograms"

	got=
	for c in $CLASSES; do
		got="$got $(lat_class "$c")"
	done
	# shellcheck disable=SC2086 # one word per class
	compare "$T/lat.self" "pfstat-latency.bt histograms" $got &&
		! grep -qE '^@(nsecs_other|unfinished|outside_window)\[' "$T/latency.out"
	rc=$?
	[ $rc = 0 ] || grep -E '^@(nsecs_other|unfinished|outside_window)\[' "$T/latency.out" | sed 's/^/# /'
	tap_result $rc "pfstat-latency.bt: per class, its histograms hold as many faults as the counters ($(sed -n 's/^self,//p' "$T/lat.self")), none outside a window"

	# The stack growths are the N anonymous faults that come with a
	# stack_low; the other anonymous faults (the N writes, and a THP
	# write whose huge page could not be had) are plain ones.
	anon=$(self_count "$T/lat.self" 2)
	thp=$(self_count "$T/lat.self" 1)
	want="$N stack_low|anonymous_fault|fault_alloced_page, $((${anon:-0} - N)) anonymous_fault|fault_alloced_page"
	have="$(lat_set 'stack_low|anonymous_fault|fault_alloced_page') stack_low|anonymous_fault|fault_alloced_page, $(lat_set 'anonymous_fault|fault_alloced_page') anonymous_fault|fault_alloced_page"
	if [ -n "$swap" ]; then
		want="$want, $N swapped_back"
		have="$have, $(lat_set swapped_back) swapped_back"
	fi
	want="$want, ${thp:-?} transparent_hugepage_fault"
	have="$have, $(lat_set transparent_hugepage_fault) transparent_hugepage_fault"
	[ -n "$anon" ] && [ "$have" = "$want" ]
	tap_result $? "pfstat-latency.bt: a stack growth is one fault with stack_low in its set: $have" \
		"expected: $want${swap:- (no swap area: no swap-ins)}"
fi

# --- pfstat-top.bt: the recipe among every task ----------------------

# top_counts PID: the recipe's seven counts, in class order, from the
# report at Ctrl-C (0 for a class that does not list it).
top_counts() {
	for c in $CLASSES; do
		v=$(sed -n "s/^@$c\[$1, class_recipe\]: //p" "$T/top.out")
		echo "${v:-0}"
	done
}

if [ $nobpf != 0 ]; then
	not_run "pfstat-top.bt runs system-wide around a recipe" "$why"
	not_run "pfstat-top.bt: the recipe's counts per class equal its counters" "$why"
else
	# No interval: one list per class at Ctrl-C, 1000 rows, so that
	# nothing is cleared under the recipe and it is listed whatever the
	# other tasks took.
	start_recipe top "anon:$N" "file:$N" "stack:$N" &&
		start_tool top pfstat-top.bt 0 1000
	rc=$?
	if [ $rc = 0 ]; then
		finish_recipe "$recipe" top
		rc=$?
		stop_tool top || rc=1
	fi
	tap_result $rc "pfstat-top.bt ran system-wide around a recipe of $N anonymous writes, $N file reads, $N stack growths"
	# shellcheck disable=SC2046 # one word per class
	compare "$T/top.self" "pfstat-top.bt" $(top_counts "$recipe")
	tap_result $? "pfstat-top.bt: the recipe's (pid $recipe) counts per class equal its counters ($(sed -n 's/^self,//p' "$T/top.self"))"
fi

tap_finish
