// SPDX-License-Identifier: GPL-2.0
/*
 * Command-line helpers: numbers, PIDs, usage errors (exit status 2) and
 * the few allocation wrappers that turn running out of memory into a
 * message instead of a crash.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "pfstat.h"

/* Digits only: "12abc", "+3", " 7" and "0x10" are mistakes, not numbers. */
bool parse_uint(const char *s, unsigned long min, unsigned long max,
		unsigned long *val)
{
	unsigned long v;
	char *end;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return false;
	*val = v;
	return true;
}

/* A thread id: a positive number that fits in pid_t. */
bool parse_pid(const char *s, pid_t *pid)
{
	unsigned long v;

	if (!parse_uint(s, 1, INT_MAX, &v))
		return false;
	*pid = v;
	return true;
}

void warnx(const char *fmt, ...)
{
	va_list ap;

	fputs("pfstat: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int usage_error(const struct subcmd *sc, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "pfstat %s: ", sc->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nUsage: pfstat %s %s\n", sc->name, sc->synopsis);
	fprintf(stderr, "Try 'pfstat %s --help' for more information.\n",
		sc->name);
	return EXIT_USAGE;
}

/*
 * getopt_long() returned '?' or ':' (the option strings start with ':'
 * and opterr is 0, so the wording is ours).
 */
int option_error(const struct subcmd *sc, int c, char **argv)
{
	const char *opt = argv[optind - 1];

	if (c == ':')
		return usage_error(sc, "option '%s' needs an argument", opt);
	if (optopt)
		return usage_error(sc, "invalid option '-%c'", optopt);
	return usage_error(sc, "invalid option '%s'", opt);
}

int print_help(const struct subcmd *sc)
{
	printf("Usage: pfstat %s %s\n\n%s", sc->name, sc->synopsis, sc->help);
	return 0;
}

/* The PIDs left in argv[optind..]: at least one, all valid. */
int parse_pids(const struct subcmd *sc, int argc, char **argv, pid_t **pids)
{
	int i, n = argc - optind;

	if (n <= 0)
		return -usage_error(sc, "missing PID");
	*pids = xmalloc(sizeof(pid_t) * n);
	for (i = 0; i < n; i++) {
		if (!parse_pid(argv[optind + i], &(*pids)[i])) {
			free(*pids);
			return -usage_error(sc, "invalid PID '%s'",
					    argv[optind + i]);
		}
	}
	return n;
}

static void *no_memory(void)
{
	warnx("out of memory");
	exit(1);
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	return p ? p : no_memory();
}

void *xrealloc(void *p, size_t size)
{
	p = realloc(p, size ? size : 1);
	return p ? p : no_memory();
}

char *xstrdup(const char *s)
{
	char *p = strdup(s);

	return p ? p : no_memory();
}
