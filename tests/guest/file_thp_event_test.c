// SPDX-License-Identifier: GPL-2.0
/*
 * A fault that maps a file or shmem THP is one classified fault site:
 * file_fault and transparent_hugepage_fault in one pfstat:mm_pfstat
 * event, whose nr_pages is the PMD's pages, not an event per class.
 * N_HUGE read faults on a tmpfs file mounted huge=always, one per
 * PMD-sized page: both counters move by N_HUGE, and the task wrote
 * exactly N_HUGE events, each holding both classes, each of nr_pages =
 * hpage_pmd_size / page size; and they are N_HUGE faults, none of them
 * unclassified.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "guest_util.h"

#define MNT	"/tmp/pfstat-thp-tmpfs"
#define N_HUGE	4

/* The mm_pfstat events of @pid between the markers with nr_pages=@nr. */
static int events_of_nr_pages(pid_t pid, unsigned long nr)
{
	char line[512], want[32], who[32];
	bool in = false;
	int n = 0;
	FILE *f = fopen("/sys/kernel/tracing/trace", "r");

	if (!f)
		return -1;
	snprintf(want, sizeof(want), " nr_pages=%lu ", nr);
	snprintf(who, sizeof(who), "-%d ", pid);
	while (fgets(line, sizeof(line), f)) {
		if (strstr(line, "tracing_mark_write: pfstat-begin"))
			in = true;
		else if (strstr(line, "tracing_mark_write: pfstat-end"))
			in = false;
		else if (in && strstr(line, " mm_pfstat: ") && strstr(line, who) &&
			 strstr(line, want))
			n++;
	}
	fclose(f);
	return n;
}

TEST(shmem_thp_fault_is_one_event_with_both_classes)
{
	size_t pmd = HPAGE;
	uint64_t ev[NR_CLASSES];
	struct pfstat st;
	char *hole, *p;
	int fd, i, events;

	ASSERT_NE(0, pmd);
	mkdir(MNT, 0700);
	ASSERT_EQ(0, mount("tmpfs", MNT, "tmpfs", 0, "huge=always"));
	fd = open(MNT "/thp", O_RDWR | O_CREAT, 0600);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, ftruncate(fd, N_HUGE * pmd));
	/* Fill it with write(2): the page cache gets its THPs, we no fault. */
	for (i = 0; i < N_HUGE; i++)
		ASSERT_EQ(1, pwrite(fd, "x", 1, i * pmd));

	/* Fault in the test's own pages now, before the file is mapped. */
	ASSERT_EQ(0, quiet_address_space());
	ASSERT_EQ(0, pin_to_cpu0());
	ASSERT_EQ(0, trace_start());

	/* A PMD-aligned shared mapping of it. */
	hole = mmap(NULL, (N_HUGE + 1) * pmd, PROT_NONE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	ASSERT_NE(MAP_FAILED, hole);
	p = (char *)(((unsigned long)hole + pmd - 1) & ~(pmd - 1));
	ASSERT_EQ(p, mmap(p, N_HUGE * pmd, PROT_READ, MAP_SHARED | MAP_FIXED, fd, 0));

	ASSERT_LE(0, sys_pfstat(0, &st, sizeof(st), 0));
	trace_mark("pfstat-begin");
	ASSERT_EQ(0, sys_pfstat(0, &st, sizeof(st), 0));
	for (i = 0; i < N_HUGE; i++)
		peek(p + i * pmd);
	ASSERT_EQ(0, sys_pfstat(0, &st, sizeof(st), 0));
	trace_mark("pfstat-end");
	ASSERT_EQ(0, trace_stop());

	EXPECT_EQ(N_HUGE, st.transparent_hugepage_fault);
	EXPECT_EQ(N_HUGE, st.file_fault);
	EXPECT_EQ(0, st.anonymous_fault + st.copy_on_write + st.fault_alloced_page +
		     st.swapped_back + st.stack_low);
	/* One fault each, and each of them classified. */
	EXPECT_EQ(N_HUGE, st.faults);
	EXPECT_EQ(0, st.unclassified);
	events = trace_count(getpid(), ev);
	EXPECT_EQ(N_HUGE, events) TH_LOG("one event per fault, not one per class");
	EXPECT_EQ(N_HUGE, ev[1]);	/* transparent_hugepage_fault */
	EXPECT_EQ(N_HUGE, ev[3]);	/* file_fault */
	EXPECT_EQ(N_HUGE, events_of_nr_pages(getpid(), pmd / PAGE));

	munmap(p, N_HUGE * pmd);
	close(fd);
	EXPECT_EQ(0, umount(MNT));
}

TEST_HARNESS_MAIN
