// SPDX-License-Identifier: GPL-2.0
/*
 * burst N COUNT GAP_MS [DELAY_MS]: enter pfstat mode, sleep DELAY_MS
 * (default GAP_MS), then COUNT times write-fault N fresh anonymous pages as
 * fast as possible, GAP_MS apart.  A workload whose faults come in bursts,
 * for "pfstat watch" tests.  Quiet in between: everything else is faulted
 * in first.  It enters pfstat mode itself, so that no burst can come
 * before a "pfstat enable" from outside on a slow (debug, emulated)
 * kernel; DELAY_MS is the time a watcher has to start.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>

#include "pfstat_util.h"

int main(int argc, char **argv)
{
	struct timespec gap, delay;
	int n, count, ms, delay_ms, b, i;
	struct pfstat st;

	if (argc < 4 || argc > 5 || (n = atoi(argv[1])) <= 0 ||
	    (count = atoi(argv[2])) <= 0 || (ms = atoi(argv[3])) < 0 ||
	    (delay_ms = argc > 4 ? atoi(argv[4]) : ms) < 0) {
		fprintf(stderr, "usage: %s N COUNT GAP_MS [DELAY_MS]\n", argv[0]);
		return 2;
	}
	gap.tv_sec = ms / 1000;
	gap.tv_nsec = (ms % 1000) * 1000000L;
	delay.tv_sec = delay_ms / 1000;
	delay.tv_nsec = (delay_ms % 1000) * 1000000L;
	if (sys_pfstat(0, &st, sizeof(st), 0) < 0) {
		perror("pfstat");
		return 1;
	}
	if (quiet_address_space()) {
		perror("mlockall");
		return 1;
	}
	nanosleep(&delay, NULL);
	for (b = 0; b < count; b++) {
		volatile char *p = mmap(NULL, n * PAGE, PROT_READ | PROT_WRITE,
					MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED || madvise((char *)p, n * PAGE, MADV_NOHUGEPAGE))
			return 1;
		if (b)
			nanosleep(&gap, NULL);
		for (i = 0; i < n; i++)
			p[i * PAGE] = 1;
	}
	/* Stay a moment, so the last burst is seen before the task goes. */
	nanosleep(&gap, NULL);
	return 0;
}
