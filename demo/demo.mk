# SPDX-License-Identifier: GPL-2.0
#
# "make demo" (also "make run"): boot the pfstat kernel, run the
# workloads of the classic page fault case studies under trace-cmd and
# "pfstat run", and print and plot what pfstat saw, in build/demo.
#
#   make demo            the full run (a few minutes once the kernel is built)
#   make demo QUICK=1    a shorter run, the one "make test" checks
#   make demo-report     the tables and plots again, from the last run
#
# Included by the top-level Makefile: TOP, B, HDR, BZIMAGE, ROOTFS,
# PLUGINS and TOOL come from there.

DEMO_BIN	:= $(B)/demo-bin
DEMO_OUT	:= $(B)/demo
DEMO_PROGS	:= access multiprog classes unclassified
QUICK		?=

# The guest script is /init's "pfstat.run=demo"; the programs it runs
# live beside it.
ROOTFS_DEPS	+= demo-progs
ROOTFS_EXTRA	+= $(TOP)/demo/guest-demo.sh:/usr/libexec/pfstat/demo \
		   $(foreach p,$(DEMO_PROGS),$(DEMO_BIN)/$(p):/usr/libexec/pfstat/demo-bin/$(p))

.PHONY: demo demo-start demo-progs demo-report

demo-start:
	@echo "demo: checking the kernel, rootfs, plugin and tool (a fresh clone builds the kernel first)"

# The uapi headers come from "make kernel"; with HDR= given, from there
# (demo/Makefile checks them), and no kernel is built.
demo-progs: $(if $(filter command line,$(origin HDR)),,kernel)
	@$(MAKE) -s -C $(TOP)/demo OUT=$(DEMO_BIN) HDR=$(abspath $(HDR))

demo: demo-start kernel rootfs plugin tool
	@bash $(TOP)/demo/run-demo.sh $(if $(filter-out 0,$(QUICK)),-q) \
		-k $(BZIMAGE) -i $(ROOTFS) -o $(DEMO_OUT) -p $(PLUGINS) -t $(TOOL)/pfstat

demo-report: plugin tool
	@bash $(TOP)/demo/report.sh $(DEMO_OUT) $(PLUGINS) $(TOOL)/pfstat
