// SPDX-License-Identifier: GPL-2.0
/*
 * The faults faultbench times: ctx->pages fresh pages touched one after
 * the other, CLOCK_MONOTONIC read before the first and after the last.
 * Only the touch loop is timed; mapping, forking and unmapping are not.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "faultbench.h"

#ifndef RAMFS_MAGIC
#define RAMFS_MAGIC	0x858458f6
#endif

const char *const fb_fault_name[FB_NR_FAULTS] = {
	[FB_PREAD_CONTROL] = "pread-control",
	[FB_ANON_WRITE]	= "anon-write",
	[FB_FILE_READ]	= "file-read",
	[FB_COW_WRITE]	= "cow-write",
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/*
 * One access per page, which the compiler may neither drop nor merge:
 * volatile is what makes each of them a fault.
 */
static void touch_write(char *p, unsigned long pages, char val)
{
	unsigned long i;

	for (i = 0; i < pages; i++)
		((volatile char *)p)[i * FB_PAGE] = val;
}

static unsigned long touch_read(const char *p, unsigned long pages)
{
	unsigned long i, sum = 0;

	for (i = 0; i < pages; i++)
		sum += ((const volatile char *)p)[i * FB_PAGE];
	return sum;
}

/* Private anonymous memory that stays in 4 KiB pages. */
static char *map_anon(size_t len)
{
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		fprintf(stderr, "faultbench: mmap %zu bytes: %s\n", len,
			strerror(errno));
		return NULL;
	}
	if (madvise(p, len, MADV_NOHUGEPAGE)) {
		fprintf(stderr, "faultbench: MADV_NOHUGEPAGE: %s\n",
			strerror(errno));
		munmap(p, len);
		return NULL;
	}
	return p;
}

/*
 * The file the read faults map: on ramfs, so that every page is in the page
 * cache and no fault waits for I/O, and nothing but filemap_fault() runs.
 */
int fb_file_create(const char *dir, unsigned long pages)
{
	char path[512], page[FB_PAGE];
	struct statfs sfs;
	unsigned long i;
	int fd;

	if (statfs(dir, &sfs)) {
		fprintf(stderr, "faultbench: statfs %s: %s\n", dir,
			strerror(errno));
		return -1;
	}
	if (sfs.f_type != RAMFS_MAGIC) {
		fprintf(stderr, "faultbench: %s is not ramfs (f_type %#lx): mount -t ramfs ramfs %s\n",
			dir, (unsigned long)sfs.f_type, dir);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/faultbench.data", dir);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0) {
		fprintf(stderr, "faultbench: create %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	memset(page, 'f', sizeof(page));
	for (i = 0; i < pages; i++) {
		if (write(fd, page, sizeof(page)) != sizeof(page)) {
			fprintf(stderr, "faultbench: write %s: %s\n", path,
				strerror(errno));
			close(fd);
			return -1;
		}
	}
	return fd;
}

/* Time one loop: the window the mode measures is exactly the timed one. */
#define TIMED(ctx, s, loop) ({						\
	int __ret = fb_window_open(ctx, s);				\
	uint64_t __t0, __t1;						\
									\
	if (!__ret) {							\
		__t0 = now_ns();					\
		loop;							\
		__t1 = now_ns();					\
		__ret = fb_window_close(ctx, s);			\
		(s)->ns = __t1 - __t0;					\
	}								\
	__ret;								\
})

static int anon_write(const struct fb_ctx *ctx, struct fb_sample *s)
{
	size_t len = ctx->pages * FB_PAGE;
	char *p = map_anon(len);
	int ret;

	if (!p)
		return -1;
	ret = TIMED(ctx, s, touch_write(p, ctx->pages, 1));
	munmap(p, len);
	return ret;
}

/* pread() @pages pages of @fd into @buf: the bytes of the last read. */
static ssize_t pread_pages(int fd, char *buf, unsigned long pages)
{
	ssize_t got = FB_PAGE;
	unsigned long i;

	for (i = 0; i < pages && got == FB_PAGE; i++)
		got = pread(fd, buf, FB_PAGE, i * FB_PAGE);
	return got;
}

/*
 * The control: as many pread()s of a ramfs page into a buffer that is
 * already faulted in.  Kernel work of about a fault's size that no pfstat
 * hook is on, so its time tracks only how fast the machine is just then.
 */
static int pread_control(const struct fb_ctx *ctx, struct fb_sample *s)
{
	static char buf[FB_PAGE];
	ssize_t got = 0;
	int ret;

	memset(buf, 0, sizeof(buf));
	ret = TIMED(ctx, s, got = pread_pages(ctx->file_fd, buf, ctx->pages));
	if (!ret && got != FB_PAGE) {
		fprintf(stderr, "faultbench: pread of the ramfs file: %s\n",
			got < 0 ? strerror(errno) : "short read");
		ret = -1;
	}
	return ret;
}

static int file_read(const struct fb_ctx *ctx, struct fb_sample *s)
{
	size_t len = ctx->pages * FB_PAGE;
	unsigned long sum = 0;
	char *p;
	int ret;

	p = mmap(NULL, len, PROT_READ, MAP_SHARED, ctx->file_fd, 0);
	if (p == MAP_FAILED) {
		fprintf(stderr, "faultbench: mmap the ramfs file: %s\n",
			strerror(errno));
		return -1;
	}
	ret = TIMED(ctx, s, sum = touch_read(p, ctx->pages));
	munmap(p, len);
	if (!ret && sum != ctx->pages * 'f') {
		fprintf(stderr, "faultbench: the ramfs file reads back wrong\n");
		ret = -1;
	}
	return ret;
}

#define MAX_RANGES	64

struct range {
	unsigned long lo, hi;
};

/*
 * The private writable mappings of the calling process: stack, heap (where
 * static glibc keeps its thread control block), data, bss.
 */
static int private_ranges(struct range *r, int max)
{
	char line[512], perms[8];
	FILE *f = fopen("/proc/self/maps", "r");
	int n = 0;

	if (!f) {
		fprintf(stderr, "faultbench: /proc/self/maps: %s\n",
			strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx %7s", &r[n].lo, &r[n].hi, perms) != 3)
			continue;
		if (strcmp(perms, "rw-p"))
			continue;
		if (++n == max) {
			fprintf(stderr, "faultbench: more than %d private mappings\n",
				max);
			n = -1;
			break;
		}
	}
	fclose(f);
	return n;
}

/*
 * After fork() every private page of ours is shared with the child, so the
 * first write to any of them in the timed window (a stack frame, the TLS
 * that stdio locking writes) would be one more copy-on-write fault.  Write
 * every such page once, its own bytes back, before the window opens; but
 * not [skip, skip + len), the pages to be timed.
 */
static int unshare_private(const char *skip, size_t len)
{
	struct range r[MAX_RANGES];
	volatile char *q;
	int i, n = private_ranges(r, MAX_RANGES);

	for (i = 0; i < n; i++) {
		for (q = (volatile char *)r[i].lo;
		     q < (volatile char *)r[i].hi; q += FB_PAGE) {
			if (q >= skip && q < skip + len)
				continue;
			*q = *q;
		}
	}
	return n < 0 ? -1 : 0;
}

/*
 * Write faults on pages a child shares after fork(): each is a copy.  The
 * child stops itself before the window opens, so it neither runs in the
 * window nor lets go of the pages (that would let us reuse them).
 */
static int cow_write(const struct fb_ctx *ctx, struct fb_sample *s)
{
	size_t len = ctx->pages * FB_PAGE;
	char *p = map_anon(len);
	int ret = -1, status;
	pid_t pid;

	if (!p)
		return -1;
	touch_write(p, ctx->pages, 1);
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "faultbench: fork: %s\n", strerror(errno));
		munmap(p, len);
		return -1;
	}
	if (pid == 0) {
		raise(SIGSTOP);
		_exit(0);
	}
	if (waitpid(pid, &status, WUNTRACED) != pid || !WIFSTOPPED(status)) {
		fprintf(stderr, "faultbench: the copy-on-write child did not stop\n");
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		munmap(p, len);
		return -1;
	}
	if (!unshare_private(p, len))
		ret = TIMED(ctx, s, touch_write(p, ctx->pages, 2));
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	munmap(p, len);
	return ret;
}

/*
 * Write-fault and free as many pages as a round will, untimed, right before
 * the windows, so that each starts from the same state of the allocator.
 * Without it the cost of the allocations depended on what the machine did
 * just before: under icount, after a pause of 50-100 ms (the settle), an
 * anonymous fault took 316 more instructions, so the mode that came after
 * a pause paid for it.
 */
int fb_warm_up(const struct fb_ctx *ctx)
{
	size_t len = ctx->pages * FB_PAGE;
	char *p = map_anon(len);

	if (!p)
		return -1;
	touch_write(p, ctx->pages, 1);
	munmap(p, len);
	return 0;
}

int fb_fault_run(enum fb_fault f, const struct fb_ctx *ctx,
		 struct fb_sample *s)
{
	memset(s, 0, sizeof(*s));
	switch (f) {
	case FB_PREAD_CONTROL:
		return pread_control(ctx, s);
	case FB_ANON_WRITE:
		return anon_write(ctx, s);
	case FB_FILE_READ:
		return file_read(ctx, s);
	case FB_COW_WRITE:
		return cow_write(ctx, s);
	default:
		return -1;
	}
}
