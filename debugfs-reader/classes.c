// SPDX-License-Identifier: GPL-2.0
/*
 * The counters pfstat_classes.h lists, the classes and the fault counts:
 * their values, and their columns, named after them in every output
 * format.  What the tool says of a counter is here, once, for every
 * format: output.c only lays it out.
 */
#include <string.h>

#include "pfstat.h"

/* @ps as a kernel reports it; @fault_counts: one of VER1 or later. */
void counts_from_pfstat(struct counts *c, const struct pfstat *ps,
			bool fault_counts)
{
	int i;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < PFSTAT_NR_CLASSES; i++)
		c->val[i] = pfstat_counter(ps, i);
	if (!fault_counts)
		return;
	for (; i < PFSTAT_NR_COUNTERS; i++)
		c->val[i] = pfstat_counter(ps, i);
	c->fault_counts = true;
}

/*
 * Add @c to @sum.  @sum keeps the fault counts only while every count
 * added has them: start it with fault_counts set as the kernel has them.
 */
void counts_add(struct counts *sum, const struct counts *c)
{
	int i;

	for (i = 0; i < PFSTAT_NR_COUNTERS; i++)
		sum->val[i] += c->val[i];
	sum->fault_counts = sum->fault_counts && c->fault_counts;
}

/* What a fault count counts, for the Prometheus HELP line: by name. */
static const char help_faults[] =
	"User page faults completed in pfstat mode, as getrusage() counts them, see pfstat(2).";
static const char help_unclassified[] =
	"User page faults completed in pfstat mode that no pfstat class counted, see pfstat(2).";

#define FAULT_COUNT_HELP(nr, name)	[(nr) - PFSTAT_NR_CLASSES] = help_##name,
static const char *const fault_count_help[] = {
	PFSTAT_FAULT_COUNTS(FAULT_COUNT_HELP)
};
#undef FAULT_COUNT_HELP

/* The Prometheus HELP text of counter @nr, in @buf when it needs one. */
const char *counter_help(int nr, char *buf, size_t size)
{
	if (nr >= PFSTAT_NR_CLASSES)
		return fault_count_help[nr - PFSTAT_NR_CLASSES];
	snprintf(buf, size, "User page faults of pfstat class %s, see pfstat(2).",
		 pfstat_counter_names[nr]);
	return buf;
}

/* Append a column per class to @t: the tracepoint's, which has no more. */
void table_class_cols(struct table *t)
{
	int i;

	for (i = 0; i < PFSTAT_NR_CLASSES; i++)
		table_col(t, pfstat_counter_names[i], true);
}

/* Append a column per counter to @t: the classes, then the fault counts. */
void table_count_cols(struct table *t)
{
	int i;

	for (i = 0; i < PFSTAT_NR_COUNTERS; i++)
		table_col(t, pfstat_counter_names[i], true);
}

/* The kernel has no fault counts: say so in the columns of @t at @col. */
void table_no_fault_counts(struct table *t, int col)
{
	int i;

	for (i = PFSTAT_NR_CLASSES; i < PFSTAT_NR_COUNTERS; i++)
		table_unsupported(t, col + i);
}

/* Fill the class columns of @row, starting at column @col. */
void table_set_classes(struct table *t, int row, int col,
		       const struct counts *c)
{
	int i;

	for (i = 0; i < PFSTAT_NR_CLASSES; i++)
		table_set(t, row, col + i, "%llu",
			  (unsigned long long)c->val[i]);
}

/* Fill the counter columns (table_count_cols()) of @row, from @col on. */
void table_set_counts(struct table *t, int row, int col,
		      const struct counts *c)
{
	int i;

	table_set_classes(t, row, col, c);
	if (!c->fault_counts) {
		table_no_fault_counts(t, col);
		return;
	}
	for (i = PFSTAT_NR_CLASSES; i < PFSTAT_NR_COUNTERS; i++)
		table_set(t, row, col + i, "%llu",
			  (unsigned long long)c->val[i]);
}
