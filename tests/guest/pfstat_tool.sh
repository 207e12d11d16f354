#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The pfstat tool against the real kernel: "pfstat run" reads the counts of
# its command exactly (the command reports its own counts right before it
# exits, and the two must be equal), and "read" (syscall) and "show"
# (debugfs) agree on a task that does not fault.

n=0
result() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n $2"; else echo "not ok $n $2"; fi
}

echo "TAP version 13"
echo "1..11"

out=$(pfstat run --csv -o /tmp/run.csv -- /usr/libexec/pfstat/bin/fault_recipe 64 /tmp report)
rc=$?
result $rc "pfstat run -- fault_recipe exits with the command's status (0)"
cp /tmp/run.csv /results/pfstat-run.csv
self=$(echo "$out" | sed -n 's/^self,//p')
tool=$(sed -n 2p /tmp/run.csv | cut -d, -f5-11)
echo "# self-reported: $self"
echo "# pfstat run:    $tool"
[ -n "$self" ] && [ "$self" = "$tool" ]
result $? "pfstat run prints exactly the counts the command read itself at exit"

anon=$(echo "$tool" | cut -d, -f3)
file=$(echo "$tool" | cut -d, -f4)
alloc=$(echo "$tool" | cut -d, -f7)
[ "$anon" -ge 64 ] && [ "$file" -ge 64 ] && [ "$alloc" -ge 64 ]
result $? "... which include the recipe's 64 anonymous, 64 file faults ($anon, $file, $alloc)"

sleep 1000 &
pid=$!
sleep 1
pfstat enable "$pid"
result $? "pfstat enable PID (debugfs control)"
r=$(pfstat read --no-reset --csv "$pid" | sed -n 2p | cut -d, -f3-)
s=$(pfstat show --csv "$pid" | sed -n 2p | cut -d, -f3-)
echo "# read: $r"
echo "# show: $s"
[ -n "$r" ] && [ "$r" = "$s" ]
result $? "pfstat read (syscall) and pfstat show (debugfs) agree"
kill "$pid"

# timeline reads trace.dat with libtracecmd: its per-class sums for the
# recipe's pid equal what trace-cmd's own report (-N) counts.
trace-cmd record -q -e pfstat:mm_pfstat -o /tmp/tl.dat \
	/usr/libexec/pfstat/bin/fault_recipe 64 /tmp > /dev/null 2>&1
rpt=$(trace-cmd report -N -i /tmp/tl.dat 2>/dev/null)
tpid=$(echo "$rpt" | sed -n 's/^ *fault_recipe-\([0-9]*\) .*/\1/p' | head -1)
tl=$(pfstat timeline --bin 86400000 --pid "$tpid" --csv /tmp/tl.dat | sed -n 2p | cut -d, -f2-)
want=
for c in stack_low transparent_hugepage_fault anonymous_fault file_fault \
	 swapped_back copy_on_write fault_alloced_page; do
	k=$(echo "$rpt" | grep -c "fault_recipe-$tpid .* class=$c ")
	want=${want:+$want,}$k
done
echo "# timeline:        $tl"
echo "# trace-cmd -N:    $want"
[ -n "$tpid" ] && [ "$tl" = "$want" ]
result $? "pfstat timeline's sums equal trace-cmd report's counts for pid $tpid"
pfstat timeline --bin 5 --pid "$tpid" /tmp/tl.dat > /results/pfstat-timeline.table 2>&1

# watch shows bursts in their intervals: 3 bursts of 50 anonymous write
# faults, 1 s apart, watched every 250 ms: 150 in all, in 3 separate
# runs of intervals with zero-fault intervals between them.
/usr/libexec/pfstat/bin/burst 50 3 1000 &
bpid=$!
pfstat enable "$bpid"
pfstat watch -i 250 -n 20 --csv "$bpid" > /tmp/watch.csv 2> /tmp/watch.err
wait "$bpid"
cp /tmp/watch.csv /results/pfstat-watch.csv
anon=$(grep "^$bpid," /tmp/watch.csv | cut -d, -f4)
total=$(echo "$anon" | awk '{ s += $1 } END { print s + 0 }')
runs=$(echo "$anon" |
	awk '$1 > 0 && !inrun { runs++ } { inrun = $1 > 0 } END { print runs + 0 }')
echo "# watch: $total anonymous faults in $runs bursts"
[ "$total" = 150 ]
result $? "pfstat watch: the deltas add up to the 150 faults made ($total)"
[ "$runs" = 3 ]
result $? "pfstat watch: the 3 bursts show in 3 separate runs of intervals ($runs)"

# The errors name what failed and why, and exit 1.
err=$(pfstat read 4000000 2>&1)
rc=$?
echo "$err" | sed 's/^/# /'
[ $rc = 1 ] && echo "$err" | grep -q "no such pid 4000000"
result $? "pfstat read of a pid that does not exist: 'no such pid', exit 1"

err=$(su -s /bin/sh nobody -c 'pfstat read 1' 2>&1)
rc=$?
echo "$err" | sed 's/^/# /'
[ $rc = 1 ] && echo "$err" | grep -q "may not read task 1: it needs ptrace read access"
result $? "pfstat read of root's task as nobody: the permission message, exit 1"

umount /sys/kernel/debug 2>/dev/null || umount -l /sys/kernel/debug
err=$(pfstat show 2>&1)
rc=$?
mount -t debugfs debugfs /sys/kernel/debug
echo "$err" | sed 's/^/# /'
[ $rc = 1 ] && echo "$err" | grep -q "is debugfs mounted? mount -t debugfs none /sys/kernel/debug"
result $? "pfstat show without debugfs: how to mount it, exit 1"

pfstat run -- /usr/libexec/pfstat/bin/fault_recipe 64 /tmp > /results/pfstat-run.table 2>&1
pfstat show "$$" > /results/pfstat-show.table 2>&1
exit 0
