/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Faults of every class, each op adding to @made exactly what
 * the admin guide says it costs, so a task that runs only these
 * ops (in a quiet address space, see quiet_address_space()) knows its own
 * counts.  Each op maps fresh memory and unmaps it afterwards.  Every
 * fault an op makes is in a class: each adds its faults to @made's
 * faults, and nothing to unclassified.  (A fault it did not make, such as
 * one on a page that compaction is moving, is unclassified; getrusage()
 * sees those too.)
 *
 * The two classes that depend on the machine are checked, not assumed:
 * a THP write that fell back to small pages is an anonymous write fault,
 * and only pages that pagemap shows swapped out take a swap-in fault.
 */
#ifndef STRESS_WORKLOAD_H
#define STRESS_WORKLOAD_H

#include "stress_common.h"

#define WL_PAGES	8	/* pages per op */

/* What each op costs per page it maps (one THP: one PMD): classes, faults. */
enum wl_op {
	OP_ANON_WRITE,		/* anonymous + alloc: 1 fault */
	OP_ZERO_THEN_WRITE,	/* anonymous (zero page), then cow + alloc: 2 */
	OP_FILE_SHARED_READ,	/* file: 1 */
	OP_FILE_PRIVATE_WRITE,	/* file + cow + alloc: 1 */
	OP_THP_WRITE,		/* thp, or anonymous + alloc on fallback: 1 */
	OP_SWAP_BACK,		/* anonymous + alloc (1), then swapped_back (1 more) */
	OP_STACK_GROW,		/* stack_low + anonymous + alloc: 1 */
	NR_WL_OPS
};

struct wl_ctx {
	int pagemap_fd;		/* this process's /proc/self/pagemap */
	int file_fd;		/* WL_PAGES pages on tmpfs, in the page cache */
};

/*
 * Open what the ops need: call before quiet_address_space(), and again
 * in a forked child (the pagemap fd is the parent's otherwise).
 */
static inline int wl_open(struct wl_ctx *c, const char *dir)
{
	char path[128], *page;
	int i, ret = 0;

	c->pagemap_fd = open("/proc/self/pagemap", O_RDONLY);
	snprintf(path, sizeof(path), "%s/wl-file.%d", dir, getpid());
	c->file_fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (c->pagemap_fd < 0 || c->file_fd < 0)
		return -1;
	unlink(path);
	page = malloc(PAGE);
	if (!page)
		return -1;
	memset(page, 0x5a, PAGE);
	for (i = 0; i < WL_PAGES && !ret; i++)
		if (write(c->file_fd, page, PAGE) != (ssize_t)PAGE)
			ret = -1;
	free(page);
	return ret;
}

static inline int wl_reopen_pagemap(struct wl_ctx *c)
{
	close(c->pagemap_fd);
	c->pagemap_fd = open("/proc/self/pagemap", O_RDONLY);
	return c->pagemap_fd < 0 ? -1 : 0;
}

static inline volatile char *wl_map_anon(size_t len)
{
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	if (madvise(p, len, MADV_NOHUGEPAGE)) {
		munmap(p, len);
		return NULL;
	}
	return p;
}

static inline int wl_anon(volatile char *p, bool zero_first, struct pfstat *made)
{
	int i, sum = 0;

	if (!p)
		return -1;
	if (zero_first) {
		for (i = 0; i < WL_PAGES; i++)
			sum += p[i * PAGE];
		made->anonymous_fault += WL_PAGES;
		made->faults += WL_PAGES;
	}
	for (i = 0; i < WL_PAGES; i++)
		p[i * PAGE] = 1;
	/* A write to the zero page copies it; to nothing, allocates. */
	if (zero_first)
		made->copy_on_write += WL_PAGES;
	else
		made->anonymous_fault += WL_PAGES;
	made->fault_alloced_page += WL_PAGES;
	made->faults += WL_PAGES;
	munmap((char *)p, WL_PAGES * PAGE);
	return sum;
}

static inline int wl_file(struct wl_ctx *c, bool private_write,
			  struct pfstat *made)
{
	volatile char *p;
	int i, sum = 0;

	p = mmap(NULL, WL_PAGES * PAGE,
		 private_write ? PROT_READ | PROT_WRITE : PROT_READ,
		 private_write ? MAP_PRIVATE : MAP_SHARED, c->file_fd, 0);
	if (p == MAP_FAILED)
		return -1;
	for (i = 0; i < WL_PAGES; i++) {
		if (private_write)
			p[i * PAGE] = 1;
		else
			sum += p[i * PAGE];
	}
	made->file_fault += WL_PAGES;
	made->faults += WL_PAGES;
	if (private_write) {
		made->copy_on_write += WL_PAGES;
		made->fault_alloced_page += WL_PAGES;
	}
	munmap((char *)p, WL_PAGES * PAGE);
	return sum == WL_PAGES * 0x5a || private_write ? 0 : -1;
}

static inline int wl_thp(struct wl_ctx *c, struct pfstat *made)
{
	char *raw = mmap(NULL, 2 * HPAGE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	volatile char *p;

	if (raw == MAP_FAILED)
		return -1;
	p = (char *)(((uintptr_t)raw + HPAGE - 1) & ~(HPAGE - 1));
	if (madvise((char *)p, HPAGE, MADV_HUGEPAGE)) {
		munmap(raw, 2 * HPAGE);
		return -1;
	}
	p[0] = 1;
	/*
	 * A PMD mapping makes every page of it present (or, while compaction
	 * moves it, a migration entry); a fallback only the page written.
	 */
	if (pagemap_entry(c->pagemap_fd, p + PAGE) & (PM_PRESENT | PM_SWAPPED)) {
		made->transparent_hugepage_fault++;
	} else {
		made->anonymous_fault++;
		made->fault_alloced_page++;
	}
	made->faults++;
	munmap(raw, 2 * HPAGE);
	return 0;
}

/* Returns the pages swapped back in, or -1. */
static inline int wl_swap(struct wl_ctx *c, struct pfstat *made)
{
	volatile char *p = wl_map_anon(WL_PAGES * PAGE);
	int i, back = 0, sum = 0;

	if (!p)
		return -1;
	for (i = 0; i < WL_PAGES; i++)
		p[i * PAGE] = i + 1;
	made->anonymous_fault += WL_PAGES;
	made->fault_alloced_page += WL_PAGES;
	made->faults += WL_PAGES;
	if (madvise((char *)p, WL_PAGES * PAGE, MADV_PAGEOUT)) {
		munmap((char *)p, WL_PAGES * PAGE);
		return -1;
	}
	for (i = 0; i < WL_PAGES; i++) {
		/* Read right after the check: only reclaim could race. */
		if (pm_swapped_out(pagemap_entry(c->pagemap_fd, p + i * PAGE))) {
			made->swapped_back++;
			made->faults++;
			back++;
		}
		sum += p[i * PAGE];
	}
	munmap((char *)p, WL_PAGES * PAGE);
	return sum == WL_PAGES * (WL_PAGES + 1) / 2 ? back : -1;
}

/*
 * A VM_GROWSDOWN mapping of one page above a hole of WL_PAGES pages, with
 * a PROT_NONE page below the hole (inaccessible, so no guard gap applies
 * to it; and mmap() keeps other mappings stack_guard_gap away from a
 * grows-down vma).  Each write one page below the vma expands it.
 */
static inline int wl_stack(struct pfstat *made)
{
	size_t len = (WL_PAGES + 2) * PAGE;
	char *res = mmap(NULL, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	volatile char *top;
	int i;

	if (res == MAP_FAILED)
		return -1;
	top = mmap(res + (WL_PAGES + 1) * PAGE, PAGE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_GROWSDOWN, -1, 0);
	if (top == MAP_FAILED || munmap(res + PAGE, WL_PAGES * PAGE)) {
		munmap(res, len);
		return -1;
	}
	for (i = 1; i <= WL_PAGES; i++)
		*(top - i * PAGE) = 1;
	/* The growth does not make a fault of its own. */
	made->stack_low += WL_PAGES;
	made->anonymous_fault += WL_PAGES;
	made->fault_alloced_page += WL_PAGES;
	made->faults += WL_PAGES;
	munmap(res, len);
	return 0;
}

/* Run @op; its faults are added to @made.  Returns < 0 on failure. */
static inline int wl_run(struct wl_ctx *c, enum wl_op op, struct pfstat *made)
{
	switch (op) {
	case OP_ANON_WRITE:
		return wl_anon(wl_map_anon(WL_PAGES * PAGE), false, made);
	case OP_ZERO_THEN_WRITE:
		return wl_anon(wl_map_anon(WL_PAGES * PAGE), true, made);
	case OP_FILE_SHARED_READ:
		return wl_file(c, false, made);
	case OP_FILE_PRIVATE_WRITE:
		return wl_file(c, true, made);
	case OP_THP_WRITE:
		return wl_thp(c, made);
	case OP_SWAP_BACK:
		return wl_swap(c, made);
	case OP_STACK_GROW:
		return wl_stack(made);
	default:
		return -1;
	}
}

#endif /* STRESS_WORKLOAD_H */
