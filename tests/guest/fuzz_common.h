/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers the two fuzzers share (fuzz_syscall_test.c, fuzz_debugfs_test.c):
 * the run's length, the caller's own modelled faults, and target tasks:
 * in known states (blocked, optionally as another user, and zombie),
 * kernel threads and pids that do not exist.
 */
#ifndef PFSTAT_FUZZ_COMMON_H
#define PFSTAT_FUZZ_COMMON_H

#include <dirent.h>
#include <grp.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "stress_common.h"

#define MAX_KTHREADS	64
#define PF_KTHREAD_FLAG	0x00200000

/* Calls or writes per test: PFSTAT_FUZZ_ITERATIONS, default 4000. */
static inline unsigned long fuzz_iterations(void)
{
	return env_ulong("PFSTAT_FUZZ_ITERATIONS", 4000);
}

/*
 * Fault @n fresh anonymous pages and unmap them: the caller's own,
 * modelled faults (fault_anon()'s).
 */
static inline int touch_anon(int n)
{
	char *p = fault_anon(n);

	if (!p)
		return -1;
	munmap(p, n * PAGE);
	return 0;
}

static inline bool pid_exists(pid_t pid)
{
	char path[32];

	snprintf(path, sizeof(path), "/proc/%d", pid);
	return !access(path, F_OK);
}

/* Up to @max kernel threads into @tids: how many, or -1 for none. */
static inline int find_kthreads(pid_t *tids, int max)
{
	char path[300], buf[512], *p;
	unsigned int flags;
	struct dirent *de;
	DIR *d = opendir("/proc");
	int n = 0;

	if (!d)
		return -1;
	while ((de = readdir(d)) && n < max) {
		if (de->d_name[0] < '1' || de->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/stat", de->d_name);
		if (read_path(path, buf, sizeof(buf)) < 0)
			continue;
		p = strrchr(buf, ')');
		if (p && sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %u", &flags) == 1 &&
		    (flags & PF_KTHREAD_FLAG))
			tids[n++] = atoi(de->d_name);
	}
	closedir(d);
	return n ? n : -1;
}

/*
 * Become @uid, keeping the right to mlockall() (quiet_address_space()) a
 * big address space: the default RLIMIT_MEMLOCK is smaller than the
 * sibling thread's stack alone.
 */
static inline int drop_to(uid_t uid)
{
	struct rlimit unlimited = { RLIM_INFINITY, RLIM_INFINITY };

	return setrlimit(RLIMIT_MEMLOCK, &unlimited) || setgroups(0, NULL) ||
	       setgid(uid) || setuid(uid) || prctl(PR_SET_DUMPABLE, 1);
}

struct blocked {
	pid_t pid;
	int go;		/* write end: a byte on it lets the task exit */
};

/* A child that gives up @uid (if not 0), quiets and blocks. */
static inline int spawn_blocked(struct blocked *b, uid_t uid)
{
	int ready[2], go[2];
	char c;

	if (pipe(ready) || pipe(go))
		return -1;
	b->pid = fork();
	if (b->pid == 0) {
		close(go[1]);
		if (uid && drop_to(uid))
			_exit(1);
		if (quiet_address_space() || write(ready[1], "r", 1) != 1)
			_exit(2);
		_exit(read(go[0], &c, 1) < 0 ? 3 : 0);
	}
	close(ready[1]);
	close(go[0]);
	b->go = go[1];
	if (b->pid < 0 || read(ready[0], &c, 1) != 1)
		return -1;
	close(ready[0]);
	return 0;
}

/* A byte, not EOF: later children hold copies of the write end. */
static inline void end_blocked(struct blocked *b)
{
	if (write(b->go, "x", 1) != 1)
		kill(b->pid, SIGKILL);
	close(b->go);
	waitpid(b->pid, NULL, 0);
}

/* A child that has exited and is left unreaped: a zombie. */
static inline pid_t spawn_zombie(void)
{
	pid_t pid = fork();
	char path[64], buf[512], *p;

	if (pid == 0)
		_exit(0);
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	while (read_path(path, buf, sizeof(buf)) > 0 && (p = strrchr(buf, ')')) &&
	       p[2] != 'Z')
		usleep(1000);
	return pid;
}

#endif /* PFSTAT_FUZZ_COMMON_H */
