# SPDX-License-Identifier: GPL-2.0
#
# "make test-arm64" (or "make test ARCH=arm64"): the series, the guest
# tests and the pfstat tool on arm64, booted under qemu-system-aarch64 -M
# virt (TCG).  Everything is cross-built into build/ beside the x86
# outputs, which it does not touch:
#
#   build/obj-arm64            the kernel: tinyconfig + guest-arm64.config
#                              + guest-arm64-4k.config (4 KiB pages) + pfstat.config
#   build/obj-arm64-16k        the same with guest-arm64-16k.config: 16 KiB
#                              pages, 32 MiB PMDs
#   build/toolchain-arm64      Debian's aarch64 gcc, unpacked (scripts/cross-gcc.sh)
#   build/arm64/               uapi headers, static guest tests, the static
#                              tool (no timeline), the dynamic tool for
#                              hostrun, the trace plugin, rootfs: one for
#                              both kernels, its programs page-size blind
#   build/arm64/hostroot       Debian's arm64 perf, bpftrace and trace-cmd
#                              with what they need, unpacked: the guest's
#                              "host root" (scripts/foreign-root.sh); and
#                              busybox-static:arm64, for the rootfs
#   build/test-arm64-results   the run on 4 KiB pages, as build/test-results for x86
#   build/test-arm64-16k-results  the run on 16 KiB pages
#
# What differs per architecture for the scripts (kernel ARCH, image, QEMU
# machine, console) is in scripts/arch.sh, picked with PFSTAT_ARCH.  The
# guest suite is the x86 one; it runs the tools through hostrun as on
# x86, from build/arm64/hostroot instead of the host's /, whose x86
# programs an arm64 guest cannot run.  No host unit tests (make test ran
# them), no harness self-test, no demo or bench boot (-k -n).  The suite
# runs twice, on 4 KiB and on 16 KiB pages, each run ending with its own
# summary; the last line adds both up.
#
# Included by the top-level Makefile.

A64		:= $(B)/arm64
KOBJ_A64	:= $(B)/obj-arm64
IMAGE_A64	:= $(KOBJ_A64)/arch/arm64/boot/Image
KOBJ_A64_16K	:= $(B)/obj-arm64-16k
IMAGE_A64_16K	:= $(KOBJ_A64_16K)/arch/arm64/boot/Image
HDR_A64		:= $(A64)/headers
GTESTS_A64	:= $(A64)/tests/guest
GBINS_A64	:= $(A64)/tests/guest-bin
TOOL_A64	:= $(A64)/debugfs-reader
TOOL_HR_A64	:= $(A64)/debugfs-reader-hostrun
ROOTFS_A64	:= $(A64)/rootfs.cpio.gz
RESULTS_A64	:= $(B)/test-arm64-results
RESULTS_A64_16K	:= $(B)/test-arm64-16k-results
TC_A64		:= $(B)/toolchain-arm64
CROSS_A64	:= aarch64-linux-gnu-
HOSTROOT_A64	:= $(A64)/hostroot
PLUGINS_A64	:= $(A64)/trace-plugins
BUSYBOX_A64	:= $(HOSTROOT_A64)/bin/busybox
# The tools the guest suite runs through hostrun, the kernel headers
# bpftrace compiles its programs with (the kernel has no BTF), the
# libtraceevent the plugin is built against, the libtracecmd the hostrun
# tool is linked with, and a shell and env(1) for hostrun itself; and the
# initramfs's busybox.
HOSTROOT_PKGS_A64 := dash coreutils linux-perf bpftrace trace-cmd linux-libc-dev libtraceevent-dev \
		     libtracefs-dev libtracecmd-dev busybox-static
# pkg-config and the linker look in the host root for those libraries, not
# on the host.
HOSTROOT_LIBS_A64 := $(HOSTROOT_A64)/usr/lib/aarch64-linux-gnu
PKG_A64		:= PKG_CONFIG_SYSROOT_DIR=$(HOSTROOT_A64) \
		   PKG_CONFIG_LIBDIR=$(HOSTROOT_LIBS_A64)/pkgconfig:$(HOSTROOT_A64)/usr/share/pkgconfig
# The scripts' environment: the architecture, the unpacked cross compiler,
# the guest's host root.
ENV_A64		:= PFSTAT_ARCH=arm64 PATH="$(TC_A64)/usr/bin:$$PATH" PFSTAT_HOSTROOT=$(HOSTROOT_A64)
# The cross build of this project's C programs, all static.
MAKE_A64	:= $(ENV_A64) $(MAKE) -s CC=$(CROSS_A64)gcc CROSS_COMPILE=$(CROSS_A64)

.PHONY: deps-arm64 kernel-arm64 kernel-arm64-16k guest-tests-arm64 tool-arm64 tool-hostrun-arm64 \
	hostroot-arm64 plugin-arm64 rootfs-arm64 test-arm64 shell-arm64 shell-arm64-16k

deps-arm64:
	@bash scripts/deps.sh arm64
	@bash scripts/cross-gcc.sh $(TC_A64)

kernel-arm64: deps-arm64
	@bash scripts/kernel-tree.sh $(KSRC) $(TOP)/kernel-patches
	@$(ENV_A64) bash scripts/kernel-config.sh $(KSRC) $(KOBJ_A64) $(TOP)/kernel-patches/guest-arm64.config \
		$(TOP)/kernel-patches/guest-arm64-4k.config $(TOP)/kernel-patches/pfstat.config
	@$(ENV_A64) bash scripts/kernel-build.sh $(KSRC) $(KOBJ_A64) $(HDR_A64)

# The same kernel on 16 KiB pages; the uapi headers are kernel-arm64's.
kernel-arm64-16k: deps-arm64
	@bash scripts/kernel-tree.sh $(KSRC) $(TOP)/kernel-patches
	@$(ENV_A64) bash scripts/kernel-config.sh $(KSRC) $(KOBJ_A64_16K) $(TOP)/kernel-patches/guest-arm64.config \
		$(TOP)/kernel-patches/guest-arm64-16k.config $(TOP)/kernel-patches/pfstat.config
	@$(ENV_A64) bash scripts/kernel-build.sh $(KSRC) $(KOBJ_A64_16K)

guest-tests-arm64: kernel-arm64
	@$(MAKE_A64) -C tests/guest OUT=$(GTESTS_A64) OUTBIN=$(GBINS_A64) HDR=$(HDR_A64) KSRC=$(KSRC) M32=

# The tool, static, without "pfstat timeline" (libtracecmd, which Debian
# has no static build of): the guest's /usr/bin/pfstat.
tool-arm64: deps-arm64
	@$(MAKE_A64) -C debugfs-reader OUT=$(TOOL_A64) NO_TRACECMD=1 LDFLAGS=-static

# The tool again, dynamic and whole, linked against the host root's
# libtracecmd: /usr/libexec/pfstat/bin/pfstat, which the guest runs
# through hostrun (/tmp/pfstat/bin/pfstat), where its libraries are, as on
# x86.  -rpath-link: libtracecmd's own libraries, for the linker.
tool-hostrun-arm64: hostroot-arm64
	@$(PKG_A64) $(MAKE_A64) -C debugfs-reader OUT=$(TOOL_HR_A64) \
		LDFLAGS="-Wl,-rpath-link,$(HOSTROOT_LIBS_A64):$(HOSTROOT_A64)/lib/aarch64-linux-gnu"

hostroot-arm64: deps-arm64
	@bash scripts/foreign-root.sh arm64 $(HOSTROOT_A64) $(HOSTROOT_PKGS_A64)

# The plugin for the guest's trace-cmd, against the host root's
# libtraceevent.
plugin-arm64: hostroot-arm64
	@$(PKG_A64) $(MAKE_A64) -C trace-plugins OUT=$(PLUGINS_A64)

# busybox-static for arm64 comes unpacked with the host root (installing
# it would replace the host's: the package is not multi-arch).
$(BUSYBOX_A64): hostroot-arm64
	@file -L $@ | grep -q 'ARM aarch64.*statically linked' || { echo "arm64: $@ is not a static arm64 busybox" >&2; exit 1; }

# The same initramfs as x86's, with arm64 programs and plugin; no demo or
# bench.  One for both kernels: its programs are static (but the hostrun
# tool) and aligned for 64 KiB pages.
rootfs-arm64: kernel-arm64 guest-tests-arm64 tool-arm64 tool-hostrun-arm64 plugin-arm64 $(BUSYBOX_A64)
	@$(MAKE) -s -f rootfs/rootfs.mk OUT=$(ROOTFS_A64) GTESTS=$(GTESTS_A64) GBINS=$(GBINS_A64) \
		BUSYBOX=$(BUSYBOX_A64) \
		EXTRA="$(TOOL_A64)/pfstat:/usr/bin/pfstat $(TOOL_HR_A64)/pfstat:/usr/libexec/pfstat/bin/pfstat \
		       $(PLUGINS_A64)/plugin_pfstat.so:/usr/libexec/pfstat/plugins/plugin_pfstat.so"

# Both runs, whatever the first's verdict; then tap-summary.sh over both
# runs' TAP files, as run-tests.sh lists them (its stages', and a guest
# test's even when the guest never wrote it), for the one closing line.
# Its failures and skips are not said again: each run's summary said them.
test-arm64: kernel-arm64 kernel-arm64-16k rootfs-arm64
	@echo "=== test-arm64: 4 KiB pages, 2 MiB PMDs ($(notdir $(KOBJ_A64))) ==="; \
	$(ENV_A64) bash tests/run-tests.sh -k -n $(RESULTS_A64) $(IMAGE_A64) $(ROOTFS_A64) \
		$(KOBJ_A64) $(GTESTS_A64) $(PLUGINS); \
	echo; echo "=== test-arm64-16k: 16 KiB pages, 32 MiB PMDs ($(notdir $(KOBJ_A64_16K))) ==="; \
	$(ENV_A64) bash tests/run-tests.sh -k -n $(RESULTS_A64_16K) $(IMAGE_A64_16K) $(ROOTFS_A64) \
		$(KOBJ_A64_16K) $(GTESTS_A64) $(PLUGINS); \
	echo; echo "=== test-arm64: both page sizes ($(notdir $(RESULTS_A64)), $(notdir $(RESULTS_A64_16K))) ==="; \
	names=$$(find $(GTESTS_A64) -maxdepth 1 -type f -executable ! -name 'nopfstat_*' -printf '%f\n'); \
	taps=; \
	for r in $(RESULTS_A64) $(RESULTS_A64_16K); do \
		taps="$$taps $$(find $$r -maxdepth 1 -name '*.tap')"; \
		for n in $$names; do taps="$$taps $$r/guest/$$n.tap"; done; \
	done; \
	bash tests/tap-summary.sh $$taps 2> /dev/null

shell-arm64: kernel-arm64 rootfs-arm64
	@$(ENV_A64) bash tests/qemu-run.sh -I -k $(IMAGE_A64) -i $(ROOTFS_A64) -r $(A64)/shell -a pfstat.run=shell

shell-arm64-16k: kernel-arm64-16k rootfs-arm64
	@$(ENV_A64) bash tests/qemu-run.sh -I -k $(IMAGE_A64_16K) -i $(ROOTFS_A64) -r $(A64)/shell -a pfstat.run=shell
