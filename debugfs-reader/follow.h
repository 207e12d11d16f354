/* SPDX-License-Identifier: GPL-2.0 */
/*
 * "pfstat run --inherit": trace CMD and all its descendants, and add up
 * the counts of each task as it exits.  See follow.c.
 */
#ifndef PFSTAT_FOLLOW_H
#define PFSTAT_FOLLOW_H

#include <sys/resource.h>
#include <sys/types.h>
#include <time.h>

#include "pfstat.h"

struct follow_result {
	struct counts sum;	/* over every task that exited in pfstat mode */
	unsigned int tasks;	/* how many tasks that was */
	int status;		/* CMD's wait status */
	struct rusage ru;	/* and its rusage, from wait4() */
	struct timespec end;	/* when the last traced task was gone */
	int err;		/* first read that failed: errno, */
	pid_t err_pid;		/* and whose */
	char comm[COMM_SIZE];	/* CMD's, as it exited; "" unknown */
};

/* PTRACE_SEIZE @pid, following forks, vforks and clones: 0 or -errno. */
int follow_attach(pid_t pid);

/* Run until every traced task has exited: 0, or -errno of wait. */
int follow(pid_t top, struct follow_result *r);

#endif /* PFSTAT_FOLLOW_H */
