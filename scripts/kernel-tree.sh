#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Prepare the kernel git tree in $KSRC:
#   1. extract Debian's linux-source-6.12 tarball (once),
#   2. commit it as a deterministic base commit, tagged pfstat-base,
#   3. apply kernel-patches/series on branch "pfstat" with git am.
#
# Step 3 runs only when the series differs from what was last applied, so a
# second run with nothing changed does nothing.  A tree with uncommitted
# changes is never reset: the developer's work in it is not thrown away.
#
# Usage: kernel-tree.sh KSRC PATCHDIR

set -euo pipefail

ksrc=$1
patchdir=$2
tarball=${PFSTAT_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
stamp=$ksrc/.git/pfstat-applied

die() { echo "kernel-tree: error: $*" >&2; exit 1; }
say() { echo "kernel-tree: $*"; }

# The exact base, recorded in the cover letter as "base-commit:".  Git
# objects hash content only, and the base commit is made with fixed
# identity and dates, so the same tarball always gives the same commit.
base_identity() {
	export GIT_AUTHOR_NAME="pfstat base" GIT_AUTHOR_EMAIL="pfstat@localhost"
	export GIT_COMMITTER_NAME="pfstat base" GIT_COMMITTER_EMAIL="pfstat@localhost"
	export GIT_AUTHOR_DATE="2000-01-01T00:00:00Z" GIT_COMMITTER_DATE="2000-01-01T00:00:00Z"
}

if [ ! -d "$ksrc/.git" ]; then
	[ -f "$tarball" ] || die "$tarball not found: run 'make deps' (package linux-source-6.12)"
	pkgver=$(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null || echo unknown)
	rm -rf "$ksrc" "$ksrc.tmp"
	mkdir -p "$ksrc.tmp"
	say "extracting $tarball (linux-source-6.12 $pkgver), about a minute"
	tar -C "$ksrc.tmp" --strip-components=1 -xf "$tarball"
	kver=$(make -s -C "$ksrc.tmp" kernelversion)
	say "making a git tree of Linux $kver, about two minutes"
	base_identity
	git -C "$ksrc.tmp" init -q -b pfstat
	git -C "$ksrc.tmp" config core.looseCompression 1
	git -C "$ksrc.tmp" config gc.auto 0
	git -C "$ksrc.tmp" config user.name "${GIT_USER_NAME:-pfstat developers}"
	git -C "$ksrc.tmp" config user.email "${GIT_USER_EMAIL:-pfstat@example.org}"
	# Debian's .gitignore ignores every top-level path ("/*"): force.
	git -C "$ksrc.tmp" add -A -f
	git -C "$ksrc.tmp" commit -q -m "Linux $kver (Debian linux-source-6.12 $pkgver)"
	git -C "$ksrc.tmp" tag pfstat-base
	mv "$ksrc.tmp" "$ksrc"
	say "base commit $(git -C "$ksrc" rev-parse pfstat-base)"
fi

want=$(bash "$(dirname "$0")/series-hash.sh" "$patchdir")
have=$(cat "$stamp" 2>/dev/null || true)
if [ "$want" = "$have" ]; then
	exit 0
fi

# Check the base the series was made against, recorded by refresh-patches.
cover=$(ls "$patchdir"/*0000-cover-letter.patch 2>/dev/null | head -1 || true)
if [ -n "$cover" ]; then
	rec=$(sed -n 's/^base-commit: //p' "$cover")
	cur=$(git -C "$ksrc" rev-parse pfstat-base)
	if [ -n "$rec" ] && [ "$rec" != "$cur" ]; then
		echo "kernel-tree: WARNING: the series was made on base-commit $rec" >&2
		echo "kernel-tree: WARNING: ($(sed -n 's/^Base: //p' "$cover"))" >&2
		echo "kernel-tree: WARNING: but this tree is $cur ($(git -C "$ksrc" log -1 --format=%s pfstat-base))" >&2
		echo "kernel-tree: WARNING: trying to apply it anyway" >&2
	fi
fi

if [ -n "$(git -C "$ksrc" status --porcelain --untracked-files=no)" ]; then
	die "$ksrc has uncommitted changes; commit them (then 'make refresh-patches') or 'git -C $ksrc stash' before the series is re-applied"
fi

say "applying kernel-patches/series to pfstat-base"
git -C "$ksrc" am --abort >/dev/null 2>&1 || true
git -C "$ksrc" checkout -q -B pfstat pfstat-base
n=0
if [ -f "$patchdir/series" ]; then
	while read -r p; do
		case "$p" in ''|'#'*) continue ;; esac
		[ -f "$patchdir/$p" ] || die "series names $p, which is not in $patchdir"
		if ! git -C "$ksrc" am -q --committer-date-is-author-date "$(realpath "$patchdir/$p")"; then
			git -C "$ksrc" am --abort >/dev/null 2>&1 || true
			die "patch $p does not apply to $(git -C "$ksrc" log -1 --format=%s pfstat-base)"
		fi
		n=$((n + 1))
		say "  applied $p"
	done < "$patchdir/series"
fi
say "$n patches applied"
echo "$want" > "$stamp"
