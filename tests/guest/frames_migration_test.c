// SPDX-License-Identifier: GPL-2.0
/*
 * PID/frames while the task's pages migrate.  A page being migrated is
 * mapped by a migration entry (a non-present PTE or, for a THP, PMD) and
 * stays in the mm's RSS counters: the walk must neither read a pfn out of
 * such an entry nor miss the frame behind it.  A quiet task's anonymous
 * THPs and pages are moved between NUMA nodes 0 and 1 with
 * migrate_pages(2) while another CPU reads its PID/frames in a loop:
 * every read must find walked == rss for anon, and the pages must have
 * really moved.  The guest has two nodes (tests/qemu-run.sh); a kernel
 * without CONFIG_NUMA skips.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "guest_util.h"

#define N_THP		4	/* PMD-sized pages */
#define N_SMALL		256	/* and base pages */
#define SECONDS		10
#define MIN_ROUNDS	4	/* migrations back and forth, at least */

static char rbuf[4096];

/* The "anon" row of PID/frames: walked frames and the RSS counter. */
static int read_frames_anon(pid_t pid, long *walked, long *rss)
{
	char path[64], *row;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), PFSTAT_DIR "/%d/frames", pid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	n = read(fd, rbuf, sizeof(rbuf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	rbuf[n] = '\0';
	row = strstr(rbuf, "\nanon\t");
	if (!row || sscanf(row, "\nanon\t%ld\t%ld", walked, rss) != 2)
		return -1;
	return 0;
}

/* Move every page of @pid from node @from to node @to. */
static long migrate_all(pid_t pid, int from, int to)
{
	unsigned long old_nodes = 1UL << from, new_nodes = 1UL << to;

	return syscall(SYS_migrate_pages, pid, sizeof(unsigned long) * 8,
		       &old_nodes, &new_nodes);
}

/* The node of the page at @addr in @pid, or -errno. */
static int page_node(pid_t pid, void *addr)
{
	int status = -1;

	if (syscall(SYS_move_pages, pid, 1UL, &addr, NULL, &status, 0))
		return -errno;
	return status;
}

/*
 * The task whose pages move: N_THP THPs and N_SMALL base pages, written,
 * in pfstat mode (so it has PID/frames), then quiet.  Sends their start
 * addresses on @fd.
 */
static void quiet_task(int fd)
{
	size_t pmd = HPAGE, page = PAGE;
	char *thp, *small, *p;
	struct pfstat st;
	void *addrs[2];
	size_t i;

	p = mmap(NULL, (N_THP + 1) * pmd, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	small = mmap(NULL, N_SMALL * page, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED || small == MAP_FAILED)
		_exit(2);
	thp = (char *)(((unsigned long)p + pmd - 1) & ~(pmd - 1));
	if (madvise(thp, N_THP * pmd, MADV_HUGEPAGE) ||
	    madvise(small, N_SMALL * page, MADV_NOHUGEPAGE))
		_exit(3);
	for (i = 0; i < N_THP * pmd; i += page)
		poke(thp + i, 1);
	for (i = 0; i < N_SMALL * page; i += page)
		poke(small + i, 1);
	if (sys_pfstat(0, &st, sizeof(st), 0) != 1)
		_exit(4);
	addrs[0] = thp;
	addrs[1] = small;
	if (write(fd, addrs, sizeof(addrs)) != sizeof(addrs))
		_exit(5);
	for (;;)
		pause();
}

/* What the reader saw, in memory it shares with the test. */
struct reads {
	long reads, bad, first_bad_diff;
};

/* Read PID/frames until killed, counting reads with walked != rss. */
static void frames_reader(pid_t pid, volatile struct reads *r)
{
	long walked, rss;

	while (!read_frames_anon(pid, &walked, &rss)) {
		if (walked != rss && !r->bad++)
			r->first_bad_diff = walked - rss;
		r->reads++;
	}
	_exit(1);
}

TEST(frames_stay_exact_while_pages_migrate)
{
	int addr_pipe[2], round, node, status;
	volatile struct reads *r;
	pid_t task, reader;
	long walked, rss, ret;
	void *addrs[2];
	time_t end;

	if (migrate_all(getpid(), 0, 0) < 0 && errno == ENOSYS)
		SKIP(return, "kernel has no CONFIG_NUMA (migrate_pages() is ENOSYS)");
	/* Two nodes is the test bed's job, not the kernel's: no skip. */
	ASSERT_EQ(0, access("/sys/devices/system/node/node1", F_OK))
		TH_LOG("the guest has no NUMA node 1: qemu-run.sh boots x86 guests with two");
	ASSERT_NE(0, HPAGE);

	ASSERT_EQ(0, pipe(addr_pipe));
	task = fork();
	ASSERT_LE(0, task);
	if (!task)
		quiet_task(addr_pipe[1]);
	ASSERT_EQ(sizeof(addrs), read(addr_pipe[0], addrs, sizeof(addrs)));

	/* Quiet and whole before anything moves. */
	ASSERT_EQ(0, read_frames_anon(task, &walked, &rss));
	ASSERT_EQ(rss, walked);
	ASSERT_LE((long)(N_THP * HPAGE / PAGE + N_SMALL), walked);

	r = mmap(NULL, sizeof(*r), PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, r);
	reader = fork();
	ASSERT_LE(0, reader);
	if (!reader)
		frames_reader(task, r);

	/* Back and forth: node 0 to 1 on even rounds, 1 to 0 on odd ones. */
	end = time(NULL) + SECONDS;
	for (round = 0; round < MIN_ROUNDS || time(NULL) < end; round++) {
		int from = round & 1, to = !from;

		ret = migrate_all(task, from, to);
		ASSERT_LE(0, ret) TH_LOG("migrate_pages(%d -> %d): %s", from, to,
					 strerror(errno));
		/* Every page made it (ret is the number that did not). */
		EXPECT_EQ(0, ret);
		node = page_node(task, addrs[0]);
		EXPECT_EQ(to, node) TH_LOG("round %d: the THP is on node %d", round, node);
		node = page_node(task, addrs[1]);
		EXPECT_EQ(to, node) TH_LOG("round %d: a page is on node %d", round, node);
	}

	kill(reader, SIGKILL);
	ASSERT_EQ(reader, waitpid(reader, &status, 0));
	/* Killed while reading, not ended by a read that failed. */
	EXPECT_TRUE(WIFSIGNALED(status));
	TH_LOG("%d migrations, %ld reads of PID/frames during them, %ld with walked != rss",
	       round, r->reads, r->bad);
	EXPECT_LT(0, r->reads);
	EXPECT_EQ(0, r->bad) TH_LOG("first mismatch: walked - rss = %ld",
				    r->first_bad_diff);

	/* And whole again afterwards. */
	ASSERT_EQ(0, read_frames_anon(task, &walked, &rss));
	EXPECT_EQ(rss, walked);
	kill(task, SIGKILL);
	waitpid(task, &status, 0);
}

TEST_HARNESS_MAIN
