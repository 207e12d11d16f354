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

# The guest list is tests/run-tests.sh's: every guest test but nopfstat_*,
# which need a CONFIG_PFSTAT=n kernel.  The host checks are run-tests.sh's
# too; the checked-in event format is compared with the event ID of this
# kernel, whose extra debug tracepoints shift the IDs.
test-debug: kernel-debug rootfs
	@set -u; out=$(DEBUG_RESULTS); rm -rf "$$out"; mkdir -p "$$out"; \
	names=$$(find $(GTESTS) -maxdepth 1 -type f -executable ! -name 'nopfstat_*' \
		-printf '%f\n' | sort | paste -sd, -); \
	echo "=== debug kernel, guest tests: $$(echo $$names | tr , ' ') ==="; \
	echo "=== PFSTAT_STRESS_SECONDS=$(DEBUG_STRESS_SECONDS) PFSTAT_FUZZ_ITERATIONS=$(DEBUG_FUZZ_ITERATIONS), up to $(DEBUG_GUEST_TIMEOUT) s ==="; \
	bash tests/qemu-run.sh -k $(BZIMAGE_DEBUG) -i $(ROOTFS) -r "$$out/guest" \
		-t $(DEBUG_GUEST_TIMEOUT) -a "pfstat.run=tests pfstat.tests=$$names \
		PFSTAT_STRESS_SECONDS=$(DEBUG_STRESS_SECONDS) \
		PFSTAT_FUZZ_ITERATIONS=$(DEBUG_FUZZ_ITERATIONS) \
		PFSTAT_TEST_TIMEOUT=$(DEBUG_TEST_TIMEOUT)" \
		|| echo "guest run: FAIL (results that are missing count as failures)"; \
	taps=; for n in $$(echo $$names | tr , ' '); do taps="$$taps $$out/guest/$$n.tap"; done; \
	echo; echo "=== host checks of the debug run ==="; \
	bash tests/host/dmesg-clean.sh "$$out/guest/dmesg.txt" > "$$out/dmesg-clean.tap"; \
	bash tests/host/smoke-host.sh "$$out/guest" $(KOBJ_DEBUG) > "$$out/smoke-host.tap"; \
	sed "s/^ID: .*/$$(grep '^ID:' "$$out/guest/mm_pfstat.format")/" \
		$(TOP)/trace-plugins/tests/mm_pfstat.format > "$$out/mm_pfstat.format"; \
	bash tests/host/trace_e2e_host.sh "$$out/guest" $(PLUGINS) \
		"$$out/mm_pfstat.format" > "$$out/trace-e2e-host.tap"; \
	cat "$$out/dmesg-clean.tap" "$$out/smoke-host.tap" "$$out/trace-e2e-host.tap"; \
	echo; echo "=== summary ==="; \
	bash tests/tap-summary.sh $$taps "$$out/dmesg-clean.tap" "$$out/smoke-host.tap" \
		"$$out/trace-e2e-host.tap"
