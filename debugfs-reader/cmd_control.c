// SPDX-License-Identifier: GPL-2.0
/*
 * pfstat enable / pfstat disable: one line per task written to debugfs
 * "control".  Silent on success, like kill(1).
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "pfstat.h"

static const struct subcmd enable_sc = {
	.name = "enable",
	.synopsis = "[-i|--inherit] PID...",
	.help =
"Put the tasks in pfstat mode, counting from zero, by writing\n"
"\"enable PID\" to debugfs control.  A task already in pfstat mode keeps\n"
"its counts.\n"
"\n"
"  -i, --inherit    children forked afterwards start in pfstat mode too\n"
"                   (\"enable PID inherit\")\n"
"  -h, --help       this help\n",
};

static const struct subcmd disable_sc = {
	.name = "disable",
	.synopsis = "PID...",
	.help =
"Take the tasks out of pfstat mode by writing \"disable PID\" to debugfs\n"
"control; their counts and PID/ directories go away.\n"
"\n"
"  -h, --help       this help\n",
};

static const struct option options[] = {
	{ "inherit",	no_argument,	NULL, 'i' },
	{ "help",	no_argument,	NULL, 'h' },
	{ }
};

static int control_one(const char *verb, pid_t pid, bool inherit)
{
	char line[64], path[PATH_MAX];
	int err;

	snprintf(line, sizeof(line), "%s %d%s\n", verb, pid,
		 inherit ? " inherit" : "");
	err = debugfs_control(line);
	if (!err)
		return 0;
	debugfs_path(path, sizeof(path), 0, "control");
	line[strcspn(line, "\n")] = '\0';
	if (err == -ESRCH)
		warnx("%s: '%s': %s: no such pid %d", path, line,
		      strerror(ESRCH), pid);
	else if (err == -EINVAL)
		warnx("%s: '%s': %s: the kernel refused it (is %d a kernel thread?)",
		      path, line, strerror(EINVAL), pid);
	else
		debugfs_perror(path, -err, 0);
	return 1;
}

static int control(const struct subcmd *sc, int argc, char **argv)
{
	bool inherit = false;
	pid_t *pids;
	int c, i, n, ret = 0;

	opterr = 0;
	while ((c = getopt_long(argc, argv, sc == &enable_sc ? ":ih" : ":h",
				options, NULL)) != -1) {
		switch (c) {
		case 'i':
			if (sc != &enable_sc)
				return usage_error(sc, "invalid option '%s'",
						   argv[optind - 1]);
			inherit = true;
			break;
		case 'h':
			return print_help(sc);
		default:
			return option_error(sc, c, argv);
		}
	}
	n = parse_pids(sc, argc, argv, &pids);
	if (n < 0)
		return -n;
	if (debugfs_check_root()) {
		free(pids);
		return 1;
	}
	for (i = 0; i < n; i++)
		ret |= control_one(sc->name, pids[i], inherit);
	free(pids);
	return ret;
}

int cmd_enable(int argc, char **argv)
{
	return control(&enable_sc, argc, argv);
}

int cmd_disable(int argc, char **argv)
{
	return control(&disable_sc, argc, argv);
}
