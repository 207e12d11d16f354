#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Make $OBJ/.config: tinyconfig (or, with --base, a distribution's config
# with every module turned off by mod2noconfig), the given fragments
# merged on top, then olddefconfig.  Every option a fragment asks for must survive olddefconfig
# (an unmet dependency silently drops it): the ones that did not are named
# and the build fails.  Nothing is redone while the fragments and the
# kernel tree's HEAD are unchanged, so an unchanged tree is not rebuilt.
#
# Usage: kernel-config.sh [--base CONFIG[.xz]] KSRC OBJ FRAGMENT...
# PFSTAT_ARCH (scripts/arch.sh) picks the architecture, x86_64 by default.

set -euo pipefail
. "$(dirname "$0")/arch.sh"

base=
if [ "${1:-}" = --base ]; then
	base=$(realpath "$2")
	shift 2
fi
ksrc=$(realpath -m "$1")
obj=$(realpath -m "$2")
shift 2
frags=("$@")
stamp=$obj/.pfstat-config-inputs

die() { echo "kernel-config: error: $*" >&2; exit 1; }

mkdir -p "$obj"
inputs=$( (git -C "$ksrc" rev-parse HEAD; [ "$karch" = x86_64 ] || echo "$karch"; cat "${frags[@]}"; [ -z "$base" ] || xz -dcf "$base") |
	sha1sum | cut -d' ' -f1)
if [ -f "$obj/.config" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$inputs" ]; then
	exit 0
fi

if [ -n "$base" ]; then
	echo "kernel-config: $base, modules off, + ${frags[*]} -> $obj/.config"
	xz -dcf "$base" > "$obj/.config"
	make -s -C "$ksrc" O="$obj" "${kmake[@]}" olddefconfig >/dev/null
	make -s -C "$ksrc" O="$obj" "${kmake[@]}" mod2noconfig >/dev/null
else
	echo "kernel-config: tinyconfig + ${frags[*]} -> $obj/.config"
	make -s -C "$ksrc" O="$obj" "${kmake[@]}" tinyconfig >/dev/null
fi
"$ksrc/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" "${frags[@]}" >/dev/null
make -s -C "$ksrc" O="$obj" "${kmake[@]}" olddefconfig >/dev/null

missing=()
while read -r line; do
	case "$line" in
	CONFIG_*=*)
		grep -qxF "$line" "$obj/.config" || missing+=("$line (got: $(grep -E "^(# )?${line%%=*}[= ]" "$obj/.config" || echo 'absent'))")
		;;
	"# CONFIG_"*" is not set")
		opt=${line#\# }
		opt=${opt%% *}
		grep -q "^$opt=" "$obj/.config" && missing+=("$line (got: $(grep "^$opt=" "$obj/.config"))")
		;;
	esac
done < <(cat "${frags[@]}")

if [ ${#missing[@]} -gt 0 ]; then
	rm -f "$stamp"
	echo "kernel-config: error: these options did not survive olddefconfig (unmet dependencies?):" >&2
	printf '  %s\n' "${missing[@]}" >&2
	exit 1
fi
echo "$inputs" > "$stamp"
