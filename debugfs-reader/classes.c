// SPDX-License-Identifier: GPL-2.0
/*
 * The fault classes, which pfstat_classes.h lists: their counters, and
 * their columns, named after them in every output format.
 */
#include "pfstat.h"

void counts_from_pfstat(struct counts *c, const struct pfstat *ps)
{
	int i;

	for (i = 0; i < PFSTAT_NR_CLASSES; i++)
		c->val[i] = pfstat_class_count(ps, i);
}

void counts_add(struct counts *sum, const struct counts *c)
{
	int i;

	for (i = 0; i < PFSTAT_NR_CLASSES; i++)
		sum->val[i] += c->val[i];
}

/* Append a column per class to @t. */
void table_count_cols(struct table *t)
{
	int i;

	for (i = 0; i < PFSTAT_NR_CLASSES; i++)
		table_col(t, pfstat_class_names[i], true);
}

/* Fill the class columns of @row, starting at column @col. */
void table_set_counts(struct table *t, int row, int col,
		      const struct counts *c)
{
	int i;

	for (i = 0; i < PFSTAT_NR_CLASSES; i++)
		table_set(t, row, col + i, "%llu",
			  (unsigned long long)c->val[i]);
}
