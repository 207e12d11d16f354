#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Debian's aarch64 cross compiler, without installing it: the package
# gcc-12-aarch64-linux-gnu (what gcc-aarch64-linux-gnu depends on)
# conflicts with gcc-multilib, which the x86 tests' -m32 build needs, so
# its .deb (and cpp's) are downloaded with apt-get and unpacked into DIR.
# What it needs besides them does not conflict and is installed by
# "scripts/deps.sh arm64": binutils-aarch64-linux-gnu, the C library
# (libc6-dev-arm64-cross) and libgcc (libgcc-12-dev-arm64-cross).
# Then DIR/usr/bin/aarch64-linux-gnu-gcc works from anywhere: gcc finds
# its parts relative to itself, and two links point it at the installed
# ones.  Nothing is done when DIR already holds the same version.
#
# Usage: cross-gcc.sh DIR

set -euo pipefail

dir=$(realpath -m "$1")
triplet=aarch64-linux-gnu
pkgs=(gcc-12-$triplet cpp-12-$triplet)
ver=$(apt-cache policy "${pkgs[0]}" | sed -n 's/^ *Candidate: //p')
[ -n "$ver" ] && [ "$ver" != "(none)" ] ||
	{ echo "cross-gcc: error: apt knows no ${pkgs[0]}" >&2; exit 1; }
if [ "$(cat "$dir/.version" 2>/dev/null)" = "$ver" ] && [ -x "$dir/usr/bin/$triplet-gcc" ]; then
	exit 0
fi

echo "cross-gcc: unpacking ${pkgs[*]} $ver into $dir"
rm -rf "$dir" "$dir.tmp"
mkdir -p "$dir.tmp/debs"
(cd "$dir.tmp/debs" && apt-get download -q "${pkgs[@]/%/=$ver}" 2>&1 | grep -v '^W: Download is performed unsandboxed' || true)
for deb in "$dir.tmp"/debs/*.deb; do
	dpkg-deb -x "$deb" "$dir.tmp"
done
rm -rf "$dir.tmp/debs"
gccdir=$(echo "$dir.tmp/usr/lib/gcc-cross/$triplet"/*)
[ -x "$gccdir/cc1" ] || { echo "cross-gcc: error: no cc1 in the packages" >&2; exit 1; }
# The target's headers, libraries and binutils (as, ld), and libgcc's
# files (libgcc.a, crt*.o, stddef.h), where the relocated gcc looks.
ln -s "/usr/$triplet" "$dir.tmp/usr/$triplet"
for f in "/usr/lib/gcc-cross/$triplet/$(basename "$gccdir")"/*; do
	[ -e "$gccdir/$(basename "$f")" ] || ln -s "$f" "$gccdir/"
done
ln -s "$triplet-gcc-12" "$dir.tmp/usr/bin/$triplet-gcc"
ln -s "$triplet-cpp-12" "$dir.tmp/usr/bin/$triplet-cpp"
echo "$ver" > "$dir.tmp/.version"
mv "$dir.tmp" "$dir"
echo "cross-gcc: $("$dir/usr/bin/$triplet-gcc" --version | head -1)"
