#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Count TAP results and print the closing line "N passed, N failed[, N skipped]".
#
# Each FILE.tap is a TAP stream (kselftest_harness output or our shell
# tests, tests/lib/tap.sh) and FILE.rc, beside it, the exit status of
# what wrote it.  Only top-level result lines count ("ok N", "not ok N";
# "# SKIP" marks a skip; a plan "1..0 # SKIP REASON" is one skip).  What
# cannot be seen is a failure, one each, named with the file and why:
#   - a missing FILE.tap;
#   - a stream with no plan and no results (an empty file);
#   - a stream with results but no plan "1..N", or more than one plan;
#   - a plan that does not match the results seen (a truncated stream, a
#     trailing plan that does not add up);
#   - a "Bail out!" line;
#   - a missing or unreadable FILE.rc;
#   - a non-zero FILE.rc with no failure line (but 4, kselftest's
#     KSFT_SKIP, from a stream that skipped and failed nothing).
# So a lost result can never pass.  The skipped results are listed too,
# with their reasons.
#
# Usage: tap-summary.sh FILE.tap...
# Exit status: 0 when nothing failed, 1 otherwise.

# failed WHY: one more failure of file $f, said on stderr.
failed() {
	echo "not ok - $name: $* ($f)" >&2
	fl=$((fl + 1))
}

pass=0 fail=0 skip=0
for f in "$@"; do
	name=$(basename "$f" .tap)
	if [ ! -f "$f" ]; then
		echo "not ok - $name: no result file $f" >&2
		fail=$((fail + 1))
		continue
	fi
	read -r p fl sk plans plan seen bail < <(awk -v name="$name" '
		/^ok [0-9]+/ && /# [Ss][Kk][Ii][Pp]/ {
			sk++; seen++
			print "skip - " name ": " substr($0, 4) > "/dev/stderr"
			next
		}
		/^ok [0-9]+/ { p++; seen++; next }
		/^not ok [0-9]+/ {
			fl++; seen++
			print "not ok - " name ": " substr($0, 8) > "/dev/stderr"
			next
		}
		/^1\.\.[0-9]+[ \t]*(#.*)?$/ {
			plans++
			plan = substr($0, 4) + 0
			if (plan == 0 && $0 ~ /#[ \t]*[Ss][Kk][Ii][Pp]/) {
				sk++
				print "skip - " name ": " $0 > "/dev/stderr"
			}
			next
		}
		/^Bail out!/ {
			bail++
			print "not ok - " name ": " $0 > "/dev/stderr"
		}
		END { printf "%d %d %d %d %d %d %d\n", p, fl, sk, plans, plan, seen, bail }' "$f")

	[ "$bail" = 0 ] || fl=$((fl + 1))
	if [ "$plans" = 0 ] && [ "$seen" = 0 ]; then
		if [ -s "$f" ]; then
			failed "no TAP plan and no results"
		else
			failed "empty TAP file"
		fi
	elif [ "$plans" = 0 ]; then
		failed "no TAP plan (1..N) with its $seen results"
	elif [ "$plans" != 1 ]; then
		failed "$plans TAP plans in one stream"
	elif [ "$seen" -lt "$plan" ]; then
		failed "truncated: plan 1..$plan but only $seen results"
	elif [ "$seen" != "$plan" ]; then
		failed "plan 1..$plan but $seen results"
	fi

	rcf=${f%.tap}.rc
	rc=$(cat "$rcf" 2>/dev/null)
	if [ ! -f "$rcf" ]; then
		failed "no exit status: $rcf is missing"
	elif ! [[ $rc =~ ^[0-9]+$ ]]; then
		failed "unreadable exit status '$rc' in $rcf"
	elif [ "$rc" = 4 ] && [ "$sk" -gt 0 ] && [ "$fl" = 0 ]; then
		:	# KSFT_SKIP, and its skips are counted
	elif [ "$rc" != 0 ] && [ "$fl" = 0 ]; then
		failed "exit status $rc with no failed result"
	fi
	pass=$((pass + p)) fail=$((fail + fl)) skip=$((skip + sk))
done
if [ "$skip" -gt 0 ]; then
	echo "$pass passed, $fail failed, $skip skipped"
else
	echo "$pass passed, $fail failed"
fi
[ "$fail" = 0 ]
