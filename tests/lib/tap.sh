# SPDX-License-Identifier: GPL-2.0
#
# TAP output for the shell tests, on the host (bash) and in the guest
# (busybox sh): sourced, never run.  Like the kernel's
# tools/testing/selftests/kselftest/ktap_helpers.sh, one result per call:
#
#   tap_plan N                      "TAP version 13" and the plan "1..N"
#   tap_result RC DESCRIPTION [DIAGNOSTIC...]
#                                   ok when RC is 0, else not ok and each
#                                   DIAGNOSTIC as "#" lines
#   tap_skip DESCRIPTION REASON     ok, marked "# SKIP REASON"
#   tap_diag TEXT...                "# TEXT" (every line of it)
#   tap_summary                     "N passed, N failed, N skipped", for a
#                                   script whose TAP no tap-summary.sh reads
#   tap_finish                      exit 0 only when N results ran and all passed;
#                                   without tap_plan, print the plan "1..N"
#                                   of the results that ran (a trailing plan)
#
# tests/tap-summary.sh counts what these print; a script that dies before
# its plan is complete is a failure there, whatever it printed.

tap_n=0
tap_plan_n=
tap_failed=0
tap_skipped=0

tap_plan() {
	tap_plan_n=$1
	echo "TAP version 13"
	echo "1..$1"
}

tap_result() {
	_tap_rc=$1 _tap_what=$2
	shift 2
	tap_n=$((tap_n + 1))
	if [ "$_tap_rc" = 0 ]; then
		echo "ok $tap_n - $_tap_what"
		return 0
	fi
	echo "not ok $tap_n - $_tap_what"
	tap_failed=$((tap_failed + 1))
	for _tap_d in "$@"; do
		[ -n "$_tap_d" ] && tap_diag "$_tap_d"
	done
	return 0
}

tap_skip() {
	tap_n=$((tap_n + 1))
	tap_skipped=$((tap_skipped + 1))
	echo "ok $tap_n - $1 # SKIP $2"
}

tap_diag() {
	printf '%s\n' "$*" | sed 's/^/# /'
}

tap_summary() {
	echo "$((tap_n - tap_failed - tap_skipped)) passed, $tap_failed failed, $tap_skipped skipped"
}

tap_finish() {
	[ -n "$tap_plan_n" ] || { echo "1..$tap_n"; tap_plan_n=$tap_n; }
	if [ "$tap_n" != "$tap_plan_n" ]; then
		tap_diag "planned $tap_plan_n results, ran $tap_n"
		exit 1
	fi
	[ "$tap_failed" = 0 ] && exit 0
	exit 1
}
