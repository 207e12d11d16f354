#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What pfstat adds to every task, from the kernels "make bench" boots:
#
#   task_struct   sizeof(struct task_struct) with CONFIG_PFSTAT=y and =n:
#                 the size of the init_task symbol (a struct task_struct)
#                 in each vmlinux
#   pfstat_task   sizeof(struct pfstat_task), the counter block a task gets
#                 on its first entry into pfstat mode, and the kmalloc
#                 bucket it comes from: compiled with the exact command
#                 kbuild used for mm/pfstat.o, printed through an asm
#                 string the way asm-offsets does (no debug info needed)
#
# Usage: struct-sizes.sh KOBJ_PFSTAT_Y KOBJ_PFSTAT_N
# Prints "name value" lines.

set -euo pipefail

[ $# -eq 2 ] || { echo "usage: $0 KOBJ_PFSTAT_Y KOBJ_PFSTAT_N" >&2; exit 2; }
ky=$(realpath "$1")
kn=$(realpath "$2")

init_task_size() {
	local vmlinux=$1/vmlinux size
	[ -f "$vmlinux" ] || { echo "struct-sizes: $vmlinux missing (make kernel kernel-nopfstat)" >&2; exit 1; }
	size=$(nm -S "$vmlinux" | awk '$4 == "init_task" { print $2 }')
	[ -n "$size" ] || { echo "struct-sizes: no init_task symbol in $vmlinux" >&2; exit 1; }
	echo $((16#$size))
}

grep -q '^CONFIG_PFSTAT=y' "$ky/.config" ||
	{ echo "struct-sizes: $ky/.config does not have CONFIG_PFSTAT=y" >&2; exit 1; }
! grep -q '^CONFIG_PFSTAT=y' "$kn/.config" ||
	{ echo "struct-sizes: $kn/.config has CONFIG_PFSTAT=y" >&2; exit 1; }

echo "task_struct_pfstat_y $(init_task_size "$ky")"
echo "task_struct_pfstat_n $(init_task_size "$kn")"

# The counter block is private to mm/pfstat.c: include that file, then
# emit the sizes as asm strings, compiled exactly as mm/pfstat.o was.
cmdfile=$ky/mm/.pfstat.o.cmd
ksrc=$(realpath "$ky/source" 2>/dev/null) ||
	{ echo "struct-sizes: $ky/source: not a kbuild output directory" >&2; exit 1; }
[ -f "$cmdfile" ] || { echo "struct-sizes: $cmdfile missing (make kernel)" >&2; exit 1; }
cmd=$(sed -n '1s/^savedcmd_mm\/pfstat\.o := //p' "$cmdfile")
cmd=${cmd%%;*}
compile="-c -o mm/pfstat.o $ksrc/mm/pfstat.c"
[[ $cmd == *"$compile"* ]] ||
	{ echo "struct-sizes: $cmdfile: no '$compile' in the saved command" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/sizes.c" <<EOF
#include "$ksrc/mm/pfstat.c"
#include <linux/kbuild.h>

void pfstat_bench_sizes(void);
void pfstat_bench_sizes(void)
{
	DEFINE(pfstat_task_size, sizeof(struct pfstat_task));
	DEFINE(pfstat_task_kmalloc_index, kmalloc_index(sizeof(struct pfstat_task)));
	DEFINE(task_struct_pfstat_member, sizeof(((struct task_struct *)0)->pfstat));
}
EOF
cmd=${cmd//-Wp,-MMD,mm\/.pfstat.o.d/}
cmd=${cmd/"$compile"/-S -o $tmp/sizes.s $tmp/sizes.c}
if ! (cd "$ky" && eval "$cmd") > "$tmp/cc.log" 2>&1; then
	echo "struct-sizes: compiling $tmp/sizes.c with mm/pfstat.o's command failed:" >&2
	cat "$tmp/cc.log" >&2
	exit 1
fi
val() { sed -n "s/.*->$1 \\\$\\?\\([0-9]*\\) .*/\\1/p" "$tmp/sizes.s"; }
size=$(val pfstat_task_size)
index=$(val pfstat_task_kmalloc_index)
member=$(val task_struct_pfstat_member)
if [ -z "$size" ] || [ -z "$index" ] || [ -z "$member" ]; then
	echo "struct-sizes: no sizes in the compiler's output $tmp/sizes.s" >&2
	exit 1
fi
# kmalloc_index(): caches 1 and 2 are the 96 and 192 byte ones.
case $index in
1) bucket=96 ;;
2) bucket=192 ;;
*) bucket=$((1 << index)) ;;
esac
echo "task_struct_pfstat_member $member"
echo "pfstat_task $size"
echo "pfstat_task_kmalloc $bucket"
