#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The guest half of "make demo": runs each workload under
#
#	trace-cmd record -e pfstat:mm_pfstat -F -c ... pfstat run --inherit --csv
#
# so that every workload leaves three views of the same faults on the
# 9p share (/results): the workload's own pfstat(2) reads (NAME.csv), the
# pfstat tool's totals (NAME.pfstat.csv) and the tracepoint's events
# (NAME.dat).  The host decodes and plots them (demo/report.sh).
#
# Usage: demo [quick|full]
# /init runs it without arguments; the mode then comes from pfstat.args
# on the kernel command line, and is "full" when that is empty too.
#
# Sizes follow the memory the guest really has free once it is set up:
# the access buffer is 3/2 of MemAvailable, so part of it must live in
# swap, and the multiprogramming workers are sized so that 5 of them fit
# in memory and 11 do not.

set -u

# Paths the host's trace-cmd sees too (hostrun).
bin=/tmp/pfstat/demo-bin
out=/tmp/results
tracefs=/sys/kernel/tracing

say() { echo "demo: $*"; }
die() { echo "demo: error: $*"; exit 1; }

mode=${1:-$(sed -n 's/.*pfstat\.args=\([^ ,]*\).*/\1/p' /proc/cmdline)}
mode=${mode:-full}
case "$mode" in
quick)	access_factor=2 passes=3 repeats=8 ;;
full)	access_factor=8 passes=8 repeats=32 ;;
*)	die "unknown mode '$mode' (quick or full)" ;;
esac

meminfo() { sed -n "s/^$1: *\([0-9]*\) kB/\1/p" /proc/meminfo; }
vmstat() { sed -n "s/^$1 //p" /proc/vmstat; }
uptime_ms() { awk '{ printf "%d", $1 * 1000 }' /proc/uptime; }

# Case study 3 writes a shared file on a file system that accounts dirty
# pages, as a database's would be: ext4 on a zram device (/tmp is tmpfs,
# which needs no write-notify).  Mounted before the first hostrun, whose
# chroot gets a copy of /tmp's mounts as they are then.
ext4=/tmp/ext4
[ -e /sys/class/zram-control/hot_add ] || die "no zram: case study 3 needs an ext4 disk"
id=$(cat /sys/class/zram-control/hot_add)
mkdir -p "$ext4"
# zram's logical blocks are 4 KiB: so must ext4's be.
if ! { echo 64M > "/sys/block/zram$id/disksize" &&
       mke2fs -b 4096 "/dev/zram$id" > /dev/null &&
       mount -t ext4 "/dev/zram$id" "$ext4"; }; then
	die "cannot make an ext4 file system on /dev/zram$id (CONFIG_EXT4_FS?)"
fi

hostrun true || die "no host root in the guest: trace-cmd runs from there (hostrun)"
fstype=$(hostrun stat -f -c %T "$ext4")
[ "$fstype" = ext2/ext3 ] || die "$ext4 is '$fstype', not ext4, where the workloads run (hostrun)"
if ! [ -d "$out" ] || ! [ -w "$out" ]; then
	die "$out is not a writable directory (no 9p share?)"
fi
for p in access multiprog classes unclassified; do
	[ -x "$bin/$p" ] || die "$bin/$p is missing: the rootfs lacks the demo programs"
done

# The ring buffer is allocated now, before the free memory is measured:
# 4 MiB per CPU holds about 100000 events, so that the readers of
# trace-cmd, slow under TCG, never fall behind the writers.
echo 4096 > "$tracefs/buffer_size_kb" || die "cannot size the trace buffer"

# /init's 128 MiB of zram swap is not enough for the access buffer and
# the 11 workers: add a second, larger device.  Each swapped page holds
# one non-zero word, so zram stores it in a few bytes: swap costs almost
# no RAM here.
if [ -e /sys/class/zram-control/hot_add ]; then
	id=$(cat /sys/class/zram-control/hot_add)
	if ! { echo 512M > "/sys/block/zram$id/disksize" &&
	       mkswap "/dev/zram$id" > /dev/null && swapon "/dev/zram$id"; }; then
		die "cannot set up /dev/zram$id as swap"
	fi
fi
swap_kib=$(meminfo SwapTotal)
[ "${swap_kib:-0}" -gt 0 ] || die "no swap: the case studies need it"

sync
echo 3 > /proc/sys/vm/drop_caches
avail_mib=$(($(meminfo MemAvailable) / 1024))
free_mib=$(($(meminfo MemFree) / 1024))
buffer_mib=$((avail_mib * 3 / 2))
accesses=$((buffer_mib * 256 * access_factor))
window_mib=8
unclassified_mib=8
worker_mib=$((avail_mib / 6))
cpus=$(grep -c ^processor /proc/cpuinfo)

cat > "$out/env.txt" <<ENV
mode=$mode
kernel=$(uname -r)
cpus=$cpus
mem_total_mib=$(($(meminfo MemTotal) / 1024))
mem_free_mib=$free_mib
mem_available_mib=$avail_mib
swap_mib=$((swap_kib / 1024))
buffer_mib=$buffer_mib
window_mib=$window_mib
accesses=$accesses
worker_mib=$worker_mib
passes=$passes
unclassified_mib=$unclassified_mib
repeats=$repeats
ENV
# The kernel's own names of the classes, for the report.
cp /sys/kernel/tracing/events/pfstat/mm_pfstat/format "$out/mm_pfstat.format"
say "guest: $cpus CPUs, ${free_mib} MiB free, ${avail_mib} MiB available, $((swap_kib / 1024)) MiB swap on zram, mode $mode"

echo "workload,pswpin,pswpout,pgreuse,seconds" > "$out/vmstat.csv"
step=0
steps=8

# run NAME WHAT CMD...: one workload, recorded and counted.
run() {
	name=$1 what=$2
	shift 2
	step=$((step + 1))
	say "[$step/$steps] $name: $what"
	in0=$(vmstat pswpin) out0=$(vmstat pswpout) reuse0=$(vmstat pgreuse) t0=$(uptime_ms)
	# -F -c: only the events of pfstat, the workload and its children.
	trace-cmd record -q -e pfstat:mm_pfstat -F -c -o "$out/$name.dat" \
		/tmp/pfstat/bin/pfstat run --inherit --csv -o "$out/$name.pfstat.csv" -- "$@" \
		> "$out/$name.csv" 2> "$out/$name.err" ||
		die "$name: trace-cmd record failed (exit $?): $(tail -n 3 "$out/$name.err")"
	# trace-cmd does not pass on the exit status: pfstat run records it.
	status=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "exit_status") c = i }
			  NR == 2 && c { print $c }' "$out/$name.pfstat.csv" 2> /dev/null)
	[ "$status" = 0 ] ||
		die "$name exited with status ${status:-unknown}: $(tail -n 3 "$out/$name.err")"
	t1=$(uptime_ms)
	secs=$(awk "BEGIN { printf \"%.1f\", ($t1 - $t0) / 1000 }")
	echo "$name,$(($(vmstat pswpin) - in0)),$(($(vmstat pswpout) - out0)),$(($(vmstat pgreuse) - reuse0)),$secs" \
		>> "$out/vmstat.csv"
	say "      done in $secs s"
}

# First, while memory is not yet fragmented: THP needs 2 MiB free blocks.
run classes "every class at least once: stack, THP, anonymous, private file, fork+COW, swap-in" \
	"$bin/classes" -d /tmp
run access-random "case study 1, random access to ${buffer_mib} MiB ($accesses accesses, ${avail_mib} MiB available)" \
	"$bin/access" -p random -s "$buffer_mib" -n "$accesses"
run access-local "case study 1, local access to the same ${buffer_mib} MiB (${window_mib} MiB window)" \
	"$bin/access" -p local -s "$buffer_mib" -n "$accesses" -w "$window_mib"
for n in 1 5 11; do
	run "multiprog-$n" "case study 2, $n worker(s) of ${worker_mib} MiB, $passes passes each" \
		"$bin/multiprog" -n "$n" -s "$worker_mib" -p "$passes"
done
run unclassified-fork "case study 3, a ${unclassified_mib} MiB heap written again after each of $repeats forks" \
	"$bin/unclassified" -p fork -s "$unclassified_mib" -n "$repeats"
run unclassified-shared-write "case study 3, a ${unclassified_mib} MiB shared file on ext4 written in $passes passes, msync after each" \
	"$bin/unclassified" -p shared-write -s "$unclassified_mib" -n "$passes" -d "$ext4"

dmesg > "$out/dmesg.txt"
sync
echo pfstat-guest-done > "$out/guest-done"
sync
