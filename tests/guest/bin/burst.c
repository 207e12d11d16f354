// SPDX-License-Identifier: GPL-2.0
/*
 * burst N COUNT GAP_MS: COUNT times, sleep GAP_MS and then write-fault N
 * fresh anonymous pages as fast as possible.  A workload whose faults come
 * in bursts, for "pfstat watch" tests.  Quiet in between: everything else
 * is faulted in first.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>

#include "pfstat_util.h"

int main(int argc, char **argv)
{
	struct timespec gap;
	int n, count, ms, b, i;

	if (argc != 4 || (n = atoi(argv[1])) <= 0 ||
	    (count = atoi(argv[2])) <= 0 || (ms = atoi(argv[3])) < 0) {
		fprintf(stderr, "usage: %s N COUNT GAP_MS\n", argv[0]);
		return 2;
	}
	gap.tv_sec = ms / 1000;
	gap.tv_nsec = (ms % 1000) * 1000000L;
	if (quiet_address_space()) {
		perror("mlockall");
		return 1;
	}
	for (b = 0; b < count; b++) {
		volatile char *p = mmap(NULL, n * PAGE, PROT_READ | PROT_WRITE,
					MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED || madvise((char *)p, n * PAGE, MADV_NOHUGEPAGE))
			return 1;
		nanosleep(&gap, NULL);
		for (i = 0; i < n; i++)
			p[i * PAGE] = 1;
	}
	/* Stay a moment, so the last burst is seen before the task goes. */
	nanosleep(&gap, NULL);
	return 0;
}
