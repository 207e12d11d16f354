/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers of the stress and fuzz guest tests (stress_*_test.c,
 * fuzz_*_test.c): durations and seeds from the environment, a seeded
 * PRNG, memory shared across fork(), /proc and debugfs access that
 * returns -errno, and the tracepoint toggler that runs beside every
 * stress test.
 *
 * Everything is static inline: the file is included by the tests that
 * need it and by nothing else.
 */
#ifndef STRESS_COMMON_H
#define STRESS_COMMON_H

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "guest_util.h"

#define TRACE_EVENT	"/sys/kernel/tracing/events/pfstat/mm_pfstat/enable"
#define TRACE_ON	"/sys/kernel/tracing/tracing_on"
#define TRACE_BUF	"/sys/kernel/tracing/trace"

/* A non-negative number from the environment, or @def. */
static inline unsigned long env_ulong(const char *name, unsigned long def)
{
	const char *s = getenv(name);
	char *end;
	unsigned long v;

	if (!s || !*s)
		return def;
	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end) {
		fprintf(stderr, "# %s=%s: not a number, using %lu\n", name, s, def);
		return def;
	}
	return v;
}

/*
 * The test duration knob shared by every stress test.  Their timeouts
 * follow it: TEST_F_TIMEOUT() evaluates its timeout when the test is
 * registered, in a constructor that runs before main() and after the
 * environment is set, so "2 * stress_seconds() + 120" is this run's.
 */
static inline unsigned int stress_seconds(void)
{
	return env_ulong("PFSTAT_STRESS_SECONDS", 4);
}

/* A seed from @name, or a fresh one from the clock. */
static inline uint64_t env_seed(const char *name)
{
	struct timespec ts;

	if (getenv(name) && *getenv(name))
		return env_ulong(name, 0);
	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 20) ^ getpid();
}

/* splitmix64: small, fast, and the same sequence for the same seed. */
static inline uint64_t rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, n), n > 0. */
static inline uint64_t rng_below(uint64_t *s, uint64_t n)
{
	return rng_next(s) % n;
}

static inline double now_sec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Memory every process forked afterwards shares; zeroed. */
static inline void *shared_alloc(size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

/*
 * A helper process: it dies with its parent (a failed ASSERT in the test
 * must not leave it running), and is named for ps and the trace.
 */
static inline void helper_init(const char *comm)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	prctl(PR_SET_NAME, comm);
}

/* Read a whole small file into @buf (NUL-terminated): length or -errno. */
static inline int read_path(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY), err;
	ssize_t n, total = 0;

	if (fd < 0)
		return -errno;
	while ((size_t)total < size - 1) {
		n = read(fd, buf + total, size - 1 - total);
		if (n < 0) {
			err = errno;
			close(fd);
			return -err;
		}
		if (n == 0)
			break;
		total += n;
	}
	close(fd);
	buf[total] = '\0';
	return total;
}

/* One write(2) of @len bytes: 0 when all went in, or -errno. */
static inline int write_path(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY), err = 0;
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, data, len);
	if (n < 0)
		err = -errno;
	else if ((size_t)n != len)
		err = -EIO;
	close(fd);
	return err;
}

static inline int write_str(const char *path, const char *s)
{
	return write_path(path, s, strlen(s));
}

/*
 * Parse PID/stat ("name value" lines, every counter of struct pfstat in
 * its order: the classes, faults, unclassified) into @st.  Returns 0,
 * -errno from the read, or -EBADMSG for a malformed file.
 */
static inline int read_debugfs_stat(pid_t tid, struct pfstat *st)
{
	char path[64], buf[512], name[64];
	unsigned long long val;
	int ret, i, off = 0, len;

	snprintf(path, sizeof(path), PFSTAT_DIR "/%d/stat", tid);
	ret = read_path(path, buf, sizeof(buf));
	if (ret < 0)
		return ret;
	for (i = 0; i < GUEST_NR_COUNTERS; i++) {
		if (sscanf(buf + off, "%63s %llu\n%n", name, &val, &len) != 2 ||
		    strcmp(name, guest_counter_name(i)))
			return -EBADMSG;
		*guest_counter_ptr(st, i) = val;
		off += len;
	}
	return buf[off] ? -EBADMSG : 0;
}

/* A pagemap entry of this process (open @fd on /proc/self/pagemap). */
static inline uint64_t pagemap_entry(int fd, const volatile void *addr)
{
	uint64_t ent = 0;

	if (pread(fd, &ent, sizeof(ent), (uintptr_t)addr / PAGE * sizeof(ent)) !=
	    sizeof(ent))
		return 0;
	return ent;
}

#define PM_PRESENT	(1ULL << 63)
#define PM_SWAPPED	(1ULL << 62)	/* any swap-format entry */
#define PM_SWAP_TYPE	0x1fULL		/* bits 0-4, visible to root */

/*
 * Swapped out to a swap device.  pagemap also shows migration entries as
 * swapped (a page compaction is moving), and a fault on one of those is
 * not a swap-in; their swap types lie past MAX_SWAPFILES, while the
 * guest's only swap device, zram0, is type 0.
 */
static inline bool pm_swapped_out(uint64_t ent)
{
	return (ent & PM_SWAPPED) && !(ent & PM_SWAP_TYPE);
}

/* The tracing state the toggler changes, to put back afterwards. */
struct trace_state {
	char event[8], on[8];
};

static inline void trace_state_save(struct trace_state *t)
{
	if (read_path(TRACE_EVENT, t->event, sizeof(t->event)) < 0)
		strcpy(t->event, "0\n");
	if (read_path(TRACE_ON, t->on, sizeof(t->on)) < 0)
		strcpy(t->on, "1\n");
}

static inline void trace_state_restore(const struct trace_state *t)
{
	write_str(TRACE_EVENT, t->event);
	write_str(TRACE_ON, t->on);
	write_str(TRACE_BUF, "");
}

/*
 * Turn pfstat:mm_pfstat on and off (the static key in every fault path
 * flips each time), with tracing_on and a buffer clear now and then,
 * until *stop.  Counts the on/off cycles into *toggles and write errors
 * into *errors.  Runs in its own process.
 */
static inline void trace_toggler(atomic_int *stop, atomic_ulong *toggles,
				 atomic_ulong *errors, uint64_t seed)
{
	uint64_t rng = seed;
	unsigned long n = 0;

	helper_init("pfs-trace");
	while (!atomic_load(stop)) {
		if (write_str(TRACE_EVENT, "1"))
			atomic_fetch_add(errors, 1);
		if (n % 8 == 0 && write_str(TRACE_ON, "1"))
			atomic_fetch_add(errors, 1);
		usleep(rng_below(&rng, 20000));
		if (write_str(TRACE_EVENT, "0"))
			atomic_fetch_add(errors, 1);
		if (n % 8 == 4 && write_str(TRACE_ON, "0"))
			atomic_fetch_add(errors, 1);
		if (n % 16 == 0 && write_str(TRACE_BUF, ""))
			atomic_fetch_add(errors, 1);
		usleep(rng_below(&rng, 5000));
		atomic_fetch_add(toggles, 1);
		n++;
	}
	_exit(0);
}

#endif /* STRESS_COMMON_H */
