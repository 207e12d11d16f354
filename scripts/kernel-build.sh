#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build bzImage (arm64: Image) and install the uapi headers in $OBJ with ccache.
# The inputs are fingerprinted (HEAD, uncommitted changes, .config): when
# they match the last build, nothing runs at all, not even kbuild's own
# walk of the tree, which takes longer than a minute here.
#
# Usage: kernel-build.sh KSRC OBJ [HDR]
# PFSTAT_ARCH (scripts/arch.sh) picks the architecture, x86_64 by default.

set -euo pipefail
. "$(dirname "$0")/arch.sh"

ksrc=$(realpath -m "$1")
obj=$(realpath -m "$2")
hdr=${3:+$(realpath -m "$3")}
stamp=$obj/.pfstat-build-inputs
jobs=${JOBS:-$(nproc)}

fingerprint() {
	{
		git -C "$ksrc" rev-parse HEAD
		git -C "$ksrc" diff HEAD
		git -C "$ksrc" ls-files -o --exclude-standard
		cat "$obj/.config"
		echo "$hdr"
	} | sha1sum | cut -d' ' -f1
}

want=$(fingerprint)
if [ -f "$obj/$kimage" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
	echo "kernel-build: $obj is up to date"
	exit 0
fi

export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
# kbuild hands gcc absolute paths.  Relative to the tree's parent they are
# the same for every checkout laid out as PARENT/linux and PARENT/obj*
# (build/ of any clone, make check's worktree): those builds share hits.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$(dirname "$ksrc")}
ccache -M 5G >/dev/null 2>&1 || true
ccache -z >/dev/null 2>&1 || true
start=$(date +%s)
echo "kernel-build: building $ktarget in $obj with ccache, -j$jobs (cold, on 2 cores: about 11 minutes for the small kernel, 9 for the arm64 one, 30 for the distribution one)"
make -s -C "$ksrc" O="$obj" "${kmake[@]}" CC="$kcc" -j"$jobs" "$ktarget"
if [ -n "$hdr" ]; then
	make -s -C "$ksrc" O="$obj" "${kmake[@]}" INSTALL_HDR_PATH="$hdr" headers_install
fi
end=$(date +%s)
echo "kernel-build: $obj/$kimage built in $((end - start)) s ($(ccache -s 2>/dev/null | grep -iE '^ *hits:' | head -1 | sed 's/^ *//'))"
echo "$want" > "$stamp"
