// SPDX-License-Identifier: GPL-2.0
/*
 * pfstat read: one task's counts through the pfstat(2) system call,
 * printed as the same table "pfstat show" prints from debugfs, so the two
 * interfaces can be compared side by side.
 */
#include <errno.h>
#include <string.h>

#include "pfstat.h"
#include "pfstat_syscall.h"

static void explain_ret(pid_t pid, unsigned int flags)
{
	if (flags & (PFSTAT_NORESET | PFSTAT_DISABLE))
		pf_warn("task %d is not in pfstat mode (nothing was counted)",
			pid);
	else
		pf_warn("task %d was not in pfstat mode: it is now, counting from zero",
			pid);
}

/* @t's row for @pid: its tid, comm and counts. */
static void add_row(struct table *t, pid_t pid, const char *comm,
		    const struct counts *c)
{
	int row = table_row(t);

	table_set(t, row, 0, "%d", pid);
	table_set(t, row, 1, "%s", comm);
	table_set_counts(t, row, 2, c);
}

/*
 * What was counted between two reads, @before and @after, when the
 * later one reset the counts.  A counter that went down was reset by
 * someone else meanwhile: all it holds was counted since.
 */
static bool counted_since(const struct counts *before,
			  const struct counts *after, struct counts *diff)
{
	bool any = false;
	int i;

	*diff = *after;
	for (i = 0; i < PFSTAT_NR_COUNTERS; i++) {
		if (after->val[i] >= before->val[i])
			diff->val[i] -= before->val[i];
		any |= diff->val[i] != 0;
	}
	return any;
}

/*
 * Read @pid's counts and, unless PFSTAT_NORESET, reset them: only what
 * was delivered may be reset, and pfstat(2) can only read and reset in
 * one go, so the counts are read without resetting first, printed and
 * flushed, and reset only once stdout took them.  When it did not (a
 * full disk, a closed pipe), read fails with nothing reset.  The
 * resetting read comes after: what the task counted between the two
 * reads is reset too, so it is printed as a second row of the same task
 * (it is rare, and small).  A script that sums the rows misses nothing
 * and counts nothing twice.
 */
static int do_read(pid_t pid, unsigned int flags, enum out_fmt fmt)
{
	struct counts c, after, diff;
	bool v4 = pfstat_v4();
	struct pfstat ps;
	struct table t;
	char comm[64];
	long ret;
	int status = 0;

	if (pfstat_require())
		return 1;
	memset(&ps, 0, sizeof(ps));
	ret = pfstat(pid, &ps, sizeof(ps), PFSTAT_NORESET);
	if (ret < 0) {
		syscall_perror(pid, PFSTAT_NORESET, errno);
		return 1;
	}
	if (ret == 1 && (flags & PFSTAT_NORESET))
		explain_ret(pid, flags);
	counts_from_pfstat(&c, &ps, v4);
	/* "?" when the task is gone or hidden. */
	if (proc_comm(pid, comm, sizeof(comm)))
		snprintf(comm, sizeof(comm), "?");

	table_init(&t);
	table_col(&t, "tid", true);
	table_col(&t, "comm", false);
	table_count_cols(&t);
	add_row(&t, pid, comm, &c);
	table_stream(&t, fmt, true, stdout);
	if (stdout_flush()) {
		table_free(&t);
		return 1;
	}
	if (!(flags & PFSTAT_NORESET)) {
		memset(&ps, 0, sizeof(ps));
		ret = pfstat(pid, &ps, sizeof(ps), flags);
		if (ret < 0) {
			syscall_perror_in("the counts were read, but not reset",
					  pid, flags, errno);
			status = 1;
		} else {
			if (ret == 1)
				explain_ret(pid, flags);
			counts_from_pfstat(&after, &ps, v4);
			if (counted_since(&c, &after, &diff))
				add_row(&t, pid, comm, &diff);
		}
	}
	table_stream(&t, fmt, false, stdout);
	table_stream_end(&t, fmt, stdout);
	if (stdout_flush())
		status = 1;
	table_free(&t);
	return status;
}

static int read_opt(const struct subcmd *sc, int opt, const char *arg,
		    void *data)
{
	unsigned int *flags = data;

	(void)sc;
	(void)arg;
	switch (opt) {
	case 'n':
		*flags |= PFSTAT_NORESET;
		break;
	case 'd':
		*flags |= PFSTAT_DISABLE;
		break;
	}
	return 0;
}

static int read_main(const struct subcmd *sc, int argc, char **argv)
{
	unsigned int flags = 0;
	struct args a;
	pid_t pid;
	int ret;

	ret = parse_args(sc, argc, argv, &a, read_opt, &flags);
	if (ret != ARGS_GO)
		return ret;
	/* The kernel would say EINVAL; say why instead. */
	if ((flags & PFSTAT_NORESET) && (flags & PFSTAT_DISABLE))
		return usage_error(sc, "--no-reset and --disable contradict each other");
	ret = args_pid(sc, &a, &pid);
	if (ret)
		return ret;
	return do_read(pid, flags, a.fmt);
}

static const struct subcmd_opt read_options[] = {
	{ 'n', "no-reset", NULL, "read only: no reset, never enter pfstat mode" },
	{ 'd', "disable", NULL, "read, reset and leave pfstat mode" },
	{ }
};

const struct subcmd subcmd_read = {
	.name = "read",
	.summary = "read, and reset, a task's counts with pfstat(2)",
	.operands = "PID",
	.help =
"Read task PID's fault counts with pfstat(2).  A task not in pfstat mode\n"
"enters it (counting starts at zero); one in pfstat mode reports the\n"
"counts since the last reset, which this read resets, but only once they\n"
"are written out: what the task counted meanwhile is a second row.\n",
	.opts = read_options,
	.flags = SC_CSV | SC_JSON,
	.fn = read_main,
};
