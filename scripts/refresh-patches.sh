#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Regenerate kernel-patches/ from the kernel tree's "pfstat" branch: one
# git format-patch file per commit since pfstat-base, a cover letter made
# from kernel-patches/cover-letter.txt that records the exact base, and the
# quilt "series" file.  A "Version: N" line in cover-letter.txt gives the
# version every subject and file name carries ("[PATCH v2 1/8]").
# Patches are never edited by hand: change the
# commits in the tree (git commit --amend, git rebase -i) and run this.
#
# Usage: refresh-patches.sh KSRC PATCHDIR

set -euo pipefail

ksrc=$(realpath "$1")
patchdir=$(realpath "$2")
die() { echo "refresh-patches: error: $*" >&2; exit 1; }

git -C "$ksrc" rev-parse --git-dir >/dev/null 2>&1 || die "$ksrc is not a kernel git tree: run 'make kernel' first"
[ "$(git -C "$ksrc" rev-parse --abbrev-ref HEAD)" = pfstat ] || die "$ksrc is not on branch pfstat"
if [ -n "$(git -C "$ksrc" status --porcelain --untracked-files=no)" ]; then
	die "$ksrc has uncommitted changes: commit them first (new files need 'git add -f': Debian's .gitignore ignores everything)"
fi
[ -f "$patchdir/cover-letter.txt" ] || die "$patchdir/cover-letter.txt is missing"

base=$(git -C "$ksrc" log -1 --format=%s pfstat-base)
n=$(git -C "$ksrc" rev-list --count pfstat-base..pfstat)
[ "$n" -gt 0 ] || die "no commits on pfstat since pfstat-base"

# The version: "Version: N" in cover-letter.txt (1 when absent).
version=$(sed -n 's/^Version: *\([0-9]*\)$/\1/p' "$patchdir/cover-letter.txt")
version=${version:-1}
vopt=()
[ "$version" -gt 1 ] && vopt=(-v "$version")

# The cover letter: subject and body from cover-letter.txt, then the base.
desc=$(grep -v '^Version:' "$patchdir/cover-letter.txt"; printf '\nBase: %s\n' "$base")
git -C "$ksrc" config branch.pfstat.description "$desc"

rm -f "$patchdir"/[0-9][0-9][0-9][0-9]-*.patch "$patchdir"/v[0-9]*-[0-9][0-9][0-9][0-9]-*.patch
git -C "$ksrc" format-patch -q "${vopt[@]}" --cover-letter --cover-from-description=subject \
	--base=pfstat-base --zero-commit --no-signature -o "$patchdir" pfstat-base..pfstat
(cd "$patchdir" && ls *[0-9][0-9][0-9][0-9]-*.patch | grep -v -- '0000-cover-letter\.patch$' > series)

# The tree now holds exactly this series: make kernel must not re-apply it.
# (In a worktree of the tree, .git is a file: its own git directory.)
bash "$(dirname "$0")/series-hash.sh" "$patchdir" > "$(git -C "$ksrc" rev-parse --absolute-git-dir)/pfstat-applied"
echo "refresh-patches: v$version, $n patches and a cover letter in $patchdir (base: $base)"
