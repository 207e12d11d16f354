#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Make DIR a root directory of another architecture's Debian programs, for
# a guest of that architecture to run as its host's (tests/qemu-run.sh
# shares it as "hostroot", rootfs/hostrun chroots into it).  An x86 host's
# own perf, bpftrace and trace-cmd do not run in an arm64 guest; Debian's
# arm64 builds of them do.
#
# The packages and every package they depend on are downloaded and
# unpacked (dpkg-deb -x), never installed: apt resolves them as if for an
# empty arm64 system, so nothing of the host's dpkg state is used or
# changed.  DIR is made again only when the package list or this script
# changes.  The architecture must be known to apt (scripts/deps.sh arm64
# adds it).
#
# Usage: foreign-root.sh ARCH DIR PACKAGE...

set -euo pipefail

[ $# -ge 3 ] || { echo "usage: $0 ARCH DIR PACKAGE..." >&2; exit 2; }
arch=$1
dir=$(realpath -m "$2")
shift 2
pkgs=("$@")
stamp=$dir.stamp
want=$( { echo "$arch ${pkgs[*]}"; cat "$0"; } | sha1sum | cut -d' ' -f1)

if [ -d "$dir" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
	echo "foreign-root: $dir is up to date"
	exit 0
fi
say() { echo "foreign-root: $*"; }
die() { echo "foreign-root: error: $*" >&2; exit 1; }

dpkg --print-foreign-architectures | grep -qx "$arch" ||
	die "apt does not know $arch packages (dpkg --add-architecture $arch && apt-get update)"

rm -rf "$dir" "$dir.debs" "$stamp"
mkdir -p "$dir.debs"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
: > "$tmp/status"

# What apt would install on an empty system of ARCH: "Inst NAME (VERSION
# ORIGIN [ARCH])" lines, the closure of the packages' dependencies.
say "resolving ${pkgs[*]} for $arch"
apt-get -s -q -o Dir::State::status="$tmp/status" -o APT::Architecture="$arch" \
	-o APT::Install-Recommends=false install "${pkgs[@]/%/:$arch}" > "$tmp/sim" 2>&1 ||
	die "apt-get cannot resolve them: $(tail -n 3 "$tmp/sim")"
sed -nE 's/^Inst ([^ ]+) \(([^ ]+) .*\[([a-z0-9]+)\]\).*/\1:\3=\2/p' "$tmp/sim" > "$tmp/list"
[ -s "$tmp/list" ] || die "apt-get resolved nothing: $(tail -n 3 "$tmp/sim")"

want_n=$(wc -l < "$tmp/list")
say "downloading $want_n packages into $dir.debs"
(cd "$dir.debs" && xargs apt-get download -qq < "$tmp/list") > "$tmp/download" 2>&1 ||
	die "apt-get download failed: $(grep -v unsandboxed "$tmp/download" | tail -n 3)"
n=$(find "$dir.debs" -name '*.deb' | wc -l)
[ "$n" = "$want_n" ] || die "downloaded $n of $want_n packages into $dir.debs"

say "unpacking them into $dir"
for deb in "$dir.debs"/*.deb; do
	dpkg-deb -x "$deb" "$dir" || die "dpkg-deb -x $deb failed"
done
# hostrun mounts the guest's file systems here.
mkdir -p "$dir"/{proc,sys,dev,tmp}
chmod 1777 "$dir/tmp"
rm -rf "$dir.debs"
echo "$want" > "$stamp"
say "$dir: $n packages, $(du -sh "$dir" | cut -f1)"
