// SPDX-License-Identifier: GPL-2.0
/*
 * The modes faultbench compares, and how the kernel is put into each: the
 * pfstat system call for counting, tracefs for the three ways of tracing.
 * Also how much a mode recorded while the faults were taken: pfstat's own
 * counters, and the events the ring buffer of the benchmark's CPU gained.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "faultbench.h"

#define TRACEFS "/sys/kernel/tracing/"

/*
 * The kprobe events live in group "pfbench"; the guest script creates one
 * per function it could probe and says which it could not.  The pid filter
 * is set_event_pid, as "trace-cmd record -P" sets it: the ring buffer is
 * not touched for other tasks.
 *
 * The bpftrace modes count faults system-wide into a BPF map, the way a
 * bpftrace user would: per set of classes from pfstat's tracepoint, or
 * only how many there were, which is all a stock kernel offers (the
 * functions that tell the kinds apart are static and inlined), from its
 * page_fault_user tracepoint or a kprobe on handle_mm_fault.  The stock
 * tracepoint tells what any tracepoint costs through bpftrace, pfstat's
 * or not.  A program takes seconds to attach, far too long to do in every
 * round, so bench-run attaches it for a whole faultbench run of that mode
 * alone.
 */
const struct fb_mode fb_modes[] = {
	{ .name = "baseline" },
	{ .name = "counting", .counting = true },
	{ .name = "pfstat-trace", .event = "pfstat/mm_pfstat" },
	{ .name = "pfstat-trace-pid", .event = "pfstat/mm_pfstat",
	  .pid_filter = true },
	{ .name = "pfuser-trace", .event = "exceptions/page_fault_user" },
	{ .name = "pfuser-trace-pid", .event = "exceptions/page_fault_user",
	  .pid_filter = true },
	{ .name = "kprobes", .event = "pfbench" },
	{ .name = "kprobes-pid", .event = "pfbench", .pid_filter = true },
	{ .name = "bpftrace-pfstat",
	  .bpftrace = "tracepoint:pfstat:mm_pfstat { @[args->classes] = count(); }" },
	{ .name = "bpftrace-pfuser",
	  .bpftrace = "tracepoint:exceptions:page_fault_user { @ = count(); }" },
	{ .name = "bpftrace-kprobe",
	  .bpftrace = "kprobe:handle_mm_fault { @ = count(); }" },
};
const int fb_nr_modes = sizeof(fb_modes) / sizeof(fb_modes[0]);

const struct fb_mode *fb_mode_find(const char *name)
{
	int i;

	for (i = 0; i < fb_nr_modes; i++)
		if (!strcmp(fb_modes[i].name, name))
			return &fb_modes[i];
	return NULL;
}

bool fb_mode_is_kprobes(const struct fb_mode *m)
{
	return m->event && !strcmp(m->event, "pfbench");
}

/* Write @val to tracefs @file; O_TRUNC replaces, "" just truncates. */
static int tracefs_write(const char *file, const char *val)
{
	char path[256];
	size_t len = strlen(val);
	int fd, ret = 0;

	snprintf(path, sizeof(path), TRACEFS "%s", file);
	fd = open(path, O_WRONLY | O_TRUNC);
	if (fd < 0) {
		fprintf(stderr, "faultbench: open %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	if (len && write(fd, val, len) != (ssize_t)len) {
		fprintf(stderr, "faultbench: write '%s' to %s: %s\n", val, path,
			strerror(errno));
		ret = -1;
	}
	close(fd);
	return ret;
}

static int event_enable(const struct fb_mode *m, const char *val)
{
	char file[128];

	snprintf(file, sizeof(file), "events/%s/enable", m->event);
	return tracefs_write(file, val);
}

int fb_mode_begin(const struct fb_mode *m, pid_t pid)
{
	struct pfstat st;
	char buf[32];

	/*
	 * Every mode starts from an empty ring buffer, so that a full one,
	 * which the kernel overwrites page by page, costs all modes alike.
	 */
	if (tracefs_write("trace", ""))
		return -1;
	if (m->counting) {
		long ret = pfstat(pid, &st, sizeof(st), 0);

		if (ret != 1) {
			fprintf(stderr, "faultbench: pfstat(%d) to enter pfstat mode returned %ld (%s), expected 1\n",
				pid, ret, ret < 0 ? strerror(errno) : "already in pfstat mode");
			return -1;
		}
	}
	if (m->pid_filter) {
		snprintf(buf, sizeof(buf), "%d", pid);
		if (tracefs_write("set_event_pid", buf))
			return -1;
	}
	if (m->event && event_enable(m, "1"))
		return -1;
	return 0;
}

int fb_mode_end(const struct fb_mode *m)
{
	int ret = 0;

	if (m->event && event_enable(m, "0"))
		ret = -1;
	if (m->pid_filter && tracefs_write("set_event_pid", ""))
		ret = -1;
	return ret;
}

/*
 * Entries plus overruns of one CPU's ring buffer: every event written to
 * it since it was last cleared, as nothing here consumes events.
 */
static int ring_events(int cpu, uint64_t *events)
{
	char path[128], buf[1024], *p;
	unsigned long long entries, overrun;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), TRACEFS "per_cpu/cpu%d/stats", cpu);
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "faultbench: open %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	p = strstr(buf, "entries:");
	if (!p || sscanf(p, "entries: %llu", &entries) != 1)
		goto bad;
	p = strstr(buf, "overrun:");
	if (!p || sscanf(p, "overrun: %llu", &overrun) != 1)
		goto bad;
	*events = entries + overrun;
	return 0;
bad:
	fprintf(stderr, "faultbench: %s: no entries/overrun lines\n", path);
	return -1;
}

/*
 * Called just before the timed loop.  Everything here is a system call
 * into memory the task already faulted in, so it adds no fault of its own
 * (no global is written: after fork() that would be a copy-on-write).
 */
int fb_window_open(const struct fb_ctx *ctx, struct fb_sample *s)
{
	struct pfstat st;

	if (ring_events(ctx->cpu, &s->events))
		return -1;
	/* Reset, so the counts read after the loop are the loop's. */
	if (ctx->mode->counting && pfstat(0, &st, sizeof(st), 0) != 0) {
		fprintf(stderr, "faultbench: pfstat reset: %s\n",
			strerror(errno));
		return -1;
	}
	return 0;
}

int fb_window_close(const struct fb_ctx *ctx, struct fb_sample *s)
{
	struct pfstat st;
	uint64_t events;

	memset(&st, 0, sizeof(st));
	if (ctx->mode->counting && pfstat(0, &st, sizeof(st), 0) != 0) {
		fprintf(stderr, "faultbench: pfstat read: %s\n",
			strerror(errno));
		return -1;
	}
	if (ring_events(ctx->cpu, &events))
		return -1;
	s->counts = st;
	s->events = events - s->events;
	return 0;
}

/* Which probes are armed, and whether the kernel optimized them to jumps. */
void fb_kprobes_report(FILE *out)
{
	char line[256];
	FILE *f = fopen("/sys/kernel/debug/kprobes/list", "r");

	if (!f) {
		fprintf(out, "faultbench: /sys/kernel/debug/kprobes/list: %s\n",
			strerror(errno));
		return;
	}
	while (fgets(line, sizeof(line), f))
		fprintf(out, "faultbench: kprobe %s", line);
	fclose(f);
}
