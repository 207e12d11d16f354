// SPDX-License-Identifier: GPL-2.0
/*
 * Follow a command and every task it creates, and add up the pfstat
 * counts of each as it exits: the "--inherit" half of "pfstat run".
 *
 * A task's counters live in its task_struct and die with it when its
 * parent reaps it.  pfstat is the parent of CMD only; CMD's children are
 * reaped by CMD, its grandchildren by them.  A tracer, though, hears of
 * the exit of every tracee first: a traced task stays a zombie, its pid
 * still valid and its counter block still there, until its tracer has
 * waited for it, and only then is its real parent told.  So pfstat
 * seizes CMD with PTRACE_O_TRACEFORK, _TRACEVFORK and _TRACECLONE (every
 * new task, process or thread, is traced from its first instruction),
 * peeks at each exit with waitid(WNOWAIT), reads the zombie with
 * PFSTAT_NORESET, and only then lets it go.
 *
 * Nothing else is traced: no system calls, no exec.  Signals are passed
 * on as they arrive, and group-stops are held with PTRACE_LISTEN, so job
 * control inside CMD still works.  The price: CMD cannot be traced by
 * anything else (gdb, strace) while pfstat follows it.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "follow.h"
#include "pfstat_syscall.h"

int follow_attach(pid_t pid)
{
	long opts = PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK |
		    PTRACE_O_TRACECLONE;

	return ptrace(PTRACE_SEIZE, pid, 0, opts) ? -errno : 0;
}

/*
 * The comm of @pid, read while it is there, a zombie still: for run's
 * Prometheus labels, which have what ps(1) shows beside the command
 * line.  0, or -1 with @comm "".
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

static bool exited(const siginfo_t *si)
{
	return si->si_code == CLD_EXITED || si->si_code == CLD_KILLED ||
	       si->si_code == CLD_DUMPED;
}

/* A zombie's counts, before anyone can reap it. */
static void add_counts(pid_t pid, bool v4, struct follow_result *r)
{
	struct pfstat ps;
	struct counts c;
	long ret;

	memset(&ps, 0, sizeof(ps));
	ret = pfstat(pid, &ps, sizeof(ps), PFSTAT_NORESET);
	if (ret < 0) {
		if (!r->err) {
			r->err = errno;
			r->err_pid = pid;
		}
		return;
	}
	/* 1: the task left pfstat mode itself; it has nothing to add. */
	if (ret == 1)
		return;
	counts_from_pfstat(&c, &ps, v4);
	counts_add(&r->sum, &c);
	r->tasks++;
}

/*
 * Let a stopped tracee go on.  Which stop it is decides how: a new task's
 * first stop and the fork/clone event stops carry nothing; a group-stop
 * (PTRACE_EVENT_STOP with a stop signal) must stay a stop, so it is
 * LISTENed; a signal-delivery-stop hands its signal back.  A tracee
 * killed meanwhile makes ptrace() fail with ESRCH, which is fine: its
 * exit is the next thing waitid() reports.
 */
static void resume(pid_t pid, int status)
{
	int sig = WSTOPSIG(status), event = (unsigned int)status >> 16;

	switch (event) {
	case 0:
		ptrace(PTRACE_CONT, pid, 0, sig);
		break;
	case PTRACE_EVENT_STOP:
		if (sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN ||
		    sig == SIGTTOU)
			ptrace(PTRACE_LISTEN, pid, 0, 0);
		else
			ptrace(PTRACE_CONT, pid, 0, 0);
		break;
	default:
		ptrace(PTRACE_CONT, pid, 0, 0);
		break;
	}
}

int follow(pid_t top, struct follow_result *r)
{
	bool v4 = pfstat_v4();
	int status;
	siginfo_t si;
	pid_t pid;

	memset(r, 0, sizeof(*r));
	r->sum.fault_counts = v4;
	for (;;) {
		memset(&si, 0, sizeof(si));
		if (waitid(P_ALL, 0, &si,
			   WEXITED | WSTOPPED | __WALL | WNOWAIT) < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ECHILD)
				break;	/* every tracee is gone */
			return -errno;
		}
		pid = si.si_pid;
		if (exited(&si))
			add_counts(pid, v4, r);
		if (exited(&si) && pid == top)
			proc_comm(pid, r->comm, sizeof(r->comm));
		while (waitpid(pid, &status, __WALL) < 0)
			if (errno != EINTR)
				return -errno;
		if (WIFSTOPPED(status))
			resume(pid, status);
		else if (pid == top)
			r->status = status;
	}
	clock_gettime(CLOCK_MONOTONIC, &r->end);
	return 0;
}
