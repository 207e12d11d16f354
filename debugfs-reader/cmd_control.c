// SPDX-License-Identifier: GPL-2.0
/*
 * pfstat enable / pfstat disable: one line per task written to debugfs
 * "control".  Silent on success, like kill(1).
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "pfstat.h"

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
		pf_warn("%s: '%s': %s: no such pid %d", path, line,
			strerror(ESRCH), pid);
	else if (err == -EINVAL)
		pf_warn("%s: '%s': %s: the kernel refused it (is %d a kernel thread?)",
			path, line, strerror(EINVAL), pid);
	else
		debugfs_perror(path, -err, 0);
	return 1;
}

/* enable and disable: the command's name is the verb. */
static int control_main(const struct subcmd *sc, int argc, char **argv)
{
	bool inherit = false;
	struct args a;
	pid_t *pids;
	int i, ret;

	ret = parse_args(sc, argc, argv, &a, opt_switch, &inherit);
	if (ret != ARGS_GO)
		return ret;
	ret = debugfs_pids(sc, &a, 1, &pids);
	if (ret)
		return ret;
	for (i = 0; i < a.argc; i++)
		ret |= control_one(sc->name, pids[i], inherit);
	free(pids);
	return ret;
}

static const struct subcmd_opt enable_options[] = {
	{ 'i', "inherit", NULL,
	  "children forked afterwards start in pfstat mode too\n"
	  "(\"enable PID inherit\")" },
	{ }
};

const struct subcmd subcmd_enable = {
	.name = "enable",
	.summary = "put tasks in pfstat mode (debugfs control)",
	.operands = "PID...",
	.help =
"Put the tasks in pfstat mode, counting from zero, by writing\n"
"\"enable PID\" to debugfs control.  A task already in pfstat mode keeps\n"
"its counts.\n",
	.opts = enable_options,
	.fn = control_main,
};

const struct subcmd subcmd_disable = {
	.name = "disable",
	.summary = "take tasks out of pfstat mode",
	.operands = "PID...",
	.help =
"Take the tasks out of pfstat mode by writing \"disable PID\" to debugfs\n"
"control; their counts and PID/ directories go away.\n",
	.fn = control_main,
};
