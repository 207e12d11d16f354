# SPDX-License-Identifier: GPL-2.0
#
# The guest initramfs, rebuilt only when one of its inputs changed.
# Called by the top-level Makefile with OUT and GTESTS set.

GUEST_BINS := $(sort $(wildcard $(GTESTS)/*))
GUEST_PROGS := $(sort $(wildcard $(GBINS)/*))
EXTRA ?=
# The guest's busybox-static: the host's, or another architecture's
# (tests/arm64.mk).
BUSYBOX ?=
# The shell tests' helpers, beside them: tests/NAME sources ../lib/*.sh.
TEST_LIBS := $(sort $(wildcard tests/lib/*.sh))

INPUTS := rootfs/init rootfs/run-tests rootfs/hostrun rootfs/trace-cmd rootfs/mkrootfs.sh rootfs/rootfs.mk \
	$(GUEST_BINS) $(GUEST_PROGS) $(TEST_LIBS) $(foreach e,$(EXTRA),$(firstword $(subst :, ,$(e)))) \
	$(or $(BUSYBOX),$(wildcard /bin/busybox))

$(OUT): $(INPUTS)
	@echo "rootfs: building $@"
	@bash rootfs/mkrootfs.sh -o $@ $(if $(BUSYBOX),-b $(BUSYBOX)) \
		-a rootfs/run-tests /usr/libexec/pfstat/run-tests \
		-a rootfs/hostrun /usr/bin/hostrun \
		-a rootfs/trace-cmd /usr/bin/trace-cmd \
		$(foreach t,$(GUEST_BINS),-a $(t) /usr/libexec/pfstat/tests/$(notdir $(t))) \
		$(foreach t,$(GUEST_PROGS),-a $(t) /usr/libexec/pfstat/bin/$(notdir $(t))) \
		$(foreach t,$(TEST_LIBS),-a $(t) /usr/libexec/pfstat/lib/$(notdir $(t))) \
		$(foreach e,$(EXTRA),-a $(subst :, ,$(e)))
