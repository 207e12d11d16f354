// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers shared by the demo workloads.  See demo_util.h.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "demo_util.h"

static void __attribute__((noreturn))
vdie(int err, const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", prog_name);
	vfprintf(stderr, fmt, ap);
	if (err)
		fprintf(stderr, ": %s", strerror(err));
	fputc('\n', stderr);
	exit(1);
}

void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdie(0, fmt, ap);
}

void die_errno(const char *fmt, ...)
{
	int err = errno;
	va_list ap;

	va_start(ap, fmt);
	vdie(err, fmt, ap);
}

void usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nusage: %s %s\n(%s -h for help)\n",
		prog_name, prog_usage, prog_name);
	exit(2);
}

int next_option(int argc, char **argv, const char *optstring)
{
	int c = getopt(argc, argv, optstring);

	switch (c) {
	case 'h':
		printf("usage: %s %s\n\n%s", prog_name, prog_usage, prog_help);
		exit(0);
	case ':':
		usage_error("option -%c needs a value", optopt);
	case '?':
		usage_error("unknown option -%c", optopt);
	case -1:
		if (optind < argc)
			usage_error("unexpected argument '%s'", argv[optind]);
	}
	return c;
}

unsigned long parse_num(const char *s, unsigned long min, unsigned long max,
			const char *what)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || *s == '-' || v < min || v > max)
		usage_error("invalid %s '%s' (%lu to %lu)", what, s, min, max);
	return v;
}

void counts_begin(struct pfstat *base)
{
	int err = pfstat_probe();
	long r;

	if (err) {
		errno = err;
		die_errno("system call %d is not pfstat(2) (a kernel without the pfstat series?)",
			  __NR_pfstat);
	}
	r = pfstat(0, base, sizeof(*base), PFSTAT_NORESET);
	if (r < 0)
		die_errno("pfstat(0, NORESET)");
	/* Not in pfstat mode yet: enter it; it reports zeros. */
	if (r == 1 && pfstat(0, base, sizeof(*base), 0) < 0)
		die_errno("pfstat(0) to enter pfstat mode");
}

void counts_since(const struct pfstat *base, struct pfstat *delta)
{
	if (pfstat(0, delta, sizeof(*delta), PFSTAT_NORESET) < 0)
		die_errno("pfstat(0, NORESET)");
	counts_sub(delta, base);
}

void counts_add(struct pfstat *sum, const struct pfstat *add)
{
#define ADD_COUNTER(nr, name)	sum->name += add->name;
	PFSTAT_COUNTERS(ADD_COUNTER)
#undef ADD_COUNTER
}

void counts_sub(struct pfstat *diff, const struct pfstat *sub)
{
#define SUB_COUNTER(nr, name)	diff->name -= sub->name;
	PFSTAT_COUNTERS(SUB_COUNTER)
#undef SUB_COUNTER
}

double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

void print_counter_header(FILE *f)
{
	int i;

	for (i = 0; i < PFSTAT_NR_COUNTERS; i++)
		fprintf(f, ",%s", pfstat_counter_names[i]);
	fputc('\n', f);
}

void print_counters(FILE *f, const struct pfstat *st)
{
	int i;

	for (i = 0; i < PFSTAT_NR_COUNTERS; i++)
		fprintf(f, ",%llu", (unsigned long long)pfstat_counter(st, i));
	fputc('\n', f);
}

int make_file(const char *dir, const char *name, size_t bytes, int fill)
{
	char path[4096], page[PAGE_SIZE];
	size_t off;
	int fd;

	snprintf(path, sizeof(path), "%s/pfstat-demo-%s.XXXXXX", dir, name);
	fd = mkstemp(path);
	if (fd < 0)
		die_errno("creating a file in %s", dir);
	unlink(path);
	memset(page, fill, sizeof(page));
	for (off = 0; off < bytes; off += PAGE_SIZE)
		if (write(fd, page, sizeof(page)) != sizeof(page))
			die_errno("writing %s", path);
	if (fsync(fd))
		die_errno("fsync %s", path);
	return fd;
}

char *map_small_pages(size_t bytes)
{
	char *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		die_errno("mmap of %zu bytes", bytes);
	/* THP is "madvise" in the guest; this only makes it certain. */
	if (madvise(p, bytes, MADV_NOHUGEPAGE))
		die_errno("madvise(MADV_NOHUGEPAGE)");
	return p;
}
