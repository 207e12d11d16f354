#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install what pfstat's build and tests need from Debian's packages, only
# the ones missing.  "make deps" runs this; every other target depends on
# it, so a new machine needs no manual step.

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
