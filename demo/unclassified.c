// SPDX-License-Identifier: GPL-2.0
/*
 * unclassified: the faults no class counts, the third case study.
 *
 * pfstat's classes name the faults that install something: a page, a
 * copy, a huge page.  Some common workloads mostly take faults that
 * install nothing new, and those are "unclassified":
 *
 *	fork          a process with a heap that forks short-lived children,
 *	              as a shell running commands or a server spawning
 *	              helpers does, and writes its heap again after each.
 *	              fork() write-protects the heap; once the child is gone
 *	              the page is the parent's alone again, so its first
 *	              write only makes it writable (write-protect reuse,
 *	              /proc/vmstat pgreuse): no copy, no class.
 *	shared-write  a database-like writer: a file mapped MAP_SHARED,
 *	              read once, then written in passes with msync(MS_SYNC)
 *	              after each (a checkpoint).  Writeback write-protects
 *	              the pages again, so every first write of a pass tells
 *	              the file system first (->page_mkwrite, write-notify)
 *	              and makes the page writable: the page was mapped
 *	              already, no class counts it.  The file system must
 *	              account dirty pages (ext4, xfs, btrfs; not tmpfs).
 *
 * Output: one CSV record per phase, "setup" (filling the heap, or
 * reading the file) and "repeat" (the writes after each fork, or the
 * passes), with the phase's time, its counts read with pfstat(2)
 * (faults and unclassified included) and the rise of the thread's
 * ru_minflt and ru_majflt, which faults must equal.
 */
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "demo_util.h"

const char *prog_name = "unclassified";
const char *prog_usage = "-p fork|shared-write -s MIB -n REPEATS [-d DIR]";

const char prog_help[] =
"Take faults that no class counts and print the counts of the setup\n"
"and of the repeated part as CSV.\n"
"\n"
"  -p fork          write a MIB MiB heap, then REPEATS times: fork a\n"
"                   child that exits at once, write the heap again\n"
"  -p shared-write  read a MIB MiB file in DIR mapped MAP_SHARED, then\n"
"                   REPEATS passes: write every page, msync(MS_SYNC)\n"
"  -s MIB           heap or file size in MiB\n"
"  -n REPEATS       forks or passes\n"
"  -d DIR           where the file is made, on a file system that\n"
"                   accounts dirty pages, such as ext4 (default .)\n"
"  -h               this help\n";

static unsigned long mib, repeats;
static const char *dir = ".";

/* A phase's counts: pfstat(2) and getrusage(RUSAGE_THREAD) together. */
struct phase {
	struct pfstat base, counts;
	struct rusage ru0;
	double t0, ms;
	long minflt, majflt;
};

static void phase_begin(struct phase *ph)
{
	counts_begin(&ph->base);
	if (getrusage(RUSAGE_THREAD, &ph->ru0))
		die_errno("getrusage");
	ph->t0 = now_ms();
}

static void phase_end(struct phase *ph)
{
	struct rusage ru;

	ph->ms = now_ms() - ph->t0;
	if (getrusage(RUSAGE_THREAD, &ru))
		die_errno("getrusage");
	counts_since(&ph->base, &ph->counts);
	ph->minflt = ru.ru_minflt - ph->ru0.ru_minflt;
	ph->majflt = ru.ru_majflt - ph->ru0.ru_majflt;
}

static void print_phase(const char *pattern, const char *name,
			const struct phase *ph)
{
	printf("%s,%s,%lu,%lu,%.1f,%ld,%ld", name, pattern, mib, repeats,
	       ph->ms, ph->minflt, ph->majflt);
	print_counters(stdout, &ph->counts);
}

/* Write one word in every page of @p, so that each page takes a fault. */
static void write_pages(char *p, size_t bytes, unsigned long v)
{
	size_t off;

	for (off = 0; off < bytes; off += PAGE_SIZE)
		poke(p + off, v + off);
}

static void pattern_fork(struct phase *setup, struct phase *repeat)
{
	size_t bytes = mib << 20;
	unsigned long i;
	int status;
	pid_t pid;
	char *heap;

	phase_begin(setup);
	heap = map_small_pages(bytes);
	write_pages(heap, bytes, 1);
	phase_end(setup);

	phase_begin(repeat);
	for (i = 0; i < repeats; i++) {
		pid = fork();
		if (pid < 0)
			die_errno("fork %lu", i);
		if (!pid)
			_exit(0);
		if (waitpid(pid, &status, 0) != pid)
			die_errno("waitpid");
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			die("child %lu failed", i);
		write_pages(heap, bytes, i + 2);
	}
	phase_end(repeat);
}

static void pattern_shared_write(struct phase *setup, struct phase *repeat)
{
	size_t bytes = mib << 20, off;
	int fd = make_file(dir, "shared", bytes, 0);
	unsigned long i, sum = 0;
	char *p;

	p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		die_errno("mmap of the file in %s", dir);

	/* Reads map the pages read-only: the file system hears of writes. */
	phase_begin(setup);
	for (off = 0; off < bytes; off += PAGE_SIZE)
		sum += peek(p + off);
	phase_end(setup);
	(void)sum;

	phase_begin(repeat);
	for (i = 0; i < repeats; i++) {
		write_pages(p, bytes, i + 1);
		if (msync(p, bytes, MS_SYNC))
			die_errno("msync of the file in %s", dir);
	}
	phase_end(repeat);
	munmap(p, bytes);
	close(fd);
}

int main(int argc, char **argv)
{
	struct phase setup, repeat;
	const char *pattern = NULL;
	int c;

	while ((c = next_option(argc, argv, ":p:s:n:d:h")) != -1) {
		switch (c) {
		case 'p':
			pattern = optarg;
			break;
		case 's':
			mib = parse_num(optarg, 1, 1UL << 20, "size");
			break;
		case 'n':
			repeats = parse_num(optarg, 1, 1UL << 20, "repeat count");
			break;
		case 'd':
			dir = optarg;
			break;
		}
	}
	if (!pattern || !mib || !repeats)
		usage_error("-p, -s and -n are required");

	/* Fault the program in, so its own faults stay out of the phases. */
	if (mlockall(MCL_CURRENT) || munlockall())
		die_errno("mlockall");
	if (!strcmp(pattern, "fork"))
		pattern_fork(&setup, &repeat);
	else if (!strcmp(pattern, "shared-write"))
		pattern_shared_write(&setup, &repeat);
	else
		usage_error("unknown pattern '%s' (fork or shared-write)", pattern);

	printf("phase,pattern,mib,repeats,ms,ru_minflt,ru_majflt");
	print_counter_header(stdout);
	print_phase(pattern, "setup", &setup);
	print_phase(pattern, "repeat", &repeat);
	return 0;
}
