/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the pfstat guest tests: the syscall, a quiet address
 * space for exact counting, /proc/vmstat, pagemap and tracefs access.
 */
#ifndef PFSTAT_UTIL_H
#define PFSTAT_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <asm/unistd.h>		/* from the patched tree's headers_install */
#include <linux/pfstat.h>	/* idem: never a copy */

#ifndef __NR_pfstat
#error "__NR_pfstat missing: build against the patched kernel's headers_install"
#endif

#define PAGE		4096UL
#define HPAGE		(2UL << 20)
#define NR_CLASSES	7

extern const char *const pfstat_class_name[NR_CLASSES];

/* The raw system call: -1 and errno on error, as syscall(2) returns. */
long sys_pfstat(pid_t pid, void *stat, size_t size, unsigned int flags);

/* Counter i of a struct pfstat, in class (enum) order. */
static inline uint64_t pfstat_get(const struct pfstat *st, int i)
{
	return ((const uint64_t *)st)[i];
}

pid_t gettid_raw(void);

/* Pin the calling thread to CPU 0 (shared/SPEC.md section 7). */
int pin_to_cpu0(void);

/*
 * Fault in and un-COW every page of the address space (mlockall, then
 * munlockall), so that the test's own code, data and stack take no fault
 * while it measures.
 */
int quiet_address_space(void);

/* A field of /proc/vmstat, or -1. */
long long vmstat_get(const char *name);

/* Whether the page at addr is swapped out (pagemap bit 62). */
bool page_swapped(const void *addr);

/* Start address of the [stack] mapping, or 0. */
unsigned long stack_vma_start(void);

/* Tracing of pfstat:mm_pfstat, with markers around the measured window. */
int trace_open_marker(void);
int trace_start(void);
void trace_mark(const char *what);
int trace_stop(void);
/*
 * Count the mm_pfstat events of @pid per class between the markers
 * "pfstat-begin" and "pfstat-end".  Returns the number of events, or -1.
 */
int trace_count(pid_t pid, uint64_t counts[NR_CLASSES]);

#endif /* PFSTAT_UTIL_H */
