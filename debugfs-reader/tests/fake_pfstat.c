// SPDX-License-Identifier: GPL-2.0
/*
 * A stand-in for the pfstat kernel, for the host tests: LD_PRELOADed
 * into the dynamically linked pfstat, it answers syscall(463, ...) the
 * way pfstat(2) would, so "pfstat run", "read" and "watch" can be tested
 * on a kernel without pfstat.  Every other system call goes to libc.
 *
 *   FAKE_PFSTAT_V4=1        answer as version 4 of the series does:
 *                           PFSTAT_PIDFD (EBADF for a file that is no
 *                           pidfd), faults and unclassified; without it,
 *                           as the versions before: PFSTAT_PIDFD is an
 *                           unknown flag (EINVAL), and what the caller's
 *                           struct has past PFSTAT_SIZE_VER0 is zeroed
 *   FAKE_PFSTAT_LOG=FILE    append "pid flags" for each call but probes
 *                           (with PFSTAT_PIDFD, pid is the pidfd's task)
 *   FAKE_PFSTAT_RET=0|1     what reads return (default 0: in pfstat mode)
 *   FAKE_PFSTAT_ERRNO=N     reads of another task fail with errno N
 *   FAKE_PFSTAT_SELF_ERRNO=N  a task's call on itself to enter pfstat mode
 *                           (pid 0, no flags) fails with errno N
 *   FAKE_PFSTAT_ZOMBIE=1    reads of another task fail with ESRCH unless
 *                           it is a zombie: "pfstat run" must read its
 *                           child after it exited and before reaping it
 *   FAKE_PFSTAT_SYSCALL_ERRNO=N  system call 463 is no pfstat(2): every
 *                           call fails with errno N, the probe's too (38
 *                           ENOSYS: a kernel before 6.13 without pfstat,
 *                           22 EINVAL: setxattrat(2) of 6.13 and later,
 *                           1 EPERM: a seccomp filter); nothing is logged
 *   FAKE_PFSTAT_GROW=N      a task that faults while it is read: each read
 *                           of another task that reports counts has N
 *                           more in every counter than the one before
 *   FAKE_PFSTAT_RESET_ERRNO=N  calls on another task that would change it
 *                           (all but PFSTAT_NORESET reads) fail with
 *                           errno N: one with read access but not attach
 *                           access
 *   FAKE_PFSTAT_COUNTS=FILE the counts, read from FILE at each call, in
 *                           "name value" lines as debugfs PID/stat has
 *                           them; while there is no FILE, reads return 1
 *                           (not in pfstat mode)
 *
 * Counts reported by a read that returns 0, unless FAKE_PFSTAT_COUNTS:
 * class nr has 10 * (nr + 1) + 1; faults 101 and unclassified 7.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "pfstat_classes.h"

static long env_long(const char *name, long def)
{
	const char *s = getenv(name);

	return s && *s ? strtol(s, NULL, 10) : def;
}

/* The state letter of /proc/PID/stat, or 0 when there is no such task. */
static char task_state(pid_t pid)
{
	char path[64], buf[512], *p;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	p = strrchr(buf, ')');
	return p && p[1] == ' ' ? p[2] : 0;
}

/*
 * The task of pidfd @fd, from its fdinfo "Pid:" line, which only pidfds
 * have: the pid, 0 when the task was reaped (-1 there), -1 for no pidfd.
 */
static pid_t pidfd_pid(int fd)
{
	char path[64], line[128];
	bool found = false;
	int pid;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (!found && fgets(line, sizeof(line), f))
		found = sscanf(line, "Pid: %d", &pid) == 1;
	fclose(f);
	if (!found)
		return -1;
	return pid > 0 ? pid : 0;
}

static void log_call(pid_t pid, unsigned int flags)
{
	const char *path = getenv("FAKE_PFSTAT_LOG");
	FILE *f;

	if (!path)
		return;
	f = fopen(path, "a");
	if (!f)
		return;
	fprintf(f, "%d %u\n", pid, flags);
	fclose(f);
}

static void set_counter(struct pfstat *stat, int nr, __u64 val)
{
	switch (nr) {
#define FAKE_SET(n, name)	case n: stat->name = val; break;
	PFSTAT_COUNTERS(FAKE_SET)
#undef FAKE_SET
	}
}

/* The counts of FAKE_PFSTAT_COUNTS into @stat: 0, or -1 without FILE. */
static int counts_file(const char *path, struct pfstat *stat)
{
	char name[64];
	unsigned long long val;
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	while (fscanf(f, "%63s %llu", name, &val) == 2)
		set_counter(stat, pfstat_counter_index(name), val);
	fclose(f);
	return 0;
}

static long fake_pfstat(pid_t pid, struct pfstat *stat, size_t size,
			unsigned int flags)
{
	bool v4 = env_long("FAKE_PFSTAT_V4", 0);
	const char *counts = getenv("FAKE_PFSTAT_COUNTS");
	struct pfstat ps = { 0 };

	if (env_long("FAKE_PFSTAT_SYSCALL_ERRNO", 0)) {
		errno = env_long("FAKE_PFSTAT_SYSCALL_ERRNO", 0);
		return -1;
	}
	/* A kernel before v4 does not know the flag: the tool's probe. */
	if ((flags & PFSTAT_PIDFD) && !v4) {
		errno = EINVAL;
		return -1;
	}
	if (flags & PFSTAT_PIDFD) {
		pid = pidfd_pid(pid);
		if (pid < 0) {		/* the tool's probe, on no file */
			errno = EBADF;
			return -1;
		}
		if (!pid) {		/* reaped */
			errno = ESRCH;
			return -1;
		}
	}
	/* The tool reads itself only to probe: pfstat_probe(). */
	if (!(pid == 0 && flags == PFSTAT_NORESET))
		log_call(pid, flags);
	memset(stat, 0, size);
	if (pid > 0 && !(flags & PFSTAT_NORESET) &&
	    env_long("FAKE_PFSTAT_RESET_ERRNO", 0)) {
		errno = env_long("FAKE_PFSTAT_RESET_ERRNO", 0);
		return -1;
	}
	if (pid > 0 && env_long("FAKE_PFSTAT_ERRNO", 0)) {
		errno = env_long("FAKE_PFSTAT_ERRNO", 0);
		return -1;
	}
	if (pid == 0 && !(flags & PFSTAT_NORESET) &&
	    env_long("FAKE_PFSTAT_SELF_ERRNO", 0)) {
		errno = env_long("FAKE_PFSTAT_SELF_ERRNO", 0);
		return -1;
	}
	if (pid > 0 && env_long("FAKE_PFSTAT_ZOMBIE", 0) &&
	    task_state(pid) != 'Z') {
		errno = ESRCH;
		return -1;
	}
	/* Not in pfstat mode (or entering it): zeros, and 1. */
	if (pid == 0 || env_long("FAKE_PFSTAT_RET", 0) == 1)
		return 1;
	if (counts) {
		if (counts_file(counts, &ps))
			return 1;
	} else {
#define FAKE_COUNT(nr, name)	ps.name = 10 * ((nr) + 1) + 1;
		PFSTAT_CLASSES(FAKE_COUNT)
#undef FAKE_COUNT
		ps.faults = 101;
		ps.unclassified = 7;
	}
	if (env_long("FAKE_PFSTAT_GROW", 0)) {
		static long reads;
		long add = env_long("FAKE_PFSTAT_GROW", 0) * reads++;

#define FAKE_GROW(nr, name)	ps.name += add;
		PFSTAT_COUNTERS(FAKE_GROW)
#undef FAKE_GROW
	}
	/* What the caller has room for of the kernel's struct. */
	if (size > (v4 ? PFSTAT_SIZE_VER1 : PFSTAT_SIZE_VER0))
		size = v4 ? PFSTAT_SIZE_VER1 : PFSTAT_SIZE_VER0;
	memcpy(stat, &ps, size);
	return 0;
}

long syscall(long nr, ...)
{
	long (*real)(long, ...);
	long a[6];
	va_list ap;
	int i;

	va_start(ap, nr);
	for (i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	if (nr == __NR_pfstat)
		return fake_pfstat(a[0], (struct pfstat *)a[1], a[2], a[3]);
	real = (long (*)(long, ...))dlsym(RTLD_NEXT, "syscall");
	return real(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}
