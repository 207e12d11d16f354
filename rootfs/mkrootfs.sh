#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the guest's gzip'd cpio initramfs.
#
# It holds busybox-static, our /init, and whatever the caller adds with
# "-a SRC DEST" (the pfstat tool, the trace plugin, the guest tests), with
# the shared libraries those need (found with ldd, never listed by hand).
# Tracing tools (trace-cmd, perf, bpftrace) are not copied: the guest runs
# the host's through hostrun.
#
# Usage: mkrootfs.sh -o OUT.cpio.gz [-b BUSYBOX] [-a SRC DEST]...
#   -b   the guest's busybox-static, when not the host's (another
#        architecture's: its applets are the host's busybox's list, the
#        same Debian package)

set -euo pipefail

out=
bb=
adds=()
while getopts "o:b:a:" opt; do
	case "$opt" in
	o) out=$OPTARG ;;
	b) bb=$OPTARG ;;
	a) adds+=("$OPTARG" "${!OPTIND}"); OPTIND=$((OPTIND + 1)) ;;
	*) echo "usage: $0 -o OUT.cpio.gz [-b BUSYBOX] [-a SRC DEST]..." >&2; exit 2 ;;
	esac
done
[ -n "$out" ] || { echo "mkrootfs: -o OUT is required" >&2; exit 2; }

here=$(cd "$(dirname "$0")" && pwd)
stage=$(realpath -m "$out").d
rm -rf "$stage"
mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,usr/libexec/pfstat,etc,proc,sys,dev,tmp,root,results}

# Copy a file to the same path in the image, following symlinks.
put() {
	local src=$1 dest=${2:-$1}
	mkdir -p "$stage$(dirname "$dest")"
	cp -L "$src" "$stage$dest"
}

# Copy an ELF file and every shared library it needs, at their own paths.
put_with_libs() {
	local f=$1 dest=${2:-$1} lib
	put "$f" "$dest"
	# "not a dynamic executable" for static files: nothing to add.
	for lib in $(ldd "$f" 2>/dev/null | grep -oE '/[^ ]+' | sort -u); do
		[ -e "$stage$lib" ] || put "$lib"
	done
}

# busybox and its applets.
applets=$(command -v busybox)
bb=${bb:-$applets}
file -L "$bb" 2>/dev/null | grep -q 'statically linked' || {
	echo "mkrootfs: $bb is not static: install busybox-static" >&2
	exit 1
}
put "$bb" /bin/busybox
"$bb" true 2>/dev/null && applets=$bb
for app in $("$applets" --list-full); do
	[ -e "$stage/$app" ] || ln -s /bin/busybox "$stage/$app"
done

# The caller's files: programs get their libraries too.
i=0
while [ $i -lt ${#adds[@]} ]; do
	src=${adds[$i]} dest=${adds[$((i + 1))]}
	i=$((i + 2))
	if file -L "$src" | grep -q ELF; then
		put_with_libs "$src" "$dest"
	else
		put "$src" "$dest"
	fi
done

put "$here/init" /init
chmod 755 "$stage/init"
echo "root:x:0:0:root:/root:/bin/sh" > "$stage/etc/passwd"
echo "nobody:x:65534:65534:nobody:/:/bin/false" >> "$stage/etc/passwd"
echo "root:x:0:" > "$stage/etc/group"
echo "nogroup:x:65534:" >> "$stage/etc/group"

(cd "$stage" && find . -print0 | LC_ALL=C sort -z |
	cpio --null -o -H newc -R 0:0 --quiet) | gzip -1 > "$out.tmp"
mv "$out.tmp" "$out"
echo "mkrootfs: $out ($(du -h "$out" | cut -f1), $(find "$stage" -type f | wc -l) files)"
