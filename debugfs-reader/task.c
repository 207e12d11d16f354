// SPDX-License-Identifier: GPL-2.0
/*
 * A task over time: by a pidfd, which names the task itself, rather than
 * by its number, which the kernel hands out again once the task is gone;
 * and its comm.  pfstat(2) takes a pidfd with PFSTAT_PIDFD since v4 of
 * the series.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "pfstat.h"

/* Linux 6.9: a pidfd of a thread, not of the process it leads. */
#ifndef PIDFD_THREAD
#define PIDFD_THREAD	O_EXCL
#endif

/*
 * A pidfd of thread @tid (a PID operand is a thread ID): the fd, which is
 * close-on-exec, or -errno.
 */
int pidfd_thread(pid_t tid)
{
	int fd = syscall(SYS_pidfd_open, tid, PIDFD_THREAD);

	return fd < 0 ? -errno : fd;
}

/* Whether the thread of @pidfd has exited: a zombie, or reaped. */
bool pidfd_exited(int pidfd)
{
	struct pollfd p = { .fd = pidfd, .events = POLLIN };

	return poll(&p, 1, 0) > 0;
}

/*
 * The comm of @pid, read while it is there, a zombie still: for run's
 * Prometheus labels, which have what ps(1) shows beside the command
 * line, and for watch.  0, or -1 with @comm "".
 */
int proc_comm(pid_t pid, char *comm, size_t size)
{
	char path[32];
	ssize_t n;
	int fd;

	comm[0] = '\0';
	snprintf(path, sizeof(path), "/proc/%d/comm", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, comm, size - 1);
	close(fd);
	if (n <= 0)
		return -1;
	/* The kernel ends it with a newline; the comm may hold one too. */
	comm[n] = '\0';
	if (comm[n - 1] == '\n')
		comm[n - 1] = '\0';
	return 0;
}
