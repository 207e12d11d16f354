// SPDX-License-Identifier: GPL-2.0
/*
 * A stand-in for the pfstat kernel, for the host tests: LD_PRELOADed
 * into the dynamically linked pfstat, it answers syscall(463, ...) the
 * way pfstat(2) would, so "pfstat run" and "pfstat read" can be tested
 * on a kernel without pfstat.  Every other system call goes to libc.
 *
 *   FAKE_PFSTAT_LOG=FILE    append "pid flags" for each call but probes
 *   FAKE_PFSTAT_RET=0|1     what reads return (default 0: in pfstat mode)
 *   FAKE_PFSTAT_ERRNO=N     reads of another task fail with errno N
 *   FAKE_PFSTAT_SELF_ERRNO=N  a task's call on itself to enter pfstat mode
 *                           (pid 0, no flags) fails with errno N
 *   FAKE_PFSTAT_ZOMBIE=1    reads of another task fail with ESRCH unless
 *                           it is a zombie: "pfstat run" must read its
 *                           child after it exited and before reaping it
 *
 * Counts reported by a read that returns 0: class nr has 10 * (nr + 1) + 1.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
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

static long fake_pfstat(pid_t pid, struct pfstat *stat, size_t size,
			unsigned int flags)
{
	/* The tool reads itself only to probe: pfstat_probe(). */
	if (!(pid == 0 && flags == PFSTAT_NORESET))
		log_call(pid, flags);
	memset(stat, 0, size);
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
#define FAKE_COUNT(nr, name)	stat->name = 10 * ((nr) + 1) + 1;
	PFSTAT_CLASSES(FAKE_COUNT)
#undef FAKE_COUNT
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
