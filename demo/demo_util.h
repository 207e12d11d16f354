/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the demo workloads share: their own fault counts, read so that an
 * outer "pfstat run" still gets every fault, the clock, option parsing
 * and CSV output in the column names every pfstat format uses.
 */
#ifndef DEMO_UTIL_H
#define DEMO_UTIL_H

#include <stdio.h>

#include "pfstat_classes.h"	/* and pfstat_syscall.h */

#define PAGE_SIZE	4096UL
#define HPAGE_SIZE	(2UL << 20)

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/*
 * The workloads' memory accesses.  Through volatile, so that the compiler
 * keeps every one of them: each may fault, and the faults are the point.
 */
static inline void poke(void *p, unsigned long v)
{
	*(volatile unsigned long *)p = v;
}

static inline unsigned long peek(const void *p)
{
	return *(const volatile unsigned long *)p;
}

/*
 * Start counting the calling thread's faults: enter pfstat mode when not
 * in it yet, and take a baseline.  Only PFSTAT_NORESET reads follow, so
 * a "pfstat run" around the program still reads every fault at the end.
 */
void counts_begin(struct pfstat *base);

/* The faults since counts_begin() (@base), into @delta. */
void counts_since(const struct pfstat *base, struct pfstat *delta);

/* @sum += @add, counter by counter (the classes, faults, unclassified). */
void counts_add(struct pfstat *sum, const struct pfstat *add);
/* @diff -= @sub, counter by counter. */
void counts_sub(struct pfstat *diff, const struct pfstat *sub);

/* CLOCK_MONOTONIC in milliseconds. */
double now_ms(void);

/*
 * ",stack_low,...,fault_alloced_page,faults,unclassified" after the
 * caller's columns: every counter, in struct pfstat's order.
 */
void print_counter_header(FILE *f);
/* ",<count>" for each counter, in the same order. */
void print_counters(FILE *f, const struct pfstat *st);

/*
 * getopt(3) with what every program's option loop shares: returns the
 * next of the program's own options (@optstring, which starts with ':'
 * and also lists 'h'), -1 after the last.  -h prints the usage and
 * prog_help and exits 0; an unknown option, one without its value and
 * any operand are usage errors.
 */
int next_option(int argc, char **argv, const char *optstring);

/* An unsigned number in [min, max] or a usage error naming @what. */
unsigned long parse_num(const char *s, unsigned long min, unsigned long max,
			const char *what);

/* Print "PROG: message" and exit 1. */
void __attribute__((noreturn, format(printf, 1, 2))) die(const char *fmt, ...);
/* Print "PROG: message: strerror(errno)" and exit 1. */
void __attribute__((noreturn, format(printf, 1, 2)))
die_errno(const char *fmt, ...);
/* Print "PROG: message" and the usage hint, exit 2. */
void __attribute__((noreturn, format(printf, 1, 2)))
usage_error(const char *fmt, ...);

/* Set by each program: its name, its usage line and its -h text. */
extern const char *prog_name;
extern const char *prog_usage;
extern const char prog_help[];

/*
 * A file of @bytes in @dir, every byte @fill, written back to its file
 * system and already unlinked: the open descriptor.  @name names it in
 * messages; the file is @dir/pfstat-demo-@name.XXXXXX while it has a name.
 */
int make_file(const char *dir, const char *name, size_t bytes, int fill);

/* Anonymous private memory with THP off, so that faults are 4 KiB ones. */
char *map_small_pages(size_t bytes);

#endif /* DEMO_UTIL_H */
