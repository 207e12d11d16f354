/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the recipe programs (fault_recipe, class_recipe) share: the page
 * they write files from and report through, and the report itself, a
 * line "self,N0,...,N6" of the program's own counters read with
 * PFSTAT_NORESET, then exit_group() with @status (3: the read failed, 4:
 * the write did).  The page is mapped by recipe_page_init(), first
 * thing, so that quiet_address_space() faults it in like everything
 * else: reporting takes no fault of its own.
 */
#ifndef RECIPE_REPORT_H
#define RECIPE_REPORT_H

#include <stdio.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "guest_util.h"

static char *page_buf;	/* PAGE bytes */

static int recipe_page_init(void)
{
	page_buf = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return page_buf == MAP_FAILED ? -1 : 0;
}

static void __attribute__((noreturn)) report_and_exit(int status)
{
	struct pfstat st;
	int i, len;

	if (sys_pfstat(0, &st, sizeof(st), PFSTAT_NORESET) < 0)
		syscall(SYS_exit_group, 3);
	len = snprintf(page_buf, PAGE, "self");
	for (i = 0; i < PFSTAT_NR_CLASSES; i++)
		len += snprintf(page_buf + len, PAGE - len, ",%llu",
				(unsigned long long)pfstat_class_count(&st, i));
	page_buf[len++] = '\n';
	if (write(1, page_buf, len) != len)
		status = 4;
	syscall(SYS_exit_group, status);
	__builtin_unreachable();
}

#endif /* RECIPE_REPORT_H */
