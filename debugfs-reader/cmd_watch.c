// SPDX-License-Identifier: GPL-2.0
/*
 * pfstat watch: like "vmstat 1", one line per task per interval with how
 * much each class grew.  It reads debugfs PID/stat, which never resets,
 * and computes the deltas itself, so watching does not disturb anyone
 * else reading the task with pfstat(2).
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pfstat.h"

struct watched {
	pid_t tid;
	bool gone;
	struct counts last;
};

static volatile sig_atomic_t stop;

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

/* Sleep until @next, then move it on by @ms: lines do not drift. */
static void sleep_until(struct timespec *next, unsigned long ms)
{
	next->tv_sec += ms / 1000;
	next->tv_nsec += (ms % 1000) * 1000000L;
	if (next->tv_nsec >= 1000000000L) {
		next->tv_sec++;
		next->tv_nsec -= 1000000000L;
	}
	while (!stop && clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME,
					next, NULL) == EINTR)
		;
}

static int read_task(const struct watched *w, struct counts *c)
{
	char path[PATH_MAX];

	debugfs_path(path, sizeof(path), w->tid, "stat");
	return debugfs_read_stat(path, c);
}

/*
 * The counts can only go down when pfstat(2) reset them meanwhile; then
 * the new value is all that was counted since, the best delta there is.
 */
static void add_delta(struct table *t, struct watched *w,
		      const struct counts *now)
{
	struct counts d;
	int i, row;

	for (i = 0; i < PFSTAT_NR_CLASSES; i++)
		d.val[i] = now->val[i] >= w->last.val[i] ?
			   now->val[i] - w->last.val[i] : now->val[i];
	w->last = *now;
	row = table_row(t);
	table_set(t, row, 0, "%d", w->tid);
	table_set_counts(t, row, 1, &d);
}

/* One line per task still there; returns how many are. */
static int sample(struct watched *w, int n, struct table *t, int *ret)
{
	struct counts now;
	int i, err, alive = 0;

	for (i = 0; i < n; i++) {
		if (w[i].gone)
			continue;
		err = read_task(&w[i], &now);
		if (err == -ESRCH || err == -ENOENT) {
			pf_warn("task %d exited or left pfstat mode", w[i].tid);
			w[i].gone = true;
		} else if (err) {
			char path[PATH_MAX];

			debugfs_path(path, sizeof(path), w[i].tid, "stat");
			debugfs_perror(path, -err, w[i].tid);
			w[i].gone = true;
			*ret = 1;
		} else {
			add_delta(t, &w[i], &now);
			alive++;
		}
	}
	return alive;
}

static int watch(struct watched *w, int n, unsigned long ms,
		 unsigned long count, enum out_fmt fmt)
{
	struct timespec next;
	unsigned long done;
	struct table t;
	int ret = 0, alive = n;

	table_init(&t);
	table_col(&t, "tid", true);
	table_count_cols(&t);
	t.width[0] = 7;		/* pid_max is at most 4194304 */

	catch_signals();
	clock_gettime(CLOCK_MONOTONIC, &next);
	for (done = 0; !count || done < count; done++) {
		sleep_until(&next, ms);
		if (stop)
			break;
		alive = sample(w, n, &t, &ret);
		table_stream(&t, fmt, done == 0, stdout);
		if (!alive)
			break;
	}
	table_free(&t);
	return ret;
}

static int watch_pids(const pid_t *pids, int n, unsigned long ms,
		      unsigned long count, enum out_fmt fmt)
{
	struct watched *w = xmalloc(sizeof(*w) * n);
	char path[PATH_MAX];
	int i, err, ret = 0;

	for (i = 0; i < n && !ret; i++) {
		w[i].tid = pids[i];
		w[i].gone = false;
		err = read_task(&w[i], &w[i].last);
		if (err) {
			debugfs_path(path, sizeof(path), pids[i], "stat");
			debugfs_perror(path, -err, pids[i]);
			ret = 1;
		}
	}
	if (!ret)
		ret = watch(w, n, ms, count, fmt);
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
	case 'i':
		return ms_arg(sc, "interval", arg, &wo->ms);
	case 'n':
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
	ret = debugfs_pids(sc, &a, 1, &pids);
	if (ret)
		return ret;
	ret = watch_pids(pids, a.argc, wo.ms, wo.count, a.fmt);
	free(pids);
	return ret;
}

static const struct subcmd_opt watch_options[] = {
	{ 'i', "interval", "MS", "interval in milliseconds (default 1000)" },
	{ 'n', "count", "COUNT", "stop after COUNT intervals (default: no limit)" },
	{ }
};

const struct subcmd subcmd_watch = {
	.name = "watch",
	.summary = "the counts' increase per interval, like vmstat",
	.operands = "PID...",
	.help =
"Every interval, print one line per task with the increase of each class\n"
"since the previous line (debugfs PID/stat; nothing is reset).  Ends\n"
"after COUNT intervals, on Ctrl-C, or when every task has exited or left\n"
"pfstat mode.\n",
	.opts = watch_options,
	.flags = SC_CSV,
	.fn = watch_main,
};
