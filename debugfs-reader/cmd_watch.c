// SPDX-License-Identifier: GPL-2.0
/*
 * pfstat watch: like "vmstat 1" or "perf stat -I", one line per task per
 * interval with the time, the task and how much each counter grew.  It
 * reads without resetting and computes the deltas itself, so watching
 * does not disturb anyone else reading the task with pfstat(2).
 *
 * watch follows each task for as long as it runs, so it holds it by a
 * pidfd, opened once, and reads it through that with pfstat(2)
 * (PFSTAT_PIDFD | PFSTAT_NORESET): once the task is gone and the kernel
 * gives its number to another task, that other task is never read.  The
 * pidfd also says when the task exits (it polls readable), and the kernel
 * keeps the counts of an exited task until it is reaped: watch reads it
 * once more then, and that read is its last, partial line.  It needs no
 * debugfs, and no root: a read takes ptrace read access only.
 *
 * A kernel before v4 of the series has no PFSTAT_PIDFD (EINVAL).  There,
 * watch says so and falls back to what it did before, rather than
 * refuse: debugfs PID/stat, by number.  That never resets either, so the
 * worst a number given to another task could do is show that task's
 * counts, and even that is kept out: a read after which the pidfd says
 * that its task has exited is dropped, since it may be a newcomer's.
 * The kernel removes PID/, and the counts with it, as soon as the task
 * starts exiting (or leaves pfstat mode): whatever it counted after the
 * last read of PID/stat can no longer be read.
 *
 * So watch reads every task each tick, a tenth of a second (or the
 * interval when that is shorter), and prints a line each interval.  A
 * task found gone gets a last, partial line: what it counted from its
 * previous line up to its last read, which was at most a tick before it
 * went, or (with PFSTAT_PIDFD) after it exited.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "pfstat.h"
#include "pfstat_syscall.h"

/* How long the counts of a task that goes can be missed, at most. */
#define TICK_MS		100
#define NSEC_PER_MSEC	1000000ULL
#define NSEC_PER_SEC	1000000000L

/* The widths of the first columns, set up front: lines are streamed. */
#define TIME_WIDTH	8	/* "9999.999": a few hours */
#define TID_WIDTH	7	/* pid_max is at most 4194304 */
#define COMM_WIDTH	15	/* TASK_COMM_LEN - 1 */

enum { COL_TIME, COL_TID, COL_COMM, COL_COUNTS };

struct watched {
	pid_t tid;
	int pidfd;		/* -1: none (debugfs only) */
	bool gone;
	bool exited;		/* its last read is done */
	bool unprinted;		/* read since its last line */
	char comm[64];
	struct counts last;	/* at its last read */
	struct counts delta;	/* from its last line to its last read */
	double read_s;		/* when it was last read */
};

static volatile sig_atomic_t stop;

/* pfstat(2) through pidfds, or (before v4) debugfs PID/stat. */
static bool by_pidfd;

/* Why a task is no longer watched, beside a read that failed (-errno). */
enum {
	GONE_EXITED = 1,
	GONE_LEFT,		/* pfstat mode */
	GONE_EITHER,		/* PID/ went: exited or left pfstat mode */
};

static const char *const gone_why[] = {
	[GONE_EXITED]	= "exited",
	[GONE_LEFT]	= "left pfstat mode",
	[GONE_EITHER]	= "exited or left pfstat mode",
};

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* No SA_RESTART: the signal must cut the sleep short. */
static void catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

/*
 * Sleep until @ns after @start.  Every wake-up is reckoned from @start,
 * not from the one before, so the lines do not drift.
 */
static void sleep_until(const struct timespec *start, unsigned long long ns)
{
	struct timespec at = *start;

	at.tv_sec += ns / NSEC_PER_SEC;
	at.tv_nsec += ns % NSEC_PER_SEC;
	if (at.tv_nsec >= NSEC_PER_SEC) {
		at.tv_sec++;
		at.tv_nsec -= NSEC_PER_SEC;
	}
	while (!stop && clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME,
					&at, NULL) == EINTR)
		;
}

/*
 * Where tick @tick of @ticks falls in an interval of @ms_ns: @ms_ns *
 * @tick / @ticks, but without that product, which overflows for an
 * interval of a day.
 */
static unsigned long long tick_ns(unsigned long long ms_ns,
				  unsigned long tick, unsigned long ticks)
{
	return ms_ns / ticks * tick + ms_ns % ticks * tick / ticks;
}

/* Seconds since @start: the time column. */
static double seconds_since(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - start->tv_sec) +
	       (now.tv_nsec - start->tv_nsec) / 1e9;
}

/*
 * Read @w's counts into @c: 0, with w->exited set when that was its last
 * read; GONE_* when there was nothing (more) to read; or -errno.
 */
static int read_task(struct watched *w, struct counts *c)
{
	char path[PATH_MAX];
	struct pfstat ps;
	bool exited;
	long ret;
	int err;

	if (by_pidfd) {
		/* Exited before the read: the read has all it counted. */
		exited = pidfd_exited(w->pidfd);
		memset(&ps, 0, sizeof(ps));
		ret = pfstat(w->pidfd, &ps, sizeof(ps),
			     PFSTAT_PIDFD | PFSTAT_NORESET);
		if (ret < 0)
			return errno == ESRCH ? GONE_EXITED : -errno;
		if (ret == 1)
			return GONE_LEFT;
		counts_from_pfstat(c, &ps, true);
		w->exited = exited;
		return 0;
	}
	debugfs_path(path, sizeof(path), w->tid, "stat");
	err = debugfs_read_stat(path, c);
	if (err == -ENOENT || err == -ESRCH)
		return GONE_EITHER;
	if (err)
		return err;
	if (w->pidfd >= 0 && pidfd_exited(w->pidfd))
		return GONE_EXITED;
	return 0;
}

/*
 * The comms, which change on exec: from /proc with pidfds (kept only
 * while the pidfd says that the number is still its task's), else from
 * debugfs "tasks", which PID/stat does not have.  A task without one
 * keeps the comm it had.
 */
static void read_comms(struct watched *w, int n)
{
	char comm[COMM_SIZE];
	struct table t;
	int i, row;

	if (by_pidfd) {
		for (i = 0; i < n; i++)
			if (!w[i].gone && !proc_comm(w[i].tid, comm, sizeof(comm)) &&
			    !pidfd_exited(w[i].pidfd))
				snprintf(w[i].comm, sizeof(w[i].comm), "%s", comm);
		return;
	}
	if (!debugfs_tasks(&t)) {
		for (i = 0; i < n; i++) {
			row = debugfs_tasks_row(&t, w[i].tid);
			if (row >= 0)
				snprintf(w[i].comm, sizeof(w[i].comm), "%s",
					 t.cell[row * t.ncols + TASKS_COMM]);
		}
	}
	table_free(&t);
}

/*
 * The counts can only go down when pfstat(2) reset them meanwhile; then
 * the new value is all that was counted since, the best delta there is.
 */
static void add_delta(struct watched *w, const struct counts *now, double at)
{
	int i;

	for (i = 0; i < PFSTAT_NR_COUNTERS; i++)
		w->delta.val[i] += now->val[i] >= w->last.val[i] ?
				   now->val[i] - w->last.val[i] : now->val[i];
	w->delta.fault_counts = now->fault_counts;
	w->last = *now;
	w->read_s = at;
	w->unprinted = true;
}

/* @w's line: its counts since its last line, as of @at. */
static void add_line(struct table *t, struct watched *w, double at)
{
	int row = table_row(t);

	table_set(t, row, COL_TIME, "%.3f", at);
	table_set(t, row, COL_TID, "%d", w->tid);
	table_set(t, row, COL_COMM, "%s", w->comm);
	table_set_counts(t, row, COL_COUNTS, &w->delta);
	memset(&w->delta, 0, sizeof(w->delta));
	w->unprinted = false;
}

/*
 * Read every task still there, at @at; a task found gone gets its last
 * line.  Returns how many are still there.
 */
/* A read of @w that failed with @err, -errno. */
static void read_error(const struct watched *w, int err)
{
	char path[PATH_MAX];

	if (by_pidfd) {
		syscall_perror(w->tid, PFSTAT_PIDFD | PFSTAT_NORESET, -err);
		return;
	}
	debugfs_path(path, sizeof(path), w->tid, "stat");
	debugfs_perror(path, -err, w->tid);
}

static int sample(struct watched *w, int n, double at, struct table *t,
		  int *ret)
{
	struct counts now;
	int i, err, alive = 0;

	for (i = 0; i < n; i++) {
		if (w[i].gone)
			continue;
		err = read_task(&w[i], &now);
		if (!err) {
			add_delta(&w[i], &now, at);
			if (!w[i].exited) {
				alive++;
				continue;
			}
			err = GONE_EXITED;
		}
		if (err > 0) {
			pf_warn("task %d %s", w[i].tid, gone_why[err]);
		} else {
			read_error(&w[i], err);
			*ret = 1;
		}
		w[i].gone = true;
		if (w[i].unprinted)
			add_line(t, &w[i], w[i].read_s);
	}
	return alive;
}

static int watch(struct watched *w, int n, unsigned long ms,
		 unsigned long count, enum out_fmt fmt)
{
	unsigned long long ms_ns = ms * NSEC_PER_MSEC;
	unsigned long line, tick, ticks = (ms + TICK_MS - 1) / TICK_MS;
	struct timespec start;
	struct table t;
	int i, ret = 0, alive = n;
	double at;

	table_init(&t);
	table_col(&t, "time_s", true);
	table_col(&t, "tid", true);
	table_col(&t, "comm", false);
	table_count_cols(&t);
	t.width[COL_TIME] = TIME_WIDTH;
	t.width[COL_TID] = TID_WIDTH;
	t.width[COL_COMM] = COMM_WIDTH;
	/* Before the header: lines streamed cannot be realigned. */
	for (i = 0; i < n; i++)
		if (!w[i].last.fault_counts)
			table_no_fault_counts(&t, COL_COUNTS);

	catch_signals();
	clock_gettime(CLOCK_MONOTONIC, &start);
	table_stream(&t, fmt, true, stdout);
	/* Lines no one can read are no reason to go on. */
	if (stdout_flush()) {
		ret = 1;
		goto out;
	}
	for (line = 0; alive && (!count || line < count); line++) {
		for (tick = 1; alive && tick <= ticks; tick++) {
			sleep_until(&start, line * ms_ns +
				    tick_ns(ms_ns, tick, ticks));
			if (stop)
				goto out;
			at = seconds_since(&start);
			alive = sample(w, n, at, &t, &ret);
			if (alive && tick == ticks) {
				read_comms(w, n);
				for (i = 0; i < n; i++)
					if (!w[i].gone)
						add_line(&t, &w[i], at);
			}
			table_stream(&t, fmt, false, stdout);
			if (stdout_flush()) {
				ret = 1;
				goto out;
			}
		}
	}
out:
	table_free(&t);
	return ret;
}

/*
 * Take hold of @w->tid, its pidfd first, and read its counts to start
 * from: 0, or 1 after saying why not.
 */
static int start_task(struct watched *w)
{
	char path[PATH_MAX];
	int err;

	snprintf(w->comm, sizeof(w->comm), "?");
	w->pidfd = pidfd_thread(w->tid);
	if (!by_pidfd) {
		/* Only a check on debugfs, which says what it lacks. */
		if (w->pidfd < 0)
			w->pidfd = -1;
		debugfs_path(path, sizeof(path), w->tid, "stat");
		err = debugfs_read_stat(path, &w->last);
		if (err)
			debugfs_perror(path, -err, w->tid);
		return !!err;
	}
	if (w->pidfd < 0) {
		if (w->pidfd == -ESRCH)
			pf_warn("no such pid %d", w->tid);
		else
			pf_warn("pidfd_open(%d): %s", w->tid, strerror(-w->pidfd));
		w->pidfd = -1;
		return 1;
	}
	err = read_task(w, &w->last);
	if (err < 0)
		read_error(w, err);
	else if (err == GONE_LEFT)
		pf_warn("task %d is not in pfstat mode (pfstat enable %d)",
			w->tid, w->tid);
	else if (err || w->exited)
		pf_warn("task %d has exited", w->tid);
	return err || w->exited;
}

static int watch_pids(const pid_t *pids, int n, unsigned long ms,
		      unsigned long count, enum out_fmt fmt)
{
	struct watched *w = xmalloc(sizeof(*w) * n);
	int i, ret = 0;

	memset(w, 0, sizeof(*w) * n);
	for (i = 0; i < n; i++)
		w[i].pidfd = -1;
	for (i = 0; i < n && !ret; i++) {
		w[i].tid = pids[i];
		ret = start_task(&w[i]);
	}
	if (!ret) {
		read_comms(w, n);
		ret = watch(w, n, ms, count, fmt);
	}
	for (i = 0; i < n; i++)
		if (w[i].pidfd >= 0)
			close(w[i].pidfd);
	free(w);
	return ret;
}

struct watch_opts {
	unsigned long ms;
	unsigned long count;
};

static int watch_opt(const struct subcmd *sc, int opt, const char *arg,
		     void *data)
{
	struct watch_opts *wo = data;

	switch (opt) {
	case 'I':
		return ms_arg(sc, "interval", arg, &wo->ms);
	case 'N':
		if (!parse_uint(arg, 1, ULONG_MAX, &wo->count))
			return usage_error(sc, "invalid count '%s' (a positive number)",
					   arg);
		break;
	}
	return 0;
}

static int watch_main(const struct subcmd *sc, int argc, char **argv)
{
	struct watch_opts wo = { .ms = 1000 };
	struct args a;
	pid_t *pids;
	int ret;

	ret = parse_args(sc, argc, argv, &a, watch_opt, &wo);
	if (ret != ARGS_GO)
		return ret;
	ret = args_pids(sc, &a, 1, &pids);
	if (ret)
		return ret;
	by_pidfd = pfstat_v4();
	if (!by_pidfd) {
		/* A kernel without pfstat(2) has no debugfs either: see there. */
		if (!pfstat_probe())
			pf_warn("this kernel's pfstat(2) has no PFSTAT_PIDFD (pfstat before v4): reading debugfs PID/stat instead");
		if (debugfs_check_root()) {
			free(pids);
			return 1;
		}
	}
	ret = watch_pids(pids, a.argc, wo.ms, wo.count, a.fmt);
	free(pids);
	return ret;
}

/* -I and -N: -i is --inherit and -n --no-reset in the other commands. */
static const struct subcmd_opt watch_options[] = {
	{ 'I', "interval", "MS", "interval in milliseconds (default 1000)" },
	{ 'N', "count", "COUNT", "stop after COUNT intervals (default: no limit)" },
	{ }
};

const struct subcmd subcmd_watch = {
	.name = "watch",
	.summary = "the counts' increase per interval, like vmstat",
	.operands = "PID...",
	.help =
"Every interval, print one line per task: the seconds since watch started\n"
"(time_s), the task (tid, comm), and the increase of each counter since\n"
"the previous line.  Each task is read with pfstat(2) through a pidfd\n"
"(PFSTAT_PIDFD), so a PID given to another task is never read, and\n"
"nothing is reset; before pfstat v4 the kernel has no PFSTAT_PIDFD, and\n"
"debugfs PID/stat is read instead.  Ends after COUNT intervals, on\n"
"Ctrl-C, or when every task has exited or left pfstat mode.  A task that\n"
"goes gets a last, partial line: its counts up to its exit (debugfs: up\n"
"to its last read, at most " STR(TICK_MS)
	" ms before it went).\n",
	.opts = watch_options,
	.flags = SC_CSV,
	.fn = watch_main,
};
