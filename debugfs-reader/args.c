// SPDX-License-Identifier: GPL-2.0
/*
 * The command line of a subcommand, by its struct subcmd: the options
 * every subcommand shares, its own (through a callback), its operands and
 * PIDs, its usage line and --help, and usage errors (EXIT_USAGE).
 * Also numbers, and the few allocation wrappers that turn running out of
 * memory into a message instead of a crash.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "pfstat.h"

enum { CO_OUTPUT, CO_CSV, CO_JSON, CO_PROM, CO_HELP };

/* The options that pick an output format, which exclude each other. */
static const int formats[] = { CO_CSV, CO_JSON, CO_PROM };

/* The common options, in --help order; flag 0: every command has it. */
static const struct {
	unsigned int flag;
	struct subcmd_opt opt;
} common[] = {
	[CO_OUTPUT]	= { SC_OUTPUT, { 'o', "output", "FILE",
				"write the report to FILE" } },
	[CO_CSV]	= { SC_CSV, { 'c', "csv", NULL, "CSV output" } },
	[CO_JSON]	= { SC_JSON, { 'j', "json", NULL, "JSON output" } },
	[CO_PROM]	= { SC_PROM, { OPT_LONG_ONLY, "prometheus", NULL,
				"Prometheus text format, for node_exporter's\n"
				"textfile collector (see pfstat(1))" } },
	[CO_HELP]	= { 0, { 'h', "help", NULL, "this help" } },
};

#define MAX_OPTS	16
#define HELP_MIN_WIDTH	15	/* of the option column of --help */
#define SUMMARY_COL	23	/* where "pfstat --help" starts a summary */
#define MAX_MS		86400000UL	/* a day: for intervals and bins */

static bool has(const struct subcmd *sc, int co)
{
	return !common[co].flag || (sc->flags & common[co].flag);
}

static bool is_format(const struct subcmd_opt *o)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(formats); i++)
		if (o == &common[formats[i]].opt)
			return true;
	return false;
}

/* @sc's options, its own then the common ones it has: how many. */
static int all_opts(const struct subcmd *sc, const struct subcmd_opt **o)
{
	const struct subcmd_opt *own;
	size_t co;
	int n = 0;

	for (own = sc->opts; own && own->letter; own++) {
		if (n == MAX_OPTS)
			abort();	/* a bug in the table, not the input */
		o[n++] = own;
	}
	for (co = 0; co < ARRAY_SIZE(common); co++) {
		if (!has(sc, co))
			continue;
		if (n == MAX_OPTS)
			abort();
		o[n++] = &common[co].opt;
	}
	return n;
}

static void append(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void append(char *buf, size_t size, const char *fmt, ...)
{
	size_t len = strlen(buf);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf + len, size - len, fmt, ap);
	va_end(ap);
}

/* An option as briefly as it can be named: "-x", or "--name". */
static void append_brief(char *buf, size_t size, const struct subcmd_opt *o)
{
	if (o->letter < OPT_LONG_ONLY)
		append(buf, size, "-%c", o->letter);
	else
		append(buf, size, "--%s", o->name);
}

/*
 * What follows "pfstat NAME" in @sc's usage line: "[-x|--name ARG]" per
 * option but --help ("[--name ARG]" without a letter), then the
 * operands.  @brief, for the overview: "[-x ARG]", and the formats,
 * which exclude each other, as one "[-c|-j|--prometheus]".
 */
static void synopsis(const struct subcmd *sc, bool brief, char *buf,
		     size_t size)
{
	const struct subcmd_opt *o[MAX_OPTS];
	int i, j, n = all_opts(sc, o);
	bool formats_done = false;

	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		const char *arg = o[i]->arg ? o[i]->arg : "";
		const char *sp = o[i]->arg ? " " : "";

		if (o[i] == &common[CO_HELP].opt)
			continue;
		if (brief && is_format(o[i])) {
			if (formats_done)
				continue;
			formats_done = true;
			append(buf, size, "[");
			for (j = i; j < n; j++) {
				if (!is_format(o[j]))
					continue;
				if (j > i)
					append(buf, size, "|");
				append_brief(buf, size, o[j]);
			}
			append(buf, size, "] ");
		} else if (brief || o[i]->letter >= OPT_LONG_ONLY) {
			append(buf, size, "[");
			append_brief(buf, size, o[i]);
			append(buf, size, "%s%s] ", sp, arg);
		} else {
			append(buf, size, "[-%c|--%s%s%s] ", o[i]->letter,
			       o[i]->name, sp, arg);
		}
	}
	append(buf, size, "%s", sc->operands);
}

/*
 * "-x, --name ARG", as --help lists it; "    --name ARG" without a
 * letter, so that the long names stay in one column.
 */
static int opt_label(const struct subcmd_opt *o, char *buf, size_t size)
{
	const char *arg = o->arg ? o->arg : "";
	const char *sp = o->arg ? " " : "";

	if (o->letter >= OPT_LONG_ONLY)
		return snprintf(buf, size, "    --%s%s%s", o->name, sp, arg);
	return snprintf(buf, size, "-%c, --%s%s%s", o->letter, o->name, sp,
			arg);
}

/* @sc's --help, on stdout: 0, or 1 when it could not be written. */
static int print_help(const struct subcmd *sc)
{
	const struct subcmd_opt *o[MAX_OPTS];
	int i, n = all_opts(sc, o), width = HELP_MIN_WIDTH;
	char buf[256];
	const char *p;

	for (i = 0; i < n; i++)
		if (opt_label(o[i], buf, sizeof(buf)) > width)
			width = strlen(buf);
	synopsis(sc, false, buf, sizeof(buf));
	printf("Usage: pfstat %s %s\n\n%s\n", sc->name, buf, sc->help);
	for (i = 0; i < n; i++) {
		opt_label(o[i], buf, sizeof(buf));
		printf("  %-*s  ", width, buf);
		for (p = o[i]->help; *p; p++) {
			putchar(*p);
			if (*p == '\n')
				printf("%*s", width + 4, "");
		}
		putchar('\n');
	}
	return stdout_flush() ? 1 : 0;
}

/* @sc's line in "pfstat --help": its brief usage, then its summary. */
void print_summary(const struct subcmd *sc, FILE *f)
{
	char buf[256];
	int len;

	synopsis(sc, true, buf, sizeof(buf));
	len = fprintf(f, "  %s %s", sc->name, buf);
	if (len + 2 > SUMMARY_COL)
		fprintf(f, "\n%*s%s\n", SUMMARY_COL, "", sc->summary);
	else
		fprintf(f, "%*s%s\n", SUMMARY_COL - len, "", sc->summary);
}

int usage_error(const struct subcmd *sc, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	fprintf(stderr, "pfstat %s: ", sc->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	synopsis(sc, false, buf, sizeof(buf));
	fprintf(stderr, "\nUsage: pfstat %s %s\n", sc->name, buf);
	fprintf(stderr, "Try 'pfstat %s --help' for more information.\n",
		sc->name);
	return EXIT_USAGE;
}

/*
 * getopt_long() returned '?' or ':' (the option strings start with ':'
 * and opterr is 0, so the wording is ours).
 */
static int option_error(const struct subcmd *sc, int c, char **argv)
{
	const char *opt = argv[optind - 1];

	if (c == ':')
		return usage_error(sc, "option '%s' needs an argument", opt);
	if (optopt)
		return usage_error(sc, "invalid option '-%c'", optopt);
	return usage_error(sc, "invalid option '%s'", opt);
}

/* A common option into @a: false when @c is none @sc has. */
static bool common_opt(const struct subcmd *sc, int c, struct args *a,
		       unsigned int *seen)
{
	if (c == 'o' && has(sc, CO_OUTPUT)) {
		a->output = optarg;
	} else if (c == 'c' && has(sc, CO_CSV)) {
		a->fmt = OUT_CSV;
		*seen |= SC_CSV;
	} else if (c == 'j' && has(sc, CO_JSON)) {
		a->fmt = OUT_JSON;
		*seen |= SC_JSON;
	} else if (c == common[CO_PROM].opt.letter && has(sc, CO_PROM)) {
		a->fmt = OUT_PROM;
		*seen |= SC_PROM;
	} else {
		return false;
	}
	return true;
}

/*
 * One format at most: the first two of those @seen (SC_* bits) make the
 * usage error, 0 when there are not two.
 */
static int formats_seen(const struct subcmd *sc, unsigned int seen)
{
	const char *name[2];
	size_t i;
	int n = 0;

	for (i = 0; i < ARRAY_SIZE(formats) && n < 2; i++)
		if (seen & common[formats[i]].flag)
			name[n++] = common[formats[i]].opt.name;
	if (n < 2)
		return 0;
	return usage_error(sc, "--%s and --%s contradict each other",
			   name[0], name[1]);
}

/*
 * Parse the options of @sc in @argv (argv[0] is its name): the common
 * ones into @a, each of its own to @own(@sc, letter, optarg, @data).  The
 * operands are left in @a.  Returns ARGS_GO when the command is to go
 * on; else the exit status: 0 after --help (1 when it could not be
 * written), EXIT_USAGE after a usage error, or what @own returned (which
 * must be 0 to go on).
 */
int parse_args(const struct subcmd *sc, int argc, char **argv,
	       struct args *a, subcmd_opt_fn *own, void *data)
{
	const struct subcmd_opt *o[MAX_OPTS];
	struct option longopts[MAX_OPTS + 1];
	char shortopts[2 * MAX_OPTS + 3], *s = shortopts;
	int i, c, ret, n = all_opts(sc, o);
	unsigned int seen = 0;

	memset(longopts, 0, sizeof(longopts));
	if (sc->flags & SC_IN_ORDER)
		*s++ = '+';
	*s++ = ':';
	for (i = 0; i < n; i++) {
		if (o[i]->letter < OPT_LONG_ONLY) {
			*s++ = o[i]->letter;
			if (o[i]->arg)
				*s++ = ':';
		}
		longopts[i].name = o[i]->name;
		longopts[i].has_arg = o[i]->arg ? required_argument :
						  no_argument;
		longopts[i].val = o[i]->letter;
	}
	*s = '\0';

	a->fmt = OUT_TABLE;
	a->output = NULL;
	opterr = 0;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		if (c == '?' || c == ':')
			return option_error(sc, c, argv);
		if (c == 'h')
			return print_help(sc);
		/* Not a file: a usage error, before anything runs. */
		if (c == 'o' && has(sc, CO_OUTPUT) && !*optarg)
			return usage_error(sc, "-o, --output: the FILE name is empty");
		if (common_opt(sc, c, a, &seen))
			continue;
		ret = own(sc, c, optarg, data);
		if (ret)
			return ret;
	}
	ret = formats_seen(sc, seen);
	if (ret)
		return ret;
	a->argc = argc - optind;
	a->argv = argv + optind;
	return ARGS_GO;
}

/* Exactly one operand, called @what: 0, or the usage error's status. */
int args_one(const struct subcmd *sc, const struct args *a,
	     const char *what)
{
	if (!a->argc)
		return usage_error(sc, "missing %s", what);
	if (a->argc > 1)
		return usage_error(sc, "one %s only ('%s' is one too many)",
				   what, a->argv[1]);
	return 0;
}

/*
 * Digits only: "12abc", "+3", " 7" and "0x10" are mistakes, not numbers,
 * on the command line and in debugfs alike.
 */
bool parse_u64(const char *s, uint64_t *val)
{
	unsigned long long v;
	char *end;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end)
		return false;
	*val = v;
	return true;
}

bool parse_uint(const char *s, unsigned long min, unsigned long max,
		unsigned long *val)
{
	uint64_t v;

	if (!parse_u64(s, &v) || v < min || v > max)
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

/* Milliseconds on the command line, for @what: 0, or the usage error's. */
int ms_arg(const struct subcmd *sc, const char *what, const char *s,
	   unsigned long *ms)
{
	if (!parse_uint(s, 1, MAX_MS, ms))
		return usage_error(sc, "invalid %s '%s' (milliseconds, 1 to %lu)",
				   what, s, MAX_MS);
	return 0;
}

/* The option callback of a command whose own option is one switch. */
int opt_switch(const struct subcmd *sc, int opt, const char *arg,
	       void *data)
{
	bool *on = data;

	(void)sc;
	(void)opt;
	(void)arg;
	*on = true;
	return 0;
}

/* A PID on the command line: 0, or the usage error's status. */
int pid_arg(const struct subcmd *sc, const char *s, pid_t *pid)
{
	if (!parse_pid(s, pid))
		return usage_error(sc, "invalid PID '%s'", s);
	return 0;
}

/* The one operand, a PID: 0, or the usage error's status. */
int args_pid(const struct subcmd *sc, const struct args *a, pid_t *pid)
{
	/* A bad PID is named before any one too many. */
	if (a->argc && pid_arg(sc, a->argv[0], pid))
		return EXIT_USAGE;
	return args_one(sc, a, "PID");
}

/*
 * The operands, PIDs, at least @min: into *@pids, a->argc of them (NULL
 * for none), to be freed.  0, or the usage error's status.
 */
int args_pids(const struct subcmd *sc, const struct args *a, int min,
	      pid_t **pids)
{
	int i;

	*pids = NULL;
	if (a->argc < min)
		return usage_error(sc, "missing PID");
	if (!a->argc)
		return 0;
	*pids = xmalloc(sizeof(pid_t) * a->argc);
	for (i = 0; i < a->argc; i++) {
		if (pid_arg(sc, a->argv[i], &(*pids)[i])) {
			free(*pids);
			return EXIT_USAGE;
		}
	}
	return 0;
}

void *no_memory(void)
{
	pf_warn("out of memory");
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
