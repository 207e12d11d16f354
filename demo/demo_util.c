// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers shared by the demo workloads.  See demo_util.h.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "demo_util.h"

const char *const class_name[NR_CLASSES] = {
	"stack_low", "transparent_hugepage_fault", "anonymous_fault",
	"file_fault", "swapped_back", "copy_on_write", "fault_alloced_page",
};

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
	__u64 *d = (__u64 *)delta;
	int i;

	if (pfstat(0, delta, sizeof(*delta), PFSTAT_NORESET) < 0)
		die_errno("pfstat(0, NORESET)");
	for (i = 0; i < NR_CLASSES; i++)
		d[i] -= class_count(base, i);
}

void counts_add(struct pfstat *sum, const struct pfstat *add)
{
	__u64 *s = (__u64 *)sum;
	int i;

	for (i = 0; i < NR_CLASSES; i++)
		s[i] += class_count(add, i);
}

double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

void print_class_header(FILE *f)
{
	int i;

	for (i = 0; i < NR_CLASSES; i++)
		fprintf(f, ",%s", class_name[i]);
	fputc('\n', f);
}

void print_class_counts(FILE *f, const struct pfstat *st)
{
	int i;

	for (i = 0; i < NR_CLASSES; i++)
		fprintf(f, ",%llu", class_count(st, i));
	fputc('\n', f);
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
