// SPDX-License-Identifier: GPL-2.0
/*
 * execve() keeps pfstat mode and the counters, and debugfs follows the
 * task.  From a thread that is not the group leader, de_thread() gives
 * the thread the leader's pid: PID/ must move to that number, nothing may
 * stay under the thread's old tid, and a new task that is given the old
 * tid must be able to enter pfstat mode and get its own directory.
 *
 * The task that execs first takes N_HUGE THP faults: the new image takes
 * none of its own (THP is "madvise" in the guest), so its
 * transparent_hugepage_fault count is exactly what came through exec.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/sched.h>	/* struct clone_args */

#include "kselftest_harness.h"
#include "guest_util.h"

#define N_HUGE		2
#define AFTER_EXEC	"--after-exec"

/* @n THP faults, one write per PMD-sized page; 0 or -1. */
static int fault_thp(int n)
{
	size_t pmd = HPAGE;
	char *p, *q;
	int i;

	if (!pmd)
		return -1;
	p = mmap(NULL, (n + 1) * pmd, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -1;
	q = (char *)(((unsigned long)p + pmd - 1) & ~(pmd - 1));
	if (madvise(q, n * pmd, MADV_HUGEPAGE))
		return -1;
	for (i = 0; i < n; i++)
		poke(q + i * pmd, 1);
	return 0;
}

/*
 * The new image: report pfstat mode and the THP count on fd @out, then
 * wait on fd @in until the test has looked at debugfs.
 */
static int after_exec(int out, int in)
{
	struct pfstat st;
	char msg[64], c;
	long mode;
	int len;

	mode = sys_pfstat(0, &st, sizeof(st), PFSTAT_NORESET);
	len = snprintf(msg, sizeof(msg), "%d %ld %llu\n", getpid(), mode,
		       (unsigned long long)st.transparent_hugepage_fault);
	if (write(out, msg, len) != len)
		return 1;
	return read(in, &c, 1) == 1 ? 0 : 1;
}

struct execer {
	int out, in;		/* the pipes' ends the new image uses */
	pid_t tid;		/* the thread's tid before exec */
	int tid_fd;		/* where the thread writes it */
};

/* Enter pfstat mode, take the THP faults, say who we are, exec. */
static void *enter_fault_exec(void *arg)
{
	struct execer *e = arg;
	char out[16], in[16];
	struct pfstat st;

	e->tid = gettid_raw();
	if (sys_pfstat(0, &st, sizeof(st), 0) != 1 || fault_thp(N_HUGE))
		_exit(2);
	if (write(e->tid_fd, &e->tid, sizeof(e->tid)) != sizeof(e->tid))
		_exit(3);
	snprintf(out, sizeof(out), "%d", e->out);
	snprintf(in, sizeof(in), "%d", e->in);
	execl("/proc/self/exe", "pfstat_exec_test", AFTER_EXEC, out, in,
	      (char *)NULL);
	_exit(4);
}

/* A child that has a second thread, which execs. */
static void exec_from_thread(struct execer *e)
{
	pthread_t t;

	if (pthread_create(&t, NULL, enter_fault_exec, e))
		_exit(5);
	/* The leader waits to be reaped by de_thread(). */
	for (;;)
		pause();
}

/*
 * Run a child that execs, from its main thread or from a second one, and
 * check what the new image and debugfs say.  Returns the old tid of the
 * thread that exec'd, after the new image has exited.
 */
static pid_t exec_and_check(struct __test_metadata *_metadata, bool thread)
{
	int to_test[2], to_child[2], tid_pipe[2];
	struct execer e;
	pid_t child, newpid, oldtid;
	unsigned long long thp;
	long mode;
	char msg[64];
	ssize_t n;
	int status;

	ASSERT_EQ(0, pipe(to_test));
	ASSERT_EQ(0, pipe(to_child));
	ASSERT_EQ(0, pipe(tid_pipe));
	child = fork();
	ASSERT_LE(0, child);
	if (!child) {
		e.out = to_test[1];
		e.in = to_child[0];
		e.tid_fd = tid_pipe[1];
		if (thread)
			exec_from_thread(&e);
		enter_fault_exec(&e);
	}
	close(to_test[1]);
	close(to_child[0]);
	close(tid_pipe[1]);

	ASSERT_EQ(sizeof(oldtid), read(tid_pipe[0], &oldtid, sizeof(oldtid)));
	n = read(to_test[0], msg, sizeof(msg) - 1);
	ASSERT_LT(0, n);
	msg[n] = '\0';
	ASSERT_EQ(3, sscanf(msg, "%d %ld %llu", &newpid, &mode, &thp));

	/* The exec'd image is the child, with the leader's pid. */
	EXPECT_EQ(child, newpid);
	if (thread) {
		EXPECT_NE(oldtid, newpid);
	} else {
		EXPECT_EQ(oldtid, newpid);
	}
	/* Still in pfstat mode (0: it was), the faults carried over. */
	EXPECT_EQ(0, mode);
	EXPECT_EQ(N_HUGE, thp);
	/* debugfs follows it to its pid, and nothing is left behind. */
	EXPECT_TRUE(pfstat_dir_exists(newpid));
	EXPECT_TRUE(pfstat_tasks_lists(newpid));
	if (thread) {
		EXPECT_FALSE(pfstat_dir_exists(oldtid));
		EXPECT_FALSE(pfstat_tasks_lists(oldtid));
	}

	ASSERT_EQ(1, write(to_child[1], "x", 1));
	ASSERT_EQ(child, waitpid(child, &status, 0));
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
		TH_LOG("the exec'd child ended with status 0x%x", status);
	EXPECT_FALSE(pfstat_dir_exists(newpid));
	close(to_test[0]);
	close(to_child[1]);
	close(tid_pipe[0]);
	return oldtid;
}

TEST(exec_keeps_mode_counts_and_directory)
{
	exec_and_check(_metadata, false);
}

static pid_t clone3_set_tid(pid_t tid)
{
	struct clone_args args = {
		.exit_signal = SIGCHLD,
		.set_tid = (unsigned long)&tid,
		.set_tid_size = 1,
	};

	return syscall(__NR_clone3, &args, sizeof(args));
}

TEST(exec_from_thread_moves_directory_and_frees_old_tid)
{
	struct pfstat st;
	pid_t oldtid, p;
	int go[2], status;
	char c;

	oldtid = exec_and_check(_metadata, true);

	/*
	 * A new task given the old tid enters pfstat mode and gets its
	 * directory: nothing stale holds that name.
	 */
	ASSERT_EQ(0, pipe(go));
	p = clone3_set_tid(oldtid);
	if (!p) {
		/* Wait until the test closes the pipe. */
		close(go[1]);
		_exit(read(go[0], &c, 1) == 0 ? 0 : 1);
	}
	ASSERT_EQ(oldtid, p) TH_LOG("clone3(set_tid=%d): %s", oldtid, strerror(errno));
	close(go[0]);
	EXPECT_EQ(1, sys_pfstat(p, &st, sizeof(st), 0));
	EXPECT_TRUE(pfstat_dir_exists(p));
	EXPECT_TRUE(pfstat_tasks_lists(p));
	close(go[1]);
	ASSERT_EQ(p, waitpid(p, &status, 0));
	EXPECT_FALSE(pfstat_dir_exists(p));
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], AFTER_EXEC))
		return after_exec(atoi(argv[2]), atoi(argv[3]));
	return test_harness_run(argc, argv);
}
