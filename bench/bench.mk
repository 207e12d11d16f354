# SPDX-License-Identifier: GPL-2.0
#
# "make bench": what a user page fault costs with pfstat compiled in and
# off, counting, tracing, and with the tracing a stock kernel offers
# instead.  Included by the top-level Makefile; bench/run-bench.sh says
# what runs.  BENCH_ARGS passes options to it, e.g.
#   make bench BENCH_ARGS="-r 30 -b 2"
#
# The guest gets faultbench and bench-run (/init runs it for
# pfstat.run=bench-run).

BENCH_OUT	:= $(B)/bench
BENCH_BIN	:= $(B)/bench-bin
BENCH_SRCS	:= $(addprefix $(TOP)/bench/,faultbench.c fb_faults.c fb_modes.c)
BENCH_HDRS	:= $(TOP)/bench/faultbench.h $(TOP)/debugfs-reader/pfstat_syscall.h \
		   $(TOP)/debugfs-reader/pfstat_classes.h
BENCH_ARGS	?=

ROOTFS_EXTRA	+= $(BENCH_BIN)/faultbench:/usr/libexec/pfstat/bench/faultbench \
		   $(TOP)/bench/bench-run:/usr/libexec/pfstat/bench-run
ROOTFS_DEPS	+= bench-bin

.PHONY: bench bench-bin bench-small bench-distro

# The uapi headers come from "make kernel" (headers_install into HDR).
bench-bin: kernel
	@$(MAKE) -s -f $(TOP)/bench/bench.mk $(BENCH_BIN)/faultbench TOP=$(TOP) B=$(B) HDR=$(HDR)

$(BENCH_BIN)/faultbench: $(BENCH_SRCS) $(BENCH_HDRS) $(HDR)/include/linux/pfstat.h
	@mkdir -p $(dir $@)
	$(CC) -O2 -Wall -static -D_GNU_SOURCE -isystem $(HDR)/include \
		-I$(TOP)/debugfs-reader -o $@ $(BENCH_SRCS)

# Each kernel against the same kernel with CONFIG_PFSTAT=n: the small
# guest (no jump labels: a disabled tracepoint or static key is a load and
# a branch there) and the distribution kernel (jump labels: a nop).
# BENCH_KERNELS picks which, e.g. make bench BENCH_KERNELS=distro.
BENCH_KERNELS	?= small distro

bench: $(addprefix bench-,$(BENCH_KERNELS))
	@for k in $(BENCH_KERNELS); do \
		echo; echo "=== make bench: the $$k kernel ($(BENCH_OUT)/$$k) ==="; \
		cat $(BENCH_OUT)/$$k/table.txt; \
	done

bench-small: kernel kernel-nopfstat rootfs
	@bash $(TOP)/bench/run-bench.sh -k $(BZIMAGE) -K $(BZIMAGE_NOPF) -i $(ROOTFS) \
		-o $(BENCH_OUT)/small $(BENCH_ARGS)

bench-distro: kernel-distro kernel-distro-nopfstat rootfs
	@bash $(TOP)/bench/run-bench.sh -k $(BZIMAGE_DISTRO) -K $(BZIMAGE_DISTRO_NOPF) -i $(ROOTFS) \
		-o $(BENCH_OUT)/distro $(BENCH_ARGS)
