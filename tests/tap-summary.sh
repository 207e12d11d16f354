#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Count TAP results and print the closing line "N passed, N failed[, N skipped]".
#
# Each FILE is a TAP stream (kselftest_harness output or our shell tests).
# Only top-level result lines count ("ok N", "not ok N"; "# SKIP" marks a
# skip).  A missing file, a plan ("1..N") that does not match the results
# seen, or a FILE.rc holding a non-zero exit status with no failure line
# counts as one failure each, so a lost result can never pass.
#
# Usage: tap-summary.sh FILE.tap...
# Exit status: 0 when nothing failed, 1 otherwise.

pass=0 fail=0 skip=0
for f in "$@"; do
	name=$(basename "$f" .tap)
	if [ ! -f "$f" ]; then
		echo "not ok - $name: no result file $f" >&2
		fail=$((fail + 1))
		continue
	fi
	read -r p fl sk plan seen < <(awk '
		/^ok [0-9]+/ && /# [Ss][Kk][Ii][Pp]/ { sk++; seen++; next }
		/^ok [0-9]+/ { p++; seen++; next }
		/^not ok [0-9]+/ { fl++; seen++; print "not ok - '"$name"': " substr($0, 8) > "/dev/stderr"; next }
		/^1\.\.[0-9]+/ && !plan { plan = substr($0, 4) + 0 }
		END { printf "%d %d %d %d %d\n", p, fl, sk, plan, seen }' "$f")
	if [ "$plan" != "$seen" ]; then
		echo "not ok - $name: plan 1..$plan but $seen results (lost or extra TAP lines)" >&2
		fl=$((fl + 1))
	fi
	rc=$(cat "${f%.tap}.rc" 2>/dev/null || echo 0)
	if [ "$rc" != 0 ] && [ "$fl" = 0 ]; then
		echo "not ok - $name: exit status $rc" >&2
		fl=1
	fi
	pass=$((pass + p)) fail=$((fail + fl)) skip=$((skip + sk))
done
if [ "$skip" -gt 0 ]; then
	echo "$pass passed, $fail failed, $skip skipped"
else
	echo "$pass passed, $fail failed"
fi
[ "$fail" = 0 ]
