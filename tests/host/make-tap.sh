# SPDX-License-Identifier: GPL-2.0
#
# Sourced by host tests that run "make" targets printing TAP and report
# them as one TAP stream with one plan.
#
#   tap_make LABEL MAKE-ARGS...   run make, collect its results
#   tap_finish                    print the stream; exit 0 only if all passed
#
# Each part's results are renumbered into the combined stream.  A part
# that fails to build, crashes or loses results (fewer results than its
# own plan) adds a "not ok" line of its own, so a lost result can never
# pass.  Compiler and sanitizer output is kept as "#" diagnostics.

tap_lines=()	# results and diagnostics, numbered by tap_finish
tap_failed=0

tap_make() {
	local label=$1 log rc plan=0 seen=0 part_failed=0 line
	shift

	log=$(make -s "$@" 2>&1)
	rc=$?
	while IFS= read -r line; do
		case $line in
		"ok "[0-9]*|"not ok "[0-9]*)
			[[ $line == "not ok "* ]] && part_failed=1
			# Drop the part's own number: "ok 3 - x" -> "ok - x".
			[[ $line =~ ^(ok|not\ ok)\ [0-9]+\ ?(.*)$ ]]
			tap_lines+=("${BASH_REMATCH[1]} ${BASH_REMATCH[2]}")
			seen=$((seen + 1))
			;;
		1..[0-9]*)
			plan=${line#1..}
			;;
		"TAP version"*)
			;;
		"#"*)
			tap_lines+=("$line")
			;;
		*)
			# make's and the compiler's own output
			[ -n "$line" ] && tap_lines+=("# $label: $line")
			;;
		esac
	done <<<"$log"
	if [ "$seen" != "$plan" ] || [ "$plan" = 0 ]; then
		tap_lines+=("not ok - $label: plan 1..$plan but $seen results (exit $rc)")
		part_failed=1
	elif [ "$rc" != 0 ] && [ "$part_failed" = 0 ]; then
		tap_lines+=("not ok - $label exited with status $rc")
		part_failed=1
	fi
	[ "$part_failed" = 0 ] || tap_failed=1
}

tap_finish() {
	local line n=0 i=0

	for line in "${tap_lines[@]}"; do
		case $line in
		"ok "*|"not ok "*) n=$((n + 1)) ;;
		esac
	done
	echo "TAP version 13"
	echo "1..$n"
	for line in "${tap_lines[@]}"; do
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
	[ "$tap_failed" = 0 ]
	exit
}
