// SPDX-License-Identifier: GPL-2.0
/*
 * pfstat - count a task's user page faults by class.
 *
 * The front end of the pfstat(2) system call, of /sys/kernel/debug/pfstat
 * and of pfstat:mm_pfstat trace recordings.  This file only dispatches;
 * each subcommand lives in its own cmd_*.c, as a struct subcmd that
 * holds its name, summary, usage and function.  The table of them below
 * is the only list of commands: the overview is printed from it.
 */
#include <stdlib.h>
#include <string.h>

#include "pfstat.h"

static const struct subcmd *const commands[] = {
	&subcmd_run,
	&subcmd_read,
	&subcmd_show,
	&subcmd_enable,
	&subcmd_disable,
	&subcmd_watch,
	&subcmd_frames,
#ifndef PFSTAT_NO_TIMELINE	/* built without libtracecmd (NO_TRACECMD=1) */
	&subcmd_timeline,
#endif
};

/* The counter names, wrapped before this column. */
#define COUNTERS_WIDTH	72

/* Counters @from to @to (not included), indented, wrapped. */
static void print_counters(FILE *f, int from, int to)
{
	int i, col = 0;

	for (i = from; i < to; i++) {
		const char *name = pfstat_counter_names[i];

		if (col && col + 1 + (int)strlen(name) > COUNTERS_WIDTH) {
			fputc('\n', f);
			col = 0;
		}
		col += fprintf(f, "%s%s", col ? " " : "  ", name);
	}
	fputc('\n', f);
}

static void usage(FILE *f)
{
	size_t i;

	fputs("Usage: pfstat COMMAND [OPTIONS] [ARGS]\n"
	      "       pfstat -h|--help|help [COMMAND] | -v|--version\n"
	      "\n"
	      "Count a task's user page faults by class, with the pfstat(2)\n"
	      "system call or through /sys/kernel/debug/pfstat.\n"
	      "\n"
	      "Commands:\n", f);
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		print_summary(commands[i], f);
	fputs("\nCounters (the column names of every format), the classes:\n", f);
	print_counters(f, 0, PFSTAT_NR_CLASSES);
	fputs("then every fault, as getrusage(2) counts it, and those no class\n"
	      "counted (" NOT_SUPPORTED " on a kernel before pfstat v4):\n", f);
	print_counters(f, PFSTAT_NR_CLASSES, PFSTAT_NR_COUNTERS);
	fputs("\n"
	      "'pfstat COMMAND --help', or 'pfstat help COMMAND', lists its options.\n"
	      "PFSTAT_DEBUGFS overrides the debugfs directory (/sys/kernel/debug/pfstat).\n"
	      "Exit status: 0 ok, 1 runtime error, " STR(EXIT_USAGE)
	      " usage error.  run exits with\n"
	      "CMD's, or " STR(EXIT_RUN_FAILED) " when pfstat fails, "
	      STR(EXIT_CANNOT_EXEC) " when CMD cannot be executed,\n"
	      STR(EXIT_NOT_FOUND) " when it is not found.\n",
	      f);
}

static const struct subcmd *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(name, commands[i]->name))
			return commands[i];
	return NULL;
}

static int unknown_command(const char *name)
{
	fprintf(stderr, "pfstat: unknown command '%s'\n", name);
	fprintf(stderr, "Try 'pfstat --help' for more information.\n");
	return EXIT_USAGE;
}

/*
 * "pfstat help" is "pfstat --help", as in git and perf; "pfstat help
 * COMMAND" is "pfstat COMMAND --help".
 */
static int help(int argc, char **argv)
{
	const struct subcmd *sc;
	char *cmd_argv[3];

	if (argc < 2) {
		usage(stdout);
		return stdout_flush() ? 1 : 0;
	}
	if (argc > 2) {
		fprintf(stderr, "pfstat help: one COMMAND only ('%s' is one too many)\n",
			argv[2]);
		fprintf(stderr, "Try 'pfstat --help' for more information.\n");
		return EXIT_USAGE;
	}
	sc = find_command(argv[1]);
	if (!sc)
		return unknown_command(argv[1]);
	cmd_argv[0] = argv[1];
	cmd_argv[1] = "--help";
	cmd_argv[2] = NULL;
	return sc->fn(sc, 2, cmd_argv);
}

int main(int argc, char **argv)
{
	const struct subcmd *sc;
	int ret;

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		usage(stdout);
		return stdout_flush() ? 1 : 0;
	}
	if (!strcmp(argv[1], "-v") || !strcmp(argv[1], "--version")) {
		printf("pfstat %s\n", PFSTAT_VERSION);
		return stdout_flush() ? 1 : 0;
	}
	if (!strcmp(argv[1], "help"))
		return help(argc - 1, argv + 1);
	sc = find_command(argv[1]);
	if (!sc)
		return unknown_command(argv[1]);
	ret = sc->fn(sc, argc - 1, argv + 1);
	/*
	 * Each command checks what it wrote to stdout; this is in case one
	 * did not.  Not over a failure (or run's CMD's status), which says
	 * more.
	 */
	if (!ret && stdout_flush())
		ret = 1;
	return ret;
}
