// SPDX-License-Identifier: GPL-2.0
/*
 * stack_low counts the growth of a VM_GROWSDOWN vma, once per growth,
 * whatever the fault does next.  A write below a read-only MAP_GROWSDOWN
 * mapping grows the vma, then fails with SIGSEGV (the vma is not
 * writable): stack_low is 1, no other class moves, and the vma has grown
 * by the page.  A failed fault is never a fault: faults and unclassified
 * stay 0.  A second write to the same page grows nothing: stack_low does
 * not move.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "guest_util.h"

#define HOLE	(64UL << 20)	/* free space below, past any guard gap */

static sigjmp_buf segv_jmp;
/*
 * The handler runs here, in .bss that quiet_address_space() faulted in:
 * on the stack, a signal frame could grow it and count.
 */
static char altstack[64 << 10];

static void on_segv(int sig)
{
	siglongjmp(segv_jmp, 1);
}

/* The start of the mapping that contains @addr, from /proc/self/maps. */
static unsigned long vma_start(unsigned long addr)
{
	unsigned long start, end, found = 0;
	char line[256];
	FILE *f = fopen("/proc/self/maps", "r");

	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f))
		if (sscanf(line, "%lx-%lx", &start, &end) == 2 &&
		    start <= addr && addr < end)
			found = start;
	fclose(f);
	return found;
}

/* Write to @p; true if that raised SIGSEGV. */
static bool write_segv(char *p)
{
	if (sigsetjmp(segv_jmp, 1))
		return true;
	poke(p, 1);
	return false;
}

TEST(failed_fault_after_stack_growth_counts_stack_low_only)
{
	struct sigaction sa = { .sa_handler = on_segv, .sa_flags = SA_ONSTACK };
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };
	struct pfstat st, zero = { 0 };
	char *hole, *top, *below;

	/* A read-only growsdown page with HOLE of nothing below it. */
	hole = mmap(NULL, HOLE + PAGE, PROT_NONE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	ASSERT_NE(MAP_FAILED, hole);
	top = hole + HOLE;
	ASSERT_EQ(0, munmap(hole, HOLE));
	ASSERT_EQ(top, mmap(top, PAGE, PROT_READ,
			    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_GROWSDOWN,
			    -1, 0));
	below = top - PAGE;
	ASSERT_EQ((unsigned long)top, vma_start((unsigned long)top));
	ASSERT_EQ(0, sigaltstack(&ss, NULL));
	ASSERT_EQ(0, sigaction(SIGSEGV, &sa, NULL));

	ASSERT_EQ(0, quiet_address_space());
	ASSERT_EQ(0, pin_to_cpu0());
	ASSERT_LE(0, sys_pfstat(0, &st, sizeof(st), 0));
	ASSERT_EQ(0, sys_pfstat(0, &st, sizeof(st), 0));

	/* Grows, then fails. */
	ASSERT_TRUE(write_segv(below));
	ASSERT_EQ(0, sys_pfstat(0, &st, sizeof(st), 0));
	EXPECT_EQ(1, st.stack_low);
	zero.stack_low = 1;
	EXPECT_EQ(-1, pfstat_diff(&zero, &st))
		TH_LOG("%s moved", guest_counter_name(pfstat_diff(&zero, &st)));
	/* The vma kept the page it grew by. */
	EXPECT_EQ((unsigned long)below, vma_start((unsigned long)top));

	/* The same page again: inside the vma now, nothing grows. */
	ASSERT_TRUE(write_segv(below));
	ASSERT_EQ(0, sys_pfstat(0, &st, sizeof(st), 0));
	zero.stack_low = 0;
	EXPECT_EQ(-1, pfstat_diff(&zero, &st))
		TH_LOG("%s moved", guest_counter_name(pfstat_diff(&zero, &st)));
}

TEST_HARNESS_MAIN
