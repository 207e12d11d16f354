// SPDX-License-Identifier: GPL-2.0
/*
 * Error messages.  Each names what failed (the system call and PID, or the
 * debugfs path), the errno text, and, where there is one, what to do.
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "pfstat.h"
#include "pfstat_syscall.h"

static void no_pfstat_hint(void)
{
	warnx("this kernel has no pfstat: boot a kernel with the pfstat series (CONFIG_PFSTAT=y)");
}

/*
 * Make sure system call 463 is pfstat(2) before calling it for real:
 * on Linux 6.13 and later without pfstat it is setxattrat(2).
 */
int pfstat_require(void)
{
	int err = pfstat_probe();

	if (!err)
		return 0;
	if (err == ENOSYS)
		warnx("pfstat(2): %s", strerror(err));
	else
		warnx("pfstat(2): system call %d is another call on this kernel (setxattrat since Linux 6.13): %s",
		      __NR_pfstat, strerror(err));
	no_pfstat_hint();
	return -1;
}

void syscall_perror(pid_t pid, int err)
{
	warnx("pfstat(2) on pid %d: %s", pid, strerror(err));
	switch (err) {
	case ENOSYS:
		no_pfstat_hint();
		break;
	case ESRCH:
		warnx("no such pid %d", pid);
		break;
	case EPERM:
		warnx("may not read task %d: it needs ptrace read access (same user and dumpable, or CAP_SYS_PTRACE)",
		      pid);
		break;
	case EINVAL:
		warnx("the kernel refused the call: task %d is a kernel thread, or it does not know these flags",
		      pid);
		break;
	}
}

static bool root_missing(void)
{
	struct stat st;

	return stat(debugfs_root(), &st) && errno == ENOENT;
}

static void mount_hint(void)
{
	warnx("is debugfs mounted? mount -t debugfs none /sys/kernel/debug");
	warnx("(the kernel needs CONFIG_PFSTAT=y and CONFIG_DEBUG_FS=y)");
}

void debugfs_perror(const char *path, int err, pid_t tid)
{
	if (err == EBADMSG) {
		warnx("%s: unexpected contents (is this pfstat's debugfs?)",
		      path);
		return;
	}
	warnx("%s: %s", path, strerror(err));
	switch (err) {
	case ENOENT:
		if (root_missing())
			mount_hint();
		else if (tid > 0)
			warnx("task %d is not in pfstat mode, or there is no such task (pfstat enable %d)",
			      tid, tid);
		break;
	case ESRCH:
		if (tid > 0)
			warnx("task %d is exiting", tid);
		else
			warnx("no such pid");
		break;
	case EACCES:
	case EPERM:
		warnx("debugfs is for root only: run pfstat as root");
		break;
	}
}
