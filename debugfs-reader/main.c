// SPDX-License-Identifier: GPL-2.0
/*
 * pfstat - count a task's user page faults by class.
 *
 * The front end of the pfstat(2) system call, of /sys/kernel/debug/pfstat
 * and of pfstat:mm_pfstat trace recordings.  This file only dispatches;
 * each subcommand lives in its own cmd_*.c.
 */
#include <stdlib.h>
#include <string.h>

#include "pfstat.h"

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
};

static const struct command commands[] = {
	{ "run",	cmd_run },
	{ "read",	cmd_read },
	{ "show",	cmd_show },
	{ "enable",	cmd_enable },
	{ "disable",	cmd_disable },
	{ "watch",	cmd_watch },
	{ "frames",	cmd_frames },
	{ "timeline",	cmd_timeline },
};

#ifdef PFSTAT_NO_TIMELINE
#define TIMELINE_HELP \
"  timeline ...         not in this static build: Debian ships no static\n" \
"                       libtracecmd; use the dynamically linked pfstat\n"
#else
#define TIMELINE_HELP \
"  timeline [-b MS] [-p PID] [-c|-j] TRACE.dat\n" \
"                       faults per class per time bin of a trace-cmd\n" \
"                       recording of pfstat:mm_pfstat\n"
#endif

static void usage(FILE *f)
{
	fputs(
"Usage: pfstat COMMAND [OPTIONS] [ARGS]\n"
"       pfstat -h|--help | -v|--version\n"
"\n"
"Count a task's user page faults in seven classes, with the pfstat(2)\n"
"system call or through /sys/kernel/debug/pfstat.\n"
"\n"
"Commands:\n"
"  run [-i] [-o FILE] [-c|-j] -- CMD [ARG...]\n"
"                       run CMD in pfstat mode and report its faults\n"
"  read [-n|-d] [-c|-j] PID\n"
"                       read, and reset, a task's counts with pfstat(2)\n"
"  show [-c|-j] [PID...]\n"
"                       the counts debugfs shows (default: every task)\n"
"  enable [-i] PID...   put tasks in pfstat mode (debugfs control)\n"
"  disable PID...       take tasks out of pfstat mode\n"
"  watch [-i MS] [-n COUNT] [-c] PID...\n"
"                       the counts' increase per interval, like vmstat\n"
"  frames [-c|-j] PID   resident frames found by walking the page tables,\n"
"                       beside the RSS counters\n"
TIMELINE_HELP
"\n"
"Classes (the column names of every format):\n"
"  stack_low transparent_hugepage_fault anonymous_fault file_fault\n"
"  swapped_back copy_on_write fault_alloced_page\n"
"\n"
"'pfstat COMMAND --help' describes a command's options.\n"
"PFSTAT_DEBUGFS overrides the debugfs directory (/sys/kernel/debug/pfstat).\n"
"Exit status: 0 ok, 1 runtime error, 2 usage error; run exits with CMD's.\n",
	      f);
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "-v") || !strcmp(argv[1], "--version")) {
		printf("pfstat %s\n", PFSTAT_VERSION);
		return 0;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "pfstat: unknown command '%s'\n", argv[1]);
	fprintf(stderr, "Try 'pfstat --help' for more information.\n");
	return EXIT_USAGE;
}
