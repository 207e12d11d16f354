/* SPDX-License-Identifier: GPL-2.0 */
/*
 * faultbench: what a user page fault costs with pfstat off, counting, or
 * traced, and with the tracing a stock 6.12 kernel offers instead.
 *
 * faultbench.c runs the rounds, fb_modes.c puts the kernel into each mode
 * and measures what the mode recorded, fb_faults.c takes the faults.
 */
#ifndef FAULTBENCH_H
#define FAULTBENCH_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "pfstat_classes.h"	/* and pfstat_syscall.h */

#define FB_PAGE		4096UL

/*
 * The kinds of fault one round times, in output order, and a control that
 * takes no fault: pfstat cannot change its cost, the machine can.
 */
enum fb_fault {
	FB_PREAD_CONTROL,	/* pread(2) of a ramfs page: no fault */
	FB_ANON_WRITE,		/* first write to a private anonymous page */
	FB_FILE_READ,		/* read of a MAP_SHARED ramfs page */
	FB_COW_WRITE,		/* write to an anonymous page shared by fork */
	FB_NR_FAULTS
};

extern const char *const fb_fault_name[FB_NR_FAULTS];

/* What the kernel does on each fault while a round runs in a mode. */
struct fb_mode {
	const char *name;
	/* tracefs events/ directory to enable, or NULL */
	const char *event;
	/* set_event_pid to the measuring task (trace-cmd record -P) */
	bool pid_filter;
	/* the measuring task is in pfstat mode */
	bool counting;
	/*
	 * bench-run keeps this bpftrace program attached while faultbench
	 * runs (faultbench only labels the rounds), so the mode runs alone.
	 */
	const char *bpftrace;
};

extern const struct fb_mode fb_modes[];
extern const int fb_nr_modes;

const struct fb_mode *fb_mode_find(const char *name);
bool fb_mode_is_kprobes(const struct fb_mode *m);

/* One kind of fault, timed once in one round. */
struct fb_sample {
	uint64_t ns;		/* CLOCK_MONOTONIC across the whole loop */
	uint64_t events;	/* ring buffer entries the loop added */
	struct pfstat counts;	/* counting mode: what pfstat saw */
};

/* What every round needs. */
struct fb_ctx {
	unsigned long pages;	/* faults per kind per round */
	int cpu;		/* the CPU everything runs on */
	int file_fd;		/* the ramfs file for FB_FILE_READ */
	const struct fb_mode *mode;
};

/* fb_modes.c */
int fb_mode_begin(const struct fb_mode *m, pid_t pid);
int fb_mode_end(const struct fb_mode *m);
int fb_window_open(const struct fb_ctx *ctx, struct fb_sample *s);
int fb_window_close(const struct fb_ctx *ctx, struct fb_sample *s);
void fb_kprobes_report(FILE *out);

/* fb_faults.c */
int fb_file_create(const char *dir, unsigned long pages);
int fb_warm_up(const struct fb_ctx *ctx);
int fb_fault_run(enum fb_fault f, const struct fb_ctx *ctx,
		 struct fb_sample *s);

#endif /* FAULTBENCH_H */
