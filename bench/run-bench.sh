#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host half of "make bench".  Two clocks, each on its own boots:
#
#   wall    the guest's CLOCK_MONOTONIC in real time (TCG here, KVM where
#           it works): nanoseconds, as noisy as the host is busy
#   icount  QEMU -icount shift=0 (qemu-run.sh -q): the guest clock advances
#           1 ns per guest instruction, so "ns" are instructions executed,
#           the same from run to run
#
# For each clock:
#  1. one boot of the pfstat kernel runs faultbench with every mode,
#     interleaved round by round (bench-run in the guest): OUT/CLOCK-main;
#  2. with -K, BOOTS boots of the pfstat kernel and as many of the
#     CONFIG_PFSTAT=n kernel, alternating, timing the baseline only:
#     OUT/CLOCK-y1, OUT/CLOCK-n1, OUT/CLOCK-y2, ...
# Then, with -K, the struct sizes of both kernels (struct-sizes.sh), and
# the table (summarize.sh): OUT/results.csv, OUT/table.txt, and the plot
# OUT/results.png, OUT/results.svg (plot.gp).

set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
qemu_run=$here/../tests/qemu-run.sh

usage() {
	cat <<EOF
usage: $0 -k BZIMAGE -i ROOTFS -o OUT [-K BZIMAGE_NOPFSTAT] [-C CLOCKS]
          [-r ROUNDS] [-R ROUNDS] [-c ROUNDS] [-n PAGES] [-w WARMUP] [-b BOOTS]
  -k BZIMAGE   the CONFIG_PFSTAT=y guest kernel
  -i ROOTFS    the guest initramfs (with bench-run and faultbench)
  -o OUT       where results go (emptied first)
  -K BZIMAGE   the CONFIG_PFSTAT=n kernel: also compare y against n
  -C CLOCKS    wall, icount, or wall,icount (the default)
  -r ROUNDS    wall clock: rounds of every mode in the main boot (default 150)
  -R ROUNDS    wall clock: baseline rounds per y/n boot (default 100)
  -c ROUNDS    icount: rounds in the main boot and per y/n boot (default 10)
  -n PAGES     faults per kind per round (default 512)
  -w WARMUP    untimed rounds first (default 2)
  -b BOOTS     boots of each kernel for y against n (default 3)
EOF
}

bz='' rootfs='' out='' bz_nopf='' clocks=wall,icount
rounds=150 config_rounds=100 icount_rounds=10 pages=512 warmup=2 boots=3
while getopts "k:i:o:K:C:r:R:c:n:w:b:h" opt; do
	case "$opt" in
	k) bz=$OPTARG ;;
	i) rootfs=$OPTARG ;;
	o) out=$OPTARG ;;
	K) bz_nopf=$OPTARG ;;
	C) clocks=$OPTARG ;;
	r) rounds=$OPTARG ;;
	R) config_rounds=$OPTARG ;;
	c) icount_rounds=$OPTARG ;;
	n) pages=$OPTARG ;;
	w) warmup=$OPTARG ;;
	b) boots=$OPTARG ;;
	h) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
done
if [ -z "$bz" ] || [ -z "$rootfs" ] || [ -z "$out" ]; then
	usage >&2
	exit 2
fi
for f in "$bz" "$rootfs" ${bz_nopf:+"$bz_nopf"}; do
	[ -f "$f" ] || { echo "run-bench: $f not found (make kernel kernel-nopfstat rootfs)" >&2; exit 1; }
done
for n in "$rounds" "$config_rounds" "$icount_rounds" "$pages" "$boots"; do
	[[ $n =~ ^[1-9][0-9]*$ ]] ||
		{ echo "run-bench: '$n' is not a positive number" >&2; usage >&2; exit 2; }
done
[[ $warmup =~ ^[0-9]+$ ]] || { echo "run-bench: -w '$warmup' is not a number" >&2; exit 2; }
for c in ${clocks//,/ }; do
	case $c in
	wall|icount) ;;
	*) echo "run-bench: unknown clock '$c' (wall, icount)" >&2; exit 2 ;;
	esac
done

rm -rf "$out"
mkdir -p "$out"
out=$(realpath "$out")
start=$SECONDS

# boot CLOCK NAME BZIMAGE ROUNDS MODESET: one guest running bench-run.  Of
# its console, the bench-run lines are shown as they come.
boot() {
	local clock=$1 name=$1-$2 kernel=$3 n=$4 modeset=$5 t0=$SECONDS rc fbrc
	# About 2 s per round of every mode under TCG (more with icount),
	# 0.3 s per baseline round: the timeout allows five times that.
	local per_round=2

	[ "$modeset" = all ] && per_round=10
	echo "run-bench: boot $name: $kernel, $n rounds, modes: $modeset, clock: $clock"
	# icount: the guest's clocks advance one nanosecond per guest
	# instruction, so a time it measures is the instructions it ran, the
	# same however busy the host is.  TCG only.
	local accel=${PFSTAT_ACCEL:-} icount=()
	if [ "$clock" = icount ]; then
		accel=tcg
		icount=(-q "-icount shift=0,sleep=on")
	fi
	set +e
	PFSTAT_ACCEL=$accel \
		"$qemu_run" -k "$kernel" -i "$rootfs" -r "$out/$name" -c 1 "${icount[@]}" \
		-t $((120 + n * per_round)) \
		-a "pfstat.run=bench-run pfstat.args=$n,$pages,$modeset,$warmup" 2>&1 |
		tee "$out/$name.log" | tr -d '\r' |
		grep --line-buffered -a '^bench-run: \(faultbench\|kprobe\|no \|bpftrace-\)' | sed 's/^/  /'
	rc=${PIPESTATUS[0]}
	set -e
	fbrc=$(cat "$out/$name/faultbench.rc" 2>/dev/null || echo none)
	if [ "$rc" != 0 ] || [ "$fbrc" != 0 ]; then
		echo "run-bench: boot $name failed (qemu-run exit $rc, faultbench exit $fbrc); console: $out/$name/console.log" >&2
		tail -5 "$out/$name.log" >&2
		exit 1
	fi
	# How the guest ran: the accelerator qemu-run.sh chose.
	sed -n 's/.* -accel \([a-z]*\) .*/\1/p' "$out/$name.log" | head -1 > "$out/$name/accel.txt"
	echo "run-bench: boot $name done in $((SECONDS - t0)) s"
}

# icount first: it is quick, and none of its numbers depend on the host.
for clock in icount wall; do
	[[ ,$clocks, == *,$clock,* ]] || continue
	r=$rounds
	cr=$config_rounds
	[ "$clock" = icount ] && r=$icount_rounds cr=$icount_rounds
	boot "$clock" main "$bz" "$r" all
	[ -n "$bz_nopf" ] || continue
	for i in $(seq 1 "$boots"); do
		boot "$clock" "y$i" "$bz" "$cr" baseline
		boot "$clock" "n$i" "$bz_nopf" "$cr" baseline
	done
done

if [ -n "$bz_nopf" ]; then
	kobj() { dirname "$(dirname "$(dirname "$(dirname "$1")")")"; }
	bash "$here/struct-sizes.sh" "$(kobj "$bz")" "$(kobj "$bz_nopf")" > "$out/sizes.txt"
fi

bash "$here/summarize.sh" "$out"
gnuplot -e "outbase='$out/results'; wall='$out/plot-wall.dat'; icount='$out/plot-icount.dat'" "$here/plot.gp"
echo "run-bench: $out/results.csv, $out/results.png, $out/results.svg ($((SECONDS - start)) s)"
