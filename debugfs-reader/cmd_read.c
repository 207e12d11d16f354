// SPDX-License-Identifier: GPL-2.0
/*
 * pfstat read: one task's counts through the pfstat(2) system call,
 * printed as the same table "pfstat show" prints from debugfs, so the two
 * interfaces can be compared side by side.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <string.h>
#include <unistd.h>

#include "pfstat.h"
#include "pfstat_syscall.h"

static const struct subcmd sc = {
	.name = "read",
	.synopsis = "[-n|--no-reset] [-d|--disable] [-c|--csv] [-j|--json] PID",
	.help =
"Read task PID's fault counts with pfstat(2).  A task not in pfstat mode\n"
"enters it (counting starts at zero); one in pfstat mode reports the\n"
"counts since the last reset, which this read resets.\n"
"\n"
"  -n, --no-reset   read only: no reset, never enter pfstat mode\n"
"  -d, --disable    read, reset and leave pfstat mode\n"
"  -c, --csv        CSV output\n"
"  -j, --json       JSON output\n"
"  -h, --help       this help\n",
};

static const struct option options[] = {
	{ "no-reset",	no_argument,	NULL, 'n' },
	{ "disable",	no_argument,	NULL, 'd' },
	{ "csv",	no_argument,	NULL, 'c' },
	{ "json",	no_argument,	NULL, 'j' },
	{ "help",	no_argument,	NULL, 'h' },
	{ }
};

/* comm from /proc, "?" when the task is gone or hidden. */
static void proc_comm(pid_t pid, char *comm, size_t size)
{
	char path[64];
	ssize_t n;
	int fd;

	snprintf(comm, size, "?");
	snprintf(path, sizeof(path), "/proc/%d/comm", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	n = read(fd, comm, size - 1);
	close(fd);
	if (n <= 0) {
		snprintf(comm, size, "?");
		return;
	}
	comm[n] = '\0';
	comm[strcspn(comm, "\n")] = '\0';
}

static void explain_ret(pid_t pid, unsigned int flags)
{
	if (flags & (PFSTAT_NORESET | PFSTAT_DISABLE))
		warnx("task %d is not in pfstat mode (nothing was counted)",
		      pid);
	else
		warnx("task %d was not in pfstat mode: it is now, counting from zero",
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
		syscall_perror(pid, errno);
		return 1;
	}
	if (ret == 1)
		explain_ret(pid, flags);
	counts_from_pfstat(&c, &ps);
	proc_comm(pid, comm, sizeof(comm));

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

int cmd_read(int argc, char **argv)
{
	enum out_fmt fmt = OUT_TABLE;
	unsigned int flags = 0;
	pid_t pid;
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":ndcjh", options, NULL)) != -1) {
		switch (c) {
		case 'n':
			flags |= PFSTAT_NORESET;
			break;
		case 'd':
			flags |= PFSTAT_DISABLE;
			break;
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
	/* The kernel would say EINVAL; say why instead. */
	if ((flags & PFSTAT_NORESET) && (flags & PFSTAT_DISABLE))
		return usage_error(&sc, "--no-reset and --disable contradict each other");
	if (optind >= argc)
		return usage_error(&sc, "missing PID");
	if (!parse_pid(argv[optind], &pid))
		return usage_error(&sc, "invalid PID '%s'", argv[optind]);
	if (optind + 1 < argc)
		return usage_error(&sc, "one PID only ('%s' is one too many)",
				   argv[optind + 1]);
	return do_read(pid, flags, fmt);
}
