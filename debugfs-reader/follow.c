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
 * Each task is read through a pidfd (PFSTAT_PIDFD), opened when pfstat
 * first hears of the task, which names that task and no other, whatever
 * becomes of its number: a thread that calls execve() takes its leader's.
 * Where there is no pidfd to read through, a kernel before v4 of the
 * series (no PFSTAT_PIDFD) or no file descriptor left (EMFILE), the task
 * is read by its number, as before, and quietly: that is still right,
 * since a traced zombie stays until its tracer has waited for it, so its
 * number cannot go to another task before pfstat has read it.  Failing
 * the run instead would refuse counts that are sound.
 *
 * Nothing else is traced: no system calls, no exec.  Signals are passed
 * on as they arrive, and group-stops are held with PTRACE_LISTEN, so job
 * control inside CMD still works.  The price: CMD cannot be traced by
 * anything else (gdb, strace) while pfstat follows it.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
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

/* A traced task, by the number it had when pfstat first heard of it. */
struct tracee {
	pid_t pid;
	int pidfd;		/* -1: read it by @pid */
};

/* The tasks traced and not yet reaped. */
struct tracees {
	struct tracee *t;
	int n, cap;
	bool pidfds;		/* the kernel takes PFSTAT_PIDFD */
};

/* The tracee @pid, added with its pidfd when it is new. */
static struct tracee *tracee(struct tracees *tr, pid_t pid)
{
	struct tracee *te;
	int i;

	for (i = 0; i < tr->n; i++)
		if (tr->t[i].pid == pid)
			return &tr->t[i];
	if (tr->n == tr->cap) {
		tr->cap = tr->cap ? 2 * tr->cap : 16;
		tr->t = xrealloc(tr->t, sizeof(*tr->t) * tr->cap);
	}
	te = &tr->t[tr->n++];
	te->pid = pid;
	te->pidfd = tr->pidfds ? pidfd_thread(pid) : -1;
	if (te->pidfd < 0)
		te->pidfd = -1;
	return te;
}

/* @te was reaped. */
static void tracee_gone(struct tracees *tr, struct tracee *te)
{
	if (te->pidfd >= 0)
		close(te->pidfd);
	*te = tr->t[--tr->n];
}

static void tracees_free(struct tracees *tr)
{
	while (tr->n)
		tracee_gone(tr, &tr->t[0]);
	free(tr->t);
}

static bool exited(const siginfo_t *si)
{
	return si->si_code == CLD_EXITED || si->si_code == CLD_KILLED ||
	       si->si_code == CLD_DUMPED;
}

/* A zombie's counts, before anyone can reap it. */
static void add_counts(const struct tracee *te, bool v4,
		       struct follow_result *r)
{
	struct pfstat ps;
	struct counts c;
	long ret;

	memset(&ps, 0, sizeof(ps));
	if (te->pidfd >= 0)
		ret = pfstat(te->pidfd, &ps, sizeof(ps),
			     PFSTAT_PIDFD | PFSTAT_NORESET);
	else
		ret = pfstat(te->pid, &ps, sizeof(ps), PFSTAT_NORESET);
	if (ret < 0) {
		if (!r->err) {
			r->err = errno;
			r->err_pid = te->pid;
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
	struct tracees tr = { .pidfds = pfstat_v4() };
	struct tracee *te;
	int status, err = 0;
	struct rusage ru;
	siginfo_t si;
	pid_t pid;

	memset(r, 0, sizeof(*r));
	/* The kernels with PFSTAT_PIDFD are those with the fault counts. */
	r->sum.fault_counts = tr.pidfds;
	for (;;) {
		memset(&si, 0, sizeof(si));
		if (waitid(P_ALL, 0, &si,
			   WEXITED | WSTOPPED | __WALL | WNOWAIT) < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ECHILD)
				break;	/* every tracee is gone */
			err = -errno;
			break;
		}
		pid = si.si_pid;
		te = tracee(&tr, pid);
		if (exited(&si))
			add_counts(te, tr.pidfds, r);
		if (exited(&si) && pid == top)
			proc_comm(pid, r->comm, sizeof(r->comm));
		while (wait4(pid, &status, __WALL, &ru) < 0) {
			if (errno != EINTR) {
				err = -errno;
				goto out;
			}
		}
		if (WIFSTOPPED(status)) {
			resume(pid, status);
			continue;
		}
		if (pid == top) {
			r->status = status;
			r->ru = ru;
		}
		tracee_gone(&tr, te);
	}
	clock_gettime(CLOCK_MONOTONIC, &r->end);
out:
	tracees_free(&tr);
	return err;
}
