// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers shared by the pfstat guest tests.  See pfstat_util.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "pfstat_util.h"

#define TRACEFS "/sys/kernel/tracing/"

const char *const pfstat_class_name[NR_CLASSES] = {
	"stack_low", "transparent_hugepage_fault", "anonymous_fault",
	"file_fault", "swapped_back", "copy_on_write", "fault_alloced_page",
};

static int marker_fd = -1;

long sys_pfstat(pid_t pid, void *stat, size_t size, unsigned int flags)
{
	return syscall(__NR_pfstat, pid, stat, size, flags);
}

pid_t gettid_raw(void)
{
	return syscall(__NR_gettid);
}

int pin_to_cpu0(void)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(0, &set);
	return sched_setaffinity(0, sizeof(set), &set);
}

int quiet_address_space(void)
{
	if (mlockall(MCL_CURRENT))
		return -1;
	return munlockall();
}

long long vmstat_get(const char *name)
{
	char key[64];
	long long val;
	FILE *f = fopen("/proc/vmstat", "r");

	if (!f)
		return -1;
	while (fscanf(f, "%63s %lld", key, &val) == 2) {
		if (!strcmp(key, name)) {
			fclose(f);
			return val;
		}
	}
	fclose(f);
	return -1;
}

bool page_swapped(const void *addr)
{
	uint64_t ent = 0;
	int fd = open("/proc/self/pagemap", O_RDONLY);
	off_t off = (uintptr_t)addr / PAGE * sizeof(ent);

	if (fd < 0)
		return false;
	if (pread(fd, &ent, sizeof(ent), off) != sizeof(ent))
		ent = 0;
	close(fd);
	return ent & (1ULL << 62);
}

unsigned long stack_vma_start(void)
{
	char line[256];
	unsigned long start = 0, end;
	FILE *f = fopen("/proc/self/maps", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if (strstr(line, "[stack]") &&
		    sscanf(line, "%lx-%lx", &start, &end) == 2)
			break;
		start = 0;
	}
	fclose(f);
	return start;
}

static int write_file(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY | O_TRUNC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, val, strlen(val));
	close(fd);
	return n == (ssize_t)strlen(val) ? 0 : -1;
}

int trace_open_marker(void)
{
	marker_fd = open(TRACEFS "trace_marker", O_WRONLY);
	return marker_fd < 0 ? -1 : 0;
}

int trace_start(void)
{
	if (write_file(TRACEFS "tracing_on", "0") ||
	    write_file(TRACEFS "buffer_size_kb", "4096") ||
	    write_file(TRACEFS "trace", "") ||
	    write_file(TRACEFS "events/pfstat/mm_pfstat/enable", "1") ||
	    write_file(TRACEFS "tracing_on", "1"))
		return -1;
	return trace_open_marker();
}

/*
 * A write(2) from a string constant: no user page fault.  Best effort:
 * with tracing off the kernel refuses markers (EBADF), and a test that
 * needs them fails when it counts the events between them.
 */
void trace_mark(const char *what)
{
	ssize_t ret;

	if (marker_fd >= 0)
		ret = write(marker_fd, what, strlen(what));
	(void)ret;
}

int trace_stop(void)
{
	if (marker_fd >= 0)
		close(marker_fd);
	marker_fd = -1;
	return write_file(TRACEFS "tracing_on", "0") |
	       write_file(TRACEFS "events/pfstat/mm_pfstat/enable", "0");
}

/* The pid of a trace line: the digits before " [CPU]" in "comm-PID [CPU]". */
static pid_t line_pid(const char *line)
{
	const char *p = strstr(line, " [");

	if (!p)
		return -1;
	while (p > line && p[-1] == ' ')
		p--;
	while (p > line && p[-1] >= '0' && p[-1] <= '9')
		p--;
	if (p == line || p[-1] != '-')
		return -1;
	return atoi(p);
}

int trace_count(pid_t pid, uint64_t counts[NR_CLASSES])
{
	char line[512];
	bool in = false;
	int i, n = 0;
	FILE *f = fopen(TRACEFS "trace", "r");

	memset(counts, 0, NR_CLASSES * sizeof(counts[0]));
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		const char *c;

		if (strstr(line, "tracing_mark_write: pfstat-begin"))
			in = true;
		else if (strstr(line, "tracing_mark_write: pfstat-end"))
			in = false;
		if (!in || !strstr(line, " mm_pfstat: ") || line_pid(line) != pid)
			continue;
		c = strstr(line, " class=");
		if (!c)
			continue;
		c += strlen(" class=");
		for (i = 0; i < NR_CLASSES; i++) {
			size_t len = strlen(pfstat_class_name[i]);

			if (!strncmp(c, pfstat_class_name[i], len) && c[len] == ' ') {
				counts[i]++;
				n++;
			}
		}
	}
	fclose(f);
	return n;
}
