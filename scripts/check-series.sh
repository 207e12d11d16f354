#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "make check": what a maintainer checks before taking the series.
#   - scripts/checkpatch.pl --strict is clean on every patch;
#   - the tree builds after every patch (a worktree walks the branch);
#   - the whole series builds with CONFIG_PFSTAT=n, with no pfstat code
#     left in vmlinux, and pfstat() is then ENOSYS in the guest;
#   - mm/pfstat.o builds with W=1 and no warning.
# Builds share ccache with "make kernel", so most objects are cache hits.
#
# Usage: check-series.sh KSRC PATCHDIR WORK ROOTFS

set -uo pipefail

ksrc=$(realpath "$1")
patchdir=$(realpath "$2")
work=$(realpath -m "$3")
rootfs=$(realpath "$4")
here=$(cd "$(dirname "$0")" && pwd)
frags=("$patchdir/guest.config" "$patchdir/pfstat.config")
frags_n=("$patchdir/guest.config" "$patchdir/nopfstat.config")
pass=0 fail=0

result() {
	if [ "$1" = 0 ]; then
		pass=$((pass + 1)); echo "ok - $2"
	else
		fail=$((fail + 1)); echo "not ok - $2"
	fi
}

mkdir -p "$work"

# 1. checkpatch --strict, patch by patch.
for p in $(grep -v '^#' "$patchdir/series"); do
	# Debian's python3 has the modules spdxcheck.py needs (python3-ply, -git).
	out=$(cd "$ksrc" && PATH=/usr/bin:$PATH perl scripts/checkpatch.pl --strict --no-color "$patchdir/$p" 2>&1)
	total=$(echo "$out" | grep '^total:')
	echo "$total" | grep -q '^total: 0 errors, 0 warnings, 0 checks'
	rc=$?
	[ $rc = 0 ] || echo "$out" | sed 's/^/# /'
	result $rc "checkpatch --strict $p: $total"
done

# 2. The tree builds after every patch.
tree=$work/tree
if [ ! -e "$tree/.git" ]; then
	git -C "$ksrc" worktree prune
	git -C "$ksrc" worktree add -q --detach "$tree" pfstat-base
fi
for c in $(git -C "$ksrc" rev-list --reverse pfstat-base..pfstat); do
	subj=$(git -C "$ksrc" log -1 --format=%s "$c")
	git -C "$tree" checkout -q --detach "$c"
	log=$work/build-$c.log
	if bash "$here/kernel-config.sh" "$tree" "$work/obj" "${frags[@]}" > "$log" 2>&1 &&
	   bash "$here/kernel-build.sh" "$tree" "$work/obj" >> "$log" 2>&1; then
		result 0 "builds after: $subj"
	else
		tail -20 "$log" | sed 's/^/# /'
		result 1 "builds after: $subj (log: $log)"
	fi
done

# 3. CONFIG_PFSTAT=n, and W=1 on our own object.
log=$work/build-nopfstat.log
if bash "$here/kernel-config.sh" "$ksrc" "$work/obj-nopfstat" "${frags_n[@]}" > "$log" 2>&1 &&
   bash "$here/kernel-build.sh" "$ksrc" "$work/obj-nopfstat" >> "$log" 2>&1; then
	result 0 "builds with CONFIG_PFSTAT=n"
else
	tail -20 "$log" | sed 's/^/# /'
	result 1 "builds with CONFIG_PFSTAT=n (log: $log)"
fi
left=$(nm "$work/obj-nopfstat/vmlinux" 2>/dev/null | grep -E ' (__pfstat_account|pfstat_free|pfstat_fork|__do_sys_pfstat)$')
result $([ -f "$work/obj-nopfstat/vmlinux" ] && [ -z "$left" ]; echo $?) "CONFIG_PFSTAT=n compiles every hook away${left:+: $left}"
"$here/../tests/qemu-run.sh" -k "$work/obj-nopfstat/arch/x86/boot/bzImage" -i "$rootfs" \
	-r "$work/nopfstat-guest" -t 300 -a "pfstat.run=tests pfstat.tests=nopfstat_enosys_test" > "$work/nopfstat-guest.log" 2>&1
grep -q '^ok 1 ' "$work/nopfstat-guest/nopfstat_enosys_test.tap" 2>/dev/null
rc=$?
[ $rc = 0 ] || tail -20 "$work/nopfstat-guest.log" | sed 's/^/# /'
result $rc "pfstat() is ENOSYS on the CONFIG_PFSTAT=n kernel (guest)"

log=$work/w1.log
rm -f "$work/obj/mm/pfstat.o"
make -s -C "$tree" O="$work/obj" ARCH=x86_64 CC="ccache gcc" W=1 mm/pfstat.o > "$log" 2>&1
[ -s "$log" ] && sed 's/^/# /' "$log"
result $([ ! -s "$log" ] && [ -f "$work/obj/mm/pfstat.o" ]; echo $?) "mm/pfstat.o builds with W=1 and no warning"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
