// SPDX-License-Identifier: GPL-2.0
/*
 * fault_recipe N DIR [report|stop]: make exactly N anonymous write faults and N
 * shared file read faults (a file of N pages in DIR), between the trace
 * markers "pfstat-begin" and "pfstat-end", for end-to-end tests of the
 * trace pipeline (trace-cmd record in the guest, report with the plugin on
 * the host).  Everything else it needs is faulted in before the first
 * marker.
 *
 * With "report", it then reads its own counters (PFSTAT_NORESET) and
 * prints them as "self,<seven values>" with nothing but write(2) and
 * exit_group(2) after the read, so that "pfstat run" of it must print
 * exactly the same numbers.
 *
 * With "stop", it stops itself (SIGSTOP) once set up and, when continued,
 * enters pfstat mode or resets its counters before the first fault, then
 * reports as with "report": a tracer that enables its events while the
 * recipe is stopped (perf stat -D -1, bpftrace) must count exactly what
 * the report says.
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

int main(int argc, char **argv)
{
	volatile char *anon, *file;
	char path[256];
	int n, i, fd, sum = 0;

	bool report = argc > 3 && !strcmp(argv[3], "report");
	bool stop = argc > 3 && !strcmp(argv[3], "stop");
	struct pfstat st;

	if (argc < 3 || argc > 4 || (n = atoi(argv[1])) <= 0 ||
	    (argc > 3 && !report && !stop)) {
		fprintf(stderr, "usage: %s N DIR [report|stop]\n", argv[0]);
		return 2;
	}
	snprintf(path, sizeof(path), "%s/fault_recipe.%d", argv[2], getpid());
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0) {
		perror(path);
		return 1;
	}
	unlink(path);
	if (recipe_page_init()) {
		perror("mmap");
		return 1;
	}
	memset(page_buf, 1, PAGE);
	for (i = 0; i < n; i++) {
		if (write(fd, page_buf, PAGE) != (ssize_t)PAGE) {
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

	if (stop && (raise(SIGSTOP) || sys_pfstat(0, &st, sizeof(st), 0) < 0)) {
		perror("stop");
		return 1;
	}
	trace_mark("pfstat-begin");
	for (i = 0; i < n; i++)
		anon[i * PAGE] = 1;
	for (i = 0; i < n; i++)
		sum += file[i * PAGE];
	trace_mark("pfstat-end");

	if (report || stop)
		report_and_exit(sum == n ? 0 : 1);
	return sum == n ? 0 : 1;
}
