#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The harness's own test of tests/tap-summary.sh, which adds every TAP
# stream of make test up: what it cannot see must fail, by name and with
# the reason.  One check per case: an empty file, a stream with no plan,
# a truncated one, a trailing plan that does not match, a missing or
# unreadable FILE.rc, a non-zero FILE.rc with no failure line, a missing
# FILE.tap, a "Bail out!", two plans; and what must pass: a good stream,
# a "# SKIP" counted as a skip, kselftest's whole-file skip (exit 4), a
# failure counted once with its exit status, and tests/lib/tap.sh's own
# streams (one that dies before its plan is complete fails).

here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/lib/tap.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# stream NAME RC [LINE...]: NAME.tap holding the LINEs (none: an empty
# file), NAME.rc holding RC, none when RC is "-".
stream() {
	local name=$1 rc=$2
	shift 2
	: > "$work/$name.tap"
	[ $# = 0 ] || printf '%s\n' "$@" > "$work/$name.tap"
	rm -f "$work/$name.rc"
	[ "$rc" = - ] || echo "$rc" > "$work/$name.rc"
}

# check WHAT RC LINE MESSAGE NAME...: tap-summary.sh on the NAMEs' .tap
# files exits RC, its last line is LINE, and its stderr holds MESSAGE
# (a fixed string; empty: stderr is empty).
check() {
	local what=$1 want_rc=$2 want_line=$3 want_msg=$4 out rc files=() n
	shift 4
	for n in "$@"; do
		files+=("$work/$n.tap")
	done
	out=$(bash "$here/tap-summary.sh" "${files[@]}" 2> "$work/stderr")
	rc=$?
	[ "$rc" = "$want_rc" ] && [ "$(echo "$out" | tail -1)" = "$want_line" ] &&
		if [ -n "$want_msg" ]; then
			grep -qF -- "$want_msg" "$work/stderr"
		else
			[ ! -s "$work/stderr" ]
		fi
	tap_result $? "$what" "expected: exit $want_rc, '$want_line', stderr with '$want_msg'" \
		"got: exit $rc, '$(echo "$out" | tail -1)', stderr:" "$(cat "$work/stderr")"
}

GOOD=("TAP version 13" "1..2" "ok 1 - one" "ok 2 - two")

tap_plan 19

stream good 0 "${GOOD[@]}"
check "a good stream passes, its results counted" 0 "2 passed, 0 failed" "" good

stream skip 0 "TAP version 13" "1..2" "ok 1 - one" \
	"ok 2 - cgroup check # SKIP kernel has no CONFIG_CGROUPS"
check "a SKIP directive counts as a skip, with its reason listed" 0 \
	"1 passed, 0 failed, 1 skipped" "skip - skip: 2 - cgroup check # SKIP kernel has no CONFIG_CGROUPS" skip

stream ksft-skip 4 "TAP version 13" "1..0 # SKIP kernel has no CONFIG_PFSTAT"
check "kselftest's skipped plan (1..0, SKIP) with exit 4 (KSFT_SKIP) is one skip" 0 \
	"0 passed, 0 failed, 1 skipped" "skip - ksft-skip: 1..0 # SKIP kernel has no CONFIG_PFSTAT" ksft-skip

stream empty 0
check "an empty TAP file fails, by name" 1 "0 passed, 1 failed" \
	"not ok - empty: empty TAP file ($work/empty.tap)" empty

stream noresults 0 "TAP version 13" "# nothing ran"
check "a stream with no plan and no results fails" 1 "0 passed, 1 failed" \
	"not ok - noresults: no TAP plan and no results" noresults

stream planless 0 "TAP version 13" "ok 1 - one" "ok 2 - two"
check "a stream with results but no plan fails" 1 "2 passed, 1 failed" \
	"not ok - planless: no TAP plan (1..N) with its 2 results ($work/planless.tap)" planless

stream truncated 0 "TAP version 13" "1..3" "ok 1 - one"
check "a truncated stream (plan 1..3, one result) fails" 1 "1 passed, 1 failed" \
	"not ok - truncated: truncated: plan 1..3 but only 1 results" truncated

stream trailing 0 "TAP version 13" "ok 1 - one" "ok 2 - two" "1..1"
check "a trailing plan that does not match its results fails" 1 "2 passed, 1 failed" \
	"not ok - trailing: plan 1..1 but 2 results" trailing

stream trailing-ok 0 "TAP version 13" "ok 1 - one" "ok 2 - two" "1..2"
check "a trailing plan that matches passes" 0 "2 passed, 0 failed" "" trailing-ok

stream two-plans 0 "TAP version 13" "1..1" "ok 1 - one" "1..1" "ok 1 - one"
check "two plans in one stream fail" 1 "2 passed, 1 failed" \
	"not ok - two-plans: 2 TAP plans in one stream" two-plans

stream norc - "${GOOD[@]}"
check "a missing FILE.rc fails (never read as 0)" 1 "2 passed, 1 failed" \
	"not ok - norc: no exit status: $work/norc.rc is missing" norc

stream badrc "" "${GOOD[@]}"
check "an empty FILE.rc fails" 1 "2 passed, 1 failed" \
	"not ok - badrc: unreadable exit status ''" badrc

stream rc3 3 "${GOOD[@]}"
check "a non-zero FILE.rc with no failure line fails" 1 "2 passed, 1 failed" \
	"not ok - rc3: exit status 3 with no failed result" rc3

stream rc4 4 "${GOOD[@]}"
check "exit 4 (KSFT_SKIP) from a stream that skipped nothing fails" 1 "2 passed, 1 failed" \
	"not ok - rc4: exit status 4 with no failed result" rc4

stream notok 1 "TAP version 13" "1..2" "ok 1 - one" "not ok 2 - two"
check "a failed result fails once, with its exit status" 1 "1 passed, 1 failed" \
	"not ok - notok: 2 - two" notok

stream bail 1 "TAP version 13" "1..2" "ok 1 - one" "Bail out! no host root"
check "a 'Bail out!' fails, with its reason" 1 "1 passed, 2 failed" \
	"not ok - bail: Bail out! no host root" bail

check "a missing FILE.tap fails, and the other files still count" 1 "2 passed, 1 failed" \
	"not ok - missing: no result file $work/missing.tap" good missing

# tests/lib/tap.sh's own streams, each from a shell of its own, with its
# exit status as the .rc.
bash -c '. "$1"; tap_plan 3; tap_result 0 one
	tap_skip two "kernel has no CONFIG_CGROUPS"; tap_result 0 three; tap_finish' \
	sh "$here/lib/tap.sh" > "$work/lib-good.tap"
echo $? > "$work/lib-good.rc"
bash -c '. "$1"; tap_plan 3; tap_result 0 one; exit 0' \
	sh "$here/lib/tap.sh" > "$work/lib-died.tap"
echo $? > "$work/lib-died.rc"
check "tests/lib/tap.sh's stream passes, its skip counted" 0 \
	"2 passed, 0 failed, 1 skipped" "skip - lib-good: 2 - two # SKIP kernel has no CONFIG_CGROUPS" lib-good
check "a tests/lib/tap.sh script that exits before its plan is complete fails" 1 \
	"1 passed, 1 failed" "not ok - lib-died: truncated: plan 1..3 but only 1 results" lib-died

tap_finish
