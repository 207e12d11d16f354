/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR LGPL-2.1 */
/*
 * The pfstat fault classes, written down once for user space.
 *
 * PFSTAT_CLASSES(X) expands X(nr, name) for each class, in the kernel's
 * order: nr is the value of enum pfstat_class, the tracepoint's class
 * number (and bit), and the position of the field @name in struct pfstat;
 * @name is also the kernel's name of the class, in debugfs, in the
 * tracepoint's print format and in every output of the tool.
 *
 * The kernel has its own list (PFSTAT_CLASSES in include/linux/pfstat.h),
 * which is not uapi; tests/syscall_header_test.c checks this one, and
 * PFSTAT_FAULT_COUNTS below, against the uapi struct pfstat, field by
 * field.
 */
#ifndef PFSTAT_CLASSES_H
#define PFSTAT_CLASSES_H

#include "pfstat_syscall.h"

#define PFSTAT_CLASSES(X)				\
	X(0, stack_low)					\
	X(1, transparent_hugepage_fault)		\
	X(2, anonymous_fault)				\
	X(3, file_fault)				\
	X(4, swapped_back)				\
	X(5, copy_on_write)				\
	X(6, fault_alloced_page)

#define PFSTAT_CLASS_COUNT_ONE(nr, name)	+ 1
#define PFSTAT_NR_CLASSES	(0 PFSTAT_CLASSES(PFSTAT_CLASS_COUNT_ONE))

#define PFSTAT_CLASS_NAME(nr, name)	[nr] = #name,
static const char *const pfstat_class_names[] = {
	PFSTAT_CLASSES(PFSTAT_CLASS_NAME)
};
#undef PFSTAT_CLASS_NAME

/* The counter of class @nr in @ps; 0 for a number that is no class. */
static inline __u64 pfstat_class_count(const struct pfstat *ps, int nr)
{
	switch (nr) {
#define PFSTAT_CLASS_CASE(n, name)	case n: return ps->name;
	PFSTAT_CLASSES(PFSTAT_CLASS_CASE)
#undef PFSTAT_CLASS_CASE
	}
	return 0;
}

/* The class called @name, or -1. */
static inline int pfstat_class_index(const char *name)
{
	int i;

	for (i = 0; i < PFSTAT_NR_CLASSES; i++)
		if (!__builtin_strcmp(name, pfstat_class_names[i]))
			return i;
	return -1;
}

/*
 * Beside the classes, and after them in struct pfstat since
 * PFSTAT_SIZE_VER1, two counts of whole faults: @faults, every user-mode
 * fault the task completed in pfstat mode, once, as getrusage()'s
 * ru_minflt + ru_majflt count it, and @unclassified, those of them that no
 * class counted.  PFSTAT_FAULT_COUNTS(X) expands X(nr, name) for each, nr
 * its position in struct pfstat, name its field and its name in debugfs
 * and in every output of the tool; PFSTAT_COUNTERS(X) is the classes,
 * then these: every counter, in the order of struct pfstat and debugfs.
 * The tracepoint has the classes only.
 *
 * Only with a struct pfstat that has the fields: an installed
 * <linux/pfstat.h> older than VER1 has none.
 */
#ifdef PFSTAT_SIZE_VER1

#define PFSTAT_FAULT_COUNTS(X)				\
	X(7, faults)					\
	X(8, unclassified)

#define PFSTAT_COUNTERS(X)	PFSTAT_CLASSES(X) PFSTAT_FAULT_COUNTS(X)

#define PFSTAT_NR_FAULT_COUNTS	(0 PFSTAT_FAULT_COUNTS(PFSTAT_CLASS_COUNT_ONE))
#define PFSTAT_NR_COUNTERS	(PFSTAT_NR_CLASSES + PFSTAT_NR_FAULT_COUNTS)

#define PFSTAT_COUNTER_NAME(nr, name)	[nr] = #name,
static const char *const pfstat_counter_names[] = {
	PFSTAT_COUNTERS(PFSTAT_COUNTER_NAME)
};
#undef PFSTAT_COUNTER_NAME

/* Counter @nr of @ps, a class or a fault count; 0 for no counter. */
static inline __u64 pfstat_counter(const struct pfstat *ps, int nr)
{
	switch (nr) {
#define PFSTAT_COUNTER_CASE(n, name)	case n: return ps->name;
	PFSTAT_COUNTERS(PFSTAT_COUNTER_CASE)
#undef PFSTAT_COUNTER_CASE
	}
	return 0;
}

/* The counter called @name, or -1. */
static inline int pfstat_counter_index(const char *name)
{
	int i;

	for (i = 0; i < PFSTAT_NR_COUNTERS; i++)
		if (!__builtin_strcmp(name, pfstat_counter_names[i]))
			return i;
	return -1;
}

#endif /* PFSTAT_SIZE_VER1 */

#endif /* PFSTAT_CLASSES_H */
