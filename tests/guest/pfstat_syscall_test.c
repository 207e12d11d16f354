// SPDX-License-Identifier: GPL-2.0
/*
 * pfstat(2) semantics and errors (shared/SPEC.md section 3).  Built twice,
 * 64-bit and -m32, so both the x86_64 and the i386 table entries are used.
 *
 * Each error test first puts the task in a known state (in pfstat mode
 * with K anonymous write faults counted, or not in pfstat mode), makes
 * the failing call, and then checks that the counters and the mode are
 * exactly as they were.
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "pfstat_util.h"

#define K	37

/* Write-fault @n fresh anonymous pages: anonymous_fault and alloc += n. */
static int touch_anon(int n)
{
	volatile char *p = mmap(NULL, n * PAGE, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int i;

	if (p == MAP_FAILED)
		return -1;
	if (madvise((char *)p, n * PAGE, MADV_NOHUGEPAGE))
		return -1;
	for (i = 0; i < n; i++)
		p[i * PAGE] = 1;
	return 0;
}

/* Enter pfstat mode and count exactly K anonymous write faults. */
#define SETUP_IN_MODE_WITH_K() do {					\
	struct pfstat __st;						\
	ASSERT_EQ(0, quiet_address_space());				\
	ASSERT_EQ(1, sys_pfstat(0, &__st, sizeof(__st), 0));		\
	ASSERT_EQ(0, touch_anon(K));					\
} while (0)

/*
 * Still in pfstat mode, and the counters still hold exactly the K
 * anonymous write faults.  A test that forked may also have broken COW
 * on its own stack while the child lived: those pages are copy_on_write
 * and fault_alloced_page both, and nothing else.
 */
#define ASSERT_STILL_K() do {						\
	struct pfstat __st;						\
	ASSERT_EQ(0, sys_pfstat(0, &__st, sizeof(__st), PFSTAT_NORESET)); \
	ASSERT_EQ(K, __st.anonymous_fault);				\
	ASSERT_EQ(K, __st.fault_alloced_page - __st.copy_on_write);	\
	ASSERT_EQ(0, __st.stack_low);					\
	ASSERT_EQ(0, __st.transparent_hugepage_fault);			\
	ASSERT_EQ(0, __st.file_fault);					\
	ASSERT_EQ(0, __st.swapped_back);				\
} while (0)

/* Not in pfstat mode: a NORESET read says so (1) and reads zeros. */
#define ASSERT_NOT_IN_MODE() do {					\
	struct pfstat __st;						\
	memset(&__st, 0xff, sizeof(__st));				\
	ASSERT_EQ(1, sys_pfstat(0, &__st, sizeof(__st), PFSTAT_NORESET)); \
	ASSERT_EQ(0, __st.anonymous_fault);				\
} while (0)

#define ASSERT_ERRNO(err, call) do {					\
	errno = 0;							\
	ASSERT_EQ(-1, (call));						\
	ASSERT_EQ(err, errno) TH_LOG("%s", strerror(errno));		\
} while (0)

TEST(enter_returns_one_with_zeros_then_counts)
{
	struct pfstat st;
	int i;

	ASSERT_EQ(0, quiet_address_space());
	memset(&st, 0xff, sizeof(st));
	ASSERT_EQ(1, sys_pfstat(0, &st, sizeof(st), 0));
	for (i = 0; i < NR_CLASSES; i++)
		ASSERT_EQ(0, pfstat_get(&st, i));
	ASSERT_EQ(0, touch_anon(K));
	ASSERT_EQ(0, sys_pfstat(0, &st, sizeof(st), 0));
	ASSERT_EQ(K, st.anonymous_fault);
	ASSERT_EQ(K, st.fault_alloced_page);
	/* The read reset the counters. */
	ASSERT_EQ(0, sys_pfstat(0, &st, sizeof(st), 0));
	for (i = 0; i < NR_CLASSES; i++)
		ASSERT_EQ(0, pfstat_get(&st, i));
}

TEST(noreset_reads_without_resetting)
{
	struct pfstat st;

	SETUP_IN_MODE_WITH_K();
	ASSERT_STILL_K();
	ASSERT_STILL_K();
	ASSERT_EQ(0, sys_pfstat(0, &st, sizeof(st), 0));
	ASSERT_EQ(K, st.anonymous_fault);
	ASSERT_EQ(0, sys_pfstat(0, &st, sizeof(st), PFSTAT_NORESET));
	ASSERT_EQ(0, st.anonymous_fault);
}

TEST(noreset_does_not_enter)
{
	struct pfstat st;

	ASSERT_EQ(0, quiet_address_space());
	ASSERT_NOT_IN_MODE();
	ASSERT_EQ(0, touch_anon(K));
	ASSERT_NOT_IN_MODE();
	ASSERT_EQ(1, sys_pfstat(0, &st, sizeof(st), 0));
	ASSERT_EQ(0, st.anonymous_fault);
}

TEST(disable_reads_resets_and_leaves)
{
	struct pfstat st;

	SETUP_IN_MODE_WITH_K();
	ASSERT_EQ(0, sys_pfstat(0, &st, sizeof(st), PFSTAT_DISABLE));
	ASSERT_EQ(K, st.anonymous_fault);
	/* Faults outside pfstat mode are not counted... */
	ASSERT_EQ(0, touch_anon(K));
	ASSERT_NOT_IN_MODE();
	/* ...and entering again starts from zero. */
	ASSERT_EQ(1, sys_pfstat(0, &st, sizeof(st), 0));
	ASSERT_EQ(0, st.anonymous_fault);
	ASSERT_EQ(0, touch_anon(3));
	ASSERT_EQ(0, sys_pfstat(0, &st, sizeof(st), 0));
	ASSERT_EQ(3, st.anonymous_fault);
	/* DISABLE of a task not in pfstat mode: zeros, 1, nothing changes. */
	ASSERT_EQ(0, sys_pfstat(0, &st, sizeof(st), PFSTAT_DISABLE));
	ASSERT_EQ(1, sys_pfstat(0, &st, sizeof(st), PFSTAT_DISABLE));
	ASSERT_NOT_IN_MODE();
}

TEST(own_tid_is_pid_zero)
{
	struct pfstat st;

	ASSERT_EQ(0, quiet_address_space());
	ASSERT_EQ(1, sys_pfstat(gettid_raw(), &st, sizeof(st), 0));
	ASSERT_EQ(0, touch_anon(K));
	ASSERT_STILL_K();
	ASSERT_EQ(0, sys_pfstat(gettid_raw(), &st, sizeof(st), 0));
	ASSERT_EQ(K, st.anonymous_fault);
}

TEST(size_beyond_struct_is_zeroed)
{
	unsigned char buf[512];
	struct pfstat st;
	size_t i;

	SETUP_IN_MODE_WITH_K();
	memset(buf, 0xff, sizeof(buf));
	ASSERT_EQ(0, sys_pfstat(0, buf, sizeof(buf), 0));
	memcpy(&st, buf, sizeof(st));
	ASSERT_EQ(K, st.anonymous_fault);
	for (i = PFSTAT_SIZE_VER0; i < sizeof(buf); i++)
		ASSERT_EQ(0, buf[i]) TH_LOG("byte %zu", i);
}

struct thread_arg {
	pthread_barrier_t go, done;
	pid_t tid;
	volatile char *pages;
};

static void *thread_touch(void *p)
{
	struct thread_arg *a = p;
	int i;

	a->tid = gettid_raw();
	pthread_barrier_wait(&a->go);
	pthread_barrier_wait(&a->go);
	for (i = 0; i < K; i++)
		a->pages[i * PAGE] = 1;
	pthread_barrier_wait(&a->done);
	return NULL;
}

TEST(threads_are_counted_separately)
{
	struct thread_arg a;
	struct pfstat st;
	pthread_t t;

	ASSERT_EQ(0, pthread_barrier_init(&a.go, NULL, 2));
	ASSERT_EQ(0, pthread_barrier_init(&a.done, NULL, 2));
	ASSERT_EQ(0, pthread_create(&t, NULL, thread_touch, &a));
	pthread_barrier_wait(&a.go);
	/* Both threads' stacks are in place: fault them all in now. */
	ASSERT_EQ(0, quiet_address_space());
	a.pages = mmap(NULL, K * PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_TRUE(a.pages != MAP_FAILED);
	ASSERT_EQ(0, madvise((char *)a.pages, K * PAGE, MADV_NOHUGEPAGE));
	ASSERT_EQ(1, sys_pfstat(a.tid, &st, sizeof(st), 0));
	ASSERT_EQ(1, sys_pfstat(0, &st, sizeof(st), 0));
	pthread_barrier_wait(&a.go);
	pthread_barrier_wait(&a.done);
	ASSERT_EQ(0, sys_pfstat(a.tid, &st, sizeof(st), 0));
	ASSERT_EQ(K, st.anonymous_fault);
	ASSERT_EQ(K, st.fault_alloced_page);
	/* The faults were the other thread's, not this one's. */
	ASSERT_EQ(0, sys_pfstat(0, &st, sizeof(st), 0));
	ASSERT_EQ(0, st.anonymous_fault);
	ASSERT_EQ(0, pthread_join(t, NULL));
}

TEST(read_another_process)
{
	int go[2], done[2];
	struct pfstat st;
	pid_t child;
	char c;

	ASSERT_EQ(0, pipe(go));
	ASSERT_EQ(0, pipe(done));
	child = fork();
	ASSERT_LE(0, child);
	if (child == 0) {
		if (quiet_address_space() || write(done[1], "r", 1) != 1 ||
		    read(go[0], &c, 1) != 1 || touch_anon(K) ||
		    write(done[1], "d", 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	ASSERT_EQ(1, read(done[0], &c, 1));
	ASSERT_EQ(1, sys_pfstat(child, &st, sizeof(st), 0));
	ASSERT_EQ(1, write(go[1], "g", 1));
	ASSERT_EQ(1, read(done[0], &c, 1));
	ASSERT_EQ('d', c);
	ASSERT_EQ(0, sys_pfstat(child, &st, sizeof(st), PFSTAT_DISABLE));
	ASSERT_EQ(K, st.anonymous_fault);
	ASSERT_EQ(K, st.fault_alloced_page);
	ASSERT_EQ(1, sys_pfstat(child, &st, sizeof(st), PFSTAT_NORESET));
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
}

/*
 * Fork a child that reports whether it (and its own child) start in
 * pfstat mode: 1 in mode, 0 not, 2 and up for errors.
 */
static int child_mode(void)
{
	struct pfstat st;
	int status;
	long r;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		r = sys_pfstat(0, &st, sizeof(st), PFSTAT_NORESET);
		if (r == 1)
			_exit(0);
		/* In mode: the parent's counts did not come along. */
		if (r != 0 || st.anonymous_fault != 0)
			_exit(2);
		pid = fork();
		if (pid == 0)
			_exit(sys_pfstat(0, &st, sizeof(st), PFSTAT_NORESET) == 0 ? 1 : 3);
		if (pid < 0 || waitpid(pid, &status, 0) != pid)
			_exit(4);
		_exit(WEXITSTATUS(status));
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

TEST(children_do_not_inherit_by_default)
{
	SETUP_IN_MODE_WITH_K();
	ASSERT_EQ(0, child_mode());
	ASSERT_STILL_K();
}

TEST(inherit_on_entering)
{
	struct pfstat st;

	ASSERT_EQ(0, quiet_address_space());
	ASSERT_EQ(1, sys_pfstat(0, &st, sizeof(st), PFSTAT_INHERIT));
	ASSERT_EQ(0, touch_anon(K));
	ASSERT_EQ(1, child_mode());
}

TEST(inherit_while_in_mode)
{
	struct pfstat st;

	SETUP_IN_MODE_WITH_K();
	ASSERT_EQ(0, child_mode());
	ASSERT_EQ(0, sys_pfstat(0, &st, sizeof(st), PFSTAT_INHERIT));
	ASSERT_EQ(K, st.anonymous_fault);
	ASSERT_EQ(1, child_mode());
}

TEST(leaving_clears_inherit)
{
	struct pfstat st;

	ASSERT_EQ(0, quiet_address_space());
	ASSERT_EQ(1, sys_pfstat(0, &st, sizeof(st), PFSTAT_INHERIT));
	ASSERT_EQ(0, sys_pfstat(0, &st, sizeof(st), PFSTAT_DISABLE));
	ASSERT_EQ(1, sys_pfstat(0, &st, sizeof(st), 0));
	ASSERT_EQ(0, child_mode());
}

TEST(einval_unknown_flags)
{
	struct pfstat st;

	SETUP_IN_MODE_WITH_K();
	ASSERT_ERRNO(EINVAL, sys_pfstat(0, &st, sizeof(st), 1U << 3));
	ASSERT_ERRNO(EINVAL, sys_pfstat(0, &st, sizeof(st), 1U << 31));
	ASSERT_ERRNO(EINVAL, sys_pfstat(0, &st, sizeof(st), ~0U));
	ASSERT_STILL_K();
}

TEST(einval_contradictory_flags)
{
	struct pfstat st;

	SETUP_IN_MODE_WITH_K();
	ASSERT_ERRNO(EINVAL, sys_pfstat(0, &st, sizeof(st), PFSTAT_NORESET | PFSTAT_DISABLE));
	ASSERT_ERRNO(EINVAL, sys_pfstat(0, &st, sizeof(st), PFSTAT_NORESET | PFSTAT_INHERIT));
	ASSERT_ERRNO(EINVAL, sys_pfstat(0, &st, sizeof(st), PFSTAT_DISABLE | PFSTAT_INHERIT));
	ASSERT_STILL_K();
}

TEST(einval_size_too_small)
{
	struct pfstat st;

	SETUP_IN_MODE_WITH_K();
	ASSERT_ERRNO(EINVAL, sys_pfstat(0, &st, 0, 0));
	ASSERT_ERRNO(EINVAL, sys_pfstat(0, &st, 8, 0));
	ASSERT_ERRNO(EINVAL, sys_pfstat(0, &st, PFSTAT_SIZE_VER0 - 1, 0));
	ASSERT_STILL_K();
}

TEST(einval_negative_pid)
{
	struct pfstat st;

	SETUP_IN_MODE_WITH_K();
	ASSERT_ERRNO(EINVAL, sys_pfstat(-1, &st, sizeof(st), 0));
	ASSERT_ERRNO(EINVAL, sys_pfstat(INT_MIN, &st, sizeof(st), 0));
	ASSERT_STILL_K();
}

TEST(einval_kernel_thread)
{
	char comm[32] = "";
	struct pfstat st;
	FILE *f = fopen("/proc/2/comm", "r");

	ASSERT_TRUE(f != NULL);
	ASSERT_TRUE(fgets(comm, sizeof(comm), f) != NULL);
	fclose(f);
	ASSERT_STREQ("kthreadd\n", comm);
	SETUP_IN_MODE_WITH_K();
	ASSERT_ERRNO(EINVAL, sys_pfstat(2, &st, sizeof(st), 0));
	ASSERT_ERRNO(EINVAL, sys_pfstat(2, &st, sizeof(st), PFSTAT_NORESET));
	ASSERT_STILL_K();
}

TEST(esrch_no_such_thread)
{
	struct pfstat st;
	pid_t gone = fork();

	ASSERT_LE(0, gone);
	if (gone == 0)
		_exit(0);
	ASSERT_EQ(gone, waitpid(gone, NULL, 0));
	SETUP_IN_MODE_WITH_K();
	ASSERT_ERRNO(ESRCH, sys_pfstat(gone, &st, sizeof(st), 0));
	ASSERT_ERRNO(ESRCH, sys_pfstat(INT_MAX, &st, sizeof(st), 0));
	ASSERT_STILL_K();
}

TEST(eperm_other_users_task)
{
	pid_t parent = getpid(), child;
	int status;

	SETUP_IN_MODE_WITH_K();
	child = fork();
	ASSERT_LE(0, child);
	if (child == 0) {
		struct pfstat st;

		if (setgid(65534) || setuid(65534))
			_exit(10);
		if (sys_pfstat(parent, &st, sizeof(st), 0) != -1 || errno != EPERM)
			_exit(11);
		if (sys_pfstat(parent, &st, sizeof(st), PFSTAT_NORESET) != -1 || errno != EPERM)
			_exit(12);
		if (sys_pfstat(parent, &st, sizeof(st), PFSTAT_DISABLE) != -1 || errno != EPERM)
			_exit(13);
		if (sys_pfstat(1, &st, sizeof(st), 0) != -1 || errno != EPERM)
			_exit(14);
		/* Its own task it may read. */
		_exit(sys_pfstat(0, &st, sizeof(st), 0) == 1 ? 0 : 15);
	}
	ASSERT_EQ(child, waitpid(child, &status, 0));
	ASSERT_EQ(0, WEXITSTATUS(status)) TH_LOG("child step %d failed", WEXITSTATUS(status));
	ASSERT_STILL_K();
}

TEST(efault_resets_nothing)
{
	char *ro, *edge;

	SETUP_IN_MODE_WITH_K();
	ro = mmap(NULL, 2 * PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_TRUE(ro != MAP_FAILED);
	edge = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	ASSERT_TRUE(edge != MAP_FAILED);
	ASSERT_EQ(0, mprotect(edge + PAGE, PAGE, PROT_NONE));

	ASSERT_ERRNO(EFAULT, sys_pfstat(0, NULL, PFSTAT_SIZE_VER0, 0));
	ASSERT_ERRNO(EFAULT, sys_pfstat(0, (void *)1, PFSTAT_SIZE_VER0, 0));
	ASSERT_ERRNO(EFAULT, sys_pfstat(0, ro, PFSTAT_SIZE_VER0, 0));
	ASSERT_ERRNO(EFAULT, sys_pfstat(0, ro, PFSTAT_SIZE_VER0, PFSTAT_DISABLE));
	/* Straddling into a PROT_NONE page. */
	ASSERT_ERRNO(EFAULT, sys_pfstat(0, edge + PAGE - 8, PFSTAT_SIZE_VER0, 0));
	/* The struct fits, the zeroed tail the caller asked for does not. */
	ASSERT_ERRNO(EFAULT, sys_pfstat(0, edge + PAGE - PFSTAT_SIZE_VER0,
					PFSTAT_SIZE_VER0 + 8, 0));
	/* A kernel address. */
	ASSERT_ERRNO(EFAULT, sys_pfstat(0, (void *)(~0UL - PAGE + 1), PFSTAT_SIZE_VER0, 0));
	ASSERT_STILL_K();
}

TEST(efault_does_not_enter)
{
	ASSERT_EQ(0, quiet_address_space());
	ASSERT_ERRNO(EFAULT, sys_pfstat(0, NULL, PFSTAT_SIZE_VER0, 0));
	ASSERT_ERRNO(EFAULT, sys_pfstat(0, NULL, PFSTAT_SIZE_VER0, PFSTAT_INHERIT));
	ASSERT_NOT_IN_MODE();
	ASSERT_EQ(0, child_mode());
}

TEST_HARNESS_MAIN
