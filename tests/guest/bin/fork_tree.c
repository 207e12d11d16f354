// SPDX-License-Identifier: GPL-2.0
/*
 * fork_tree N: four tasks that each make N anonymous write faults and
 * then report their own counters, for "pfstat run --inherit":
 *
 *	main ----- thread
 *	  \------- child ------- grandchild
 *
 * Each task reads itself with PFSTAT_NORESET as its very last act and
 * prints "self,<seven values>"; after the read come only write(2) and the
 * raw exit system call, so nothing it does is left out.  The report code
 * runs once before, writing to /dev/null, so that the pages it touches
 * (stack, buffer, copy-on-write after fork) are faulted before the read.
 * The sum of the four lines is then exactly what "pfstat run --inherit"
 * must print; without --inherit only main is in pfstat mode, the others
 * print zeros, and the sum is main's line.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guest_util.h"

static int npages;
static int devnull;

static void fault_pages(void)
{
	if (!fault_anon(npages)) {
		perror("mmap");
		exit(1);
	}
}

/*
 * Print "self,<counts>" to @fd: with @real, the counts just read; without,
 * zeros to /dev/null, to fault in what the real report will touch.
 */
static int report(int fd, int real)
{
	char buf[256];
	struct pfstat st = { 0 };
	int i, len;

	if (real && sys_pfstat(0, &st, sizeof(st), PFSTAT_NORESET) < 0)
		return -1;
	len = snprintf(buf, sizeof(buf), "self");
	for (i = 0; i < PFSTAT_NR_CLASSES; i++)
		len += snprintf(buf + len, sizeof(buf) - len, ",%llu",
				(unsigned long long)pfstat_class_count(&st, i));
	buf[len++] = '\n';
	return write(fd, buf, len) == len ? 0 : -1;
}

static void __attribute__((noreturn)) report_and_exit(long nr)
{
	int status;

	report(devnull, 0);
	status = report(1, 1) ? 3 : 0;
	syscall(nr, status);
	__builtin_unreachable();
}

static void *thread_main(void *arg)
{
	fault_pages();
	/* SYS_exit ends this thread alone; the kernel clears its tid for join. */
	report_and_exit(SYS_exit);
}

static void child_main(void)
{
	int status;
	pid_t pid;

	fault_pages();
	pid = fork();
	if (pid < 0) {
		perror("fork");
		exit(1);
	}
	if (pid == 0) {
		fault_pages();
		report_and_exit(SYS_exit_group);
	}
	if (waitpid(pid, &status, 0) != pid || status) {
		fprintf(stderr, "fork_tree: grandchild failed (%#x)\n", status);
		exit(1);
	}
	report_and_exit(SYS_exit_group);
}

int main(int argc, char **argv)
{
	pthread_t thread;
	int status;
	pid_t pid;

	if (argc != 2 || (npages = atoi(argv[1])) <= 0) {
		fprintf(stderr, "usage: %s N\n", argv[0]);
		return 2;
	}
	devnull = open("/dev/null", O_WRONLY);
	if (devnull < 0 || pin_to_cpu0() || quiet_address_space()) {
		perror("setup");
		return 1;
	}
	/* The children's lines must not sit in a stdio buffer at fork. */
	setvbuf(stdout, NULL, _IONBF, 0);
	if (pthread_create(&thread, NULL, thread_main, NULL)) {
		perror("pthread_create");
		return 1;
	}
	pthread_join(thread, NULL);
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (pid == 0)
		child_main();
	if (waitpid(pid, &status, 0) != pid || status) {
		fprintf(stderr, "fork_tree: child failed (%#x)\n", status);
		return 1;
	}
	fault_pages();
	report_and_exit(SYS_exit_group);
}
