#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "make test" runs the quick demo ("make demo QUICK=1") and checks what it
# produced: every file, the plots, the tables, and the claims of the case
# studies that a wrong kernel would break.  TAP on stdout; the demo's own
# output goes to OUTDIR/demo.log.
#
# Usage: demo_quick.sh OUTDIR BZIMAGE ROOTFS
#   PFSTAT_PLUGINS and PFSTAT_TOOL override build/trace-plugins and
#   build/debugfs-reader/pfstat.

set -uo pipefail

[ $# = 3 ] || { echo "usage: $0 OUTDIR BZIMAGE ROOTFS" >&2; exit 2; }
out=$(realpath -m "$1")
bzimage=$2
rootfs=$3
top=$(cd "$(dirname "$0")/../.." && pwd)
plugins=${PFSTAT_PLUGINS:-$top/build/trace-plugins}
tool=${PFSTAT_TOOL:-$top/build/debugfs-reader/pfstat}
dir=$out/demo

. "$top/tests/lib/tap.sh"
. "$top/tests/lib/classes.sh"

# The kernel's classes, from the checked-in format (which the trace test
# keeps equal to the guest kernel's).
mapfile -t classes < <(pfstat_classes "$top/trace-plugins/tests/mm_pfstat.format")
workloads=(classes access-random access-local multiprog-1 multiprog-5 multiprog-11
	   unclassified-fork unclassified-shared-write)
plots=(case1-timeline case2-timeline case2-vs-n)

# field FILE COLUMN [KEY-COLUMN KEY]: as in demo/report.sh; empty if absent.
field() {
	awk -F, -v col="$2" -v kc="${3:-}" -v kv="${4:-}" '
		NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i
			  if (!(col in h)) exit
			  next }
		kc == "" || $h[kc] == kv { print $h[col]; exit }' "$1" 2> /dev/null
}
# trace_count WORKLOAD CLASS: the events holding CLASS (an event per fault
# site, in each of its classes) in WORKLOAD's decoded trace, as many as
# the counter of CLASS gained.
trace_count() {
	awk -F, -v c="$2" '$1 == c { n = $2 } END { print n + 0 }' "$dir/$1.trace.csv" 2> /dev/null
}
num() { [[ $1 =~ ^[0-9]+$ ]]; }

tap_plan 24

# 1. The run itself.  The rootfs must be one with the demo in it.
mkdir -p "$out"
if ! zcat "$rootfs" 2> /dev/null | cpio -t 2> /dev/null | grep -x usr/libexec/pfstat/demo-bin/access > /dev/null; then
	tap_result 1 "quick demo ran" "$rootfs has no usr/libexec/pfstat/demo-bin/access: build it with make rootfs"
else
	start=$(date +%s)
	bash "$top/demo/run-demo.sh" -q -k "$bzimage" -i "$rootfs" -o "$dir" \
		-p "$plugins" -t "$tool" > "$out/demo.log" 2>&1
	rc=$?
	secs=$(($(date +%s) - start))
	if [ "$rc" = 0 ]; then
		tap_result 0 "quick demo ran (in $secs s)"
	else
		tap_result 1 "quick demo ran" "run-demo.sh exit status $rc after $secs s; the end of $out/demo.log:" \
			"$(tail -n 5 "$out/demo.log")" "$(grep '^qemu-run: | ' "$out/demo.log")"
	fi
fi

# 2. Every file the demo promises.
missing=()
for w in "${workloads[@]}"; do
	for f in "$w.csv" "$w.pfstat.csv" "$w.dat" "$w.trace.csv"; do
		[ -s "$dir/$f" ] || missing+=("$f")
	done
done
for w in access-random access-local multiprog-1 multiprog-5 multiprog-11; do
	[ -s "$dir/$w.timeline.csv" ] || missing+=("$w.timeline.csv")
done
for f in report.txt env.txt vmstat.csv case2.csv trace-excerpt.txt \
	 "${plots[@]/%/.png}" "${plots[@]/%/.svg}"; do
	[ -s "$dir/$f" ] || missing+=("$f")
done
[ ${#missing[@]} = 0 ]
tap_result $? "every expected file is in $dir" "missing or empty: ${missing[*]}"

# 3-5. Each plot: a PNG (signature, IHDR) of a sensible size, and its SVG.
png_ok() {
	local f=$1 hex w h size
	[ -f "$f" ] || { why="$f missing"; return 1; }
	hex=$(od -An -tx1 -N24 "$f" | tr -d ' \n')
	size=$(stat -c %s "$f")
	w=$((16#${hex:32:8})) h=$((16#${hex:40:8}))
	why="signature ${hex:0:16}, chunk ${hex:24:8}, ${w}x$h, $size bytes"
	[ "${hex:0:16}" = 89504e470d0a1a0a ] && [ "${hex:24:8}" = 49484452 ] &&
		[ "$w" -ge 800 ] && [ "$w" -le 4000 ] && [ "$h" -ge 400 ] && [ "$h" -le 4000 ] &&
		[ "$size" -ge 20000 ] && grep -q '<svg' "${f%.png}.svg"
}
for p in "${plots[@]}"; do
	why=
	png_ok "$dir/$p.png"
	tap_result $? "$p.png is a valid PNG of at least 800x400 and 20 kB, with its SVG" "$why"
done

# 6-9. Each table of report.txt lists the seven classes as rows.
table_ok() {
	local title=$1 c
	why=
	[ -f "$dir/report.txt" ] || { why="report.txt missing"; return 1; }
	for c in "${classes[@]}"; do
		# The table runs from its title to the next empty line.
		awk -v t="$title" -v c="$c" '
			index($0, t) == 1 { in_t = 1 }
			in_t && $0 == "" { exit }
			in_t && $1 == c && $2 ~ /^[0-9]+$/ { found = 1 }
			END { exit !found }' "$dir/report.txt" || why+=" $c"
	done
	[ -z "$why" ]
}
for t in "All classes" "Case study 1" "Case study 2" "Case study 3"; do
	why=
	table_ok "$t"
	tap_result $? "the '$t' table lists all seven classes" "missing rows:$why"
done

# 10. Every class non-zero in the all-classes workload, as the program
# read its own counters with pfstat(2) ...
zero=()
for c in "${classes[@]}"; do
	v=$(field "$dir/classes.csv" "$c" job all)
	num "$v" && [ "$v" -gt 0 ] || zero+=("$c=${v:-missing}")
done
[ ${#zero[@]} = 0 ]
tap_result $? "every class is non-zero in the all-classes workload (pfstat(2))" \
	"zero or missing: ${zero[*]}"

# 11. ... and as the tracepoint saw it.
zero=()
for c in "${classes[@]}"; do
	v=$(trace_count classes "$c")
	[ "$v" -gt 0 ] || zero+=("$c")
done
[ ${#zero[@]} = 0 ]
tap_result $? "every class has events in the all-classes workload's trace" \
	"no events: ${zero[*]}"

# 12. The buffer really is larger than the memory left for it.
buf=$(sed -n 's/^buffer_mib=//p' "$dir/env.txt" 2> /dev/null)
avail=$(sed -n 's/^mem_available_mib=//p' "$dir/env.txt" 2> /dev/null)
r_sw=$(field "$dir/access-random.csv" swapped_back phase access)
l_sw=$(field "$dir/access-local.csv" swapped_back phase access)
buffer_swaps() {
	num "$buf" && num "$avail" && [ "$buf" -gt "$avail" ] && num "$l_sw" && [ "$l_sw" -gt 0 ]
}
buffer_swaps
tap_result $? "the access buffer exceeds available memory and swaps (${buf:-?} MiB > ${avail:-?} MiB, swapped_back ${l_sw:-?} local)" \
	"buffer_mib=${buf:-missing} mem_available_mib=${avail:-missing} local swapped_back=${l_sw:-missing}"

# 13. Case study 1: random access faults more than local access.
r_buf=$(field "$dir/access-random.csv" buffer_mib phase access)
l_buf=$(field "$dir/access-local.csv" buffer_mib phase access)
r_tot=$(field "$dir/access-random.pfstat.csv" swapped_back)
l_tot=$(field "$dir/access-local.pfstat.csv" swapped_back)
random_faults_more() {
	num "$r_sw" && num "$l_sw" && num "$r_tot" && num "$l_tot" && [ "$r_buf" = "$l_buf" ] &&
		[ "$r_sw" -gt "$l_sw" ] && [ "$r_tot" -gt "$l_tot" ]
}
random_faults_more
tap_result $? "random access faults more than local access on the same buffer (swapped_back ${r_sw:-?} > ${l_sw:-?})" \
	"buffer ${r_buf:-?}/${l_buf:-?} MiB, swapped_back after the fill ${r_sw:-?}/${l_sw:-?}, whole run ${r_tot:-?}/${l_tot:-?}"

# 14. The tracepoint and the counters agree on the one task of case
# study 1 where nothing else can differ: anonymous and swap-in faults.
diffs=()
for w in access-random access-local; do
	for c in anonymous_fault swapped_back; do
		a=$(trace_count "$w" "$c") b=$(field "$dir/$w.pfstat.csv" "$c")
		[ "$a" = "$b" ] || diffs+=("$w $c: trace $a, pfstat run ${b:-missing}")
	done
done
[ ${#diffs[@]} = 0 ]
tap_result $? "trace events equal pfstat run's anonymous_fault and swapped_back counts in case study 1" \
	"${diffs[*]}"

# 15. Case study 2: 11 workers do not fit and swap; 1 worker fits.
s1=$(field "$dir/multiprog-1.csv" swapped_back worker all)
s11=$(field "$dir/multiprog-11.csv" swapped_back worker all)
eleven_swap_more() { num "$s1" && num "$s11" && [ "$s11" -gt "$s1" ]; }
eleven_swap_more
tap_result $? "case study 2: 11 workers swap more than 1 (swapped_back ${s11:-?} > ${s1:-?})" \
	"swapped_back of the workers: N=1 ${s1:-missing}, N=11 ${s11:-missing}"

# 16. The workers' anonymous faults: one per page of each buffer, N times.
mib=$(sed -n 's/^worker_mib=//p' "$dir/env.txt" 2> /dev/null)
bad=()
for k in 1 5 11; do
	v=$(field "$dir/multiprog-$k.csv" anonymous_fault worker all)
	num "$mib" && [ "$v" = $((k * mib * 256)) ] || bad+=("N=$k: ${v:-missing}, expected $((k * ${mib:-0} * 256))")
done
[ ${#bad[@]} = 0 ]
tap_result $? "case study 2: the workers' anonymous faults are N x their pages" "${bad[*]}"

# 17. Case study 3: in the repeated part of each workload, faults is
# what getrusage counted (but for kernel-mode faults), and no class counts nearly one fault per page
# per repeat: a write-protect reuse after each fork, a write-notify
# after each msync.  Nearly: a page the kernel still holds an extra
# reference to (a per-CPU LRU batch, the swap cache) is copied instead
# of reused, a copy_on_write (seen: 18 of 16400), and the two add up to
# faults.  The selftests have the exact recipes, on a quiet machine.
mib=$(sed -n 's/^unclassified_mib=//p' "$dir/env.txt" 2> /dev/null)
pages=0
num "$mib" && pages=$((mib * 256))
bad=()
for p in fork shared-write; do
	r=$dir/unclassified-$p.csv
	n=$(field "$r" repeats phase repeat)
	f=$(field "$r" faults phase repeat)
	u=$(field "$r" unclassified phase repeat)
	mi=$(field "$r" ru_minflt phase repeat) ma=$(field "$r" ru_majflt phase repeat)
	if ! num "$n" || ! num "$f" || ! num "$u" || ! num "$mi" || ! num "$ma" || [ "$pages" = 0 ]; then
		bad+=("$p: repeats ${n:-missing}, faults ${f:-missing}, unclassified ${u:-missing}," \
		      "ru_minflt ${mi:-missing}, ru_majflt ${ma:-missing}, $pages pages")
		continue
	fi
	ru=$((mi + ma))
	# getrusage also counts kernel-mode faults, which faults does not:
	# one per fork at most (the kernel writing into a page fork()
	# write-protected, on the parent's way back to user mode; seen on
	# the distribution kernel: 8 for 8 forks, none on the small one).
	[ "$f" -le "$ru" ] && [ $((ru - f)) -le "$n" ] ||
		bad+=("$p: faults $f, getrusage $ru (at most $n apart)")
	# Each fault of the repeats is a reuse (or write-notify), or a copy.
	cow=$(field "$r" copy_on_write phase repeat)
	[ "$((u + ${cow:-0}))" = "$f" ] || bad+=("$p: unclassified $u + copy_on_write ${cow:-missing} != faults $f")
	[ "$u" -ge $((n * pages * 99 / 100)) ] && [ "$u" -le "$f" ] ||
		bad+=("$p: unclassified $u, expected $((n * pages * 99 / 100)) to faults $f")
done
[ ${#bad[@]} = 0 ]
tap_result $? "case study 3: faults is getrusage but kernel-mode faults, unclassified 99 % of a fault per page per repeat or more" "${bad[*]}"

# 18. The table says what share of the faults no class counted: most of
# them, in both workloads.
shares=$(awk '/^Case study 3/ { t = 1 } t && $1 == "unclassified" && $2 == "share" { print $3, $4; exit }' \
	 "$dir/report.txt" 2> /dev/null)
read -r s1 s2 <<< "$shares"
[[ ${s1%\%} =~ ^[0-9.]+$ && ${s2%\%} =~ ^[0-9.]+$ ]] &&
	awk -v a="${s1%\%}" -v b="${s2%\%}" 'BEGIN { exit !(a > 50 && b > 50) }'
tap_result $? "case study 3: the report shows the unclassified share, over half in both ($shares)" \
	"unclassified share row: '${shares}'"

# 19. Every other workload is nearly all classified: its unclassified
# count is a small part of its faults (pfstat run --inherit).
bad=()
for w in access-random access-local multiprog-1 multiprog-5; do
	f=$(field "$dir/$w.pfstat.csv" faults) u=$(field "$dir/$w.pfstat.csv" unclassified)
	num "$f" && num "$u" && [ "$f" -gt 0 ] && [ $((u * 10)) -lt "$f" ] ||
		bad+=("$w: unclassified ${u:-missing} of ${f:-missing}")
done
[ ${#bad[@]} = 0 ]
tap_result $? "the case studies 1 and 2 leave under 10 % of their faults unclassified" "${bad[*]}"

# 20. Nothing lost by the trace.
grep -q '^trace: no event lost' "$dir/report.txt"
tap_result $? "no trace event lost" "$(grep '^trace:' "$dir/report.txt" 2> /dev/null)"

# 21-24. What the plots show, read back from their SVG (the PNGs are the
# same plots).  gnuplot writes each plot as a group, <g id="gnuplot_plot_...">,
# whose legend entry, when it has one, is its first <text> before any line
# is drawn, followed by the entry's sample line in the plot's colour; and
# each tic label of a y axis as an end-anchored <text> left of its panel,
# from the bottom up.

# svg_legend SVG: "TITLE<tab>COLOUR" for each legend entry of SVG.
svg_legend() {
	awk '
		/<g id="gnuplot_plot_/ { in_plot = 1; title = ""; next }
		in_plot && title == "" && /<(path|use) / { in_plot = 0 }
		in_plot && title == "" && /<text>/ {
			title = $0
			sub(/.*<text>/, "", title)
			sub(/<\/text>.*/, "", title)
			next
		}
		title != "" && match($0, /stroke=.rgb\([ 0-9,]+\)/) {
			colour = substr($0, RSTART + 8, RLENGTH - 8)
			gsub(/ /, "", colour)
			print title "\t" colour
			in_plot = 0
			title = ""
		}' "$1" 2> /dev/null
}
# svg_yaxes SVG: one line per y axis of SVG, "X LABEL...", its tic labels
# bottom up.  A label above the previous one at the same X is the same
# axis; below it, the next panel's.
svg_yaxes() {
	awk '
		/text-anchor="end"/ && match($0, /translate\([-0-9.]+,[-0-9.]+\)/) {
			split(substr($0, RSTART + 10, RLENGTH - 11), xy, ",")
			if ((getline) <= 0 || !match($0, /<text>[^<]*<\/text>/))
				next
			label = substr($0, RSTART + 6, RLENGTH - 13)
			# Legends are end-anchored too, but never a number.
			if (label !~ /^ *-?[0-9.]+[a-zA-Z]?$/)
				next
			x = xy[1]
			if (!(x in axis) || xy[2] + 0 > last[x]) {
				axis[x] = ++n
				at[n] = x
			}
			last[x] = xy[2] + 0
			labels[axis[x]] = labels[axis[x]] " " label
		}
		END { for (i = 1; i <= n; i++) print at[i] labels[i] }' "$1" 2> /dev/null
}
# has_class CSV CLASS: CSV has a fault of CLASS, in any record.
has_class() {
	awk -F, -v c="$2" '
		NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i; next }
		k && $k > 0 { found = 1; exit }
		END { exit !found }' "$1" 2> /dev/null
}

# 21. A legend lists a class where the data behind the panel has a fault
# of it, and nowhere else: once per panel that has it.
legend_ok() {
	local svg=$1 c want got f
	shift
	for c in "${classes[@]}"; do
		want=0
		for f in "$@"; do
			has_class "$f" "$c" && want=$((want + 1))
		done
		got=$(grep -cF "<text>$c</text>" "$svg" 2> /dev/null)
		[ "$got" = "$want" ] || why+=" $(basename "$svg") $c: ${got:-no file}, expected $want;"
	done
}
why=
legend_ok "$dir/case1-timeline.svg" "$dir"/access-{random,local}.timeline.csv
legend_ok "$dir/case2-timeline.svg" "$dir"/multiprog-{1,5,11}.timeline.csv
legend_ok "$dir/case2-vs-n.svg" "$dir/case2.csv"
[ -z "$why" ]
tap_result $? "the legends list the classes that occur in each panel's data, and only those" \
	"legend entries per class:$why"

# 22. One colour per class in every plot, no two classes alike, and no
# other line (totals, times) in a class's colour.
why=$(for p in "${plots[@]}"; do svg_legend "$dir/$p.svg"; done |
	awk -F '\t' -v classes="${classes[*]}" '
		BEGIN { n = split(classes, cl, " "); for (i = 1; i <= n; i++) is[cl[i]] = 1 }
		is[$1] {
			if (($1 in col) && col[$1] != $2)
				bad = bad " " $1 " is " col[$1] " and " $2 ";"
			col[$1] = $2
			next
		}
		{ other[$1] = $2 }
		END {
			for (c in col) {
				if ((col[c] in owner) && owner[col[c]] != c)
					bad = bad " " owner[col[c]] " and " c " are both " col[c] ";"
				owner[col[c]] = c
			}
			for (t in other)
				if (other[t] in owner)
					bad = bad " \"" t "\" has the colour of " owner[other[t]] ";"
			if (!length(col))
				bad = " no class in any legend"
			printf "%s", bad
		}')
[ -z "$why" ]
tap_result $? "each class has one colour of its own, the same in every plot" "colours:$why"

# 23. Case study 1's panels share their rate axis: the same y tics.
mapfile -t axes < <(svg_yaxes "$dir/case1-timeline.svg")
[ ${#axes[@]} = 2 ] && [ "${axes[0]#* }" = "${axes[1]#* }" ]
tap_result $? "case1-timeline: both panels have the same y axis" \
	"y axes (x, then tic labels): $(printf '[%s] ' "${axes[@]}")"

# 24. case2-vs-n: completion time (the right panel) on a log axis, whose
# tic labels are all positive, each the same multiple of the last.
mapfile -t axes < <(svg_yaxes "$dir/case2-vs-n.svg" | sort -n)
log_axis() {
	[ ${#axes[@]} -ge 2 ] || return 1
	echo "${axes[-1]#* }" | awk '{
		for (i = 1; i <= NF; i++)
			if ($i !~ /^[0-9.]+$/ || $i <= 0)
				exit 1
		if (NF < 2 || $2 / $1 <= 1)
			exit 1
		for (i = 3; i <= NF; i++) {
			d = $i / $(i - 1) / ($2 / $1) - 1
			if (d > 1e-6 || d < -1e-6)
				exit 1
		}
	}'
}
log_axis
tap_result $? "case2-vs-n: completion time on a log axis" \
	"y axes (x, then tic labels): $(printf '[%s] ' "${axes[@]}")"

tap_finish
