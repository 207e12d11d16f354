#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "make demo": boot the pfstat kernel under QEMU, run the workloads of
# demo/guest-demo.sh there, bring the results back into DIR over 9p, and
# turn them into tables and plots (demo/report.sh).
#
# The guest's memory is kept small on purpose (192 MiB): the case studies
# need a buffer larger than the free memory, and swapping a small buffer
# is quick even under TCG.
#
# Usage: run-demo.sh [-q] -k BZIMAGE -i ROOTFS -o DIR -p PLUGIN-DIR -t PFSTAT
#                    [-m MIB] [-c CPUS]
#   -q  the quick run (fewer accesses and passes; "make demo QUICK=1")

set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
usage() {
	echo "usage: $0 [-q] -k BZIMAGE -i ROOTFS -o DIR -p PLUGIN-DIR -t PFSTAT [-m MIB] [-c CPUS]" >&2
	exit 2
}
say() { echo "demo: $*"; }
die() { echo "demo: error: $*" >&2; exit 1; }

mode=full kernel='' rootfs='' dir='' plugins='' pfstat='' mem=192 cpus=2
while getopts "qk:i:o:p:t:m:c:h" opt; do
	case "$opt" in
	q) mode=quick ;;
	k) kernel=$OPTARG ;;
	i) rootfs=$OPTARG ;;
	o) dir=$OPTARG ;;
	p) plugins=$OPTARG ;;
	t) pfstat=$OPTARG ;;
	m) mem=$OPTARG ;;
	c) cpus=$OPTARG ;;
	*) usage ;;
	esac
done
[ $OPTIND -gt $# ] || usage
for v in "$kernel" "$rootfs" "$dir" "$plugins" "$pfstat"; do
	[ -n "$v" ] || usage
done
[ -f "$kernel" ] || die "$kernel not found (make kernel)"
[ -f "$rootfs" ] || die "$rootfs not found (make rootfs)"

# The full run takes a few minutes under TCG, the quick one about one.
timeout=1800
[ "$mode" = quick ] && timeout=600

start=$(date +%s)
say "booting the guest: $mem MiB, $cpus CPUs, $mode run; results in $dir"
# Only the demo's own lines (and signs of trouble) from the console;
# all of it is in DIR/console.log.  -s: trace-cmd record -F enables the
# event with a pid filter, which patches the scheduler's tracepoint
# calls while they run; under TCG that needs one thread for all vCPUs.
set +e
bash "$here/../tests/qemu-run.sh" -s -k "$kernel" -i "$rootfs" -r "$dir" -t "$timeout" \
	-m "$mem" -c "$cpus" -a "pfstat.run=demo pfstat.args=$mode" |
	sed -u 's/\r$//' |
	grep --line-buffered -E '^(demo|init|qemu-run):|Kernel panic|Out of memory|BUG|WARNING'
rc=${PIPESTATUS[0]}
set -e
[ "$rc" = 0 ] || die "the guest run failed (console: $dir/console.log)"
guest=$(($(date +%s) - start))

bash "$here/report.sh" "$dir" "$plugins" "$pfstat"
say "done: $mode run in $(($(date +%s) - start)) s ($guest s in the guest);" \
    "tables in $dir/report.txt"
