#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "make check": what a maintainer checks before taking the series.
#   - scripts/checkpatch.pl --strict is clean on every patch;
#   - the tree builds after every patch (a worktree walks the branch);
#   - the whole series builds with CONFIG_PFSTAT=n, with no pfstat code
#     left in vmlinux, and pfstat() is then ENOSYS in the guest;
#   - mm/pfstat.o builds with W=1 and no warning;
#   - pfstat() is in every architecture's syscall table, and
#     scripts/checksyscalls.sh says nothing of it;
#   - the selftests (tools/testing/selftests/pfstat) build with
#     "make -C tools/testing/selftests TARGETS=pfstat".
# Builds share ccache with "make kernel", so most objects are cache hits.
#
# --quick ("make check-quick", in CI before "make test"): only the checks
# that take seconds, on the tree and object directory "make kernel" made:
# checkpatch --strict on every patch, pfstat() in every syscall table, and
# scripts/checksyscalls.sh for x86_64, run without make.
#
# Usage: check-series.sh KSRC PATCHDIR WORK ROOTFS
#        check-series.sh --quick KSRC PATCHDIR KOBJ

set -uo pipefail

quick=0
if [ "${1:-}" = --quick ]; then
	quick=1
	shift
fi
ksrc=$(realpath "$1")
patchdir=$(realpath "$2")
here=$(cd "$(dirname "$0")" && pwd)
frags=("$patchdir/guest.config" "$patchdir/pfstat.config")
frags_n=("$patchdir/guest.config" "$patchdir/nopfstat.config")
. "$here/../tests/lib/tap.sh"

# build DESCRIPTION LOG TREE OBJ FRAGMENT...: one result, configure and
# build TREE into OBJ; the end of LOG when it fails.
build() {
	local what=$1 log=$2 tree=$3 obj=$4
	shift 4
	bash "$here/kernel-config.sh" "$tree" "$obj" "$@" > "$log" 2>&1 &&
		bash "$here/kernel-build.sh" "$tree" "$obj" >> "$log" 2>&1
	tap_result $? "$what" "$(tail -20 "$log")" "log: $log"
}

patches=$(grep -v '^#' "$patchdir/series")

# checkpatch --strict, patch by patch (checkpatch-series.sh says what
# "clean" allows: only the EM()/EMe() idiom's known false positives).
checkpatch_all() {
	local p out rc
	for p in $patches; do
		out=$(bash "$here/checkpatch-series.sh" "$ksrc" "$patchdir/$p")
		rc=$?
		echo "$out" | grep -v '^# checkpatch total:'
		tap_result $rc "checkpatch --strict $p: $(echo "$out" | sed -n 's/^# checkpatch //p')"
	done
}

# pfstat() in every architecture's syscall table.
syscall_tables() {
	local missing
	missing=$(cd "$ksrc" && for t in scripts/syscall.tbl $(git ls-files 'arch/*syscall*.tbl'); do
		grep -qP '^\d+\s+\S+\s+pfstat\s' "$t" || echo "$t"
	done)
	tap_result $([ -z "$missing" ]; echo $?) "pfstat() in every syscall table${missing:+; missing from: $(echo $missing)}"
}

if [ $quick = 1 ]; then
	kobj=$(realpath -m "$3")
	tap_plan $(($(echo $patches | wc -w) + 2))
	checkpatch_all
	syscall_tables
	# kbuild's prepare runs "$(CC) $(c_flags)" through checksyscalls.sh
	# in the object directory, with the flags of the top-level Kbuild:
	# the ones it compiled arch/x86/kernel/asm-offsets.s with, saved in
	# its .cmd file, less that file's own (dependency file, KBUILD_*
	# names, -S -o OUT SRC).  No make: nothing in KOBJ changes.
	cmdf=$kobj/arch/x86/kernel/.asm-offsets.s.cmd
	flags=$(sed -n 's/^savedcmd_[^ ]* := //p' "$cmdf" 2>/dev/null |
		sed -E 's/ -Wp,-MMD,[^ ]+//; s/ -D_?_?KBUILD_[A-Z]+=[^ ]+//g; s/ -fverbose-asm//; s/ -S -o [^ ]+ [^ ]+$//')
	if [ -z "$flags" ]; then
		out="no C flags in $cmdf: run make kernel first"
		rc=1
	else
		# shellcheck disable=SC2086 # the flags are words
		out=$(cd "$kobj" && sh "$ksrc/scripts/checksyscalls.sh" $flags 2>&1)
		rc=$?
	fi
	[ -z "$out" ] || echo "$out" | sed 's/^/# /'
	tap_result $([ $rc = 0 ] && [ -z "$out" ]; echo $?) \
		"scripts/checksyscalls.sh (x86_64, $(basename "$kobj")) ran and has nothing to say"
	tap_finish
fi

work=$(realpath -m "$3")
rootfs=$(realpath "$4")
mkdir -p "$work"
commits=$(git -C "$ksrc" rev-list --reverse pfstat-base..pfstat)
# checkpatch and a build per patch, then 7 checks of the whole series.
tap_plan $(($(echo $patches | wc -w) + $(echo $commits | wc -w) + 7))

# 1. checkpatch --strict, patch by patch.
checkpatch_all

# 2. The tree builds after every patch.
# Laid out as build/linux and build/obj are, so ccache hits across them.
tree=$work/linux
if [ ! -e "$tree/.git" ]; then
	git -C "$ksrc" worktree prune
	git -C "$ksrc" worktree add -q --detach "$tree" pfstat-base
fi
for c in $commits; do
	git -C "$tree" checkout -q --detach "$c"
	build "builds after: $(git -C "$ksrc" log -1 --format=%s "$c")" \
		"$work/build-$c.log" "$tree" "$work/obj" "${frags[@]}"
done

# 3. CONFIG_PFSTAT=n, and W=1 on our own object.
build "builds with CONFIG_PFSTAT=n" "$work/build-nopfstat.log" \
	"$ksrc" "$work/obj-nopfstat" "${frags_n[@]}"
left=$(nm "$work/obj-nopfstat/vmlinux" 2>/dev/null | grep -E ' (__pfstat_trace|pfstat_free|pfstat_fork|__do_sys_pfstat)$')
tap_result $([ -f "$work/obj-nopfstat/vmlinux" ] && [ -z "$left" ]; echo $?) "CONFIG_PFSTAT=n compiles every hook away${left:+: $left}"
"$here/../tests/qemu-run.sh" -k "$work/obj-nopfstat/arch/x86/boot/bzImage" -i "$rootfs" \
	-r "$work/nopfstat-guest" -t 300 -a "pfstat.run=tests pfstat.tests=nopfstat_enosys_test" > "$work/nopfstat-guest.log" 2>&1
grep -q '^ok 1 ' "$work/nopfstat-guest/nopfstat_enosys_test.tap" 2>/dev/null
rc=$?
[ $rc = 0 ] || tail -20 "$work/nopfstat-guest.log" | sed 's/^/# /'
tap_result $rc "pfstat() is ENOSYS on the CONFIG_PFSTAT=n kernel (guest)"

log=$work/w1.log
rm -f "$work/obj/mm/pfstat.o"
make -s -C "$tree" O="$work/obj" ARCH=x86_64 CC="ccache gcc" W=1 mm/pfstat.o > "$log" 2>&1
[ -s "$log" ] && sed 's/^/# /' "$log"
tap_result $([ ! -s "$log" ] && [ -f "$work/obj/mm/pfstat.o" ]; echo $?) "mm/pfstat.o builds with W=1 and no warning"

# 4. The system call in every architecture's table, checksyscalls silent.
syscall_tables
# kbuild's prepare runs scripts/checksyscalls.sh every time (V=1 shows it).
log=$work/checksyscalls.log
make -C "$tree" O="$work/obj" ARCH=x86_64 CC="ccache gcc" prepare V=1 > "$log" 2>&1
rc=$?
grep 'not implemented' "$log" | sed 's/^/# /'
tap_result $([ $rc = 0 ] && grep -q 'checksyscalls\.sh' "$log" &&
	! grep -q 'syscall pfstat not implemented' "$log"; echo $?) \
	"scripts/checksyscalls.sh ran and says nothing of pfstat (x86_64; log: $log)"

# 5. The selftests build as kselftest builds them.
log=$work/selftests.log
make -s -C "$ksrc" O="$work/obj-nopfstat" ARCH=x86_64 INSTALL_HDR_PATH="$work/headers" headers_install > "$log" 2>&1
rm -rf "$work/kselftest"
# Every program the selftests' own Makefile lists.
progs=$(sed -n 's/^TEST_GEN_PROGS *:= *//p' "$ksrc/tools/testing/selftests/pfstat/Makefile")
nprogs=$(echo $progs | wc -w)
if make -C "$ksrc/tools/testing/selftests" TARGETS=pfstat O="$work/kselftest" \
	KHDR_INCLUDES="-isystem $work/headers/include" >> "$log" 2>&1; then
	built=$(cd "$work/kselftest/kselftest/pfstat" 2>/dev/null && ls $progs 2>/dev/null | wc -l)
else
	built=0
	tail -20 "$log" | sed 's/^/# /'
fi
tap_result $([ "$nprogs" -gt 0 ] && [ "$built" = "$nprogs" ]; echo $?) \
	"selftests/pfstat build with make TARGETS=pfstat ($built of $nprogs programs; log: $log)"

tap_summary
tap_finish
