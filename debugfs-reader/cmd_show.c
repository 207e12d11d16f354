// SPDX-License-Identifier: GPL-2.0
/*
 * pfstat show: the counts debugfs shows, from PID/stat for the tasks
 * named, or from "tasks" for every task in pfstat mode.  Reading debugfs
 * never resets anything.
 */
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>

#include "pfstat.h"

static const struct subcmd sc = {
	.name = "show",
	.synopsis = "[-c|--csv] [-j|--json] [PID...]",
	.help =
"Show the fault counts of the tasks named (debugfs PID/stat), or of every\n"
"task in pfstat mode (debugfs tasks).  Nothing is reset.\n"
"\n"
"  -c, --csv        CSV output\n"
"  -j, --json       JSON output\n"
"  -h, --help       this help\n",
};

static const struct option options[] = {
	{ "csv",	no_argument,	NULL, 'c' },
	{ "json",	no_argument,	NULL, 'j' },
	{ "help",	no_argument,	NULL, 'h' },
	{ }
};

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

int cmd_show(int argc, char **argv)
{
	enum out_fmt fmt = OUT_TABLE;
	pid_t *pids = NULL;
	int c, i, n = 0, ret = 0;
	struct table t;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":cjh", options, NULL)) != -1) {
		switch (c) {
		case 'c':
			fmt = OUT_CSV;
			break;
		case 'j':
			fmt = OUT_JSON;
			break;
		case 'h':
			return print_help(&sc);
		default:
			return option_error(&sc, c, argv);
		}
	}
	if (optind < argc) {
		n = parse_pids(&sc, argc, argv, &pids);
		if (n < 0)
			return -n;
	}
	if (debugfs_check_root())
		return 1;

	table_init(&t);
	table_col(&t, "tid", true);
	table_col(&t, "comm", false);
	table_count_cols(&t);
	if (!n)
		ret = show_all(&t);
	for (i = 0; i < n; i++)
		ret |= show_one(&t, pids[i]);
	/* Print what could be read even when a task could not. */
	if (t.nrows || !ret)
		table_print(&t, fmt, stdout);
	table_free(&t);
	free(pids);
	return ret;
}
