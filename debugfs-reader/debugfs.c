// SPDX-License-Identifier: GPL-2.0
/*
 * Reading and writing /sys/kernel/debug/pfstat.  PFSTAT_DEBUGFS names
 * another directory of the same shape, so that the tool can be tested on
 * a machine without the pfstat kernel.
 *
 * Functions return 0 or a negative errno; -EBADMSG means the file did not
 * look the way the kernel writes it.  The callers print the messages,
 * because only they know whether, say, a vanished task is an error.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pfstat.h"

#define DEFAULT_ROOT	"/sys/kernel/debug/pfstat"
/* The bits of "seen" when a file has given every class, every fault count. */
#define ALL_CLASSES	((1U << PFSTAT_NR_CLASSES) - 1)
#define ALL_FAULT_COUNTS	(((1U << PFSTAT_NR_COUNTERS) - 1) & ~ALL_CLASSES)

/*
 * Whether a file that gave the counters @seen is whole: every class, and
 * the fault counts all or none (a kernel before PFSTAT_SIZE_VER1 has
 * none).  0, or -EBADMSG.
 */
static int counters_seen(unsigned int seen, bool *fault_counts)
{
	if ((seen & ALL_CLASSES) != ALL_CLASSES)
		return -EBADMSG;
	if ((seen & ALL_FAULT_COUNTS) &&
	    (seen & ALL_FAULT_COUNTS) != ALL_FAULT_COUNTS)
		return -EBADMSG;
	*fault_counts = seen & ALL_FAULT_COUNTS;
	return 0;
}

const char *debugfs_root(void)
{
	const char *root = getenv("PFSTAT_DEBUGFS");

	return root && *root ? root : DEFAULT_ROOT;
}

/* Say once, up front, when there is no pfstat debugfs at all. */
int debugfs_check_root(void)
{
	struct stat st;

	if (stat(debugfs_root(), &st)) {
		debugfs_perror(debugfs_root(), errno, 0);
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		debugfs_perror(debugfs_root(), ENOTDIR, 0);
		return -1;
	}
	return 0;
}

/*
 * The PIDs of a command that goes to debugfs, see args_pids(); then
 * debugfs must be there.  0, or the exit status: of the usage error, or
 * 1 without debugfs.
 */
int debugfs_pids(const struct subcmd *sc, const struct args *a, int min,
		 pid_t **pids)
{
	int ret = args_pids(sc, a, min, pids);

	if (ret)
		return ret;
	if (debugfs_check_root()) {
		free(*pids);
		return 1;
	}
	return 0;
}

/* ROOT/TID/FILE, or ROOT/FILE when @tid is 0. */
void debugfs_path(char *buf, size_t size, pid_t tid, const char *file)
{
	if (tid > 0)
		snprintf(buf, size, "%s/%d/%s", debugfs_root(), tid, file);
	else
		snprintf(buf, size, "%s/%s", debugfs_root(), file);
}

/*
 * The whole file, NUL-terminated.  debugfs files report size 0, so read
 * until EOF instead of trusting stat().
 */
static char *debugfs_slurp(const char *path, int *err)
{
	size_t len = 0, cap = 4096;
	char *buf;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		*err = errno;
		return NULL;
	}
	buf = xmalloc(cap);
	for (;;) {
		if (cap - len < 2)
			buf = xrealloc(buf, cap *= 2);
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += n;
	}
	if (n < 0) {
		*err = errno;
		free(buf);
		close(fd);
		return NULL;
	}
	close(fd);
	buf[len] = '\0';
	return buf;
}

/*
 * Read @path: its first line to @header (unless NULL), each further line
 * that is not empty to @body, until one of them fails.  0, or a negative
 * errno: -EBADMSG when a line is not what the kernel writes.
 */
int debugfs_read_lines(const char *path, debugfs_line_fn *header,
		       debugfs_line_fn *body, void *data)
{
	char *buf, *line, *p;
	int err = 0;

	buf = debugfs_slurp(path, &err);
	if (!buf)
		return -err;
	p = buf;
	if (header)
		err = header(strsep(&p, "\n"), data);
	while (!err && p && (line = strsep(&p, "\n")))
		if (*line)
			err = body(line, data);
	free(buf);
	return err;
}

struct stat_file {
	struct counts *c;
	unsigned int seen;	/* a bit per counter found */
};

/* One "name value" line of PID/stat.  Unknown names are newer counters. */
static int stat_line(char *line, void *data)
{
	struct stat_file *sf = data;
	char *value = strchr(line, ' ');
	int i;

	if (!value)
		return -EBADMSG;
	*value++ = '\0';
	i = pfstat_counter_index(line);
	if (i < 0)
		return 0;
	if (!parse_u64(value, &sf->c->val[i]))
		return -EBADMSG;
	sf->seen |= 1U << i;
	return 0;
}

/* PID/stat: every class, and the fault counts when the kernel has them. */
int debugfs_read_stat(const char *path, struct counts *c)
{
	struct stat_file sf = { .c = c };
	int err;

	memset(c, 0, sizeof(*c));
	err = debugfs_read_lines(path, NULL, stat_line, &sf);
	if (!err)
		err = counters_seen(sf.seen, &c->fault_counts);
	return err;
}

/* Columns of counters in "tasks", this tool's counters or newer ones. */
#define TASKS_MAX_COLS	64

struct tasks_file {
	int col[TASKS_MAX_COLS];	/* the counter of each, or -1 */
	int ncol;
	bool fault_counts;		/* the kernel has them */
	struct table *t;
};

/*
 * The header of "tasks": tid, comm, then the counters.  col[] gets, for
 * each column after comm, the counter it holds or -1 for one this tool
 * does not know, so a kernel that adds a counter does not break it.  A
 * kernel without the fault counts (before PFSTAT_SIZE_VER1) makes those
 * columns of @t unsupported, whether any task is listed or not.
 */
static int tasks_header(char *line, void *data)
{
	struct tasks_file *tf = data;
	int *col = tf->col;
	unsigned int seen = 0;
	char *name;
	int n = 0, err;

	if (strcmp(strsep(&line, "\t"), "tid") || !line ||
	    strcmp(strsep(&line, "\t"), "comm"))
		return -EBADMSG;
	while (line && (name = strsep(&line, "\t"))) {
		if (n == TASKS_MAX_COLS)
			return -EBADMSG;
		col[n] = pfstat_counter_index(name);
		if (col[n] >= 0)
			seen |= 1U << col[n];
		n++;
	}
	err = counters_seen(seen, &tf->fault_counts);
	if (err)
		return err;
	if (!tf->fault_counts)
		table_no_fault_counts(tf->t, TASKS_COUNTS);
	tf->ncol = n;
	return 0;
}

/*
 * One task line: "tid\tcomm\tN..." with ncol counters, into a row of
 * t.  A comm may hold a tab (prctl(PR_SET_NAME) allows it), so the
 * counters are taken from the end of the line and comm is what lies
 * between.
 */
static int tasks_line(char *line, void *data)
{
	const struct tasks_file *tf = data;
	const int *col = tf->col;
	int ncol = tf->ncol;
	char *field[TASKS_MAX_COLS], *comm, *p;
	struct table *t = tf->t;
	struct counts c = { .fault_counts = tf->fault_counts };
	pid_t tid;
	int i, row;

	comm = strchr(line, '\t');
	if (!comm)
		return -EBADMSG;
	*comm++ = '\0';
	if (!parse_pid(line, &tid))
		return -EBADMSG;
	for (i = ncol - 1; i >= 0; i--) {
		p = strrchr(comm, '\t');
		if (!p)
			return -EBADMSG;
		*p = '\0';
		field[i] = p + 1;
	}
	for (i = 0; i < ncol; i++) {
		uint64_t v;

		if (!parse_u64(field[i], &v))
			return -EBADMSG;
		if (col[i] >= 0)
			c.val[col[i]] = v;
	}
	row = table_row(t);
	table_set(t, row, TASKS_TID, "%d", tid);
	table_set(t, row, TASKS_COMM, "%s", comm);
	table_set_counts(t, row, TASKS_COUNTS, &c);
	return 0;
}

/* Append a row per task to @t, whose columns are tid, comm, counters. */
int debugfs_read_tasks(const char *path, struct table *t)
{
	struct tasks_file tf = { .t = t };

	return debugfs_read_lines(path, tasks_header, tasks_line, &tf);
}

/* The row of @tid in a table debugfs_read_tasks() filled, or -1. */
int debugfs_tasks_row(const struct table *t, pid_t tid)
{
	char want[16];
	int row;

	snprintf(want, sizeof(want), "%d", tid);
	for (row = 0; row < t->nrows; row++)
		if (!strcmp(t->cell[row * t->ncols + TASKS_TID], want))
			return row;
	return -1;
}

/*
 * Set up @t (tid, comm, the counters) and read "tasks" into it.  The
 * caller frees @t, whatever this returns.
 */
int debugfs_tasks(struct table *t)
{
	char path[PATH_MAX];

	table_init(t);
	table_col(t, "tid", true);
	table_col(t, "comm", false);
	table_count_cols(t);
	debugfs_path(path, sizeof(path), 0, "tasks");
	return debugfs_read_tasks(path, t);
}

/* The comm "tasks" lists for @tid: PID/stat does not have it. */
int debugfs_comm(pid_t tid, char *comm, size_t size)
{
	struct table t;
	int err, row;

	err = debugfs_tasks(&t);
	row = err ? -1 : debugfs_tasks_row(&t, tid);
	if (row >= 0)
		snprintf(comm, size, "%s", t.cell[row * t.ncols + TASKS_COMM]);
	else if (!err)
		err = -ENOENT;
	table_free(&t);
	return err;
}

/*
 * One command to "control", in one write(): the kernel takes a write as
 * one line.  O_APPEND only matters for the regular file that stands in
 * for control in the tests, where it keeps every line.
 */
int debugfs_control(const char *line)
{
	char path[PATH_MAX];
	size_t len = strlen(line);
	ssize_t n;
	int fd, err = 0;

	debugfs_path(path, sizeof(path), 0, "control");
	fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, line, len);
	if (n < 0)
		err = -errno;
	else if ((size_t)n != len)
		err = -EIO;
	if (close(fd) && !err)
		err = -errno;
	return err;
}
