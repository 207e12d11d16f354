#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A one-round smoke of "make bench" (bench/run-bench.sh on the pfstat
# kernel only, few pages, one boot per clock): no timing is asserted, but
# everything the table is made of must be there and make sense.  Every
# mode ran every kind of fault with a positive time; counting mode's pfstat
# counters are exactly the faults it took; the tracing modes really put
# the events into the ring buffer (exactly the expected number when
# filtered to the benchmark's pid, at least that many when not) and the
# others none; the bpftrace programs counted at least the faults taken
# under them, per set of classes; the CSV, table and plots came out.
#
# Usage: bench_smoke.sh OUTDIR BZIMAGE ROOTFS    (TAP on stdout)

set -uo pipefail

[ $# -eq 3 ] || { echo "usage: $0 OUTDIR BZIMAGE ROOTFS" >&2; exit 2; }
out=$1
bzimage=$2
rootfs=$3
here=$(cd "$(dirname "$0")" && pwd)
P=64
modes="baseline counting pfstat-trace pfstat-trace-pid pfuser-trace pfuser-trace-pid kprobes kprobes-pid bpftrace-pfstat bpftrace-pfuser bpftrace-kprobe"
nmodes=$(echo $modes | wc -w)
faults="anon-write file-read cow-write pread-control"
clocks="wall icount"

. "$here/../lib/tap.sh"

tap_plan 11

bash "$here/../../bench/run-bench.sh" -k "$bzimage" -i "$rootfs" -o "$out" \
	-C wall,icount -r 1 -c 1 -w 0 -n "$P" > "$out.log" 2>&1
rc=$?
tap_result $rc "run-bench.sh: one round of $P faults per kind, every mode, a boot per clock" \
	"$(tail -15 "$out.log")"

# Both clocks' raw.csv; the fields of the line of MODE and FAULT in them:
# round,mode,fault,pages,ns,events, then the seven pfstat counters in
# class order.
raws=()
for c in $clocks; do
	if [ -s "$out/$c-main/raw.csv" ]; then raws+=("$out/$c-main/raw.csv"); else raws+=(/dev/null); fi
done
line() { awk -F, -v m="$1" -v f="$2" '$2 == m && $3 == f' "${raws[@]}"; }

# 2. Every mode ran, every kind of fault, once per clock.
bad=
for c in $clocks; do
	got=$(paste -sd' ' "$out/$c-main/modes.txt" 2>/dev/null)
	[ "$got" = "$modes" ] || bad="$bad $c-main/modes.txt: '$got', expected '$modes';"
	got=$(wc -l < "$out/$c-main/raw.csv" 2>/dev/null)
	[ "$got" = $((1 + nmodes * 4)) ] || bad="$bad $c-main/raw.csv: ${got:-no} lines, expected $((1 + nmodes * 4));"
done
for m in $modes; do
	for f in $faults; do
		c=$(line "$m" "$f" | wc -l)
		[ "$c" = 2 ] || bad="$bad $m/$f: $c lines, expected 2;"
	done
done
tap_result "$([ -z "$bad" ]; echo $?)" "every mode timed every kind of fault once per clock" "$bad"

# 3. Every time is positive, every round took P faults.
bad=$(awk -F, -v p=$P 'FNR > 1 && ($4 != p || $5 !~ /^[0-9]+$/ || $5 <= 0) { print FILENAME ": " $0 }' "${raws[@]}")
tap_result "$([ -z "$bad" ] && [ "$(line baseline anon-write | wc -l)" = 2 ]; echo $?)" \
	"every sample: $P pages, a positive time in ns" "$bad"

# 4. Counting: the counters are exactly the faults the loop took.
bad=
declare -A want=(
	[anon-write]="0,0,$P,0,0,0,$P"
	[file-read]="0,0,0,$P,0,0,0"
	[cow-write]="0,0,0,0,0,$P,$P"
	[pread-control]="0,0,0,0,0,0,0"
)
for f in $faults; do
	got=$(line counting "$f" | cut -d, -f7- | sort -u)
	[ "$got" = "${want[$f]}" ] || bad="$bad counting/$f: counters $got, expected ${want[$f]};"
done
tap_result "$([ -z "$bad" ]; echo $?)" "counting: pfstat counted exactly the $P faults of each kind, in their classes" "$bad"

# The events of MODE and FAULT, one line per clock.
events() { line "$1" "$2" | cut -d, -f6; }

# 5. Nothing was traced where nothing was enabled.
bad=
for m in baseline counting bpftrace-pfstat bpftrace-pfuser bpftrace-kprobe; do
	for f in $faults; do
		e=$(events "$m" "$f" | paste -sd' ')
		[ "$e" = "0 0" ] || bad="$bad $m/$f: events '$e', expected none in either clock;"
	done
done
tap_result "$([ -z "$bad" ]; echo $?)" "baseline, counting and bpftrace put no event into the ring buffer" "$bad"

# check_trace MODE ANON FILE COW: exactly that many events with the pid
# filter, at least that many without; none for the pread control.
check_trace() {
	local m=$1 f e want i=2 bad=
	for f in $faults; do
		want=0
		[ "$f" = pread-control ] || want=${!i}
		i=$((i + 1))
		for e in $(events "$m-pid" "$f"); do
			[ "$e" = "$want" ] || bad="$bad $m-pid/$f: $e events, expected $want;"
		done
		for e in $(events "$m" "$f"); do
			[ "$e" -ge "$want" ] || bad="$bad $m/$f: $e events, expected >= $want;"
		done
		[ "$(events "$m-pid" "$f" | wc -l)" = 2 ] || bad="$bad $m-pid/$f: not in both clocks;"
	done
	echo "$bad"
}

# 6. pfstat:mm_pfstat: one event per classified fault site, one per fault
# here (anonymous_fault|fault_alloced_page, file_fault,
# copy_on_write|fault_alloced_page), not one per counter increment (2P,
# P, 2P: see check 4).
bad=$(check_trace pfstat-trace $P $P $P)
tap_result "$([ -z "$bad" ]; echo $?)" "pfstat tracing recorded an mm_pfstat event per fault site (one per fault)" "$bad"

# 7. exceptions:page_fault_user: one per fault.
bad=$(check_trace pfuser-trace $P $P $P)
tap_result "$([ -z "$bad" ]; echo $?)" "page_fault_user tracing recorded an event per fault" "$bad"

# 8. kprobes: handle_mm_fault once per fault, filemap_fault once per file
# fault; do_swap_page and do_huge_pmd_anonymous_page never here.
kp=$out/wall-main/kprobes.txt
probed() { grep -q "^$1 ok$" "$kp" 2>/dev/null && echo 1 || echo 0; }
h=$(probed handle_mm_fault)
fm=$(probed filemap_fault)
bad=$(check_trace kprobes $((h * P)) $(((h + fm) * P)) $((h * P)))
[ $((h + fm)) -gt 0 ] || bad="$bad neither handle_mm_fault nor filemap_fault could be probed: $(cat "$kp" 2>/dev/null);"
tap_result "$([ -z "$bad" ]; echo $?)" "kprobe events recorded a hit per probed call ($(grep -c ' ok$' "$kp" 2>/dev/null) functions probed)" "$bad"

# 9. bpftrace: system-wide, so at least the benchmark's faults.  On
# mm_pfstat one map entry per set of classes: each kind of fault is one
# event with its whole set (4|64 anonymous, 8 file, 32|64 copy-on-write),
# never split into one event per class (no site counts fault_alloced_page
# or copy_on_write alone); on page_fault_user and handle_mm_fault one
# count.
# bt_map MODE CLOCK KEY: the count of "@KEY: N" in that boot's output.
bt_map() {
	awk -v k="@$3:" '$1 == k { n = $2 } END { print n + 0 }' \
		"$out/$2-main/$1.bpftrace.txt" 2> /dev/null
}
bad=
for c in $clocks; do
	for kv in 68:anon-write 8:file-read 96:cow-write; do
		n=$(bt_map bpftrace-pfstat "$c" "[${kv%%:*}]")
		[ "$n" -ge $P ] || bad="$bad $c: bpftrace-pfstat @[${kv%%:*}] ($kv) $n, expected >= $P;"
	done
	for k in 64 32; do
		n=$(bt_map bpftrace-pfstat "$c" "[$k]")
		[ "$n" = 0 ] || bad="$bad $c: bpftrace-pfstat @[$k] $n: a class set split into events;"
	done
	for m in bpftrace-pfuser bpftrace-kprobe; do
		n=$(bt_map $m "$c" "")
		[ "$n" -ge $((3 * P)) ] || bad="$bad $c: $m @ $n, expected >= $((3 * P));"
	done
done
tap_result "$([ -z "$bad" ]; echo $?)" "bpftrace counted every fault taken under it: per class set on mm_pfstat, on page_fault_user and on the handle_mm_fault kprobe" "$bad"

# 10. The table: a line per clock, mode and fault, baseline at ratio 1.
csv=$out/results.csv
bad=$(awk -F, 'NR == 1 { if ($0 != "mode,fault,clock,samples,ns_per_fault,ns_lo,ns_hi,ratio,ratio_lo,ratio_hi,spread") print "header: " $0; next }
	NF != 11 || $5 <= 0 || $8 <= 0 || $4 != 1 { print "bad line: " $0 }
	$1 == "baseline" && $8 != "1.0000" { print "baseline ratio: " $0 }
	{ rows[$3]++ }
	END { if (rows["wall"] != n || rows["icount"] != n) print rows["wall"] + 0 " wall and " rows["icount"] + 0 " icount rows, expected " n " each" }' n=$((nmodes * 4)) "$csv" 2>&1)
[ -s "$csv" ] || bad="$csv missing"
tap_result "$([ -z "$bad" ]; echo $?)" "results.csv: $nmodes modes x 4 kinds x 2 clocks, positive times and ratios, baseline 1" "$bad"

# 11. The plot.
bad=
for x in png svg; do
	[ -s "$out/results.$x" ] || bad="$bad $out/results.$x missing;"
done
file "$out/results.png" 2>/dev/null | grep -q 'PNG image' || bad="$bad results.png is not a PNG;"
tap_result "$([ -z "$bad" ]; echo $?)" "the plot: results.png and results.svg" "$bad"

tap_finish
