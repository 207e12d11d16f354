#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# After a guest run: the kernel log the guest saved holds no warning, bug,
# oops, lockdep, KASAN or kmemleak report.
#
# Usage: dmesg-clean.sh DMESG.txt

echo "TAP version 13"
echo "1..1"
if [ ! -f "$1" ]; then
	echo "not ok 1 guest dmesg is clean # no $1"
	exit 0
fi
bad=$(grep -nE 'WARNING:|BUG:|Oops|Call Trace|KASAN|kmemleak|possible recursive locking|circular locking|INFO: task .* blocked' "$1")
if [ -z "$bad" ]; then
	echo "ok 1 guest dmesg is clean ($(wc -l < "$1") lines)"
else
	echo "$bad" | head -20 | sed 's/^/# /'
	echo "not ok 1 guest dmesg is clean"
fi
