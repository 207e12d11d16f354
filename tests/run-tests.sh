#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "make test": host unit tests, then one boot of the patched kernel running
# every guest test, then the host halves of the guest checks and the
# harness's own test.  Every stage writes TAP into OUT, NAME.tap with
# NAME.rc (its exit status) beside it, as the guest's runner does for each
# guest test; the last line is tap-summary.sh's "N passed, N failed", and
# a missing .tap or .rc, or a stream cut short, is a failure there.
#
# Usage: run-tests.sh [-k] [-n] [-t SECONDS] [-a ARGS] OUT BZIMAGE ROOTFS KOBJ
#                     GUEST-TEST-DIR PLUGIN-DIR
#   -k          only what boots this kernel: no host unit tests, no harness
#               self-test (they do not depend on the kernel)
#   -n          no suites that boot a guest of their own (tests/boot)
#   -t SECONDS  limit for the guest suite's boot (default 1500)
#   -a ARGS     more kernel command line for the guest suite (the test
#               runner's PFSTAT_* settings)

set -uo pipefail

kernel_only=0 no_boot=0 timeout=${PFSTAT_GUEST_TIMEOUT:-1500} extra=
while getopts "knt:a:" opt; do
	case "$opt" in
	k) kernel_only=1 ;;
	n) no_boot=1 ;;
	t) timeout=$OPTARG ;;
	a) extra=$OPTARG ;;
	*) echo "usage: $0 [-k] [-n] [-t SECONDS] [-a ARGS] OUT BZIMAGE ROOTFS KOBJ GDIR PLUGINS" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# = 6 ] || { echo "usage: $0 [-k] [-n] [-t SECONDS] [-a ARGS] OUT BZIMAGE ROOTFS KOBJ GDIR PLUGINS" >&2; exit 2; }

out=$(realpath -m "$1")
bzimage=$2
rootfs=$3
kobj=$4
gdir=$5
plugins=$(realpath -m "$6")
here=$(cd "$(dirname "$0")" && pwd)

rm -rf "$out"
mkdir -p "$out"
taps=()

step() { echo; echo "=== $* ==="; }

# tap NAME CMD...: run CMD, its TAP to OUT/NAME.tap, its exit status to
# OUT/NAME.rc, its stderr to OUT/NAME.err (the end of it shown).
tap() {
	local name=$1
	shift
	"$@" > "$out/$name.tap" 2> "$out/$name.err"
	echo $? > "$out/$name.rc"
	cat "$out/$name.tap"
	[ -s "$out/$name.err" ] && tail -20 "$out/$name.err" | sed 's/^/# stderr: /'
	taps+=("$out/$name.tap")
}

# 1. Host unit tests: every tests/host/*_test.sh, no kernel needed.
for t in "$here"/host/*_test.sh; do
	[ -e "$t" ] && [ $kernel_only = 0 ] || continue
	step "host test $(basename "$t")"
	tap "host-$(basename "$t" .sh)" bash "$t"
done

# 2. The guest suite, in one boot: rootfs/run-tests writes guest/NAME.tap
# and guest/NAME.rc for each test.
# nopfstat_* tests expect a CONFIG_PFSTAT=n kernel: "make check" runs them.
names=$(find "$gdir" -maxdepth 1 -type f -executable ! -name 'nopfstat_*' -printf '%f\n' | sort | paste -sd, -)
step "guest tests on $(basename "$kobj"): ${names//,/ }"
"$here/qemu-run.sh" -k "$bzimage" -i "$rootfs" -r "$out/guest" -t "$timeout" \
	-a "pfstat.run=tests pfstat.tests=$names${extra:+ $extra}" ||
	echo "guest run: FAIL (results that are missing count as failures)"
for n in ${names//,/ }; do
	taps+=("$out/guest/$n.tap")
done

# 3. Host halves of the guest checks.
step "host checks of the guest run"
tap smoke-host "$here/host/smoke-host.sh" "$out/guest" "$kobj"
tap dmesg-clean "$here/host/dmesg-clean.sh" "$out/guest/dmesg.txt"
tap trace-e2e-host "$here/host/trace_e2e_host.sh" "$out/guest" "$plugins" \
	"$here/../trace-plugins/tests/mm_pfstat.format"

# 4. The harness fails runs that must fail.
if [ $kernel_only = 0 ]; then
	step "harness self-test (a panicking and a hanging guest)"
	tap harness-selftest "$here/host/harness-selftest.sh" "$bzimage" "$rootfs" "$out/selftest"
fi

# 5. Suites that boot a guest of their own (the quick demo, the bench
# smoke): tests/boot/NAME.sh OUTDIR BZIMAGE ROOTFS writes TAP to stdout.
for t in "$here"/boot/*.sh; do
	[ -e "$t" ] && [ $no_boot = 0 ] || continue
	name=boot-$(basename "$t" .sh)
	step "boot suite $(basename "$t")"
	tap "$name" bash "$t" "$out/$name" "$bzimage" "$rootfs"
done

step "summary"
"$here/tap-summary.sh" "${taps[@]}"
