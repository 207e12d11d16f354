/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the guest test programs share on top of the selftests'
 * pfstat_util.h: the classes as debugfs-reader/pfstat_classes.h lists
 * them (user space's one list; pfstat_util.h's NR_CLASSES,
 * pfstat_class_name[] and pfstat_get() are the selftests' own and not
 * used here), and fresh anonymous faults.
 *
 * Everything is static inline.
 */
#ifndef GUEST_UTIL_H
#define GUEST_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/mman.h>

#include "pfstat_util.h"
#include "pfstat_classes.h"

/* The counter of class @nr in @ps, to write; NULL for a number that is no class. */
static inline __u64 *pfstat_class_ptr(struct pfstat *ps, int nr)
{
	switch (nr) {
#define GUEST_CLASS_CASE(n, name)	case n: return &ps->name;
	PFSTAT_CLASSES(GUEST_CLASS_CASE)
#undef GUEST_CLASS_CASE
	}
	return NULL;
}

/* The first class whose counts in @a and @b differ, or -1. */
static inline int pfstat_diff(const struct pfstat *a, const struct pfstat *b)
{
	int i;

	for (i = 0; i < PFSTAT_NR_CLASSES; i++)
		if (pfstat_class_count(a, i) != pfstat_class_count(b, i))
			return i;
	return -1;
}

/* Whether @a and @b hold the same counts, class by class. */
static inline bool pfstat_equal(const struct pfstat *a, const struct pfstat *b)
{
	return pfstat_diff(a, b) < 0;
}

/*
 * Fault @n fresh anonymous pages, THP off, one write each: @n
 * anonymous_fault and @n fault_alloced_page.  Returns the mapping, left
 * in place (its pages count in RSS and PID/frames), or NULL.
 */
static inline char *fault_anon(int n)
{
	volatile char *p = mmap(NULL, n * PAGE, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int i;

	if (p == MAP_FAILED)
		return NULL;
	if (madvise((char *)p, n * PAGE, MADV_NOHUGEPAGE)) {
		munmap((char *)p, n * PAGE);
		return NULL;
	}
	for (i = 0; i < n; i++)
		p[i * PAGE] = 1;
	return (char *)p;
}

#endif /* GUEST_UTIL_H */
