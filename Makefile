# SPDX-License-Identifier: GPL-2.0
#
# pfstat: one entry point for the kernel series, the guest, the tools and
# the tests.  "make help" lists the targets.

TOP	:= $(CURDIR)
B	:= $(TOP)/build
KSRC	:= $(B)/linux
KOBJ	:= $(B)/obj
HDR	:= $(B)/headers
BZIMAGE	:= $(KOBJ)/arch/x86/boot/bzImage
ROOTFS	:= $(B)/rootfs.cpio.gz
GTESTS	:= $(B)/tests/guest
GBINS	:= $(B)/tests/guest-bin
PLUGINS	:= $(B)/trace-plugins
TOOL	:= $(B)/debugfs-reader
RESULTS	:= $(B)/test-results
KFRAGS	:= $(TOP)/kernel-patches/guest.config $(TOP)/kernel-patches/pfstat.config
# The debug kernel: the same guest plus KASAN, lockdep, kmemleak and friends.
KOBJ_DEBUG := $(B)/obj-debug
BZIMAGE_DEBUG := $(KOBJ_DEBUG)/arch/x86/boot/bzImage
# The distribution guest: Debian's cloud-amd64 config, modules off.
KOBJ_DISTRO := $(B)/obj-distro
BZIMAGE_DISTRO := $(KOBJ_DISTRO)/arch/x86/boot/bzImage
DISTRO_CONFIG := /usr/src/linux-config-6.12/config.amd64_none_cloud-amd64.xz
# The same guest kernel with CONFIG_PFSTAT=n, for "make bench".
KOBJ_NOPF := $(B)/obj-nopfstat
BZIMAGE_NOPF := $(KOBJ_NOPF)/arch/x86/boot/bzImage
# The distribution guest with CONFIG_PFSTAT=n, for "make bench".
KOBJ_DISTRO_NOPF := $(B)/obj-distro-nopfstat
BZIMAGE_DISTRO_NOPF := $(KOBJ_DISTRO_NOPF)/arch/x86/boot/bzImage

# Parts that add programs to the guest (demo/, bench/, tests/) append HOST:GUEST
# pairs to ROOTFS_EXTRA and their build targets to ROOTFS_DEPS.
ROOTFS_EXTRA :=
ROOTFS_DEPS :=
.DEFAULT_GOAL := all
PREFIX ?= /usr/local
DESTDIR ?=
include $(TOP)/scripts/install.mk
include $(wildcard $(TOP)/demo/*.mk $(TOP)/bench/*.mk $(TOP)/tests/*.mk)

export JOBS ?= $(shell nproc)

.PHONY: all help deps kernel kernel-debug kernel-distro kernel-nopfstat kernel-distro-nopfstat test-distro headers guest-tests plugin tool install uninstall \
	rootfs test shell run check check-quick refresh-patches clean distclean

# A plain "make" builds what "make install" installs, nothing of the test
# bed: it needs a C compiler and the libraries' headers, not root.
all: tool plugin
	@echo "built $(TOOL)/pfstat and $(PLUGINS)/plugin_pfstat.so"
	@echo "next: make install PREFIX=\$$HOME/.local (or sudo make install, for /usr/local);"
	@echo "      make help for the test bed (make run, make test: QEMU and a patched kernel)"

help:
	@echo "pfstat targets:"
	@echo "  make                  build the tool and the trace-cmd plugin (what make install installs)"
	@echo "  make test             build what is missing, run host and guest tests"
	@echo "  make demo [QUICK=1]   boot the patched kernel, run the case studies, report and plot (build/demo)"
	@echo "  make run              the same as make demo"
	@echo "  make demo-report      the demo's tables and plots again, from its last run"
	@echo "  make bench            what a fault costs: pfstat off/on, tracing, kprobes, CONFIG_PFSTAT=n (build/bench)"
	@echo "  make shell            boot the patched kernel with a shell on this terminal"
	@echo "  make kernel           extract, patch, configure and build the kernel"
	@echo "  make kernel-nopfstat  the same kernel with CONFIG_PFSTAT=n (build/obj-nopfstat)"
	@echo "  make kernel-debug     the same kernel with KASAN, lockdep, kmemleak (build/obj-debug)"
	@echo "  make kernel-distro    the series on Debian's cloud-amd64 config, modules off (build/obj-distro)"
	@echo "  make kernel-distro-nopfstat  the same with CONFIG_PFSTAT=n (build/obj-distro-nopfstat)"
	@echo "  make test-distro      the guest suite on the distribution kernel"
	@echo "  make test-arm64       the series, the guest suite and the tool on arm64 (qemu-system-aarch64 -M virt)"
	@echo "  make shell-arm64      boot the arm64 guest with a shell on this terminal"
	@echo "  make rootfs           build the guest initramfs"
	@echo "  make test-debug       the guest suite and longer stress/fuzz on the debug kernel, dmesg must stay clean"
	@echo "  make check            checkpatch --strict, build after every patch, CONFIG_PFSTAT=n"
	@echo "  make check-quick      the series checks that take seconds: checkpatch --strict, checksyscalls.sh"
	@echo "  make refresh-patches  regenerate kernel-patches/ from the kernel branch"
	@echo "  make install          install pfstat(1), its man pages, the pfstat(2) header, the plugin and the bpftrace tools"
	@echo "                        (PREFIX=/usr/local, needs root; PREFIX=\$$HOME/.local for you alone; DESTDIR=)"
	@echo "  make uninstall        remove what make install installed (the same PREFIX=, DESTDIR=)"
	@echo "  make tool, make plugin  build just the one (no root, no test bed)"
	@echo "  make deps             install the Debian packages the test bed needs (QEMU, the kernel source, ...), as root"
	@echo "  make clean            remove build outputs, keep the kernel tree"
	@echo "  make distclean        remove build/ entirely"

deps:
	@bash scripts/deps.sh

# The kernel: each script does nothing when its inputs are unchanged.
kernel: deps
	@bash scripts/kernel-tree.sh $(KSRC) $(TOP)/kernel-patches
	@bash scripts/kernel-config.sh $(KSRC) $(KOBJ) $(KFRAGS)
	@bash scripts/kernel-build.sh $(KSRC) $(KOBJ) $(HDR)

headers: kernel

kernel-nopfstat: deps
	@bash scripts/kernel-tree.sh $(KSRC) $(TOP)/kernel-patches
	@bash scripts/kernel-config.sh $(KSRC) $(KOBJ_NOPF) $(TOP)/kernel-patches/guest.config $(TOP)/kernel-patches/nopfstat.config
	@bash scripts/kernel-build.sh $(KSRC) $(KOBJ_NOPF)

kernel-distro: deps
	@bash scripts/kernel-tree.sh $(KSRC) $(TOP)/kernel-patches
	@bash scripts/kernel-config.sh --base $(DISTRO_CONFIG) $(KSRC) $(KOBJ_DISTRO) \
		$(TOP)/kernel-patches/distro.config $(TOP)/kernel-patches/pfstat.config
	@bash scripts/kernel-build.sh $(KSRC) $(KOBJ_DISTRO)

kernel-distro-nopfstat: deps
	@bash scripts/kernel-tree.sh $(KSRC) $(TOP)/kernel-patches
	@bash scripts/kernel-config.sh --base $(DISTRO_CONFIG) $(KSRC) $(KOBJ_DISTRO_NOPF) \
		$(TOP)/kernel-patches/distro.config $(TOP)/kernel-patches/nopfstat.config
	@bash scripts/kernel-build.sh $(KSRC) $(KOBJ_DISTRO_NOPF)

kernel-debug: deps
	@bash scripts/kernel-tree.sh $(KSRC) $(TOP)/kernel-patches
	@bash scripts/kernel-config.sh $(KSRC) $(KOBJ_DEBUG) $(KFRAGS) $(TOP)/kernel-patches/debug.config
	@bash scripts/kernel-build.sh $(KSRC) $(KOBJ_DEBUG)

refresh-patches: deps
	@bash scripts/refresh-patches.sh $(KSRC) $(TOP)/kernel-patches

guest-tests: kernel
	@$(MAKE) -s -C tests/guest OUT=$(GTESTS) OUTBIN=$(GBINS) HDR=$(HDR) KSRC=$(KSRC)

# The tool and the plugin need a C compiler and the libraries' headers,
# which their Makefiles check, naming the packages: not "make deps".  With
# a goal of the test bed, deps still comes first (make -j: its packages
# include those headers).
plugin:
	@$(MAKE) -s -C trace-plugins OUT=$(PLUGINS)

tool:
	@$(MAKE) -s -C debugfs-reader OUT=$(TOOL)

ifneq ($(filter-out all help tool plugin install uninstall clean distclean,$(MAKECMDGOALS)),)
plugin tool: | deps
endif

# The guest runs the host's trace-cmd (rootfs/trace-cmd), which finds the
# plugin in /usr/libexec/pfstat/plugins; the tool is there too, for hostrun.
rootfs: kernel guest-tests plugin tool $(ROOTFS_DEPS)
	@$(MAKE) -s -f rootfs/rootfs.mk OUT=$(ROOTFS) GTESTS=$(GTESTS) GBINS=$(GBINS) \
		EXTRA="$(PLUGINS)/plugin_pfstat.so:/usr/libexec/pfstat/plugins/plugin_pfstat.so \
		       $(TOOL)/pfstat:/usr/bin/pfstat $(TOOL)/pfstat:/usr/libexec/pfstat/bin/pfstat $(ROOTFS_EXTRA)"

# The tool, its man pages, the pfstat(2) header, the plugin, where
# trace-cmd looks for it, and the bpftrace tools (beside Debian's own, in
# PREFIX/sbin).  PREFIX (default /usr/local; $HOME/.local for a user
# install) decides where, the plugin's directory too; DESTDIR is honoured.
# Only a C compiler and the libtraceevent/libtracecmd headers are needed:
# not "make deps", which sets up the test bed (kernel source, QEMU).
# scripts/install.mk has refused a relative PREFIX or DESTDIR already.
install:
	@$(MAKE) -s -C debugfs-reader OUT=$(TOOL) $@
	@$(MAKE) -s -C trace-plugins OUT=$(PLUGINS) $@

# Uninstall says so when it found nothing to remove: a PREFIX other than
# the install's, most likely.  Not an error (exit 0): uninstall is
# idempotent, as "apt-get remove" of a package that is not installed.
uninstall:
	@out=$$($(MAKE) -s -C debugfs-reader OUT=$(TOOL) $@ && \
		$(MAKE) -s -C trace-plugins OUT=$(PLUGINS) $@); rc=$$?; \
	[ -z "$$out" ] || printf '%s\n' "$$out"; \
	[ $$rc = 0 ] || exit $$rc; \
	case "$$out" in *"uninstall: removed "*) ;; \
	*) echo "uninstall: nothing of pfstat installed under $(DESTDIR)$(PREFIX) (installed with another PREFIX=?)" ;; \
	esac

# make test ARCH=arm64: tests/arm64.mk's test-arm64.
ifeq ($(ARCH),arm64)
test: test-arm64
else
test: kernel rootfs
	@bash tests/run-tests.sh $(RESULTS) $(BZIMAGE) $(ROOTFS) $(KOBJ) $(GTESTS) $(PLUGINS)
endif

# The guest suite, the boot suites and their host checks on the
# distribution kernel; the kernel-independent host tests ran in make test.
test-distro: kernel-distro rootfs
	@bash tests/run-tests.sh -k $(B)/test-distro-results $(BZIMAGE_DISTRO) $(ROOTFS) \
		$(KOBJ_DISTRO) $(GTESTS) $(PLUGINS)

shell: kernel rootfs
	@bash tests/qemu-run.sh -I -k $(BZIMAGE) -i $(ROOTFS) -r $(B)/shell -a pfstat.run=shell

# The demo: demo/demo.mk.
run: demo

check: kernel rootfs
	@bash scripts/check-series.sh $(KSRC) $(TOP)/kernel-patches $(B)/check $(ROOTFS)

# What of make check takes seconds once make kernel ran, for CI before make
# test: checkpatch --strict on every patch, pfstat() in every syscall table,
# scripts/checksyscalls.sh (x86_64, on build/obj).  TAP and its .rc in
# build/check-quick; ends with "N passed, N failed".
check-quick: kernel
	@rm -rf $(B)/check-quick && mkdir -p $(B)/check-quick
	@bash scripts/check-series.sh --quick $(KSRC) $(TOP)/kernel-patches $(KOBJ) \
		> $(B)/check-quick/series.tap; echo $$? > $(B)/check-quick/series.rc; \
		cat $(B)/check-quick/series.tap; \
		bash tests/tap-summary.sh $(B)/check-quick/series.tap

clean:
	rm -rf $(KOBJ) $(HDR) $(B)/tests $(B)/check $(RESULTS) $(ROOTFS) $(ROOTFS).d \
		$(B)/shell $(B)/demo $(B)/demo-bin $(B)/bench $(B)/bench-bin \
		$(KOBJ_A64) $(A64) $(RESULTS_A64)
	@$(MAKE) -s -C tests/guest clean OUT=$(GTESTS) OUTBIN=$(GBINS)
	@$(MAKE) -s -C trace-plugins clean OUT=$(PLUGINS)
	@$(MAKE) -s -C debugfs-reader clean OUT=$(TOOL)

distclean:
	rm -rf $(B)
