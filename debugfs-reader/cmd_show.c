// SPDX-License-Identifier: GPL-2.0
/*
 * pfstat show: the counts debugfs shows, from PID/stat for the tasks
 * named, or from "tasks" for every task in pfstat mode.  Reading debugfs
 * never resets anything.
 */
#include <limits.h>
#include <stdlib.h>

#include "pfstat.h"

static int show_all(struct table *t)
{
	char path[PATH_MAX];
	int err;

	debugfs_path(path, sizeof(path), 0, "tasks");
	err = debugfs_read_tasks(path, t);
	if (err) {
		debugfs_perror(path, -err, 0);
		return 1;
	}
	return 0;
}

/* One task's row; comm comes from "tasks", PID/stat has none. */
static int show_one(struct table *t, pid_t tid)
{
	char path[PATH_MAX], comm[64];
	struct counts c;
	int err, row;

	debugfs_path(path, sizeof(path), tid, "stat");
	err = debugfs_read_stat(path, &c);
	if (err) {
		debugfs_perror(path, -err, tid);
		return 1;
	}
	if (debugfs_comm(tid, comm, sizeof(comm)))
		snprintf(comm, sizeof(comm), "?");
	row = table_row(t);
	table_set(t, row, 0, "%d", tid);
	table_set(t, row, 1, "%s", comm);
	table_set_counts(t, row, 2, &c);
	return 0;
}

static int show_main(const struct subcmd *sc, int argc, char **argv)
{
	struct outfile o;
	pid_t *pids;
	int i, ret;
	struct table t;
	struct args a;

	ret = parse_args(sc, argc, argv, &a, NULL, NULL);
	if (ret != ARGS_GO)
		return ret;
	ret = debugfs_pids(sc, &a, 0, &pids);
	if (ret)
		return ret;
	if (outfile_open(&o, a.output, stdout)) {
		free(pids);
		return 1;
	}

	table_init(&t);
	table_col(&t, "tid", true);
	table_col(&t, "comm", false);
	table_count_cols(&t);
	/* "pid", as every PID operand of this tool: a thread ID. */
	table_label(&t, 0, "pid");
	table_label(&t, 1, "comm");
	if (!a.argc)
		ret = show_all(&t);
	for (i = 0; i < a.argc; i++)
		ret |= show_one(&t, pids[i]);
	/*
	 * Print what could be read even when a task could not; but -o
	 * FILE is replaced only by a whole report (see outfile.c).
	 *
	 * No task in pfstat mode at all: a header alone would read as a
	 * table that lost its rows, so people get a note instead.  The
	 * machine formats stay whole and quiet: a CSV header, an empty
	 * JSON array, Prometheus' HELP and TYPE lines, for a script or a
	 * timer to take as they are.
	 */
	if (!t.nrows && !ret && a.fmt == OUT_TABLE)
		pf_warn("no task is in pfstat mode");
	else if (t.nrows || !ret)
		table_print(&t, a.fmt, o.f);
	if (outfile_close(&o, !ret))
		ret = 1;
	table_free(&t);
	free(pids);
	return ret;
}

const struct subcmd subcmd_show = {
	.name = "show",
	.summary = "the counts debugfs shows (default: every task)",
	.operands = "[PID...]",
	.help =
"Show the fault counts of the tasks named (debugfs PID/stat), or of every\n"
"task in pfstat mode (debugfs tasks).  Nothing is reset.  FILE (-o) is\n"
"replaced whole, and only when every count could be read: a timer can\n"
"write node_exporter's textfile directory with --prometheus -o.\n",
	.flags = SC_OUTPUT | SC_CSV | SC_JSON | SC_PROM,
	.fn = show_main,
};
