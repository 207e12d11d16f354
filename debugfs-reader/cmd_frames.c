// SPDX-License-Identifier: GPL-2.0
/*
 * pfstat frames: debugfs PID/frames, the resident frames the kernel found
 * by walking the task's page tables beside its mm's RSS counters.  Like
 * all of PID/, it is there only while the task is in pfstat mode; when it
 * is missing, debugfs_perror() says whether that is why.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "pfstat.h"

static int frames_header(char *line, void *data)
{
	(void)data;
	return strcmp(line, "type\twalked\trss") ? -EBADMSG : 0;
}

/* "type\tN\tN"; anything else means the file is not what we think. */
static int frames_line(char *line, void *data)
{
	struct table *t = data;
	char *type = strsep(&line, "\t");
	char *walked = line ? strsep(&line, "\t") : NULL;
	char *rss = line ? strsep(&line, "\t") : NULL;
	uint64_t n;
	int row;

	if (!*type || !walked || !rss || line ||
	    !parse_u64(walked, &n) || !parse_u64(rss, &n))
		return -EBADMSG;
	row = table_row(t);
	table_set(t, row, 0, "%s", type);
	table_set(t, row, 1, "%s", walked);
	table_set(t, row, 2, "%s", rss);
	return 0;
}

static int frames_main(const struct subcmd *sc, int argc, char **argv)
{
	char path[PATH_MAX];
	struct outfile o;
	struct table t;
	struct args a;
	int ret, err;
	pid_t pid;

	ret = parse_args(sc, argc, argv, &a, NULL, NULL);
	if (ret != ARGS_GO)
		return ret;
	ret = args_pid(sc, &a, &pid);
	if (ret)
		return ret;
	if (debugfs_check_root())
		return 1;
	if (outfile_open(&o, NULL, stdout))
		return 1;

	table_init(&t);
	table_col(&t, "type", false);
	table_col(&t, "walked", true);
	table_col(&t, "rss", true);
	debugfs_path(path, sizeof(path), pid, "frames");
	err = debugfs_read_lines(path, frames_header, frames_line, &t);
	if (err)
		debugfs_perror(path, -err, pid);
	else
		table_print(&t, a.fmt, o.f);
	table_free(&t);
	/* Written in one go, and checked: stdout may be a full disk. */
	if (outfile_close(&o, !err))
		err = 1;
	return err ? 1 : 0;
}

const struct subcmd subcmd_frames = {
	.name = "frames",
	.summary = "resident frames by walking the page tables, beside RSS",
	.operands = "PID",
	.help =
"Show the resident frames of task PID's memory, by type (anon, file,\n"
"shmem): \"walked\" counts the frames found by walking its page tables,\n"
"\"rss\" is what the mm's RSS counters say (debugfs PID/frames).\n"
"The kernel has PID/frames only while the task is in pfstat mode: put it\n"
"there first with 'pfstat enable PID' (which starts counting its faults).\n",
	.flags = SC_CSV | SC_JSON,
	.fn = frames_main,
};
