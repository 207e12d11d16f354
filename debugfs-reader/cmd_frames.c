// SPDX-License-Identifier: GPL-2.0
/*
 * pfstat frames: debugfs PID/frames, the resident frames the kernel found
 * by walking the task's page tables beside its mm's RSS counters.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "pfstat.h"

static const struct subcmd sc = {
	.name = "frames",
	.synopsis = "[-c|--csv] [-j|--json] PID",
	.help =
"Show the resident frames of task PID's memory, by type (anon, file,\n"
"shmem): \"walked\" counts the frames found by walking its page tables,\n"
"\"rss\" is what the mm's RSS counters say (debugfs PID/frames).\n"
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

static bool is_number(const char *s)
{
	return *s && s[strspn(s, "0123456789")] == '\0';
}

/* "type\tN\tN"; anything else means the file is not what we think. */
static int frames_line(char *line, struct table *t)
{
	char *type = strsep(&line, "\t");
	char *walked = line ? strsep(&line, "\t") : NULL;
	char *rss = line ? strsep(&line, "\t") : NULL;
	int row;

	if (!*type || !walked || !rss || line ||
	    !is_number(walked) || !is_number(rss))
		return -EBADMSG;
	row = table_row(t);
	table_set(t, row, 0, "%s", type);
	table_set(t, row, 1, "%s", walked);
	table_set(t, row, 2, "%s", rss);
	return 0;
}

static int read_frames(const char *path, struct table *t)
{
	char *buf, *line, *p;
	int err = 0;

	buf = debugfs_slurp(path, &err);
	if (!buf)
		return -err;
	p = buf;
	line = strsep(&p, "\n");
	if (strcmp(line, "type\twalked\trss"))
		err = -EBADMSG;
	while (!err && p && (line = strsep(&p, "\n")))
		if (*line)
			err = frames_line(line, t);
	free(buf);
	return err;
}

int cmd_frames(int argc, char **argv)
{
	enum out_fmt fmt = OUT_TABLE;
	char path[PATH_MAX];
	struct table t;
	int c, err;
	pid_t pid;

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
	if (optind >= argc)
		return usage_error(&sc, "missing PID");
	if (!parse_pid(argv[optind], &pid))
		return usage_error(&sc, "invalid PID '%s'", argv[optind]);
	if (optind + 1 < argc)
		return usage_error(&sc, "one PID only ('%s' is one too many)",
				   argv[optind + 1]);
	if (debugfs_check_root())
		return 1;

	table_init(&t);
	table_col(&t, "type", false);
	table_col(&t, "walked", true);
	table_col(&t, "rss", true);
	debugfs_path(path, sizeof(path), pid, "frames");
	err = read_frames(path, &t);
	if (err)
		debugfs_perror(path, -err, pid);
	else
		table_print(&t, fmt, stdout);
	table_free(&t);
	return err ? 1 : 0;
}
