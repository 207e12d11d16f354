#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The pfstat command-line tool (debugfs-reader/): its host tests ("make
# check": argument parsing, output formats against fixture debugfs trees,
# pfstat(2) through a preloaded fake, timeline on a recorded trace.dat,
# man pages, install) as one TAP stream with one plan.  Builds into
# build/debugfs-reader; installs nothing.
#
# A build that fails, a crash, or results lost (fewer than the plan the
# tests printed) add a "not ok" line of their own, so a lost result can
# never pass.  Compiler output and anything else is kept as "#" lines.
#
# Needs gcc, make, pkg-config, libtracecmd-dev and trace-cmd ("make deps").
# Exit status: 0 when every result passed, 1 otherwise.

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1

log=$(make -s -C debugfs-reader check OUT="$top/build/debugfs-reader" 2>&1)
rc=$?

lines=()	# results and diagnostics, numbered below
plan=0
seen=0
failed=0
while IFS= read -r line; do
	case $line in
	"ok "[0-9]*|"not ok "[0-9]*)
		[[ $line == "not ok "* ]] && failed=1
		# Drop the tests' own number: "ok 3 - x" -> "ok - x".
		[[ $line =~ ^(ok|not\ ok)\ [0-9]+\ ?(.*)$ ]]
		lines+=("${BASH_REMATCH[1]} ${BASH_REMATCH[2]}")
		seen=$((seen + 1))
		;;
	1..[0-9]*)
		plan=${line#1..}
		;;
	"TAP version"*)
		;;
	"#"*)
		lines+=("$line")
		;;
	*)
		[ -n "$line" ] && lines+=("# make check: $line")
		;;
	esac
done <<<"$log"
if [ "$seen" != "$plan" ] || [ "$plan" = 0 ]; then
	lines+=("not ok - make check: plan 1..$plan but $seen results (exit $rc)")
	failed=1
elif [ "$rc" != 0 ] && [ "$failed" = 0 ]; then
	lines+=("not ok - make check exited with status $rc")
	failed=1
fi

n=0
for line in "${lines[@]}"; do
	case $line in
	"ok "*|"not ok "*)
		n=$((n + 1))
		;;
	esac
done

echo "TAP version 13"
echo "1..$n"
i=0
for line in "${lines[@]}"; do
	case $line in
	"ok "*)
		i=$((i + 1))
		echo "ok $i ${line#ok }"
		;;
	"not ok "*)
		i=$((i + 1))
		echo "not ok $i ${line#not ok }"
		;;
	*)
		echo "$line"
		;;
	esac
done
[ "$failed" = 0 ]
