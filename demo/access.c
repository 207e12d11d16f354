// SPDX-License-Identifier: GPL-2.0
/*
 * access: random versus local access over one buffer, the first case
 * study of the original page fault profiler.
 *
 * The buffer is written once, page by page (the fill), then accessed
 * ACCESSES times, one page at a time, each access a read-modify-write of
 * the page's first word.  "random" picks the page uniformly over the
 * whole buffer.  "local" picks it uniformly inside a window of a few MiB
 * that slides from the start of the buffer to its end over the run, so it
 * covers the same pages with the same number of accesses, but most of
 * them land where the last ones did.
 *
 * When the buffer is larger than the memory free for it, the fill pushes
 * part of it out to swap.  Random access then keeps faulting pages back
 * in (swapped_back) while local access brings each page back about once:
 * the working set, not the buffer size, decides the fault rate.
 *
 * Only one word per page is ever non-zero, so swap on zram compresses
 * every page to a few bytes and the swapped-out part costs almost no RAM.
 *
 * Output: one CSV header and one record with the fill and the access
 * phases' times and faults, read with pfstat(2).
 */
#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "demo_util.h"

const char *prog_name = "access";
const char *prog_usage =
	"-p random|local -s MIB -n ACCESSES [-w MIB] [-r SEED]";

const char prog_help[] =
"Write a buffer of MIB MiB once, then access ACCESSES of its pages, one\n"
"word each, and print the faults of both phases as CSV.\n"
"\n"
"  -p random|local  random: any page of the buffer; local: a page of a\n"
"                   window that slides from the end of the buffer to\n"
"                   its start during the run\n"
"  -s MIB           buffer size in MiB\n"
"  -n ACCESSES      number of page accesses after the fill\n"
"  -w MIB           window size for -p local (default 8)\n"
"  -r SEED          seed of the page choice (default 1)\n"
"  -h               this help\n";

/* xorshift64: the same sequence on every run, and no libc state. */
static uint64_t next_rand(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

int main(int argc, char **argv)
{
	unsigned long mib = 0, window_mib = 8, accesses = 0, seed = 1;
	unsigned long npages, wpages, i, page, start;
	struct pfstat base, fill, all, run;
	double t0, t1, t2;
	int local = -1, c;
	uint64_t rnd;
	char *buf;

	while ((c = next_option(argc, argv, ":p:s:n:w:r:h")) != -1) {
		switch (c) {
		case 'p':
			if (!strcmp(optarg, "random"))
				local = 0;
			else if (!strcmp(optarg, "local"))
				local = 1;
			else
				usage_error("invalid pattern '%s' (random or local)",
					    optarg);
			break;
		case 's':
			mib = parse_num(optarg, 1, 1UL << 20, "buffer size");
			break;
		case 'n':
			accesses = parse_num(optarg, 1, 1UL << 40, "access count");
			break;
		case 'w':
			window_mib = parse_num(optarg, 1, 1UL << 20, "window size");
			break;
		case 'r':
			seed = parse_num(optarg, 1, ~0UL, "seed");
			break;
		}
	}
	if (local < 0 || !mib || !accesses)
		usage_error("-p, -s and -n are required");
	if (local && window_mib > mib)
		usage_error("window (%lu MiB) larger than the buffer (%lu MiB)",
			    window_mib, mib);

	npages = mib * (1UL << 20) / PAGE_SIZE;
	wpages = window_mib * (1UL << 20) / PAGE_SIZE;
	buf = map_small_pages(npages * PAGE_SIZE);
	rnd = seed;

	counts_begin(&base);
	t0 = now_ms();
	for (i = 0; i < npages; i++)
		poke(buf + i * PAGE_SIZE, i + 1);
	t1 = now_ms();
	counts_since(&base, &fill);

	for (i = 0; i < accesses; i++) {
		if (local) {
			/* The window moves back linearly over the run. */
			start = (unsigned long)((double)(accesses - 1 - i) /
						accesses * (npages - wpages));
			page = start + next_rand(&rnd) % wpages;
		} else {
			page = next_rand(&rnd) % npages;
		}
		poke(buf + page * PAGE_SIZE, peek(buf + page * PAGE_SIZE) + 1);
	}
	t2 = now_ms();
	counts_since(&base, &all);
	run = all;
	counts_sub(&run, &fill);

	printf("pattern,buffer_mib,window_mib,accesses,fill_ms,access_ms,phase");
	print_counter_header(stdout);
	printf("%s,%lu,%lu,%lu,%.1f,%.1f,fill", local ? "local" : "random",
	       mib, local ? window_mib : mib, accesses, t1 - t0, t2 - t1);
	print_counters(stdout, &fill);
	printf("%s,%lu,%lu,%lu,%.1f,%.1f,access", local ? "local" : "random",
	       mib, local ? window_mib : mib, accesses, t1 - t0, t2 - t1);
	print_counters(stdout, &run);
	return 0;
}
