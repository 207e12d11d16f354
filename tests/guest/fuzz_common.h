/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers the two fuzzers share (fuzz_syscall_test.c, fuzz_debugfs_test.c):
 * the caller's own modelled faults, and target tasks in known states:
 * blocked (optionally as another user) and zombie.
 */
#ifndef PFSTAT_FUZZ_COMMON_H
#define PFSTAT_FUZZ_COMMON_H

#include <grp.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "stress_common.h"

/* Fault @n fresh anonymous pages: the caller's own, modelled faults. */
static inline int touch_anon(int n)
{
	volatile char *p = mmap(NULL, n * PAGE, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int i;

	if (p == MAP_FAILED || madvise((char *)p, n * PAGE, MADV_NOHUGEPAGE))
		return -1;
	for (i = 0; i < n; i++)
		p[i * PAGE] = 1;
	munmap((char *)p, n * PAGE);
	return 0;
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
