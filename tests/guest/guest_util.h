/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the guest test programs share on top of the selftests'
 * pfstat_util.h: the classes as debugfs-reader/pfstat_classes.h lists
 * them (user space's one list; pfstat_util.h's NR_CLASSES,
 * pfstat_class_name[] and pfstat_get() are the selftests' own and not
 * used here), every counter of struct pfstat (the classes, then faults
 * and unclassified), and fresh anonymous faults.
 *
 * Everything is static inline.
 */
#ifndef GUEST_UTIL_H
#define GUEST_UTIL_H

#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "pfstat_util.h"
#include "pfstat_classes.h"

/*
 * Every counter of struct pfstat, in its order, which is also the order
 * of the lines of debugfs PID/stat and of the columns of tasks: the
 * tool's list, PFSTAT_COUNTERS() of pfstat_classes.h (the classes, then
 * faults and unclassified).  Counter @nr is class @nr below
 * PFSTAT_NR_CLASSES.
 */
#define GUEST_NR_COUNTERS	PFSTAT_NR_COUNTERS
#define GUEST_FAULTS		PFSTAT_NR_CLASSES
#define GUEST_UNCLASSIFIED	(GUEST_FAULTS + 1)

/* The name of counter @nr in debugfs; NULL for a number that is none. */
static inline const char *guest_counter_name(int nr)
{
	return nr >= 0 && nr < PFSTAT_NR_COUNTERS ? pfstat_counter_names[nr] : NULL;
}

/* Counter @nr of @ps, to write; NULL for a number that is none. */
static inline __u64 *guest_counter_ptr(struct pfstat *ps, int nr)
{
	switch (nr) {
#define GUEST_COUNTER_CASE(n, name)	case n: return &ps->name;
	PFSTAT_COUNTERS(GUEST_COUNTER_CASE)
#undef GUEST_COUNTER_CASE
	}
	return NULL;
}

/* Counter @nr of @ps; 0 for a number that is none. */
static inline __u64 guest_counter(const struct pfstat *ps, int nr)
{
	return pfstat_counter(ps, nr);
}

/* The first counter whose values in @a and @b differ, or -1. */
static inline int pfstat_diff(const struct pfstat *a, const struct pfstat *b)
{
	int i;

	for (i = 0; i < GUEST_NR_COUNTERS; i++)
		if (guest_counter(a, i) != guest_counter(b, i))
			return i;
	return -1;
}

/* Whether @a and @b hold the same values, counter by counter. */
static inline bool pfstat_equal(const struct pfstat *a, const struct pfstat *b)
{
	return pfstat_diff(a, b) < 0;
}

/*
 * The faults the calling thread took as getrusage(RUSAGE_THREAD) counts
 * them (ru_minflt + ru_majflt), or -1.  For a thread that takes no GUP
 * or kernel-mode fault, the rise of this over a window in pfstat mode is
 * what pfstat's faults counts.
 */
static inline long thread_faults(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_THREAD, &ru))
		return -1;
	return ru.ru_minflt + ru.ru_majflt;
}

#ifndef PIDFD_THREAD
#define PIDFD_THREAD	O_EXCL		/* include/uapi/linux/pidfd.h */
#endif

/*
 * pidfd_open(2) (glibc declares it in <sys/pidfd.h> only): @flags 0 for
 * the pidfd of a process, which names its leader, PIDFD_THREAD for that
 * of a thread.
 */
static inline int sys_pidfd_open(pid_t pid, unsigned int flags)
{
	return syscall(__NR_pidfd_open, pid, flags);
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

#define PFSTAT_DIR	"/sys/kernel/debug/pfstat"

/* Whether debugfs has a PID/ directory for @tid. */
static inline bool pfstat_dir_exists(pid_t tid)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), PFSTAT_DIR "/%d", tid);
	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

/* Whether PFSTAT_DIR/tasks has a line for @tid. */
static inline bool pfstat_tasks_lists(pid_t tid)
{
	FILE *f = fopen(PFSTAT_DIR "/tasks", "r");
	char line[512];
	bool found = false;

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = atoi(line) == tid && strchr(line, '\t');
	fclose(f);
	return found;
}

#endif /* GUEST_UTIL_H */
