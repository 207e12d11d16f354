// SPDX-License-Identifier: GPL-2.0
/*
 * pfstat timeline: faults per class per time bin, from a trace-cmd
 * recording of pfstat:mm_pfstat (trace.dat).  The records are read with
 * libtracecmd and their fields with libtraceevent, not by parsing the
 * text of "trace-cmd report", which changes with plugins and versions.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pfstat.h"

#ifdef PFSTAT_NO_TIMELINE

/* Debian ships libtracecmd only as a shared library: see the Makefile. */
int cmd_timeline(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	warnx("timeline is not in this static build (there is no static libtracecmd): use the dynamically linked pfstat");
	return 1;
}

#else

#include <trace-cmd.h>

static const struct subcmd sc = {
	.name = "timeline",
	.synopsis = "[-b|--bin MS] [-p|--pid PID] [-c|--csv] [-j|--json] TRACE.dat",
	.help =
"Count the pfstat:mm_pfstat events of a trace-cmd recording per class and\n"
"per time bin.  time_ms is the start of the bin, counted from the first\n"
"event counted; every bin up to the last event is printed, empty or not.\n"
"Record with: trace-cmd record -e pfstat:mm_pfstat CMD\n"
"\n"
"  -b, --bin MS     bin width in milliseconds (default 100)\n"
"  -p, --pid PID    only the events of thread PID\n"
"  -c, --csv        CSV output\n"
"  -j, --json       JSON output\n"
"  -h, --help       this help\n",
};

static const struct option options[] = {
	{ "bin",	required_argument,	NULL, 'b' },
	{ "pid",	required_argument,	NULL, 'p' },
	{ "csv",	no_argument,		NULL, 'c' },
	{ "json",	no_argument,		NULL, 'j' },
	{ "help",	no_argument,		NULL, 'h' },
	{ }
};

struct fault_event {
	unsigned long long ts;	/* ns */
	unsigned int class;
};

struct timeline {
	struct tep_handle *tep;
	struct tep_event *event;
	pid_t pid;		/* 0: every task */
	struct fault_event *ev;
	size_t nr, cap;
	unsigned long unknown;	/* events of a class newer than this tool */
	bool missed;		/* the ring buffer dropped events */
	bool bad_field;
};

static int on_record(struct tracecmd_input *handle, struct tep_record *rec,
		     int cpu, void *data)
{
	struct timeline *tl = data;
	unsigned long long class;

	(void)handle;
	(void)cpu;
	if (rec->missed_events)
		tl->missed = true;
	if (tep_data_type(tl->tep, rec) != tl->event->id)
		return 0;
	if (tl->pid && tep_data_pid(tl->tep, rec) != tl->pid)
		return 0;
	if (tep_get_field_val(NULL, tl->event, "class", rec, &class, 0)) {
		tl->bad_field = true;
		return 1;	/* stop: the format is not ours */
	}
	if (class >= NR_CLASSES) {
		tl->unknown++;
		return 0;
	}
	if (tl->nr == tl->cap) {
		tl->cap = tl->cap ? 2 * tl->cap : 1024;
		tl->ev = xrealloc(tl->ev, sizeof(*tl->ev) * tl->cap);
	}
	tl->ev[tl->nr].ts = rec->ts;
	tl->ev[tl->nr].class = class;
	tl->nr++;
	return 0;
}

/* The records, in whatever order: binning does not need them sorted. */
static int read_trace(const char *path, struct timeline *tl)
{
	struct tracecmd_input *handle;
	int ret = 0;

	if (access(path, R_OK)) {
		warnx("%s: %s", path, strerror(errno));
		return -1;
	}
	tracecmd_set_loglevel(TEP_LOG_CRITICAL);
	/* Plugins only change how events print; we read raw fields. */
	handle = tracecmd_open(path, TRACECMD_FL_LOAD_NO_PLUGINS);
	if (!handle) {
		warnx("%s: not a trace-cmd recording libtracecmd can read",
		      path);
		return -1;
	}
	tl->tep = tracecmd_get_tep(handle);
	tl->event = tep_find_event_by_name(tl->tep, "pfstat", "mm_pfstat");
	if (!tl->event) {
		warnx("%s: no pfstat:mm_pfstat events were recorded (trace-cmd record -e pfstat:mm_pfstat)",
		      path);
		ret = -1;
	} else if (tracecmd_iterate_events(handle, NULL, 0, on_record, tl) < 0) {
		warnx("%s: reading the records failed", path);
		ret = -1;
	} else if (tl->bad_field) {
		warnx("%s: pfstat:mm_pfstat has no numeric 'class' field",
		      path);
		ret = -1;
	}
	tracecmd_close(handle);
	return ret;
}

static void bin_events(const struct timeline *tl, unsigned long bin_ms,
		       struct table *t)
{
	unsigned long long first = ULLONG_MAX, last = 0, bin_ns;
	struct counts *bins;
	size_t i, nbins;

	if (!tl->nr)
		return;
	for (i = 0; i < tl->nr; i++) {
		if (tl->ev[i].ts < first)
			first = tl->ev[i].ts;
		if (tl->ev[i].ts > last)
			last = tl->ev[i].ts;
	}
	bin_ns = bin_ms * 1000000ULL;
	nbins = (last - first) / bin_ns + 1;
	bins = xmalloc(sizeof(*bins) * nbins);
	memset(bins, 0, sizeof(*bins) * nbins);
	for (i = 0; i < tl->nr; i++)
		bins[(tl->ev[i].ts - first) / bin_ns].val[tl->ev[i].class]++;
	for (i = 0; i < nbins; i++) {
		int row = table_row(t);

		table_set(t, row, 0, "%llu", (unsigned long long)i * bin_ms);
		table_set_counts(t, row, 1, &bins[i]);
	}
	free(bins);
}

static int timeline(const char *path, pid_t pid, unsigned long bin_ms,
		    enum out_fmt fmt)
{
	struct timeline tl = { .pid = pid };
	struct table t;

	if (read_trace(path, &tl)) {
		free(tl.ev);
		return 1;
	}
	if (tl.missed)
		warnx("%s: the ring buffer lost events: the counts are lower bounds",
		      path);
	if (tl.unknown)
		warnx("%s: %lu events of a class unknown to this pfstat were left out",
		      path, tl.unknown);
	if (!tl.nr && pid)
		warnx("%s: no pfstat:mm_pfstat events of pid %d", path, pid);
	else if (!tl.nr)
		warnx("%s: no pfstat:mm_pfstat events", path);

	table_init(&t);
	table_col(&t, "time_ms", true);
	table_count_cols(&t);
	bin_events(&tl, bin_ms, &t);
	table_print(&t, fmt, stdout);
	table_free(&t);
	free(tl.ev);
	return 0;
}

int cmd_timeline(int argc, char **argv)
{
	enum out_fmt fmt = OUT_TABLE;
	unsigned long bin_ms = 100;
	pid_t pid = 0;
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":b:p:cjh", options, NULL)) != -1) {
		switch (c) {
		case 'b':
			if (!parse_uint(optarg, 1, 86400000, &bin_ms))
				return usage_error(&sc, "invalid bin width '%s' (milliseconds, 1 to 86400000)",
						   optarg);
			break;
		case 'p':
			if (!parse_pid(optarg, &pid))
				return usage_error(&sc, "invalid PID '%s'",
						   optarg);
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
	if (optind >= argc)
		return usage_error(&sc, "missing TRACE.dat");
	if (optind + 1 < argc)
		return usage_error(&sc, "one TRACE.dat only ('%s' is one too many)",
				   argv[optind + 1]);
	return timeline(argv[optind], pid, bin_ms, fmt);
}

#endif /* PFSTAT_NO_TIMELINE */
