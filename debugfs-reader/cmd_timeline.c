// SPDX-License-Identifier: GPL-2.0
/*
 * pfstat timeline: faults per class per time bin, from a trace-cmd
 * recording of pfstat:mm_pfstat (trace.dat).  The records are read with
 * libtracecmd and their fields with libtraceevent, not by parsing the
 * text of "trace-cmd report", which changes with plugins and versions.
 *
 * The event fires once per classified fault site; its field "classes" is
 * the set of classes the site counted, bit N for class N, so an event
 * adds one to each class of its set, and per task the events of a class
 * add up to its counter.  Recordings of kernels before the mask (pfstat
 * series v2) have instead one event per counter increment, with one
 * class number, "class": that is read as the set of that one class.
 *
 * No events to count is one case however it comes about: a recording
 * without the event, one with the event but no records of it, or records
 * none of which is of --pid PID.  Each is a failure (exit status 1, as a
 * runtime error), with the same message, because the answer an empty
 * table would give, "no faults", is almost always wrong: the event was
 * not recorded, or the PID is not the one meant.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <trace-cmd.h>
#include <unistd.h>

#include "pfstat.h"

/* The classes this tool knows, as a mask. */
#define KNOWN_CLASSES	((1ULL << PFSTAT_NR_CLASSES) - 1)

struct fault_event {
	unsigned long long ts;	/* ns */
	unsigned int classes;	/* bit N: class N */
};

struct timeline {
	struct tep_handle *tep;
	struct tep_event *event;
	const char *field;	/* "classes" (a mask), or "class" (a number) */
	bool is_mask;
	pid_t pid;		/* 0: every task */
	bool recorded;		/* the recording has the event's format */
	unsigned long matched;	/* events of the pid, counted or not */
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
	unsigned long long val, classes;

	(void)handle;
	(void)cpu;
	if (rec->missed_events)
		tl->missed = true;
	if (tep_data_type(tl->tep, rec) != tl->event->id)
		return 0;
	if (tl->pid && tep_data_pid(tl->tep, rec) != tl->pid)
		return 0;
	tl->matched++;
	if (tep_get_field_val(NULL, tl->event, tl->field, rec, &val, 0)) {
		tl->bad_field = true;
		return 1;	/* stop: the format is not ours */
	}
	if (tl->is_mask)
		classes = val;
	else
		classes = val < PFSTAT_NR_CLASSES ? 1ULL << val : ~KNOWN_CLASSES;
	/* Classes newer than this tool are left out, the others counted. */
	if (classes & ~KNOWN_CLASSES)
		tl->unknown++;
	classes &= KNOWN_CLASSES;
	if (!classes)
		return 0;
	if (tl->nr == tl->cap) {
		tl->cap = tl->cap ? 2 * tl->cap : 1024;
		tl->ev = xrealloc(tl->ev, sizeof(*tl->ev) * tl->cap);
	}
	tl->ev[tl->nr].ts = rec->ts;
	tl->ev[tl->nr].classes = classes;
	tl->nr++;
	return 0;
}

/*
 * Which field holds the classes: the mask "classes" when the format has
 * it, else the class number "class" of the v2 event.  false: neither.
 */
static bool set_field(struct timeline *tl)
{
	tl->is_mask = tep_find_field(tl->event, "classes") != NULL;
	tl->field = tl->is_mask ? "classes" : "class";
	return tl->is_mask || tep_find_field(tl->event, "class");
}

/* The records of the event, once it is known to be in the recording. */
static int read_events(const char *path, struct tracecmd_input *handle,
		       struct timeline *tl)
{
	if (!set_field(tl)) {
		pf_warn("%s: pfstat:mm_pfstat has neither a 'classes' nor a 'class' field",
			path);
		return -1;
	}
	if (tracecmd_iterate_events(handle, NULL, 0, on_record, tl) < 0) {
		pf_warn("%s: reading the records failed", path);
		return -1;
	}
	if (tl->bad_field) {
		pf_warn("%s: pfstat:mm_pfstat has no numeric '%s' field",
			path, tl->field);
		return -1;
	}
	return 0;
}

/*
 * The records, in whatever order: binning does not need them sorted.  A
 * recording without the event is no error here: it has no events.
 */
static int read_trace(const char *path, struct timeline *tl)
{
	struct tracecmd_input *handle;
	struct stat st;
	int ret = 0;

	/* libtracecmd would call a directory no recording, and no more. */
	if (stat(path, &st) || access(path, R_OK)) {
		pf_warn_path(path, errno);
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		pf_warn_path(path, EISDIR);
		return -1;
	}
	tracecmd_set_loglevel(TEP_LOG_CRITICAL);
	/* Plugins only change how events print; we read raw fields. */
	handle = tracecmd_open(path, TRACECMD_FL_LOAD_NO_PLUGINS);
	if (!handle) {
		pf_warn("%s: not a trace-cmd recording libtracecmd can read",
			path);
		return -1;
	}
	tl->tep = tracecmd_get_tep(handle);
	tl->event = tep_find_event_by_name(tl->tep, "pfstat", "mm_pfstat");
	tl->recorded = tl->event != NULL;
	if (tl->recorded)
		ret = read_events(path, handle, tl);
	tracecmd_close(handle);
	/* They went with the handle. */
	tl->tep = NULL;
	tl->event = NULL;
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
	for (i = 0; i < tl->nr; i++) {
		struct counts *bin = &bins[(tl->ev[i].ts - first) / bin_ns];
		int c;

		for (c = 0; c < PFSTAT_NR_CLASSES; c++)
			if (tl->ev[i].classes & (1U << c))
				bin->val[c]++;
	}
	for (i = 0; i < nbins; i++) {
		int row = table_row(t);

		table_set(t, row, 0, "%llu", (unsigned long long)i * bin_ms);
		table_set_classes(t, row, 1, &bins[i]);
	}
	free(bins);
}

/* No events to count, see the top of this file. */
static void no_events(const char *path, const struct timeline *tl)
{
	char pid[32] = "";

	if (tl->pid)
		snprintf(pid, sizeof(pid), " of pid %d", tl->pid);
	pf_warn("%s: no pfstat:mm_pfstat events%s%s", path, pid,
		tl->recorded ? "" :
		": the event was not recorded (trace-cmd record -e pfstat:mm_pfstat CMD)");
}

static int timeline(const char *path, pid_t pid, unsigned long bin_ms,
		    enum out_fmt fmt)
{
	struct timeline tl = { .pid = pid };
	struct outfile o;
	struct table t;
	int ret = 0;

	if (read_trace(path, &tl)) {
		free(tl.ev);
		return 1;
	}
	if (tl.missed)
		pf_warn("%s: the ring buffer lost events: the counts are lower bounds",
			path);
	if (tl.unknown)
		pf_warn("%s: %lu events had a class unknown to this pfstat: it was left out",
			path, tl.unknown);
	if (!tl.matched) {
		no_events(path, &tl);
		free(tl.ev);
		return 1;
	}

	if (outfile_open(&o, NULL, stdout)) {
		free(tl.ev);
		return 1;
	}
	table_init(&t);
	table_col(&t, "time_ms", true);
	table_class_cols(&t);	/* the tracepoint has no fault counts */
	bin_events(&tl, bin_ms, &t);
	table_print(&t, fmt, o.f);
	table_free(&t);
	free(tl.ev);
	/* Written in one go, and checked: stdout may be a full disk. */
	if (outfile_close(&o, true))
		ret = 1;
	return ret;
}

struct timeline_opts {
	unsigned long bin_ms;
	pid_t pid;
};

static int timeline_opt(const struct subcmd *sc, int opt, const char *arg,
			void *data)
{
	struct timeline_opts *to = data;

	switch (opt) {
	case 'b':
		return ms_arg(sc, "bin width", arg, &to->bin_ms);
	case 'p':
		return pid_arg(sc, arg, &to->pid);
	}
	return 0;
}

static int timeline_main(const struct subcmd *sc, int argc, char **argv)
{
	struct timeline_opts to = { .bin_ms = 100 };
	struct args a;
	int ret;

	ret = parse_args(sc, argc, argv, &a, timeline_opt, &to);
	if (ret != ARGS_GO)
		return ret;
	ret = args_one(sc, &a, "TRACE.dat");
	if (ret)
		return ret;
	if (!*a.argv[0])
		return usage_error(sc, "the TRACE.dat name is empty");
	return timeline(a.argv[0], to.pid, to.bin_ms, a.fmt);
}

static const struct subcmd_opt timeline_options[] = {
	{ 'b', "bin", "MS", "bin width in milliseconds (default 100)" },
	{ 'p', "pid", "PID", "only the events of thread PID" },
	{ }
};

const struct subcmd subcmd_timeline = {
	.name = "timeline",
	.summary = "faults per class per time bin of a trace-cmd recording",
	.operands = "TRACE.dat",
	.help =
"Count the pfstat:mm_pfstat events of a trace-cmd recording per class and\n"
"per time bin: an event counts once in each class of its set (classes).\n"
"time_ms is the start of the bin, counted from the first event counted;\n"
"every bin up to the last event is printed, empty or not.  No events to\n"
"count (none recorded, or none of --pid PID) is an error: exit status 1.\n"
"Record with: trace-cmd record -e pfstat:mm_pfstat CMD\n",
	.opts = timeline_options,
	.flags = SC_CSV | SC_JSON,
	.fn = timeline_main,
};
