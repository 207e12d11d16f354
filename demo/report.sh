#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The host half of "make demo": turns what the guest left in DIR
# (demo/guest-demo.sh) into tables and plots.
#
#   - decodes every trace.dat with the pfstat plugin (trace-cmd report),
#     counts its events per class and checks that none were lost (an
#     event per classified fault site, "a|b|c" its classes: it counts in
#     each of them, as the counters do);
#   - cuts each case study's trace into time bins (pfstat timeline);
#   - prints one table per workload, the classes (the event's own, from
#     its format file) as rows, with the cross-checks between the three
#     views of the same faults: the program's own pfstat(2) reads,
#     "pfstat run", the tracepoint; the faults and unclassified counts
#     beside them, and what share of the faults no class counted; and a
#     few sentences on what the tables' other numbers count;
#   - plots the fault rates over time and the case study 2 curves
#     against N with gnuplot, as PNG and SVG; how a class is drawn
#     (its colour) is demo/class-style.gp's, the same in every plot.
#
# Everything it writes goes to DIR: report.txt (the tables), *.png,
# *.svg, *.timeline.csv, case2.csv, trace-excerpt.txt.
#
# Usage: report.sh DIR PLUGIN-DIR PFSTAT
#   PLUGIN-DIR  where plugin_pfstat.so is (build/trace-plugins)
#   PFSTAT      the host's pfstat tool, with timeline (build/debugfs-reader/pfstat)

set -euo pipefail

usage() { echo "usage: $0 DIR PLUGIN-DIR PFSTAT" >&2; exit 2; }
[ $# = 3 ] || usage
dir=$1 plugins=$2 pfstat=$3
here=$(cd "$(dirname "$0")" && pwd)

say() { echo "demo: $*"; }
die() { echo "demo: error: $*" >&2; exit 1; }

. "$here/../tests/lib/classes.sh"
workloads=(classes access-random access-local multiprog-1 multiprog-5 multiprog-11
	   unclassified-fork unclassified-shared-write)
case2=(1 5 11)
case3=(fork shared-write)
# Beside the classes, in every table: every fault the tasks took in
# pfstat mode, and those of them no class counted.
counts=(faults unclassified)

[ -d "$dir" ] || die "$dir: no such directory (run the guest first)"
[ -f "$plugins/plugin_pfstat.so" ] || die "$plugins/plugin_pfstat.so not found (make plugin)"
[ -x "$pfstat" ] || die "$pfstat not found (make tool)"
mapfile -t classes < <(pfstat_classes "$dir/mm_pfstat.format" 2> /dev/null)
[ ${#classes[@]} -gt 0 ] || die "$dir/mm_pfstat.format: no class names in the event's format"
command -v trace-cmd > /dev/null || die "trace-cmd not found (make deps)"
command -v gnuplot > /dev/null || die "gnuplot not found (make deps)"
[ -f "$dir/env.txt" ] || die "$dir/env.txt missing: the guest did not finish"
for w in "${workloads[@]}"; do
	for f in "$w.csv" "$w.pfstat.csv" "$w.dat"; do
		[ -s "$dir/$f" ] || die "$dir/$f missing or empty: the guest did not finish $w"
	done
done

# env KEY: a value the guest recorded in env.txt.
env() { sed -n "s/^$1=//p" "$dir/env.txt"; }

# field FILE COLUMN [KEY-COLUMN KEY]: COLUMN of the first record of the
# CSV FILE, or of the first whose KEY-COLUMN is KEY.
field() {
	awk -F, -v col="$2" -v kc="${3:-}" -v kv="${4:-}" '
		NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i
			  if (!(col in h) || (kc != "" && !(kc in h))) exit 2
			  next }
		kc == "" || $h[kc] == kv { print $h[col]; found = 1; exit }
		END { if (!found) exit 3 }' "$1" ||
		die "$1: no column '$2'${3:+ in the record with $3=$4}"
}

# --- 1. Decode: events per class of the workload's tasks, lost events ---

say "decoding the traces with the pfstat plugin (trace-cmd report)"
lost_total=0
for w in "${workloads[@]}"; do
	# Events of the pfstat tool itself (comm "pfstat") are left out.
	# trace-cmd names each pid by its last comm, so the workload's first
	# task still counts the faults it took between fork and exec.
	TRACEEVENT_PLUGIN_DIR=$plugins trace-cmd report -i "$dir/$w.dat" 2> "$dir/$w.report.err" |
	awk -v out="$dir/$w.trace.csv" '
		/EVENTS DROPPED|LOST EVENTS/ { lost++ }
		/ mm_pfstat: / {
			comm = $1
			sub(/-[0-9]+$/, "", comm)
			if (comm == "pfstat")
				next
			# The classes of the event, "a|b|c", right after
			# the event name: one for each.
			for (i = 2; i < NF; i++)
				if ($i == "mm_pfstat:") {
					k = split($(i + 1), cs, "|")
					for (j = 1; j <= k; j++)
						n[cs[j]]++
					break
				}
		}
		END {
			print "class,events" > out
			for (c in n)
				print c "," n[c] > out
			print lost + 0
		}' > "$dir/$w.lost" ||
		die "trace-cmd report -i $dir/$w.dat failed: $(tail -n 3 "$dir/$w.report.err")"
	# What the kernel says it could not hand over: overruns and drops.
	stat=$(trace-cmd report --stat -i "$dir/$w.dat" 2> /dev/null |
	       awk '/^overrun:|^commit overrun:|^dropped events:/ { s += $NF } END { print s + 0 }')
	lost=$(($(cat "$dir/$w.lost") + stat))
	rm -f "$dir/$w.lost"
	lost_total=$((lost_total + lost))
	[ "$lost" = 0 ] || echo "demo: warning: $w.dat lost events ($lost): trace counts are lower bounds" >&2
done

# trace WORKLOAD CLASS: that class's event count in the workload's trace.
trace() {
	awk -F, -v c="$2" '$1 == c { n = $2 } END { print n + 0 }' "$dir/$1.trace.csv"
}

# The events as the plugin prints them, the first of each set of classes
# from the jobs of the classes program (the stack job is the first, its
# first event stack_low alone): the README's excerpt.
TRACEEVENT_PLUGIN_DIR=$plugins trace-cmd report -i "$dir/classes.dat" 2> /dev/null |
	awk '/ mm_pfstat: / && $1 ~ /^classes-/ {
		for (i = 2; i < NF; i++)
			if ($i == "mm_pfstat:")
				break
		if ($(i + 1) == "stack_low")
			jobs = 1
		if (jobs && !seen[$(i + 1)]++)
			print
	}' > "$dir/trace-excerpt.txt"

# --- 2. Time series ---

# bin_ms WALL_MS: about 150 bins over the run, in multiples of 10 ms.
bin_ms() {
	awk -v w="$1" 'BEGIN { b = int(w / 150 / 10 + 1) * 10; print (b < 10 ? 10 : b) }'
}

say "cutting the traces into time bins (pfstat timeline)"
declare -A bin
for w in access-random access-local multiprog-1 multiprog-5 multiprog-11; do
	bin[$w]=$(bin_ms "$(field "$dir/$w.pfstat.csv" wall_ms)")
	pidopt=()
	# Case study 1 is one task: only its events.  Case study 2 is every
	# task of the run (the workers, their parent, the pfstat tool).
	[[ $w == access-* ]] && pidopt=(--pid "$(field "$dir/$w.pfstat.csv" pid)")
	"$pfstat" timeline --bin "${bin[$w]}" "${pidopt[@]}" --csv "$dir/$w.dat" \
		> "$dir/$w.timeline.csv" 2> "$dir/$w.timeline.err" ||
		die "pfstat timeline $dir/$w.dat failed: $(cat "$dir/$w.timeline.err")"
	# The plots know a class by its column (its colour is its number):
	# the tool's columns must be the event's classes, in their order.
	columns=$(head -n 1 "$dir/$w.timeline.csv")
	[ "$columns" = "time_ms,$(IFS=,; echo "${classes[*]}")" ] ||
		die "$dir/$w.timeline.csv: columns '$columns' are not the classes of $dir/mm_pfstat.format"
done

# --- 3. Tables ---

# row LABEL VALUE...: one table row.
row() {
	local label=$1 v
	shift
	printf '%-28s' "$label"
	for v in "$@"; do
		printf ' %*s' "$width" "$v"
	done
	printf '\n'
}

# diffs WORKLOAD: how the trace differs from "pfstat run", class by class.
diffs() {
	local w=$1 c d out=
	for c in "${classes[@]}"; do
		d=$(($(trace "$w" "$c") - $(field "$dir/$w.pfstat.csv" "$c")))
		[ "$d" = 0 ] || out+=" $c $( ((d > 0)) && echo +)$d"
	done
	echo "${out:- none}"
}

declare -A tot maj acc fill run wall swpin make mean cnt
seconds() { awk -v ms="$1" 'BEGIN { printf "%.2f", ms / 1000 }'; }
vmstat() { field "$dir/vmstat.csv" "$2" workload "$1"; }

{
echo "pfstat demo ($(env mode) run): guest $(env kernel), $(env cpus) CPUs," \
     "$(env mem_total_mib) MiB RAM, $(env mem_available_mib) MiB available," \
     "$(env swap_mib) MiB swap on zram"
echo

# Workload 1: every class.
jobs=$(awk -F, 'NR > 1 && $1 != "all" { print $1 }' "$dir/classes.csv")
width=7
echo "All classes: the faults of each job of demo/classes.c, as the program"
echo "read them with pfstat(2), and their sum"
# shellcheck disable=SC2086 # one column per job
row class $jobs all
for c in "${classes[@]}" "${counts[@]}"; do
	vals=()
	for j in $jobs all; do
		vals+=("$(field "$dir/classes.csv" "$c" job "$j")")
	done
	row "$c" "${vals[@]}"
done
run_minus=
for c in "${classes[@]}"; do
	d=$(($(field "$dir/classes.pfstat.csv" "$c") - $(field "$dir/classes.csv" "$c" job all)))
	[ "$d" = 0 ] || run_minus+=" $c +$d"
done
echo "pfstat run --inherit minus the sum (start-up and exit):${run_minus:- none}"
echo "trace events of the program's tasks minus pfstat run:$(diffs classes)"
# What the two columns of the fork job are (demo/classes.c, job_fork).
if grep -qx fork <<< "$jobs" && grep -qx child <<< "$jobs"; then
	cat <<-'EOF'
	fork: the parent in the fork job: it writes fresh anonymous pages,
	forks and waits for the child; what it writes after the fork (its
	stack), now shared with the child, is copied first (copy_on_write).
	child: the forked child's own faults, which the child reads with
	pfstat(2) from just after the fork and sends back through a pipe:
	it writes the parent's pages again, and its first write to each,
	shared since the fork, copies it (copy_on_write).  What the child
	faults before that read, returning from fork, is in "pfstat run
	--inherit" only.
	EOF
fi
echo

# Workload 2: case study 1.
width=14
echo "Case study 1: random versus local access to a $(env buffer_mib) MiB buffer" \
     "($(env mem_available_mib) MiB available), $(env accesses) accesses after the fill"
row class random local
for c in "${classes[@]}" "${counts[@]}"; do
	row "$c" "$(field "$dir/access-random.pfstat.csv" "$c")" \
		 "$(field "$dir/access-local.pfstat.csv" "$c")"
done
for p in random local; do
	r=$dir/access-$p
	tot[$p]=$(($(field "$r.pfstat.csv" ru_minflt) + $(field "$r.pfstat.csv" ru_majflt)))
	maj[$p]=$(field "$r.pfstat.csv" ru_majflt)
	acc[$p]=$(field "$r.csv" swapped_back phase access)
	fill[$p]=$(seconds "$(field "$r.csv" fill_ms phase access)")
	run[$p]=$(seconds "$(field "$r.csv" access_ms phase access)")
	wall[$p]=$(seconds "$(field "$r.pfstat.csv" wall_ms)")
	swpin[$p]=$(vmstat "access-$p" pswpin)
done
row "total faults (getrusage)" "${tot[random]}" "${tot[local]}"
row "major faults (getrusage)" "${maj[random]}" "${maj[local]}"
row "pswpin (/proc/vmstat)" "${swpin[random]}" "${swpin[local]}"
row "swapped_back after fill" "${acc[random]}" "${acc[local]}"
row "fill time (s)" "${fill[random]}" "${fill[local]}"
row "access time (s)" "${run[random]}" "${run[local]}"
row "completion time (s)" "${wall[random]}" "${wall[local]}"
for p in random local; do
	echo "trace events of access ($p) minus pfstat run:$(diffs "access-$p")"
done
# Why the two counts of the kernel's own exceed swapped_back: what they
# count beyond it (demo/guest-demo.sh measures pswpin around the whole
# recording; /init mounts tmpfs on /tmp, the rootfs is the initramfs).
cat <<'EOF'
pswpin and the major faults can exceed swapped_back.  pswpin is the
guest's /proc/vmstat count, over the whole recording, of the pages any
task read back from swap (trace-cmd, the demo's shell, pfstat too), not
this program's alone.  The major faults (getrusage: the program's own,
the fill included) are every fault that waited for a page to be read.
The guest's root file system, where the program lives, and /tmp are
tmpfs: a page of the program's file pushed out to swap and faulted back
is a major fault and a pswpin, but to pfstat a file_fault, since
swapped_back counts anonymous memory only.  A fault the kernel retried
counts as major too, even when it ends minor.  The "after fill" row
counts the accesses alone, the class rows the whole run.
EOF
echo

# Workload 3: case study 2.
width=12
echo "Case study 2: N workers of $(env worker_mib) MiB each at once," \
     "$(env passes) passes over their buffers; counts of all N (pfstat run --inherit)"
row class "${case2[@]/#/N=}"
echo "workers,$(IFS=,; echo "${classes[*]}"),total,major,completion_s,mean_worker_s,pswpin" > "$dir/case2.csv"
for n in "${case2[@]}"; do
	r=$dir/multiprog-$n
	line=$n
	for c in "${classes[@]}" "${counts[@]}"; do
		cnt[$n,$c]=$(field "$r.pfstat.csv" "$c")
	done
	for c in "${classes[@]}"; do
		line+=,${cnt[$n,$c]}
	done
	tot[$n]=$(($(field "$r.pfstat.csv" ru_minflt) + $(field "$r.pfstat.csv" ru_majflt)))
	maj[$n]=$(field "$r.pfstat.csv" ru_majflt)
	make[$n]=$(seconds "$(field "$r.csv" ms worker all)")
	mean[$n]=$(awk -F, 'NR > 1 && $1 != "all" { s += $6; k++ }
			   END { printf "%.2f", s / k / 1000 }' "$r.csv")
	swpin[$n]=$(vmstat "multiprog-$n" pswpin)
	echo "$line,${tot[$n]},${maj[$n]},${make[$n]},${mean[$n]},${swpin[$n]}" >> "$dir/case2.csv"
done
for c in "${classes[@]}" "${counts[@]}"; do
	vals=()
	for n in "${case2[@]}"; do
		vals+=("${cnt[$n,$c]}")
	done
	row "$c" "${vals[@]}"
done
row "total faults (getrusage)" "${tot[1]}" "${tot[5]}" "${tot[11]}"
row "major faults (getrusage)" "${maj[1]}" "${maj[5]}" "${maj[11]}"
row "pswpin (/proc/vmstat)" "${swpin[1]}" "${swpin[5]}" "${swpin[11]}"
row "completion time (s)" "${make[1]}" "${make[5]}" "${make[11]}"
row "mean worker time (s)" "${mean[1]}" "${mean[5]}" "${mean[11]}"
for n in "${case2[@]}"; do
	# The workers' own reads against the tool's sum over every task.
	own=
	for c in "${classes[@]}"; do
		d=$((cnt[$n,$c] - $(field "$dir/multiprog-$n.csv" "$c" worker all)))
		[ "$d" = 0 ] || own+=" $c +$d"
	done
	echo "N=$n: pfstat run minus the workers' own reads:${own:- none};" \
	     "trace minus pfstat run:$(diffs "multiprog-$n")"
done
cat <<'EOF'
As in case study 1, pswpin counts the pages of every task of the guest,
and the major faults (the program's and its N workers') include pages
of its own file on tmpfs read back from swap, file_fault to pfstat: so
N=1 can show major faults and pswpin but no swapped_back at all, the
runs before it having pushed the program out to swap.
EOF
echo

# Workload 4: case study 3.
width=14
echo "Case study 3: faults no class counts, $(env unclassified_mib) MiB each (pfstat run --inherit)."
echo "fork: a heap written again after each of $(env repeats) forks whose child exits at once."
echo "shared-write: a MAP_SHARED file on ext4 read once, then written in $(env passes) passes," \
     "msync(MS_SYNC) after each."
row class "${case3[@]}"
declare -A rep3 share reuse
for p in "${case3[@]}"; do
	r=$dir/unclassified-$p
	tot[$p]=$(($(field "$r.pfstat.csv" ru_minflt) + $(field "$r.pfstat.csv" ru_majflt)))
	share[$p]=$(awk -v u="$(field "$r.pfstat.csv" unclassified)" -v f="$(field "$r.pfstat.csv" faults)" \
		    'BEGIN { printf "%.1f%%", f ? 100 * u / f : 0 }')
	rep3[$p,faults]=$(field "$r.csv" faults phase repeat)
	rep3[$p,unclassified]=$(field "$r.csv" unclassified phase repeat)
	rep3[$p,ru]=$(($(field "$r.csv" ru_minflt phase repeat) + $(field "$r.csv" ru_majflt phase repeat)))
	reuse[$p]=$(vmstat "unclassified-$p" pgreuse)
	wall[$p]=$(seconds "$(field "$r.pfstat.csv" wall_ms)")
done
for c in "${classes[@]}" "${counts[@]}"; do
	row "$c" "$(field "$dir/unclassified-fork.pfstat.csv" "$c")" \
		 "$(field "$dir/unclassified-shared-write.pfstat.csv" "$c")"
done
row "unclassified share" "${share[fork]}" "${share[shared-write]}"
row "total faults (getrusage)" "${tot[fork]}" "${tot[shared-write]}"
row "repeats: faults" "${rep3[fork,faults]}" "${rep3[shared-write,faults]}"
row "repeats: unclassified" "${rep3[fork,unclassified]}" "${rep3[shared-write,unclassified]}"
row "repeats: getrusage" "${rep3[fork,ru]}" "${rep3[shared-write,ru]}"
row "pgreuse (/proc/vmstat)" "${reuse[fork]}" "${reuse[shared-write]}"
row "completion time (s)" "${wall[fork]}" "${wall[shared-write]}"
for p in "${case3[@]}"; do
	echo "trace events of unclassified ($p) minus pfstat run:$(diffs "unclassified-$p")"
done
cat <<'EOF'
The classes count the faults that install something: a new page, a
copy, a huge page, a page from the file or from swap.  These two
workloads mostly take faults that install nothing, and no class counts
them; "faults" still does, and equals getrusage's count but for the
kernel-mode faults getrusage counts too ("repeats": the program's own
pfstat(2) and getrusage(RUSAGE_THREAD) reads around the repeated part).  fork: fork() write-protects the heap; with the child
gone, each page is the parent's alone again and its first write only
makes it writable (write-protect reuse, /proc/vmstat pgreuse, which
counts every task's).  shared-write: ext4 accounts dirty pages, so a
clean page of a shared mapping is mapped read-only, and the first write
after each msync() calls the file system (->page_mkwrite) before making
it writable.  A user who sees few classified faults beside many minor
faults in ps(1) finds the rest here.
EOF
echo
if [ "$lost_total" = 0 ]; then
	echo "trace: no event lost (no overrun, no drop on any CPU, in any recording)"
else
	echo "trace: $lost_total events lost: the trace counts above are lower bounds"
fi
} > "$dir/report.txt"
cat "$dir/report.txt"

# --- 4. Plots ---

say "plotting (gnuplot: PNG and SVG in $dir)"
# demo/ on gnuplot's loadpath: every plot loads class-style.gp from there.
gp() {
	gnuplot -e "set loadpath '$here'; nc=${#classes[@]}; $1" "$2" 2> "$dir/gnuplot.err" ||
		die "gnuplot $2 failed: $(cat "$dir/gnuplot.err")"
}
# Case study 1 on one time axis and one rate axis, so that the two
# patterns compare at a glance, the end of the fill marked (the
# program's clock: within a few ms of the trace's).
xmax=$(awk -v a="${wall[random]}" -v b="${wall[local]}" 'BEGIN { print (a > b ? a : b) }')
gp "out='$dir/case1-timeline'; n=2; xmax=$xmax; yshare=1;
    title='Case study 1: random versus local access to $(env buffer_mib) MiB ($(env mem_available_mib) MiB available)';
    f1='$dir/access-random.timeline.csv'; b1=${bin[access-random]};
    t1='random access: completion ${wall[random]} s'; m1=${fill[random]}; l1='fill | accesses';
    f2='$dir/access-local.timeline.csv'; b2=${bin[access-local]};
    t2='local access: completion ${wall[local]} s'; m2=${fill[local]}; l2='fill | accesses'" \
	"$here/timeline.gp"
gp "out='$dir/case2-timeline'; n=3;
    title='Case study 2: N workers of $(env worker_mib) MiB at once ($(env mem_available_mib) MiB available)';
    f1='$dir/multiprog-1.timeline.csv'; b1=${bin[multiprog-1]}; t1='N = 1: completion ${make[1]} s';
    f2='$dir/multiprog-5.timeline.csv'; b2=${bin[multiprog-5]}; t2='N = 5: completion ${make[5]} s';
    f3='$dir/multiprog-11.timeline.csv'; b3=${bin[multiprog-11]}; t3='N = 11: completion ${make[11]} s'" \
	"$here/timeline.gp"
gp "out='$dir/case2-vs-n'; f='$dir/case2.csv';
    title='Case study 2: N workers of $(env worker_mib) MiB, $(env passes) passes each ($(env mem_available_mib) MiB available)'" \
	"$here/multiprog.gp"
rm -f "$dir/gnuplot.err"
find "$dir" -maxdepth 1 -name '*.err' -empty -delete
for p in case1-timeline case2-timeline case2-vs-n; do
	echo "  $dir/$p.png  $dir/$p.svg"
done
