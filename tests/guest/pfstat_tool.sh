#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The pfstat tool against the real kernel: "pfstat run" reads the counts of
# its command exactly (the command reports its own counts right before it
# exits, and the two must be equal), and "read" (syscall) and "show"
# (debugfs) agree on a task that made a known number of faults.
#
# A kernel of pfstat v4 also counts every fault (faults) and those no
# class counted (unclassified), and takes pidfds (PFSTAT_PIDFD): there
# the two are exact beside the classes, and watch needs no debugfs.  A
# kernel before v4 has neither: there the tool must say "not supported"
# and never print a 0 for them, and watch falls back to debugfs.

. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/classes.sh"

# "pfstat run" writes its report to stderr, or to -o FILE: stdout is the
# command's alone, which is how the self-reports below are told apart.

# The seven class columns of a pfstat CSV report (run, read, show,
# timeline), found by name.
classes_of() {
	awk -F, -v classes="$(echo $(pfstat_classes))" 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
		 NR == 2 { n = split(classes, c, " ")
			   for (i = 1; i <= n; i++) printf "%s%s", $col[c[i]], i < n ? "," : "\n" }' "$1"
}

# col NAME FILE: column NAME of the first record of a CSV report.
col() {
	awk -F, -v name="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i; next }
			      NR == 2 { if (c) print $c; exit }' "$2"
}

# ru FILE: ru_minflt + ru_majflt of a CSV report, getrusage's faults.
ru() {
	echo $(($(col ru_minflt "$1") + 0 + $(col ru_majflt "$1") + 0))
}

# Whether the kernel has the fault counts (v4): the columns of debugfs tasks.
v4=
head -1 /sys/kernel/debug/pfstat/tasks | tr '\t' '\n' | grep -qx unclassified && v4=1
echo "# kernel with faults, unclassified and PFSTAT_PIDFD (pfstat v4): ${v4:-no}"

tap_plan 25

out=$(pfstat run --csv -o /tmp/run.csv -- /usr/libexec/pfstat/bin/fault_recipe 64 /tmp report)
rc=$?
tap_result $rc "pfstat run -- fault_recipe exits with the command's status (0)"
cp /tmp/run.csv /results/pfstat-run.csv
self=$(echo "$out" | sed -n 's/^self,//p')
tool=$(classes_of /tmp/run.csv)
echo "# self-reported: $self"
echo "# pfstat run:    $tool"
[ -n "$self" ] && [ "$self" = "$tool" ] && [ "$(echo "$self" | cut -d, -f3)" -ge 64 ]
tap_result $? "pfstat run prints exactly the counts the command read itself at exit (64 anonymous faults or more)"

anon=$(echo "$tool" | cut -d, -f3)
file=$(echo "$tool" | cut -d, -f4)
alloc=$(echo "$tool" | cut -d, -f7)
[ "$anon" -ge 64 ] && [ "$file" -ge 64 ] && [ "$alloc" -ge 64 ]
tap_result $? "... which include the recipe's 64 anonymous, 64 file faults ($anon, $file, $alloc)"

# burst resets its own counts once in pfstat mode (it enters it itself,
# and under "pfstat run" that is a reset), faults in everything else with
# mlockall(), which is GUP and counts nowhere, then makes 50 anonymous
# write faults and exits: under "pfstat run", 50 faults, all of them
# classified, exactly.  getrusage counts more: what came before the reset.
bin=/usr/libexec/pfstat/bin
pfstat run --csv -o /tmp/burst.csv -- "$bin/burst" 50 1 0 0
rc=$?
anon=$(col anonymous_fault /tmp/burst.csv)
alloc=$(col fault_alloced_page /tmp/burst.csv)
faults=$(col faults /tmp/burst.csv)
uncl=$(col unclassified /tmp/burst.csv)
ru=$(ru /tmp/burst.csv)
echo "# pfstat run -- burst 50: anonymous_fault $anon, fault_alloced_page $alloc, faults '$faults', unclassified '$uncl', getrusage $ru"
if [ -n "$v4" ]; then
	[ $rc = 0 ] && [ "$anon" = 50 ] && [ "$alloc" = 50 ] && [ "$faults" = 50 ] &&
		[ "$uncl" = 0 ] && [ "$ru" -ge 50 ]
	tap_result $? "pfstat run -- burst 50: faults 50, unclassified 0, anonymous_fault 50 ($faults, $uncl, $anon; getrusage $ru)"
else
	pfstat run --json -o /tmp/burst.json -- "$bin/burst" 50 1 0 0
	[ $rc = 0 ] && [ "$anon" = 50 ] && [ -z "$faults" ] && [ -z "$uncl" ] &&
		grep -q '"faults": null, "unclassified": null' /tmp/burst.json
	tap_result $? "pfstat run before v4: faults and unclassified empty in CSV, null in JSON, never 0"
fi

# For people, the report ends with the faults classified beside
# getrusage's count, the sum of its ru_minflt and ru_majflt lines.
pfstat run -- "$bin/burst" 50 1 0 0 2> /tmp/burst.table
cp /tmp/burst.table /results/pfstat-run-burst.table
ru=$(sed -n 's/^ru_m[a-z]*flt  *//p' /tmp/burst.table | awk '{ s += $1 } END { print s + 0 }')
last=$(tail -n 1 /tmp/burst.table)
echo "# $last"
if [ -n "$v4" ]; then
	[ "$last" = "classified 50 of 50 faults (100.0%); getrusage: $ru faults" ] && [ "$ru" -ge 50 ]
	tap_result $? "pfstat run's report: 'classified 50 of 50 faults (100.0%); getrusage: $ru faults'"
else
	[ "$last" = "classified: not supported by this kernel (pfstat before v4); getrusage: $ru faults" ] &&
		grep -qx 'faults  *<not supported>' /tmp/burst.table
	tap_result $? "pfstat run's report before v4: 'classified: not supported by this kernel', faults <not supported>"
fi

sleep 1000 &
pid=$!
sleep 1
pfstat enable "$pid" && [ "$(cat "/sys/kernel/debug/pfstat/$pid/enable")" = 1 ]
tap_result $? "pfstat enable PID (debugfs control)"
kill "$pid"

# read (the syscall) and show (debugfs) agree on a task in pfstat mode
# that made 50 anonymous write faults and then sleeps: burst enters
# pfstat mode itself, makes one burst of 50 at once, then sleeps 60 s.
# Once show counts the 50, both must print the same row, 50 in it.
/usr/libexec/pfstat/bin/burst 50 1 60000 0 &
pid=$!
# (The guest's devtmpfs has no /dev/stdin: awk reads a file.)
i=0
until pfstat show --csv "$pid" > /tmp/show.csv 2>/dev/null &&
	[ "$(classes_of /tmp/show.csv | cut -d, -f3)" = 50 ] || [ $i -ge 300 ]; do
	sleep 0.1
	i=$((i + 1))
done
pfstat read --no-reset --csv "$pid" > /tmp/read.csv
pfstat show --csv "$pid" > /tmp/show.csv
r=$(sed -n 2p /tmp/read.csv | cut -d, -f3-)
s=$(sed -n 2p /tmp/show.csv | cut -d, -f3-)
anon=$(classes_of /tmp/read.csv | cut -d, -f3)
alloc=$(classes_of /tmp/read.csv | cut -d, -f7)
echo "# read: $r"
echo "# show: $s"
[ -n "$r" ] && [ "$r" = "$s" ] && [ "$anon" = 50 ] && [ "$alloc" = 50 ]
tap_result $? "pfstat read (syscall) and pfstat show (debugfs) agree on a task that made 50 anonymous faults ($anon anonymous_fault, $alloc fault_alloced_page)"
faults=$(col faults /tmp/read.csv),$(col faults /tmp/show.csv)
uncl=$(col unclassified /tmp/read.csv),$(col unclassified /tmp/show.csv)
pfstat show --prometheus "$pid" > /tmp/show.prom
if [ -n "$v4" ]; then
	[ "$faults" = 50,50 ] && [ "$uncl" = 0,0 ]
	tap_result $? "... and on faults 50 and unclassified 0, exactly (read,show: $faults; $uncl)"
	grep -qx "pfstat_faults_total{pid=\"$pid\",comm=\"burst\"} 50" /tmp/show.prom &&
		grep -qx "pfstat_unclassified_total{pid=\"$pid\",comm=\"burst\"} 0" /tmp/show.prom &&
		grep -qx '# TYPE pfstat_faults_total counter' /tmp/show.prom &&
		grep -qx '# TYPE pfstat_unclassified_total counter' /tmp/show.prom
	tap_result $? "pfstat show --prometheus: pfstat_faults_total 50 and pfstat_unclassified_total 0 beside the classes"
else
	[ "$faults" = , ] && [ "$uncl" = , ]
	tap_result $? "... and both leave faults and unclassified empty before v4, no 0"
	! grep -qE 'pfstat_(faults|unclassified)_total' /tmp/show.prom &&
		[ "$(grep -c '^# TYPE pfstat_' /tmp/show.prom)" = 7 ]
	tap_result $? "pfstat show --prometheus before v4: the 7 classes, no faults or unclassified series"
fi
kill "$pid"
wait "$pid" 2>/dev/null

# timeline reads trace.dat with libtracecmd: its per-class sums for the
# recipe's pid equal what trace-cmd's own report (-N) counts: the events
# whose "classes=a|b|c" hold the class, by its whole name (an event per
# fault site, in each of the classes it counted in).  One bin: one row.
# The recording is the host's trace-cmd's, and timeline runs beside it,
# through hostrun, where libtracecmd is: the tool's copy in
# /usr/libexec/pfstat/bin, dynamic (the guest's /usr/bin/pfstat may be
# static and without timeline, as the arm64 one is: Debian has no static
# libtracecmd).  A pfstat without timeline fails: a missing command is no
# kernel feature.
timeline() { hostrun /tmp/pfstat/bin/pfstat timeline "$@"; }
if ! why=$(timeline --help 2>&1 > /dev/null); then
	tap_result 1 "pfstat timeline's sums equal trace-cmd report's counts" \
		"hostrun /tmp/pfstat/bin/pfstat timeline does not run: $(echo "$why" | tail -n 1)"
else
	trace-cmd record -q -e pfstat:mm_pfstat -o /tmp/tl.dat \
		/tmp/pfstat/bin/fault_recipe 64 /tmp > /tmp/tl.log 2>&1 ||
		sed 's/^/# trace-cmd record: /' /tmp/tl.log
	rpt=$(trace-cmd report -N -i /tmp/tl.dat 2>/dev/null)
	tpid=$(echo "$rpt" | sed -n 's/^ *fault_recipe-\([0-9]*\) .*/\1/p' | head -1)
	timeline --bin 86400000 --pid "$tpid" --csv /tmp/tl.dat > /tmp/tl.csv
	tl=$(classes_of /tmp/tl.csv)
	want=
	for c in $(pfstat_classes); do
		k=$(echo "$rpt" | grep -cE "fault_recipe-$tpid .* mm_pfstat: .* classes=$(pfstat_class_in "$c") ")
		want=${want:+$want,}$k
	done
	echo "# timeline:        $tl"
	echo "# trace-cmd -N:    $want"
	[ -n "$tpid" ] && [ "$tl" = "$want" ] && [ "$(echo "$want" | cut -d, -f3)" -ge 64 ]
	tap_result $? "pfstat timeline's sums equal trace-cmd report's counts for pid $tpid (64 anonymous faults or more)"
	timeline --bin 5 --pid "$tpid" /tmp/tl.dat > /results/pfstat-timeline.table 2>&1
fi

# watch shows bursts in their intervals: 3 bursts of 50 anonymous write
# faults, 1 s apart, watched every 250 ms: 150 in all, in 3 separate
# runs of intervals with zero-fault intervals between them.
# burst enters pfstat mode itself and waits 3 s before the first burst,
# time enough for the watcher to start even on a debug kernel; watch ends
# when it exits.
/usr/libexec/pfstat/bin/burst 50 3 1000 3000 &
bpid=$!
i=0
while [ ! -d "/sys/kernel/debug/pfstat/$bpid" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
pfstat watch -I 250 --csv "$bpid" > /tmp/watch.csv 2> /tmp/watch.err
wait "$bpid"
cp /tmp/watch.csv /results/pfstat-watch.csv
cp /tmp/watch.err /results/pfstat-watch.err
# Columns by name: time_s, tid and comm come first.
watch_col() {
	awk -F, -v pid="$bpid" -v name="$1" 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
		$col["tid"] == pid { print $col[name] }' "${2:-/tmp/watch.csv}"
}
sum() { awk '{ s += $1 } END { print s + 0 }'; }
anon=$(watch_col anonymous_fault)
total=$(echo "$anon" | sum)
faults=$(watch_col faults | sum)
uncl=$(watch_col unclassified | sum)
runs=$(echo "$anon" |
	awk '$1 > 0 && !inrun { runs++ } { inrun = $1 > 0 } END { print runs + 0 }')
echo "# watch: $total anonymous faults in $runs bursts; faults $faults, unclassified $uncl"
if [ -n "$v4" ]; then
	[ "$total" = 150 ] && [ "$faults" = 150 ] && [ "$uncl" = 0 ]
	tap_result $? "pfstat watch: the deltas add up to the 150 faults made, all classified ($total anonymous_fault, $faults faults, $uncl unclassified)"
else
	[ "$total" = 150 ] && [ -z "$(watch_col faults | tr -d '\n')" ]
	tap_result $? "pfstat watch: the deltas add up to the 150 faults made ($total), faults empty before v4"
fi
[ "$runs" = 3 ]
tap_result $? "pfstat watch: the 3 bursts show in 3 separate runs of intervals ($runs)"
# Every line: the seconds since watch started, rising, and the comm.
awk -F, -v pid="$bpid" 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
	{ n++ }
	$col["tid"] != pid || $col["comm"] != "burst" || $col["time_s"] !~ /^[0-9]+\.[0-9][0-9][0-9]$/ ||
	$col["time_s"] + 0 <= last { bad = 1 }
	{ last = $col["time_s"] + 0 }
	END { exit bad || n < 4 }' /tmp/watch.csv
tap_result $? "pfstat watch: each line has time_s (rising) and the comm, burst"
sed 's/^/# watch: /' /tmp/watch.err
if [ -n "$v4" ]; then
	[ "$(cat /tmp/watch.err)" = "pfstat: task $bpid exited" ]
	tap_result $? "pfstat watch follows the task by its pidfd: 'task $bpid exited', no other message"
else
	[ "$(cat /tmp/watch.err)" = "pfstat: this kernel's pfstat(2) has no PFSTAT_PIDFD (pfstat before v4): reading debugfs PID/stat instead
pfstat: task $bpid exited or left pfstat mode" ]
	tap_result $? "pfstat watch before v4: says it reads debugfs instead of a pidfd"
fi

# Through pidfds watch needs no debugfs, which is root's: nobody watches
# its own task, 20 faults in one burst, up to its exit.
nb=/tmp/watch-nobody
rm -rf "$nb"
mkdir -m 0777 "$nb"
# burst enters pfstat mode itself: watch starts once it has ("read -n"
# warns while it has not), as the root watch above waits for PID/.
su -s /bin/sh nobody -c "$bin/burst 20 1 500 2000 & p=\$!; echo \$p > $nb/pid
	i=0; while pfstat read -n \$p 2>&1 >/dev/null | grep -q 'not in pfstat mode' && [ \$i -lt 50 ]; do sleep 0.1; i=\$((i + 1)); done
	pfstat watch -I 100 --csv \$p > $nb/csv 2> $nb/err; wait"
bpid=$(cat "$nb/pid")
sed 's/^/# watch as nobody: /' "$nb/err"
if [ -n "$v4" ]; then
	anon=$(watch_col anonymous_fault "$nb/csv" | sum)
	faults=$(watch_col faults "$nb/csv" | sum)
	[ "$anon" = 20 ] && [ "$faults" = 20 ] && [ "$(cat "$nb/err")" = "pfstat: task $bpid exited" ]
	tap_result $? "pfstat watch as nobody, no debugfs: its own task's 20 faults ($anon anonymous_fault, $faults faults)"
else
	grep -qx 'pfstat: /sys/kernel/debug/pfstat: Permission denied: debugfs is for root only: run pfstat as root' "$nb/err"
	tap_result $? "pfstat watch as nobody before v4: debugfs is for root only, and it says so"
fi

# The errors name what failed and why, and exit 1 (run: 125).
err=$(pfstat read 4000000 2>&1)
rc=$?
echo "$err" | sed 's/^/# /'
[ $rc = 1 ] && echo "$err" | grep -q "no such pid 4000000"
tap_result $? "pfstat read of a pid that does not exist: 'no such pid', exit 1"

err=$(su -s /bin/sh nobody -c 'pfstat read -n 1' 2>&1)
rc=$?
echo "$err" | sed 's/^/# /'
[ $rc = 1 ] && echo "$err" | grep -q "may not read task 1: it needs ptrace read access"
tap_result $? "pfstat read -n of root's task as nobody: read access needed, exit 1"

err=$(su -s /bin/sh nobody -c 'pfstat read 1' 2>&1)
rc=$?
echo "$err" | sed 's/^/# /'
# read first reads without resetting (what it could not deliver it must
# not reset), so read access is what it lacks first.
[ $rc = 1 ] && echo "$err" | grep -q "may not read task 1: it needs ptrace read access"
tap_result $? "pfstat read (a reset) of root's task as nobody: read access needed first, exit 1"

umount /sys/kernel/debug 2>/dev/null || umount -l /sys/kernel/debug
err=$(pfstat show 2>&1)
rc=$?
mount -t debugfs debugfs /sys/kernel/debug
echo "$err" | sed 's/^/# /'
[ $rc = 1 ] && echo "$err" | grep -qx "pfstat: /sys/kernel/debug/pfstat: No such file or directory: debugfs is not mounted on /sys/kernel/debug: mount -t debugfs none /sys/kernel/debug"
tap_result $? "pfstat show without debugfs: how to mount it, exit 1"

# No pfstat in the kernel: a seccomp filter makes call 463 ENOSYS, as a
# CONFIG_PFSTAT=n kernel does ("make check" boots one of those too).
hint="pfstat: pfstat(2): Function not implemented: this kernel has no pfstat: boot a kernel with the pfstat series (CONFIG_PFSTAT=y)"
err=$("$bin/no_pfstat" pfstat read $$ 2>&1)
rc=$?
echo "$err" | sed 's/^/# /'
[ $rc = 1 ] && [ "$err" = "$hint" ]
tap_result $? "pfstat read on a kernel without pfstat (ENOSYS): which kernel to boot, in one line, exit 1"

out=$("$bin/no_pfstat" pfstat run -- sh -c 'echo ran' 2>&1)
rc=$?
[ $rc = 125 ] && echo "$out" | grep -qxF "$hint" && ! echo "$out" | grep -q '^ran$'
tap_result $? "pfstat run on a kernel without pfstat: the same message, CMD not run, exit 125"

# run --inherit: four tasks (main, a thread, a child, a grandchild) each
# report their own counts as their last act; the tool's sums must equal
# the sum of the four reports exactly.  Without --inherit only main counts.
# Prints "tasks,<seven sums>" of pfstat run's CSV, then of the self lines.
tree_run() {
	pfstat run "$@" --csv -o /tmp/tree.csv -- "$bin/fork_tree" 32 > /tmp/tree.out ||
		return 1
	echo "$(sed -n 2p /tmp/tree.csv | cut -d, -f3),$(classes_of /tmp/tree.csv)"
	awk -F, '$1 == "self" { n++; for (i = 2; i <= 8; i++) s[i] += $i }
		 END { printf "%d", n; for (i = 2; i <= 8; i++) printf ",%d", s[i]; print "" }' /tmp/tree.out
}
tree=$(tree_run --inherit)
rc=$?
echo "$tree" | sed 's/^/# run --inherit: tasks,classes \/ self reports: /'
tool=$(echo "$tree" | sed -n 1p)
self=$(echo "$tree" | sed -n 2p)
[ $rc = 0 ] && [ "$(echo "$tool" | cut -d, -f1)" = 4 ] && [ "$self" = "$tool" ] &&
	[ "$(echo "$tool" | cut -d, -f4)" -ge 128 ]
tap_result $? "pfstat run --inherit: 4 tasks, the sums equal the 4 tasks' own counts exactly"

tree=$(tree_run)
rc=$?
echo "$tree" | sed 's/^/# run: tasks,classes \/ self reports: /'
tool=$(echo "$tree" | sed -n 1p)
self=$(echo "$tree" | sed -n 2p)
[ $rc = 0 ] && [ "${tool#1,}" = "${self#4,}" ] && [ "${tool%%,*}" = 1 ] &&
	[ "$(grep -c '^self,0,0,0,0,0,0,0$' /tmp/tree.out)" = 3 ] &&
	[ "$(echo "$tool" | cut -d, -f4)" -ge 32 ]
tap_result $? "pfstat run without --inherit: main's counts alone, the others not in pfstat mode"

# --inherit's sums of the fault counts: every anonymous fault is a
# classified fault, and getrusage (RUSAGE_CHILDREN: the four tasks, and
# their faults before pfstat mode, GUP and kernel-mode ones) counts at
# least as many as faults.
tree_run --inherit > /dev/null
anon=$(col anonymous_fault /tmp/tree.csv)
faults=$(col faults /tmp/tree.csv)
uncl=$(col unclassified /tmp/tree.csv)
ru=$(ru /tmp/tree.csv)
echo "# run --inherit: faults '$faults', unclassified '$uncl', anonymous_fault $anon, getrusage $ru"
if [ -n "$v4" ]; then
	[ "$anon" -ge 128 ] && [ "$faults" -ge $((anon + uncl)) ] && [ "$ru" -ge "$faults" ]
	tap_result $? "pfstat run --inherit: anonymous_fault <= faults - unclassified, faults <= getrusage ($anon <= $faults - $uncl, $faults <= $ru)"
else
	[ -z "$faults" ] && [ -z "$uncl" ] && [ "$anon" -ge 128 ]
	tap_result $? "pfstat run --inherit before v4: faults and unclassified empty"
fi

# Job control still works under --inherit: a child that stops itself is
# held stopped (PTRACE_LISTEN, not resumed by the tracer), goes on at
# SIGCONT, and its exit status comes back to its parent.
rm -f /tmp/resumed /tmp/stopper
pfstat run --inherit -o /tmp/stop.csv -- \
	sh -c 'sh -c "echo \$\$ > /tmp/stopper; kill -STOP \$\$; touch /tmp/resumed; exit 7"; echo child=$?' > /tmp/stop.out 2>&1 &
runner=$!
i=0
while [ ! -s /tmp/stopper ] && [ $i -lt 50 ]; do sleep 0.2; i=$((i + 1)); done
sleep 2
held=no
[ -e /tmp/resumed ] || held=yes
kill -CONT "$(cat /tmp/stopper)"
wait $runner
rc=$?
echo "# held stopped for 2 s: $held; after SIGCONT: $(cat /tmp/stop.out), pfstat exit $rc"
[ $held = yes ] && [ -e /tmp/resumed ] && grep -qx 'child=7' /tmp/stop.out && [ $rc = 0 ]
tap_result $? "pfstat run --inherit: a child that stops itself stays stopped until SIGCONT"

pfstat run -- /usr/libexec/pfstat/bin/fault_recipe 64 /tmp > /results/pfstat-run.table 2>&1
pfstat show "$$" > /results/pfstat-show.table 2>&1
tap_finish
