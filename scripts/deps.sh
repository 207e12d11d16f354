#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install what pfstat's build and tests need from Debian's packages, only
# the ones missing.  "make deps" runs this; every other target depends on
# it, so a new machine needs no manual step.
#
# "deps.sh arm64" (make test-arm64) also installs the arm64 cross
# compiler, its static C library and qemu-system-aarch64, and makes apt
# know Debian's arm64 packages (dpkg --add-architecture), which
# scripts/foreign-root.sh downloads (busybox-static, perf, bpftrace,
# trace-cmd), never installing them.

set -euo pipefail

pkgs=(
	# the kernel and its build
	linux-source-6.12 linux-config-6.12 gcc make bc bison flex libelf-dev libssl-dev
	xz-utils cpio ccache kmod rsync python3 perl git file
	# checkpatch.pl (spdxcheck.py)
	python3-ply python3-git
	# the guest, and the host tools it runs (rootfs/hostrun)
	qemu-system-x86 busybox-static trace-cmd linux-perf bpftrace
	# user space: the plugin, the tool, 32-bit test builds
	pkg-config libtraceevent-dev libtracefs-dev libtracecmd-dev
	gcc-multilib
	# the plots of "make demo" and "make bench"
	gnuplot-nox
)

arm64=0
if [ "${1:-}" = arm64 ]; then
	arm64=1
	# Not gcc-aarch64-linux-gnu: it conflicts with gcc-multilib (scripts/cross-gcc.sh).
	pkgs+=(binutils-aarch64-linux-gnu libc6-dev-arm64-cross libgcc-12-dev-arm64-cross qemu-system-arm)
fi

# apt must know the arm64 packages before it can download one.
if [ $arm64 = 1 ] && ! dpkg --print-foreign-architectures | grep -qx arm64; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "deps: error: not root; run: sudo dpkg --add-architecture arm64 && sudo apt-get update" >&2
		exit 1
	fi
	echo "deps: dpkg --add-architecture arm64, apt-get update"
	dpkg --add-architecture arm64
	apt-get update -q >/dev/null
fi

missing=()
for p in "${pkgs[@]}"; do
	case "$p" in '#'*) continue ;; esac
	st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$st" = installed ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: installing ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: error: not root; run: sudo apt-get install ${missing[*]}" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
apt-get install -y -q --no-install-recommends "${missing[@]}"
