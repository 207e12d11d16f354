// SPDX-License-Identifier: GPL-2.0
/*
 * fault_recipe N DIR: make exactly N anonymous write faults and N shared
 * file read faults (a file of N pages in DIR), between the trace markers
 * "pfstat-begin" and "pfstat-end", for end-to-end tests of the trace
 * pipeline (trace-cmd record in the guest, report with the plugin on the
 * host).  Everything else it needs is faulted in before the first marker.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "pfstat_util.h"

static char page_buf[PAGE] __attribute__((aligned(4096)));

int main(int argc, char **argv)
{
	volatile char *anon, *file;
	char path[256];
	int n, i, fd, sum = 0;

	if (argc != 3 || (n = atoi(argv[1])) <= 0) {
		fprintf(stderr, "usage: %s N DIR\n", argv[0]);
		return 2;
	}
	snprintf(path, sizeof(path), "%s/fault_recipe.%d", argv[2], getpid());
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0) {
		perror(path);
		return 1;
	}
	unlink(path);
	memset(page_buf, 1, sizeof(page_buf));
	for (i = 0; i < n; i++) {
		if (write(fd, page_buf, PAGE) != PAGE) {
			perror("write");
			return 1;
		}
	}
	if (pin_to_cpu0() || quiet_address_space() || trace_open_marker()) {
		perror("setup");
		return 1;
	}
	anon = mmap(NULL, n * PAGE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	file = mmap(NULL, n * PAGE, PROT_READ, MAP_SHARED, fd, 0);
	if (anon == MAP_FAILED || file == MAP_FAILED ||
	    madvise((char *)anon, n * PAGE, MADV_NOHUGEPAGE)) {
		perror("mmap");
		return 1;
	}

	trace_mark("pfstat-begin");
	for (i = 0; i < n; i++)
		anon[i * PAGE] = 1;
	for (i = 0; i < n; i++)
		sum += file[i * PAGE];
	trace_mark("pfstat-end");

	return sum == n ? 0 : 1;
}
