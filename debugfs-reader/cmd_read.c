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

static int do_read(pid_t pid, unsigned int flags, enum out_fmt fmt)
{
	struct pfstat ps;
	struct counts c;
	struct table t;
	char comm[64];
	long ret;
	int row;

	if (pfstat_require())
		return 1;
	memset(&ps, 0, sizeof(ps));
	ret = pfstat(pid, &ps, sizeof(ps), flags);
	if (ret < 0) {
		syscall_perror(pid, flags, errno);
		return 1;
	}
	if (ret == 1)
		explain_ret(pid, flags);
	counts_from_pfstat(&c, &ps, pfstat_v4());
	/* "?" when the task is gone or hidden. */
	if (proc_comm(pid, comm, sizeof(comm)))
		snprintf(comm, sizeof(comm), "?");

	table_init(&t);
	table_col(&t, "tid", true);
	table_col(&t, "comm", false);
	table_count_cols(&t);
	row = table_row(&t);
	table_set(&t, row, 0, "%d", pid);
	table_set(&t, row, 1, "%s", comm);
	table_set_counts(&t, row, 2, &c);
	table_print(&t, fmt, stdout);
	table_free(&t);
	return 0;
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
"counts since the last reset, which this read resets.\n",
	.opts = read_options,
	.flags = SC_CSV | SC_JSON,
	.fn = read_main,
};
