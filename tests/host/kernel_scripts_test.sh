#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The kernel steps fail loudly: a patch that does not apply and a config
# option that olddefconfig drops each stop the build with a message that
# names them.  The patch case runs on a small fake "linux-source" tarball;
# the config case on the real tree in build/linux when it is there.

top=$(cd "$(dirname "$0")/../.." && pwd)
work=$top/build/tests/kernel-scripts
rm -rf "$work"
mkdir -p "$work"
. "$(dirname "$0")/../lib/tap.sh"

tap_plan 5

# A fake source tarball: enough for kernel-tree.sh (make kernelversion).
mkdir -p "$work/src/linux-source-6.12/mm"
printf 'kernelversion:\n\t@echo 6.12.999\n' > "$work/src/linux-source-6.12/Makefile"
printf 'one\ntwo\nthree\n' > "$work/src/linux-source-6.12/mm/file.c"
tar -C "$work/src" -cJf "$work/fake.tar.xz" linux-source-6.12

# A series whose one patch changes a line the tree does not have.
mkdir -p "$work/patches"
cat > "$work/patches/0001-mm-change-four.patch" <<'PATCH'
From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001
From: pfstat developers <pfstat@example.org>
Date: Sat, 1 Jan 2000 00:00:00 +0000
Subject: [PATCH] mm: change four

---
 mm/file.c | 2 +-
 1 file changed, 1 insertion(+), 1 deletion(-)

diff --git a/mm/file.c b/mm/file.c
--- a/mm/file.c
+++ b/mm/file.c
@@ -1,3 +1,3 @@
 one
 two
-four
+five
PATCH
echo 0001-mm-change-four.patch > "$work/patches/series"

out=$(PFSTAT_TARBALL=$work/fake.tar.xz bash "$top/scripts/kernel-tree.sh" "$work/linux" "$work/patches" 2>&1)
rc=$?
tap_result $((rc == 0)) "a patch that does not apply fails kernel-tree.sh (exit $rc)"
echo "$out" | grep -q "error: patch 0001-mm-change-four.patch does not apply"
tap_result $? "... with a message naming the patch"
[ "$(git -C "$work/linux" rev-parse pfstat-base 2>/dev/null)" = "$(git -C "$work/linux" rev-parse HEAD 2>/dev/null)" ]
tap_result $? "... and the tree is left at the base, not half-applied"

if [ -d "$top/build/linux/.git" ]; then
	# CONFIG_PFSTAT depends on MMU: asking for both PFSTAT and !MMU
	# cannot survive olddefconfig.
	printf 'CONFIG_PFSTAT=y\nCONFIG_KSM=y\n# CONFIG_MMU is not set\n' > "$work/bad.config"
	out=$(bash "$top/scripts/kernel-config.sh" "$top/build/linux" "$work/obj" "$work/bad.config" 2>&1)
	rc=$?
	tap_result $((rc == 0)) "a dropped config option fails kernel-config.sh (exit $rc)"
	echo "$out" | grep -q "did not survive olddefconfig" && echo "$out" | grep -q "# CONFIG_MMU is not set (got: CONFIG_MMU=y)"
	tap_result $? "... with a message naming the option"
else
	tap_skip "a dropped config option fails kernel-config.sh" "no kernel tree in build/linux yet"
	tap_skip "... with a message naming the option" "no kernel tree in build/linux yet"
fi
rm -rf "$work"
tap_finish
