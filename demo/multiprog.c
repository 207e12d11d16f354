// SPDX-License-Identifier: GPL-2.0
/*
 * multiprog: N copies of a memory-heavy worker started at once, the
 * second case study of the original page fault profiler.
 *
 * Each worker maps MIB MiB and sweeps it PASSES times, writing one word
 * in every cache line.  Alone, a worker takes one anonymous fault per
 * page on its first pass and none afterwards.  When the N buffers
 * together no longer fit in memory, the sweeps evict each other's pages
 * and every later pass faults them back in from swap: the swapped_back
 * count and the completion time jump once N * MIB passes free memory.
 *
 * Each worker reads its own counts with pfstat(2) (PFSTAT_NORESET reads,
 * so "pfstat run --inherit" around the program still sees them all) and
 * prints one CSV record; the parent adds them up in a last record, "all",
 * whose time is the makespan: from the common start to the last exit.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "demo_util.h"

#define CACHE_LINE	64

const char *prog_name = "multiprog";
const char *prog_usage = "-n N -s MIB -p PASSES";

const char prog_help[] =
"Start N workers at once; each sweeps its own MIB MiB buffer PASSES\n"
"times.  Prints one CSV record per worker and their sum (\"all\").\n"
"\n"
"  -n N        number of workers (1 to 64)\n"
"  -s MIB      buffer size of each worker in MiB\n"
"  -p PASSES   sweeps over the buffer\n"
"  -h          this help\n";

/* The pipe a worker reports through: one line, one write(2). */
struct report {
	int idx;
	int pid;
	double ms;
	struct pfstat counts;
};

static void __attribute__((noreturn))
worker(int idx, unsigned long mib, unsigned long passes, int startfd, int repfd)
{
	size_t bytes = mib << 20, off;
	struct report rep = { .idx = idx, .pid = getpid() };
	struct pfstat base;
	unsigned long pass;
	double t0;
	char go;
	char *buf;

	counts_begin(&base);
	buf = map_small_pages(bytes);
	/* Wait until every worker exists: the parent closes the pipe. */
	if (read(startfd, &go, 1) < 0)
		die_errno("worker %d: reading the start pipe", idx);
	t0 = now_ms();
	for (pass = 0; pass < passes; pass++)
		for (off = 0; off < bytes; off += CACHE_LINE)
			poke(buf + off, pass + off);
	rep.ms = now_ms() - t0;
	counts_since(&base, &rep.counts);
	if (write(repfd, &rep, sizeof(rep)) != sizeof(rep))
		die_errno("worker %d: writing its report", idx);
	_exit(0);
}

int main(int argc, char **argv)
{
	unsigned long n = 0, mib = 0, passes = 0, i;
	int startp[2], repp[2], status, c, failed = 0;
	struct pfstat sum = { 0 };
	struct report rep;
	double t0, makespan;
	ssize_t got;
	pid_t pid;

	while ((c = next_option(argc, argv, ":n:s:p:h")) != -1) {
		switch (c) {
		case 'n':
			n = parse_num(optarg, 1, 64, "worker count");
			break;
		case 's':
			mib = parse_num(optarg, 1, 1UL << 20, "buffer size");
			break;
		case 'p':
			passes = parse_num(optarg, 1, 1UL << 20, "pass count");
			break;
		}
	}
	if (!n || !mib || !passes)
		usage_error("-n, -s and -p are required");

	/* Reports are smaller than PIPE_BUF: each write is atomic. */
	if (pipe(startp) || pipe(repp))
		die_errno("pipe");
	for (i = 0; i < n; i++) {
		pid = fork();
		if (pid < 0)
			die_errno("fork of worker %lu", i);
		if (!pid) {
			close(startp[1]);
			close(repp[0]);
			worker(i, mib, passes, startp[0], repp[1]);
		}
	}
	close(startp[0]);
	close(repp[1]);
	t0 = now_ms();
	close(startp[1]);	/* go */

	printf("worker,pid,workers,buffer_mib,passes,ms");
	print_counter_header(stdout);
	for (i = 0; i < n; i++) {
		got = read(repp[0], &rep, sizeof(rep));
		if (got != sizeof(rep))
			break;
		printf("%d,%d,%lu,%lu,%lu,%.1f", rep.idx, rep.pid, n, mib,
		       passes, rep.ms);
		print_counters(stdout, &rep.counts);
		counts_add(&sum, &rep.counts);
	}
	while ((pid = wait(&status)) > 0)
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			failed++;
	makespan = now_ms() - t0;
	if (i < n || failed)
		die("%lu of %lu workers reported, %d failed", i, n, failed);
	printf("all,0,%lu,%lu,%lu,%.1f", n, mib, passes, makespan);
	print_counters(stdout, &sum);
	return 0;
}
