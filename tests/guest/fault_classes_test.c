// SPDX-License-Identifier: GPL-2.0
/*
 * The exact recipes of shared/SPEC.md section 7: each makes N faults of a
 * known kind and asserts all seven counters through pfstat(2).  The
 * "traced" variant runs the same recipe with pfstat:mm_pfstat enabled and
 * also asserts that the events of each class, for the faulting pid, equal
 * the counter deltas.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/magic.h>

#include "kselftest_harness.h"
#include "pfstat_util.h"

#define N	128	/* pages per recipe */
#define N_HUGE	64	/* PMD-sized pages per recipe */

#define RAMFS	"/tmp/pfstat-ramfs"

/* Pre-faulted by quiet_address_space(): a source for write(2) and friends. */
static char page_buf[PAGE] __attribute__((aligned(4096)));

/* Open the measured window: a resetting read whose counts are dropped. */
static void window_open(void)
{
	struct pfstat st;

	trace_mark("pfstat-begin");
	sys_pfstat(0, &st, sizeof(st), 0);
}

/* Close it: the counts of everything since window_open(). */
static long window_close(struct pfstat *st)
{
	long ret = sys_pfstat(0, st, sizeof(*st), 0);

	trace_mark("pfstat-end");
	return ret;
}

/*
 * Every counter equals its expected value; with tracing, the events of
 * each class for @pid equal the counters.
 */
static void check_counts(struct __test_metadata *_metadata, bool traced,
			 pid_t pid, const struct pfstat *got,
			 const struct pfstat *exp)
{
	uint64_t ev[NR_CLASSES];
	int i;

	for (i = 0; i < NR_CLASSES; i++) {
		EXPECT_EQ(pfstat_get(exp, i), pfstat_get(got, i))
			TH_LOG("%s: expected %llu, counted %llu",
			       pfstat_class_name[i],
			       (unsigned long long)pfstat_get(exp, i),
			       (unsigned long long)pfstat_get(got, i));
	}
	if (!traced)
		return;
	ASSERT_LE(0, trace_count(pid, ev));
	for (i = 0; i < NR_CLASSES; i++) {
		EXPECT_EQ(pfstat_get(got, i), ev[i])
			TH_LOG("%s: counter moved by %llu, %llu mm_pfstat events",
			       pfstat_class_name[i],
			       (unsigned long long)pfstat_get(got, i),
			       (unsigned long long)ev[i]);
	}
}

static char *map_anon(size_t len, int advice)
{
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	if (advice && madvise(p, len, advice)) {
		munmap(p, len);
		return NULL;
	}
	return p;
}

/* A file of @pages pages in @dir, its page cache filled by write(2). */
static int make_file(const char *dir, int pages)
{
	char path[256];
	int fd, i;

	snprintf(path, sizeof(path), "%s/pfstat-file.%d", dir, getpid());
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return -1;
	unlink(path);
	memset(page_buf, 0x5a, sizeof(page_buf));
	for (i = 0; i < pages; i++) {
		if (write(fd, page_buf, PAGE) != PAGE) {
			close(fd);
			return -1;
		}
	}
	return fd;
}

static int ensure_ramfs(void)
{
	struct statfs sfs;

	if (!statfs(RAMFS, &sfs) && sfs.f_type == RAMFS_MAGIC)
		return 0;
	mkdir(RAMFS, 0755);
	return mount("ramfs", RAMFS, "ramfs", 0, NULL);
}

FIXTURE(recipe) {
	int unused;
};

FIXTURE_VARIANT(recipe) {
	bool traced;
};

FIXTURE_VARIANT_ADD(recipe, counted) {
	.traced = false,
};

FIXTURE_VARIANT_ADD(recipe, traced) {
	.traced = true,
};

FIXTURE_SETUP(recipe)
{
	struct pfstat st;

	ASSERT_EQ(0, pin_to_cpu0());
	ASSERT_EQ(0, ensure_ramfs());
	if (variant->traced)
		ASSERT_EQ(0, trace_start());
	ASSERT_EQ(0, quiet_address_space());
	/* A fresh test process is not in pfstat mode: this enters it. */
	ASSERT_EQ(1, sys_pfstat(0, &st, sizeof(st), 0));
}

FIXTURE_TEARDOWN(recipe)
{
	if (variant->traced)
		trace_stop();
}

TEST_F(recipe, anonymous_write)
{
	struct pfstat got, exp = { .anonymous_fault = N, .fault_alloced_page = N };
	volatile char *p = map_anon(N * PAGE, MADV_NOHUGEPAGE);
	int i;

	ASSERT_NE(NULL, p);
	window_open();
	for (i = 0; i < N; i++)
		p[i * PAGE] = 1;
	ASSERT_EQ(0, window_close(&got));
	check_counts(_metadata, variant->traced, getpid(), &got, &exp);
}

TEST_F(recipe, anonymous_read)
{
	struct pfstat got, exp = { .anonymous_fault = N };
	volatile char *p = map_anon(N * PAGE, MADV_NOHUGEPAGE);
	int i, sum = 0;

	ASSERT_NE(NULL, p);
	window_open();
	for (i = 0; i < N; i++)
		sum += p[i * PAGE];
	ASSERT_EQ(0, window_close(&got));
	ASSERT_EQ(0, sum);
	check_counts(_metadata, variant->traced, getpid(), &got, &exp);
}

TEST_F(recipe, stack_growth)
{
	struct pfstat got, exp = {
		.stack_low = N, .anonymous_fault = N, .fault_alloced_page = N,
	};
	unsigned long s = stack_vma_start();
	int i;

	ASSERT_NE(0, s);
	window_open();
	for (i = 1; i <= N; i++)
		*(volatile char *)(s - i * PAGE) = 1;
	ASSERT_EQ(0, window_close(&got));
	ASSERT_EQ(s - N * PAGE, stack_vma_start());
	check_counts(_metadata, variant->traced, getpid(), &got, &exp);
}

TEST_F(recipe, transparent_hugepage_write)
{
	struct pfstat got, exp = { .transparent_hugepage_fault = N_HUGE };
	char *raw = map_anon((N_HUGE + 1) * HPAGE, 0);
	volatile char *p;
	long long thp0, thp1;
	int i;

	ASSERT_NE(NULL, raw);
	p = (char *)(((unsigned long)raw + HPAGE - 1) & ~(HPAGE - 1));
	ASSERT_EQ(0, madvise((char *)p, N_HUGE * HPAGE, MADV_HUGEPAGE));
	thp0 = vmstat_get("thp_fault_alloc");
	window_open();
	for (i = 0; i < N_HUGE; i++)
		p[i * HPAGE] = 1;
	ASSERT_EQ(0, window_close(&got));
	thp1 = vmstat_get("thp_fault_alloc");
	EXPECT_EQ(N_HUGE, thp1 - thp0) TH_LOG("/proc/vmstat thp_fault_alloc");
	check_counts(_metadata, variant->traced, getpid(), &got, &exp);
}

static void file_shared_read(struct __test_metadata *_metadata, bool traced,
			     const char *dir)
{
	struct pfstat got, exp = { .file_fault = N };
	volatile char *p;
	int fd = make_file(dir, N), i, sum = 0;

	ASSERT_LE(0, fd);
	p = mmap(NULL, N * PAGE, PROT_READ, MAP_SHARED, fd, 0);
	ASSERT_NE(MAP_FAILED, p);
	window_open();
	for (i = 0; i < N; i++)
		sum += p[i * PAGE];
	ASSERT_EQ(0, window_close(&got));
	ASSERT_EQ(N * 0x5a, sum);
	check_counts(_metadata, traced, getpid(), &got, &exp);
	close(fd);
}

static void file_private_write(struct __test_metadata *_metadata, bool traced,
			       const char *dir)
{
	struct pfstat got, exp = {
		.file_fault = N, .copy_on_write = N, .fault_alloced_page = N,
	};
	volatile char *p;
	int fd = make_file(dir, N), i;

	ASSERT_LE(0, fd);
	p = mmap(NULL, N * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	ASSERT_NE(MAP_FAILED, p);
	window_open();
	for (i = 0; i < N; i++)
		p[i * PAGE] = 1;
	ASSERT_EQ(0, window_close(&got));
	check_counts(_metadata, traced, getpid(), &got, &exp);
	close(fd);
}

TEST_F(recipe, file_shared_read_tmpfs)
{
	file_shared_read(_metadata, variant->traced, "/tmp");
}

TEST_F(recipe, file_shared_read_ramfs)
{
	file_shared_read(_metadata, variant->traced, RAMFS);
}

TEST_F(recipe, file_private_write_tmpfs)
{
	file_private_write(_metadata, variant->traced, "/tmp");
}

TEST_F(recipe, file_private_write_ramfs)
{
	file_private_write(_metadata, variant->traced, RAMFS);
}

/*
 * The child's first write to each page it shares with its parent copies
 * the page; the parent's writes afterwards reuse its now unshared pages.
 */
TEST_F(recipe, copy_on_write_after_fork)
{
	struct pfstat child_got, got, zero = {}, exp = {
		.copy_on_write = N, .fault_alloced_page = N,
	};
	volatile char *p = map_anon(N * PAGE, MADV_NOHUGEPAGE);
	int pfd[2], status, i;
	pid_t child;

	ASSERT_NE(NULL, p);
	for (i = 0; i < N; i++)
		p[i * PAGE] = 1;
	ASSERT_EQ(0, pipe(pfd));
	child = fork();
	ASSERT_LE(0, child);
	if (child == 0) {
		struct pfstat st;

		/*
		 * Quiet the child's own stack and data, which fork shared
		 * with the parent, without breaking the sharing of the test
		 * pages: mlockall() populates read-only mappings for read.
		 */
		if (mprotect((char *)p, N * PAGE, PROT_READ) ||
		    quiet_address_space() ||
		    mprotect((char *)p, N * PAGE, PROT_READ | PROT_WRITE) ||
		    sys_pfstat(0, &st, sizeof(st), 0) != 1)
			_exit(1);
		window_open();
		for (i = 0; i < N; i++)
			p[i * PAGE] = 2;
		if (window_close(&st) != 0)
			_exit(2);
		_exit(write(pfd[1], &st, sizeof(st)) == sizeof(st) ? 0 : 3);
	}
	ASSERT_EQ(sizeof(child_got), read(pfd[0], &child_got, sizeof(child_got)));
	ASSERT_EQ(child, waitpid(child, &status, 0));
	ASSERT_EQ(0, status);
	check_counts(_metadata, variant->traced, child, &child_got, &exp);

	window_open();
	for (i = 0; i < N; i++)
		p[i * PAGE] = 3;
	ASSERT_EQ(0, window_close(&got));
	check_counts(_metadata, variant->traced, getpid(), &got, &zero);
	close(pfd[0]);
	close(pfd[1]);
}

TEST_F(recipe, swapped_back)
{
	struct pfstat got, exp = { .swapped_back = N };
	volatile char *p = map_anon(N * PAGE, MADV_NOHUGEPAGE);
	long long in0, in1;
	int i, tries, out, bad = 0;

	ASSERT_NE(NULL, p);
	for (i = 0; i < N; i++)
		memset((char *)p + i * PAGE, i + 1, PAGE);
	for (tries = 0; tries < 50; tries++) {
		ASSERT_EQ(0, madvise((char *)p, N * PAGE, MADV_PAGEOUT));
		for (out = 0, i = 0; i < N; i++)
			out += page_swapped((char *)p + i * PAGE);
		if (out == N)
			break;
	}
	ASSERT_EQ(N, out) TH_LOG("pages swapped out after %d MADV_PAGEOUT", tries);
	in0 = vmstat_get("pswpin");
	window_open();
	for (i = 0; i < N; i++)
		bad += p[i * PAGE + 7] != (char)(i + 1);
	ASSERT_EQ(0, window_close(&got));
	in1 = vmstat_get("pswpin");
	ASSERT_EQ(0, bad);
	EXPECT_EQ(N, in1 - in0) TH_LOG("/proc/vmstat pswpin");
	check_counts(_metadata, variant->traced, getpid(), &got, &exp);
}

TEST_F(recipe, not_counted_map_populate)
{
	struct pfstat got, zero = {};
	char *p;

	window_open();
	p = mmap(NULL, N * PAGE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	ASSERT_EQ(0, window_close(&got));
	ASSERT_NE(MAP_FAILED, p);
	check_counts(_metadata, variant->traced, getpid(), &got, &zero);
}

TEST_F(recipe, not_counted_read_syscall)
{
	struct pfstat got, zero = {};
	char *buf = map_anon(N * PAGE, MADV_NOHUGEPAGE);
	int fd = make_file("/tmp", N);
	ssize_t n;

	ASSERT_NE(NULL, buf);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, lseek(fd, 0, SEEK_SET));
	window_open();
	n = read(fd, buf, N * PAGE);
	ASSERT_EQ(0, window_close(&got));
	ASSERT_EQ(N * PAGE, n);
	check_counts(_metadata, variant->traced, getpid(), &got, &zero);
	close(fd);
}

TEST_F(recipe, not_counted_hugetlb)
{
	struct pfstat got, zero = {};
	volatile char *p;
	char nr[16];
	int fd, i;

	fd = open("/proc/sys/vm/nr_hugepages", O_WRONLY);
	ASSERT_LE(0, fd);
	snprintf(nr, sizeof(nr), "%d", N_HUGE);
	ASSERT_EQ((ssize_t)strlen(nr), write(fd, nr, strlen(nr)));
	p = mmap(NULL, N_HUGE * HPAGE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);
	ASSERT_NE(MAP_FAILED, p);
	window_open();
	for (i = 0; i < N_HUGE; i++)
		p[i * HPAGE] = 1;
	ASSERT_EQ(0, window_close(&got));
	munmap((char *)p, N_HUGE * HPAGE);
	ASSERT_EQ(1, write(fd, "0", 1));
	close(fd);
	check_counts(_metadata, variant->traced, getpid(), &got, &zero);
}

TEST_F(recipe, not_counted_process_vm_writev)
{
	struct pfstat got, zero = {};
	char *p = map_anon(N * PAGE, MADV_NOHUGEPAGE);
	struct iovec local = { .iov_base = page_buf, .iov_len = PAGE };
	struct iovec remote[N];
	ssize_t n = 0;
	int i;

	ASSERT_NE(NULL, p);
	for (i = 0; i < N; i++) {
		remote[i].iov_base = p + i * PAGE;
		remote[i].iov_len = PAGE;
	}
	window_open();
	for (i = 0; i < N; i++)
		n += process_vm_writev(getpid(), &local, 1, &remote[i], 1, 0);
	ASSERT_EQ(0, window_close(&got));
	ASSERT_EQ(N * PAGE, n);
	check_counts(_metadata, variant->traced, getpid(), &got, &zero);
}

TEST_HARNESS_MAIN
