// SPDX-License-Identifier: GPL-2.0
/*
 * classes: one small job per kind of fault, so that every one of the
 * seven classes shows up at least once in a single run:
 *
 *	stack   grow the stack by recursion with large frames
 *	thp     write one byte per 2 MiB of a MADV_HUGEPAGE region
 *	anon    write, then read, fresh anonymous pages
 *	file    read, then write, a private mapping of a file
 *	fork    write pages, then fork: the parent's faults around fork
 *	child   the child writes the pages it shares with the parent (COW)
 *	swap    MADV_PAGEOUT pages to swap, then touch them again
 *
 * Each job's faults are read with pfstat(2) around it and printed as one
 * CSV record; the forked child reads its own and sends them back.  The
 * last record, "all", is the sum.  The program is faulted in first
 * (mlockall, munlockall), so the records hold the jobs' faults and
 * little else.
 */
#include <fcntl.h>
#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "demo_util.h"

const char *prog_name = "classes";
const char *prog_usage = "[-n PAGES] [-d DIR]";

const char prog_help[] =
"Make faults of every class, job by job, and print each job's counts as\n"
"CSV, then their sum.\n"
"\n"
"  -n PAGES   pages per job (default 64)\n"
"  -d DIR     where the file of the \"file\" job is made (default /tmp)\n"
"  -h         this help\n";

static unsigned long npages = 64;
static const char *dir = "/tmp";

/*
 * 16 KiB frames: each level takes the stack four pages further down.
 * volatile, or the compiler would not write the frame at all.
 */
static int grow_stack(int depth)
{
	volatile char frame[16384];
	size_t i;

	for (i = 0; i < sizeof(frame); i += PAGE_SIZE)
		frame[i] = depth;
	return depth ? grow_stack(depth - 1) + frame[0] : frame[0];
}

static void job_stack(void)
{
	grow_stack(npages / 4);
}

static void job_thp(void)
{
	size_t len = 2 * HPAGE_SIZE;
	char *p, *huge;

	/* Twice the size, to carve out a 2 MiB aligned region. */
	p = mmap(NULL, len + HPAGE_SIZE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		die_errno("mmap for the THP job");
	huge = (char *)(((uintptr_t)p + HPAGE_SIZE - 1) & ~(HPAGE_SIZE - 1));
	if (madvise(huge, len, MADV_HUGEPAGE))
		die_errno("madvise(MADV_HUGEPAGE)");
	poke(huge, 1);
	poke(huge + HPAGE_SIZE, 1);
}

static void job_anon(void)
{
	char *p = map_small_pages(2 * npages * PAGE_SIZE);
	unsigned long i, sum = 0;

	for (i = 0; i < npages; i++)
		poke(p + i * PAGE_SIZE, 1);
	/* Read faults map the zero page: anonymous, nothing allocated. */
	for (i = npages; i < 2 * npages; i++)
		sum += peek(p + i * PAGE_SIZE);
	(void)sum;
}

static void job_file(void)
{
	size_t len = 2 * npages * PAGE_SIZE;
	int fd = make_file(dir, "classes", len, 'f');
	unsigned long i, sum = 0;
	char *p;

	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED)
		die_errno("mmap of the file in %s", dir);
	/* Reads map the page cache; first writes copy it (COW). */
	for (i = 0; i < npages; i++)
		sum += peek(p + i * PAGE_SIZE);
	for (i = npages; i < 2 * npages; i++)
		poke(p + i * PAGE_SIZE, 'w');
	(void)sum;
	munmap(p, len);
	close(fd);
}

/* The faults of the child of job_fork(), which it sends back. */
static struct pfstat child_counts;

/*
 * Write pages, fork, and have the child write them again: its faults,
 * copies of the pages it shares with the parent, go to child_counts.
 */
static void job_fork(void)
{
	struct pfstat base, *child = &child_counts;
	char *p = map_small_pages(npages * PAGE_SIZE);
	unsigned long i;
	int fds[2], status;
	pid_t pid;

	for (i = 0; i < npages; i++)
		poke(p + i * PAGE_SIZE, 1);
	if (pipe(fds))
		die_errno("pipe");
	pid = fork();
	if (pid < 0)
		die_errno("fork");
	if (!pid) {
		counts_begin(&base);
		for (i = 0; i < npages; i++)
			poke(p + i * PAGE_SIZE, 2);
		counts_since(&base, child);
		if (write(fds[1], child, sizeof(*child)) != sizeof(*child))
			die_errno("child: writing its counts");
		_exit(0);
	}
	close(fds[1]);
	if (read(fds[0], child, sizeof(*child)) != sizeof(*child))
		die("the forked child sent no counts");
	close(fds[0]);
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status))
		die("the forked child failed");
}

static int all_swapped(const char *p, unsigned long n)
{
	uint64_t ent;
	unsigned long i;
	int fd = open("/proc/self/pagemap", O_RDONLY), ok = 1;

	if (fd < 0)
		die_errno("/proc/self/pagemap");
	for (i = 0; i < n && ok; i++) {
		off_t off = ((uintptr_t)p / PAGE_SIZE + i) * sizeof(ent);

		if (pread(fd, &ent, sizeof(ent), off) != sizeof(ent))
			die_errno("reading /proc/self/pagemap");
		ok = !!(ent & (1ULL << 62));
	}
	close(fd);
	return ok;
}

static void job_swap(void)
{
	char *p = map_small_pages(npages * PAGE_SIZE);
	unsigned long i;
	int tries;

	for (i = 0; i < npages; i++)
		poke(p + i * PAGE_SIZE, 's');
	for (tries = 0; !all_swapped(p, npages); tries++) {
		if (tries == 10)
			die("MADV_PAGEOUT left pages in memory 10 times: is swap on?");
		if (madvise(p, npages * PAGE_SIZE, MADV_PAGEOUT))
			die_errno("madvise(MADV_PAGEOUT)");
	}
	for (i = 0; i < npages; i++)
		poke(p + i * PAGE_SIZE, peek(p + i * PAGE_SIZE) + 1);
}

static const struct job {
	const char *name;
	void (*run)(void);
} jobs[] = {
	{ "stack",	job_stack },
	{ "thp",	job_thp },
	{ "anon",	job_anon },
	{ "file",	job_file },
	{ "fork",	job_fork },
	{ "swap",	job_swap },
};

static void print_job(const char *name, const struct pfstat *st,
		      struct pfstat *sum)
{
	printf("%s", name);
	print_counters(stdout, st);
	fflush(stdout);
	counts_add(sum, st);
}

int main(int argc, char **argv)
{
	struct pfstat base, d, sum = { 0 };
	unsigned int j;
	int c;

	while ((c = next_option(argc, argv, ":n:d:h")) != -1) {
		switch (c) {
		case 'n':
			npages = parse_num(optarg, 4, 1UL << 16, "page count");
			break;
		case 'd':
			dir = optarg;
			break;
		}
	}

	/* Fault the program in, so its own faults stay out of the jobs'. */
	if (mlockall(MCL_CURRENT) || munlockall())
		die_errno("mlockall");
	printf("job");
	print_counter_header(stdout);
	fflush(stdout);

	for (j = 0; j < ARRAY_SIZE(jobs); j++) {
		counts_begin(&base);
		jobs[j].run();
		counts_since(&base, &d);
		print_job(jobs[j].name, &d, &sum);
		if (jobs[j].run == job_fork)
			print_job("child", &child_counts, &sum);
	}
	printf("all");
	print_counters(stdout, &sum);
	return 0;
}
