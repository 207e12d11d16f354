#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The pfstat tool against the real kernel: "pfstat run" reads the counts of
# its command exactly (the command reports its own counts right before it
# exits, and the two must be equal), and "read" (syscall) and "show"
# (debugfs) agree on a task that made a known number of faults.

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

tap_plan 17

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
kill "$pid"
wait "$pid" 2>/dev/null

# timeline reads trace.dat with libtracecmd: its per-class sums for the
# recipe's pid equal what trace-cmd's own report (-N) counts: the events
# whose "classes=a|b|c" hold the class, by its whole name (an event per
# fault site, in each of the classes it counted in).  One bin: one row.
# The recording is the host's trace-cmd's.  A pfstat without timeline
# (built with NO_TRACECMD=1, as the static arm64 tool is: Debian has no
# static libtracecmd) fails: a missing command is no kernel feature.
if ! pfstat timeline --help > /dev/null 2>&1; then
	tap_result 1 "pfstat timeline's sums equal trace-cmd report's counts" \
		"this pfstat has no timeline command (built with NO_TRACECMD=1)"
else
	trace-cmd record -q -e pfstat:mm_pfstat -o /tmp/tl.dat \
		/tmp/pfstat/bin/fault_recipe 64 /tmp > /tmp/tl.log 2>&1 ||
		sed 's/^/# trace-cmd record: /' /tmp/tl.log
	rpt=$(trace-cmd report -N -i /tmp/tl.dat 2>/dev/null)
	tpid=$(echo "$rpt" | sed -n 's/^ *fault_recipe-\([0-9]*\) .*/\1/p' | head -1)
	pfstat timeline --bin 86400000 --pid "$tpid" --csv /tmp/tl.dat > /tmp/tl.csv
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
	pfstat timeline --bin 5 --pid "$tpid" /tmp/tl.dat > /results/pfstat-timeline.table 2>&1
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
# Columns by name: time_s, tid and comm come first.
anon=$(awk -F, -v pid="$bpid" 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
	$col["tid"] == pid { print $col["anonymous_fault"] }' /tmp/watch.csv)
total=$(echo "$anon" | awk '{ s += $1 } END { print s + 0 }')
runs=$(echo "$anon" |
	awk '$1 > 0 && !inrun { runs++ } { inrun = $1 > 0 } END { print runs + 0 }')
echo "# watch: $total anonymous faults in $runs bursts"
[ "$total" = 150 ]
tap_result $? "pfstat watch: the deltas add up to the 150 faults made ($total)"
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

# The errors name what failed and why, and exit 1 (run: 125).
err=$(pfstat read 4000000 2>&1)
rc=$?
echo "$err" | sed 's/^/# /'
[ $rc = 1 ] && echo "$err" | grep -q "no such pid 4000000"
tap_result $? "pfstat read of a pid that does not exist: 'no such pid', exit 1"

err=$(su -s /bin/sh nobody -c 'pfstat read 1' 2>&1)
rc=$?
echo "$err" | sed 's/^/# /'
[ $rc = 1 ] && echo "$err" | grep -q "may not read task 1: it needs ptrace read access"
tap_result $? "pfstat read of root's task as nobody: the permission message, exit 1"

umount /sys/kernel/debug 2>/dev/null || umount -l /sys/kernel/debug
err=$(pfstat show 2>&1)
rc=$?
mount -t debugfs debugfs /sys/kernel/debug
echo "$err" | sed 's/^/# /'
[ $rc = 1 ] && echo "$err" | grep -q "is debugfs mounted? mount -t debugfs none /sys/kernel/debug"
tap_result $? "pfstat show without debugfs: how to mount it, exit 1"

# No pfstat in the kernel: a seccomp filter makes call 463 ENOSYS, as a
# CONFIG_PFSTAT=n kernel does ("make check" boots one of those too).
bin=/usr/libexec/pfstat/bin
hint="pfstat: this kernel has no pfstat: boot a kernel with the pfstat series (CONFIG_PFSTAT=y)"
err=$("$bin/no_pfstat" pfstat read $$ 2>&1)
rc=$?
echo "$err" | sed 's/^/# /'
[ $rc = 1 ] && echo "$err" | grep -qx "pfstat: pfstat(2): Function not implemented" &&
	echo "$err" | grep -qxF "$hint"
tap_result $? "pfstat read on a kernel without pfstat (ENOSYS): which kernel to boot, exit 1"

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
