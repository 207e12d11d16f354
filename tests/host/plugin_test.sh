#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The libtraceevent plugin (trace-plugins/): its unit tests ("make check")
# and its fuzz pass under ASan/UBSan ("make fuzz"), as one TAP stream with
# one plan.  Builds into build/trace-plugins; installs nothing.
#
# Each part's results are renumbered into the combined stream.  A part
# that fails to build, crashes or loses results (fewer results than its
# own plan) adds a "not ok" line of its own, so a lost result can never
# pass.  Compiler and sanitizer output is kept as "#" diagnostics.
#
# Needs gcc, make, pkg-config and libtraceevent-dev ("make deps").
# Exit status: 0 when every result passed, 1 otherwise.

top=$(cd "$(dirname "$0")/../.." && pwd)
out=$top/build/trace-plugins

lines=()	# the combined results and diagnostics, numbered later
failed=0

run_part() {
	local target=$1 log rc plan seen part_failed=0
	local line

	log=$(make -s -C "$top/trace-plugins" "$target" OUT="$out" 2>&1)
	rc=$?
	plan=0
	seen=0
	while IFS= read -r line; do
		case $line in
		"ok "[0-9]*|"not ok "[0-9]*)
			[[ $line == "not ok "* ]] && part_failed=1
			# Drop the part's own number: "ok 3 - x" -> "ok - x".
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
			# make's and the compiler's own output
			[ -n "$line" ] && lines+=("# $target: $line")
			;;
		esac
	done <<<"$log"
	if [ "$seen" != "$plan" ] || [ "$plan" = 0 ]; then
		lines+=("not ok - make $target: plan 1..$plan but $seen results (exit $rc)")
		part_failed=1
	elif [ "$rc" != 0 ] && [ "$part_failed" = 0 ]; then
		lines+=("not ok - make $target exited with status $rc")
		part_failed=1
	fi
	[ "$part_failed" = 0 ] || failed=1
}

run_part check
run_part fuzz

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
