#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# After a guest run: the kernel log the guest saved holds no report of a
# kernel bug -- BUG, WARNING, Oops, KASAN, KFENCE, UBSAN, lockdep, atomic
# sleep, list corruption, hung task, RCU stall, kmemleak -- and, when the
# debug kernel's kmemleak report was saved beside it (kmemleak.txt, see
# rootfs/run-tests), that report is empty.
#
# Each pattern is the header line the kernel prints for one kind of report,
# so a report fails the check wherever it appears.  A bare "Call Trace" is
# not one: the OOM killer prints it too, and stress_oom_test makes the OOM
# killer run on purpose.
#
# Usage: dmesg-clean.sh DMESG.txt [KMEMLEAK.txt]
#   KMEMLEAK.txt defaults to kmemleak.txt in the directory of DMESG.txt.

dmesg=$1
kmemleak=${2:-$(dirname "$1")/kmemleak.txt}

patterns=(
	'BUG:'				# BUG: KASAN/KFENCE/sleeping function/...
	'kernel BUG at'			# BUG_ON(), VM_BUG_ON()
	'WARNING:'			# WARN_ON(), lockdep, RCU, refcount
	'Oops'
	'general protection fault'
	'Kernel panic'
	'KASAN:'
	'KFENCE:'
	'UBSAN:'
	'possible (circular|recursive) locking'
	'inconsistent lock state'
	'suspicious RCU usage'
	'bad unlock balance'
	'held lock freed'
	'lock held when returning to user space'
	'DEBUG_LOCKS_WARN_ON'
	'sleeping function called from invalid context'
	'scheduling while atomic'
	'list_(add|del) corruption'
	'list_add double add'
	'refcount_t: '
	'Bad (page state|page map|rss-counter)'
	'INFO: task .* blocked for more than'
	'detected stalls?'		# RCU stalls
	'soft lockup|hard LOCKUP'
	'unreferenced object'
	'kmemleak: [0-9]+ new suspected memory leaks'
	'kmemleak: .*(disabled|Cannot allocate)'	# the leak check stopped
)
regex=$(IFS='|'; echo "${patterns[*]}")

echo "TAP version 13"
if [ -f "$kmemleak" ]; then echo "1..2"; else echo "1..1"; fi

if [ ! -f "$dmesg" ]; then
	echo "not ok 1 guest dmesg is clean # no $dmesg"
else
	bad=$(grep -nE -A3 "$regex" "$dmesg")
	ooms=$(grep -c 'Out of memory: Killed process' "$dmesg")
	[ "$ooms" = 0 ] || echo "# $ooms OOM kill(s): not a failure, stress_oom_test asks for them"
	if [ -z "$bad" ]; then
		echo "ok 1 guest dmesg is clean ($(wc -l < "$dmesg") lines)"
	else
		echo "$bad" | head -40 | sed 's/^/# /'
		echo "not ok 1 guest dmesg is clean ($(grep -cE "$regex" "$dmesg") report lines, see $dmesg)"
	fi
fi

if [ -f "$kmemleak" ]; then
	leaks=$(grep -c 'unreferenced object' "$kmemleak")
	if [ "$leaks" = 0 ]; then
		echo "ok 2 kmemleak found no leak ($kmemleak)"
	else
		head -40 "$kmemleak" | sed 's/^/# /'
		echo "not ok 2 kmemleak found no leak ($leaks unreferenced objects, see $kmemleak)"
	fi
fi
