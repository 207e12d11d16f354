// SPDX-License-Identifier: GPL-2.0
/*
 * class_recipe DIR KIND:N [KIND:N...]: make N faults of each KIND, in the
 * order given, for the tests of the bpftrace tools (bpftrace_tools.sh):
 *
 *	anon:N	N anonymous write faults (THP off): anonymous_fault and
 *		fault_alloced_page each
 *	file:N	N shared read faults of a file in DIR: file_fault
 *	swap:N	N read faults of anonymous pages paged out to swap
 *		(MADV_PAGEOUT) beforehand: swapped_back
 *	stack:N	N writes one page below the stack, each growing it:
 *		stack_low, then anonymous_fault and fault_alloced_page
 *	thp:N	N write faults of PMD-aligned MADV_HUGEPAGE memory:
 *		transparent_hugepage_fault (what a failed huge page
 *		allocation falls back to otherwise)
 *
 * Everything is set up first (the file written, the swap pages paged
 * out, the rest of the address space faulted in); then it stops itself
 * (SIGSTOP), so that a test can move it into a cgroup and start a tracer
 * around it.  Once continued, it resets its counters (entering pfstat
 * mode), makes the faults, reads its counters (PFSTAT_NORESET) and prints
 * them as "self,<seven values>" with nothing but write(2) and
 * exit_group(2) after the read: a tracer counting its events from the
 * stop to its exit must count exactly what the report says.
 *
 * Exit status: 0, 1 when the setup failed (5 when the pages did not all
 * go to swap: no swap area?), 2 for a usage error, 3 or 4 when the report
 * failed.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "recipe_report.h"

#define MAX_STEPS	8

enum kind { ANON, FILE_READ, SWAP, STACK, THP };

static const char *const kind_name[] = {
	[ANON] = "anon", [FILE_READ] = "file", [SWAP] = "swap",
	[STACK] = "stack", [THP] = "thp",
};

struct step {
	enum kind kind;
	int n;
	char *p;		/* where the faults go; for STACK the top */
};

static int parse_step(const char *arg, struct step *s)
{
	const char *colon = strchr(arg, ':');
	size_t i;

	if (!colon || (s->n = atoi(colon + 1)) <= 0)
		return -1;
	for (i = 0; i < sizeof(kind_name) / sizeof(kind_name[0]); i++) {
		if (strlen(kind_name[i]) == (size_t)(colon - arg) &&
		    !strncmp(arg, kind_name[i], colon - arg)) {
			s->kind = i;
			return 0;
		}
	}
	return -1;
}

/* A file of @n pages in @dir, its page cache filled by write(2), mapped shared. */
static char *setup_file(const char *dir, int n)
{
	char path[256];
	char *p;
	int fd, i;

	snprintf(path, sizeof(path), "%s/class_recipe.%d.%d", dir, getpid(), n);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0) {
		perror(path);
		return NULL;
	}
	unlink(path);
	memset(page_buf, 1, PAGE);
	for (i = 0; i < n; i++) {
		if (write(fd, page_buf, PAGE) != (ssize_t)PAGE) {
			perror("write");
			return NULL;
		}
	}
	p = mmap(NULL, n * PAGE, PROT_READ, MAP_SHARED, fd, 0);
	close(fd);
	return p == MAP_FAILED ? NULL : p;
}

/* @n anonymous pages, written, then all paged out: as the selftest does. */
static char *setup_swap(int n)
{
	char *p = mmap(NULL, n * PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int i, tries, out = 0;

	if (p == MAP_FAILED || madvise(p, n * PAGE, MADV_NOHUGEPAGE))
		return NULL;
	for (i = 0; i < n; i++)
		memset(p + i * PAGE, i + 1, PAGE);
	for (tries = 0; tries < 50 && out < n; tries++) {
		if (madvise(p, n * PAGE, MADV_PAGEOUT))
			return NULL;
		for (out = 0, i = 0; i < n; i++)
			out += page_swapped(p + i * PAGE);
	}
	if (out < n) {
		fprintf(stderr, "class_recipe: %d of %d pages swapped out (no swap area?)\n",
			out, n);
		exit(5);
	}
	return p;
}

static char *setup_thp(int n)
{
	char *raw = mmap(NULL, (n + 1) * HPAGE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *p;

	if (raw == MAP_FAILED)
		return NULL;
	p = (char *)(((unsigned long)raw + HPAGE - 1) & ~(HPAGE - 1));
	return madvise(p, n * HPAGE, MADV_HUGEPAGE) ? NULL : p;
}

static int setup(struct step *s, const char *dir)
{
	switch (s->kind) {
	case ANON:
		s->p = mmap(NULL, s->n * PAGE, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (s->p == MAP_FAILED || madvise(s->p, s->n * PAGE, MADV_NOHUGEPAGE))
			s->p = NULL;
		break;
	case FILE_READ:
		s->p = setup_file(dir, s->n);
		break;
	case SWAP:
		s->p = setup_swap(s->n);
		break;
	case STACK:
		/* The lowest stack page now: each write goes one page lower. */
		s->p = (char *)stack_vma_start();
		break;
	case THP:
		s->p = setup_thp(s->n);
		break;
	}
	return s->p ? 0 : -1;
}

/* The faults of one step; returns what the reads saw, to be checked. */
static int run(const struct step *s)
{
	int i, sum = 0;

	for (i = 0; i < s->n; i++) {
		switch (s->kind) {
		case ANON:
			poke(s->p + i * PAGE, 1);
			break;
		case FILE_READ:
			sum += peek(s->p + i * PAGE) != 1;
			break;
		case SWAP:
			sum += peek(s->p + i * PAGE + 7) != (char)(i + 1);
			break;
		case STACK:
			poke(s->p - (i + 1) * PAGE, 1);
			break;
		case THP:
			poke(s->p + i * HPAGE, 1);
			break;
		}
	}
	return sum;
}

int main(int argc, char **argv)
{
	struct step steps[MAX_STEPS];
	int nsteps = argc - 2, i, bad = 0;
	struct pfstat st;

	if (argc < 3 || nsteps > MAX_STEPS) {
		fprintf(stderr, "usage: %s DIR KIND:N [KIND:N...] (KIND: anon, file, swap, stack, thp)\n",
			argv[0]);
		return 2;
	}
	for (i = 0; i < nsteps; i++) {
		if (parse_step(argv[i + 2], &steps[i])) {
			fprintf(stderr, "class_recipe: '%s': not KIND:N\n", argv[i + 2]);
			return 2;
		}
	}
	/*
	 * Fault in what the program itself touches first, then set up the
	 * measured memory, which must stay unfaulted (mlockall would fault
	 * it too, swap pages back in among them).
	 */
	if (recipe_page_init() || pin_to_cpu0() || quiet_address_space()) {
		perror("setup");
		return 1;
	}
	for (i = 0; i < nsteps; i++) {
		if (setup(&steps[i], argv[1])) {
			fprintf(stderr, "class_recipe: cannot set up %s\n", argv[i + 2]);
			return 1;
		}
	}

	if (raise(SIGSTOP) || sys_pfstat(0, &st, sizeof(st), 0) < 0) {
		perror("stop");
		return 1;
	}
	for (i = 0; i < nsteps; i++)
		bad += run(&steps[i]);
	report_and_exit(bad ? 1 : 0);
}
