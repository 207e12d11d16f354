#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The table of "make bench", from what run-bench.sh's boots left in OUT:
# OUT/results.csv, OUT/plot.dat and OUT/table.txt, which is also printed,
# with the struct sizes (OUT/sizes.txt) and the issue's targets, each
# marked met or missed.
#
# Usage: summarize.sh OUT

set -euo pipefail

[ $# -eq 1 ] || { echo "usage: $0 OUT" >&2; exit 2; }
out=$1
here=$(cd "$(dirname "$0")" && pwd)
clocks=()
for c in wall icount; do
	[ -d "$out/$c-main" ] && clocks+=("$c")
done
[ ${#clocks[@]} -gt 0 ] || { echo "summarize: no wall-main or icount-main in $out" >&2; exit 1; }
c0=${clocks[0]}
for f in "$out/$c0-main/modes.txt" "$out/$c0-main/env.txt"; do
	[ -s "$f" ] || { echo "summarize: $f missing or empty" >&2; exit 1; }
done

args=()
for c in "${clocks[@]}"; do
	[ -s "$out/$c-main/raw.csv" ] || { echo "summarize: $out/$c-main/raw.csv missing or empty" >&2; exit 1; }
	args+=("clock=$c" kind=main "$out/$c-main/raw.csv")
	for y in "$out/$c"-y*/raw.csv; do
		[ -e "$y" ] || continue
		b=$(basename "$(dirname "$y")")
		b=${b#"$c"-y}
		n=$out/$c-n$b/raw.csv
		[ -s "$n" ] || { echo "summarize: $y has no partner $n" >&2; exit 1; }
		args+=(kind=y "boot=$b" "$y" kind=n "boot=$b" "$n")
	done
done

table=$out/table.txt
awk -f "$here/summarize.awk" -v order="$(paste -sd, "$out/$c0-main/modes.txt")" \
	-v out="$out" "${args[@]}"

env=$out/$c0-main/env.txt
accel=$(cat "$out/wall-main/accel.txt" 2>/dev/null || echo tcg)
{
	echo
	echo "Guest: kernel $(sed -n 's/^kernel //p' "$env"), 1 vCPU ($(sed -n 's/^cpu //p' "$env")), clocksource $(sed -n 's/^clocksource //p' "$env");"
	echo "host: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), $(nproc) CPUs; wall clock under QEMU ${accel^^}."
	if [ "$accel" = tcg ]; then
		echo "TCG (emulated) timings: ratios matter, not the absolute nanoseconds."
	fi
	echo "icount: QEMU -icount shift=0, one guest nanosecond per guest instruction: 'ns' are instructions"
	echo "(a rep-prefixed string instruction counts once per iteration)."
	if [ -s "$out/$c0-main/kprobes.txt" ]; then
		echo "kprobes: $(tr '\n' ';' < "$out/$c0-main/kprobes.txt" | sed 's/;$//; s/;/; /g')"
	fi
} >> "$table"

if [ -s "$out/sizes.txt" ]; then
	sz() { awk -v k="$1" '$1 == k { print $2 }' "$out/sizes.txt"; }
	{
		echo
		echo "sizeof(struct task_struct): $(sz task_struct_pfstat_y) bytes with CONFIG_PFSTAT=y, $(sz task_struct_pfstat_n) with =n ($(( $(sz task_struct_pfstat_y) - $(sz task_struct_pfstat_n) )) bytes; the member is $(sz task_struct_pfstat_member) bytes)"
		echo "struct pfstat_task, the counter block (made on first entry into pfstat mode): $(sz pfstat_task) bytes, from kmalloc-$(sz pfstat_task_kmalloc)"
	} >> "$table"
fi

awk -F, -f "$here/targets.awk" -v sizes="$out/sizes.txt" "$out/results.csv" >> "$table"

cat "$table"
