# SPDX-License-Identifier: GPL-2.0
#
# "make test-debug": the whole guest suite on the debug kernel (KASAN,
# KFENCE, lockdep, atomic-sleep checks, kmemleak, DEBUG_VM, DEBUG_LIST:
# kernel-patches/debug.config), the stress and fuzz tests run longer, and
# then the kernel log and the kmemleak report must be clean.  Ends with the
# same "N passed, N failed" line as "make test".
#
# Included by the top-level Makefile.

DEBUG_RESULTS		:= $(B)/test-debug-results
# Seconds per stress test, calls per fuzz test (make test: 4 and 4000).
DEBUG_STRESS_SECONDS	?= 60
DEBUG_FUZZ_ITERATIONS	?= 10000
# KASAN and lockdep under TCG make everything several times slower: the
# limit per guest test (rootfs/run-tests) and for the whole boot.
DEBUG_TEST_TIMEOUT	?= 1800
DEBUG_GUEST_TIMEOUT	?= 7200

.PHONY: test-debug

# tests/run-tests.sh with the debug settings: only what boots this kernel
# (-k), no suites with guests of their own (-n); its host checks include
# the clean dmesg and kmemleak report.
test-debug: kernel-debug rootfs
	@echo "=== PFSTAT_STRESS_SECONDS=$(DEBUG_STRESS_SECONDS) PFSTAT_FUZZ_ITERATIONS=$(DEBUG_FUZZ_ITERATIONS), up to $(DEBUG_GUEST_TIMEOUT) s ==="
	@bash tests/run-tests.sh -k -n -t $(DEBUG_GUEST_TIMEOUT) \
		-a "PFSTAT_STRESS_SECONDS=$(DEBUG_STRESS_SECONDS) PFSTAT_FUZZ_ITERATIONS=$(DEBUG_FUZZ_ITERATIONS) PFSTAT_TEST_TIMEOUT=$(DEBUG_TEST_TIMEOUT)" \
		$(DEBUG_RESULTS) $(BZIMAGE_DEBUG) $(ROOTFS) $(KOBJ_DEBUG) $(GTESTS) $(PLUGINS)
