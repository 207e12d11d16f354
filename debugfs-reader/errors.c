// SPDX-License-Identifier: GPL-2.0
/*
 * Error messages.  Each names what failed (the system call and PID, or the
 * debugfs path), the errno text, and, where there is one, what to do.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <linux/magic.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>

#include "pfstat.h"
#include "pfstat_syscall.h"

/* "pfstat: " and the message, on stderr. */
void pf_warn(const char *fmt, ...)
{
	va_list ap;

	fputs("pfstat: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* Something failed on the file @path with errno @err. */
void pf_warn_path(const char *path, int err)
{
	pf_warn("%s: %s", path, strerror(err));
}

#define NO_PFSTAT_HINT \
	"this kernel has no pfstat: boot a kernel with the pfstat series (CONFIG_PFSTAT=y)"

/* "EPERM" for EPERM: the name of errno @err, or its number. */
static const char *errno_name(int err, char *buf, size_t size)
{
	const char *name = NULL;

#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 32)
	name = strerrorname_np(err);
#endif
	if (!name) {
		snprintf(buf, size, "errno %d", err);
		name = buf;
	}
	return name;
}

/*
 * Make sure system call 463 is pfstat(2) before calling it for real, and
 * say what it is when it is not.  The probe (see pfstat_probe()) cannot
 * fail on a kernel with pfstat; without it, 463 is ENOSYS before Linux
 * 6.13 and setxattrat(2) after, which fails the probe with EINVAL.  Any
 * other answer is not the kernel's: a seccomp filter's (EPERM in a
 * container, under systemd's SystemCallFilter=), whatever the kernel
 * has, so asking for another kernel would be wrong.
 */
int pfstat_require(void)
{
	int err = pfstat_probe();
	char name[32];

	switch (err) {
	case 0:
		return 0;
	case ENOSYS:
		pf_warn("pfstat(2): %s: " NO_PFSTAT_HINT, strerror(err));
		break;
	case EINVAL:
		pf_warn("pfstat(2): %s: system call %d is another call on this kernel (setxattrat since Linux 6.13): " NO_PFSTAT_HINT,
			strerror(err), __NR_pfstat);
		break;
	case EPERM:
	case EACCES:
		pf_warn("pfstat(2): %s: system call %d is blocked by a seccomp filter or similar (a container, systemd's SystemCallFilter=), whatever this kernel has: allow it, or run pfstat where it is allowed",
			strerror(err), __NR_pfstat);
		break;
	default:
		pf_warn("pfstat(2): %s (%s): system call %d failed in a way neither pfstat(2) nor setxattrat(2) does (a seccomp filter?)",
			strerror(err), errno_name(err, name, sizeof(name)),
			__NR_pfstat);
		break;
	}
	return -1;
}

/*
 * Whether pfstat(2) is that of version 4 of the series or later, which
 * added PFSTAT_PIDFD and, with it, faults and unclassified to struct
 * pfstat (PFSTAT_SIZE_VER1).  An older kernel takes the larger struct
 * but zeroes what it does not know, so no read can tell its zeros from
 * counts of 0; the flag can.  PFSTAT_PIDFD on INT_MAX, which is above any
 * file descriptor limit, is EBADF where the flag is known (no such
 * pidfd), and EINVAL (an unknown flag) where it is not.  Asked once;
 * false without pfstat(2).
 */
bool pfstat_v4(void)
{
	static int v4 = -1;
	struct pfstat ps;

	if (v4 < 0)
		v4 = !pfstat_probe() &&
		     pfstat(INT_MAX, &ps, sizeof(ps),
			    PFSTAT_PIDFD | PFSTAT_NORESET) < 0 &&
		     errno == EBADF;
	return v4;
}

/*
 * What to add to the errno text of pfstat(2) on @pid with @flags that
 * failed with @err: "" or ": why, and what to do", in @buf.
 */
static const char *syscall_hint(pid_t pid, unsigned int flags, int err,
				char *buf, size_t size)
{
	buf[0] = '\0';
	switch (err) {
	case ENOSYS:
		snprintf(buf, size, ": " NO_PFSTAT_HINT);
		break;
	case ESRCH:
		snprintf(buf, size, ": no such pid %d", pid);
		break;
	case EPERM:
		/* Since v4, changing another task takes more than reading it. */
		if (flags & PFSTAT_NORESET)
			snprintf(buf, size, ": may not read task %d: it needs ptrace read access (same user and dumpable, or CAP_SYS_PTRACE)",
				 pid);
		else
			snprintf(buf, size, ": may not reset task %d or change its pfstat mode: that needs ptrace attach access (same user and dumpable, and under Yama's ptrace_scope 1 an ancestor; or CAP_SYS_PTRACE); --no-reset needs read access only",
				 pid);
		break;
	case EINVAL:
		snprintf(buf, size, ": the kernel refused the call: task %d is a kernel thread, or it does not know these flags",
			 pid);
		break;
	}
	return buf;
}

/*
 * pfstat(2) on @pid (a pidfd's task with PFSTAT_PIDFD) with @flags failed
 * with @err, while doing @what (NULL: nothing more to say): one line.
 */
void syscall_perror_in(const char *what, pid_t pid, unsigned int flags,
		       int err)
{
	char hint[320];

	syscall_hint(pid, flags, err, hint, sizeof(hint));
	pf_warn("%s%spfstat(2) on pid %d: %s%s", what ? what : "",
		what ? ": " : "", pid, strerror(err), hint);
}

void syscall_perror(pid_t pid, unsigned int flags, int err)
{
	syscall_perror_in(NULL, pid, flags, err);
}

static bool root_missing(void)
{
	struct stat st;

	return stat(debugfs_root(), &st) && errno == ENOENT;
}

/* Whether directory @path has an entry, "." and ".." aside. */
static bool has_entries(const char *path)
{
	struct dirent *d;
	bool any = false;
	DIR *dir = opendir(path);

	if (!dir)
		return false;
	while (!any && (d = readdir(dir)))
		any = strcmp(d->d_name, ".") && strcmp(d->d_name, "..");
	closedir(dir);
	return any;
}

/*
 * The debugfs root (/sys/kernel/debug/pfstat) is missing: why, from the
 * directory it would be in, into @buf.  That directory is missing on a
 * kernel without debugfs (it is the mount point debugfs makes in
 * sysfs); it is empty while debugfs is not mounted there; and a debugfs
 * (or, for PFSTAT_DEBUGFS elsewhere, any directory with entries) without
 * pfstat's directory is the usual distribution kernel: no pfstat.
 */
static void root_hint(char *buf, size_t size)
{
	char dir[PATH_MAX];
	struct statfs sfs;
	struct stat st;
	char *slash;

	snprintf(dir, sizeof(dir), "%s", debugfs_root());
	while ((slash = strrchr(dir, '/')) && !slash[1] && slash > dir)
		*slash = '\0';		/* "pfstat/" is "pfstat" */
	slash = strrchr(dir, '/');
	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == dir)
		dir[1] = '\0';		/* "/pfstat" is in "/" */
	else
		*slash = '\0';
	if (stat(dir, &st) && errno == ENOENT)
		snprintf(buf, size, ": there is no %s: the kernel has no debugfs (it needs CONFIG_DEBUG_FS=y, and CONFIG_PFSTAT=y)",
			 dir);
	else if ((!statfs(dir, &sfs) && sfs.f_type == DEBUGFS_MAGIC) ||
		 has_entries(dir))
		snprintf(buf, size, ": debugfs is mounted on %s, but " NO_PFSTAT_HINT,
			 dir);
	else
		snprintf(buf, size, ": debugfs is not mounted on %s: mount -t debugfs none %s",
			 dir, dir);
}

/*
 * Whether thread @tid exists: 1 yes, 0 no, -1 no telling (no /proc).
 * /proc/TID is there for every thread, though only leaders are listed.
 */
static int task_exists(pid_t tid)
{
	char path[32];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/%d", tid);
	if (!stat(path, &st))
		return 1;
	return stat("/proc/self", &st) ? -1 : 0;
}

/*
 * PID/ is missing: the kernel keeps that directory only while the task is
 * in pfstat mode, so a task that exists is not in it, and entering it is
 * the fix.
 */
static void no_task_dir(pid_t tid, char *buf, size_t size)
{
	switch (task_exists(tid)) {
	case 1:
		snprintf(buf, size, ": task %d is not in pfstat mode (pfstat enable %d)",
			 tid, tid);
		break;
	case 0:
		snprintf(buf, size, ": no such pid %d", tid);
		break;
	default:
		snprintf(buf, size, ": task %d is not in pfstat mode, or there is no such task (pfstat enable %d)",
			 tid, tid);
		break;
	}
}

/* Something in debugfs, @path, failed with @err, for task @tid (or 0). */
void debugfs_perror(const char *path, int err, pid_t tid)
{
	char hint[3 * PATH_MAX] = "";

	if (err == EBADMSG) {
		pf_warn("%s: unexpected contents (is this pfstat's debugfs?)",
			path);
		return;
	}
	switch (err) {
	case ENOENT:
		if (root_missing())
			root_hint(hint, sizeof(hint));
		else if (tid > 0)
			no_task_dir(tid, hint, sizeof(hint));
		break;
	case ESRCH:
		if (tid > 0)
			snprintf(hint, sizeof(hint), ": task %d is exiting", tid);
		else
			snprintf(hint, sizeof(hint), ": no such pid");
		break;
	case EACCES:
	case EPERM:
		snprintf(hint, sizeof(hint), ": debugfs is for root only: run pfstat as root");
		break;
	}
	pf_warn("%s: %s%s", path, strerror(err), hint);
}
