// SPDX-License-Identifier: GPL-2.0
/*
 * The seven fault classes: their names, which are also the column names
 * of every output format, and the conversions from what the kernel gives.
 */
#include <string.h>

#include "pfstat.h"
#include "pfstat_syscall.h"

/* The kernel's names, in enum (= struct, = tracepoint value) order. */
const char *const class_names[NR_CLASSES] = {
	"stack_low",
	"transparent_hugepage_fault",
	"anonymous_fault",
	"file_fault",
	"swapped_back",
	"copy_on_write",
	"fault_alloced_page",
};

void counts_from_pfstat(struct counts *c, const struct pfstat *ps)
{
	c->val[0] = ps->stack_low;
	c->val[1] = ps->transparent_hugepage_fault;
	c->val[2] = ps->anonymous_fault;
	c->val[3] = ps->file_fault;
	c->val[4] = ps->swapped_back;
	c->val[5] = ps->copy_on_write;
	c->val[6] = ps->fault_alloced_page;
}

/* The class called @name, or -1. */
int class_index(const char *name)
{
	int i;

	for (i = 0; i < NR_CLASSES; i++)
		if (!strcmp(name, class_names[i]))
			return i;
	return -1;
}

/* Append the seven class columns to @t. */
void table_count_cols(struct table *t)
{
	int i;

	for (i = 0; i < NR_CLASSES; i++)
		table_col(t, class_names[i], true);
}

/* Fill the seven class columns of @row, starting at column @col. */
void table_set_counts(struct table *t, int row, int col,
		      const struct counts *c)
{
	int i;

	for (i = 0; i < NR_CLASSES; i++)
		table_set(t, row, col + i, "%llu",
			  (unsigned long long)c->val[i]);
}
