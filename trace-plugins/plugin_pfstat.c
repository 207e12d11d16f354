// SPDX-License-Identifier: LGPL-2.1
/*
 * libtraceevent plugin for the pfstat:mm_pfstat tracepoint.
 *
 * The event fires once per classified fault site, with the set of
 * classes the site counted: "classes", a mask with bit N for class N of
 * debugfs-reader/pfstat_classes.h.  The kernel's own print format already
 * decodes the classes and the fault flags, but its line is long and its
 * columns move with the classes.  This handler prints one fixed-layout
 * line per event, classes first, so that "trace-cmd report" output can be
 * read down a column and sorted:
 *
 *   anonymous_fault|fault_alloced_page          addr=0x7f3c2a201000 flags=WRITE|USER minor nr_pages=1
 *   file_fault|copy_on_write|fault_alloced_page addr=0x55d0c0de1000 flags=WRITE|USER minor nr_pages=1
 *
 * The classes column is as wide as the widest set one fault site counts
 * (see pfstat_set_width()); a wider set, which no kernel writes today,
 * pushes the rest of its line along rather than being cut.
 *
 * Recordings of kernels before the mask (pfstat series v2), whose event
 * fired once per counter increment with one class number, "class", print
 * as they always did: the class name in a column as wide as the longest
 * name.
 *
 *   anonymous_fault            addr=0x7f3c2a201000 flags=WRITE|USER minor nr_pages=1
 *
 * Options (trace-cmd report -O pfstat:<option>):
 *   raw      print the classes (or class) and the flags as numbers
 *   noflags  leave the flags out
 *
 * Only the field names are fixed here; their offsets and sizes come from
 * the event's format file, so the plugin follows layout changes.
 * "flags", "nr_pages" and "major" are optional: a kernel whose format
 * lacks them gets a line without them.  The names of the classes and of
 * the flags come from the format too, from its __print_flags() and
 * __print_symbolic(); for a format without them, from the class list of
 * debugfs-reader/pfstat_classes.h and the flag table below.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>

#include "event-parse.h"
#include "trace-seq.h"

#include "pfstat_classes.h"

/* A value and its name, as __print_symbolic() and __print_flags() list them. */
struct pfstat_sym {
	unsigned long long	value;
	const char		*name;
};

/*
 * The class names for a format without its own (see pfstat_syms_init()):
 * enum pfstat_class, the tracepoint's class numbers (field "class" of
 * the old event), and the bits of its mask of classes (field "classes"),
 * bit N for class N.  A value past the end is printed as a number.
 */
#define PFSTAT_CLASS_SYM(nr, name)	{ nr, #name },
static const struct pfstat_sym pfstat_class_syms[] = {
	PFSTAT_CLASSES(PFSTAT_CLASS_SYM)
};
#undef PFSTAT_CLASS_SYM

#define PFSTAT_CLASS_BIT(nr, name)	{ 1ULL << (nr), #name },
static const struct pfstat_sym pfstat_class_bits[] = {
	PFSTAT_CLASSES(PFSTAT_CLASS_BIT)
};
#undef PFSTAT_CLASS_BIT

/*
 * The FAULT_FLAG_* bits for a format without its own, in the order of
 * the tracepoint's flag list (show_pfstat_fault_flags() in
 * include/trace/events/pfstat.h), so that our output and the kernel's
 * print fmt name the same bits.
 */
static const struct pfstat_sym pfstat_fault_flags[] = {
	{ 0x0001, "WRITE" },
	{ 0x0002, "MKWRITE" },
	{ 0x0004, "ALLOW_RETRY" },
	{ 0x0008, "RETRY_NOWAIT" },
	{ 0x0010, "KILLABLE" },
	{ 0x0020, "TRIED" },
	{ 0x0040, "USER" },
	{ 0x0080, "REMOTE" },
	{ 0x0100, "INSTRUCTION" },
	{ 0x0200, "INTERRUPTIBLE" },
	{ 0x0400, "UNSHARE" },
	{ 0x0800, "ORIG_PTE_VALID" },
	{ 0x1000, "VMA_LOCK" },
};

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/*
 * Static on purpose: libtraceevent dlopen()s plugins with RTLD_GLOBAL, so
 * a global symbol here could be bound to another plugin's array of the
 * same name (plugin_function.so exports "plugin_options").  It is also
 * not exported as TEP_PLUGIN_OPTIONS: load_plugin() would then apply the
 * user's "-O pfstat:raw" once before the loader and tep_plugin_add_options()
 * a second time, and a boolean option given without a value toggles, so
 * the two would cancel out.
 */
static struct tep_plugin_option plugin_options[] = {
	{
		.name		= "raw",
		.plugin_alias	= "pfstat",
		.description	= "Print the fault classes and flags as numbers",
		.set		= 0,
	},
	{
		.name		= "noflags",
		.plugin_alias	= "pfstat",
		.description	= "Do not print the fault flags",
		.set		= 0,
	},
	{
		.name		= NULL,
	},
};

static struct tep_plugin_option *pfstat_raw = &plugin_options[0];
static struct tep_plugin_option *pfstat_noflags = &plugin_options[1];

/*
 * Widths of the class column (set by the loader): for the old event's
 * one class, the longest class name; for the mask, the widest set of
 * classes one fault site counts (pfstat_set_width()).
 */
static int pfstat_class_width;
static int pfstat_classes_width;

/*
 * Read one numeric field of @record.
 *
 * tep_get_field_val() trusts the record to be as long as the format says
 * and reads past the end of a short one (libtraceevent 1.7 and 1.8 do not
 * check record->size), so the bounds are checked here first.
 *
 * Returns 0 on success, -ENOENT when the format has no such field,
 * -EFAULT when the record is too short to hold it and -EINVAL when the
 * field is not a 1, 2, 4 or 8 byte number.
 */
static int pfstat_read(struct trace_seq *s, struct tep_event *event,
		       struct tep_record *record, const char *name,
		       unsigned long long *val)
{
	struct tep_format_field *field = tep_find_field(event, name);

	if (!field)
		return -ENOENT;
	if (field->offset < 0 || field->size <= 0 ||
	    (long long)field->offset + field->size > record->size)
		return -EFAULT;
	/* err = 0: the caller decides what a failure looks like. */
	if (tep_get_field_val(s, event, name, record, val, 0))
		return -EINVAL;
	return 0;
}

/*
 * A record we cannot decode still gets one line: a bracketed reason and
 * each field of the format that the record really holds, the others as
 * "?".  tep_print_fields() would do the same without the bounds check.
 */
static void pfstat_print_bad(struct trace_seq *s, struct tep_event *event,
			     struct tep_record *record, const char *why)
{
	struct tep_format_field *field;
	unsigned long long val;

	trace_seq_printf(s, "[pfstat: %s, %d bytes]", why, record->size);
	for (field = event->format.fields; field; field = field->next) {
		if (pfstat_read(s, event, record, field->name, &val))
			trace_seq_printf(s, " %s=?", field->name);
		else
			trace_seq_printf(s, " %s=0x%llx", field->name, val);
	}
}

/*
 * Whether print fmt argument @arg is REC->@name, maybe cast or masked
 * ("(u32)REC->flags", "REC->flags & 0xffff").
 */
static int pfstat_arg_is_field(const struct tep_print_arg *arg,
			       const char *name)
{
	if (!arg)
		return 0;
	switch (arg->type) {
	case TEP_PRINT_FIELD:
		return arg->field.name && !strcmp(arg->field.name, name);
	case TEP_PRINT_TYPE:
		return pfstat_arg_is_field(arg->typecast.item, name);
	case TEP_PRINT_OP:
		return pfstat_arg_is_field(arg->op.left, name) ||
		       pfstat_arg_is_field(arg->op.right, name);
	default:
		return 0;
	}
}

/*
 * The __print_symbolic() (TEP_PRINT_SYMBOL) or __print_flags()
 * (TEP_PRINT_FLAGS) argument that decodes field @name in @arg, looking
 * through the operators and casts it may sit in, as plugin_sched_switch.c
 * finds the flags of prev_state.  NULL if there is none.
 */
static const struct tep_print_arg *
pfstat_find_decoder(const struct tep_print_arg *arg, const char *name)
{
	const struct tep_print_arg *found;

	if (!arg)
		return NULL;
	switch (arg->type) {
	case TEP_PRINT_SYMBOL:
		return pfstat_arg_is_field(arg->symbol.field, name) ? arg : NULL;
	case TEP_PRINT_FLAGS:
		return pfstat_arg_is_field(arg->flags.field, name) ? arg : NULL;
	case TEP_PRINT_TYPE:
		return pfstat_find_decoder(arg->typecast.item, name);
	case TEP_PRINT_OP:
		found = pfstat_find_decoder(arg->op.left, name);
		return found ? found : pfstat_find_decoder(arg->op.right, name);
	default:
		return NULL;
	}
}

/*
 * The names of the values of one field: those the event's print fmt
 * gives it, else a table of ours.  Walked with pfstat_sym_next().
 */
struct pfstat_syms {
	const struct tep_print_flag_sym	*fmt;	/* the print fmt's, left */
	const struct pfstat_sym		*table;	/* or our table's, left */
	size_t				n;
};

/*
 * The names for field @name of @event: the symbols of the print fmt's
 * __print_symbolic() or __print_flags() of that field, which follow the
 * kernel that wrote the trace, or, for a format without them, @table.
 * Which of the two decoders the format uses does not matter here: the
 * caller decodes a value (pfstat_sym_name()) or a bit mask
 * (pfstat_print_bits()), whichever the field holds: the old event's
 * class number takes pfstat_sym_name() and pfstat_class_syms, the mask
 * of classes pfstat_print_bits() and pfstat_class_bits.
 */
static void pfstat_syms_init(struct pfstat_syms *syms,
			     const struct tep_event *event, const char *name,
			     const struct pfstat_sym *table, size_t n)
{
	const struct tep_print_arg *arg, *dec = NULL;

	for (arg = event->print_fmt.args; arg && !dec; arg = arg->next)
		dec = pfstat_find_decoder(arg, name);
	syms->fmt = !dec ? NULL : dec->type == TEP_PRINT_SYMBOL ?
		    dec->symbol.symbols : dec->flags.flags;
	syms->table = syms->fmt ? NULL : table;
	syms->n = syms->fmt ? 0 : n;
}

/* The next value and name, 0 at the end.  Skips values not numbers. */
static int pfstat_sym_next(struct pfstat_syms *syms, struct pfstat_sym *sym)
{
	char *end;

	for (; syms->fmt; syms->fmt = syms->fmt->next) {
		if (!syms->fmt->value || !syms->fmt->str)
			continue;
		errno = 0;
		sym->value = strtoull(syms->fmt->value, &end, 0);
		if (errno || end == syms->fmt->value || *end)
			continue;
		sym->name = syms->fmt->str;
		syms->fmt = syms->fmt->next;
		return 1;
	}
	if (!syms->n)
		return 0;
	*sym = *syms->table++;
	syms->n--;
	return 1;
}

/* The name of @val, or NULL. */
static const char *pfstat_sym_name(struct pfstat_syms *syms,
				   unsigned long long val)
{
	struct pfstat_sym sym;

	while (pfstat_sym_next(syms, &sym))
		if (sym.value == val)
			return sym.name;
	return NULL;
}

/*
 * A bit mask as __print_flags() would decode it, but with the other bits
 * in one hex remainder and 0 for none: "WRITE|0xc00".
 */
static void pfstat_print_bits(struct trace_seq *s, struct pfstat_syms *syms,
			      unsigned long long val)
{
	struct pfstat_sym sym;
	const char *sep = "";

	if (!val) {
		trace_seq_putc(s, '0');
		return;
	}
	while (val && pfstat_sym_next(syms, &sym)) {
		if (!sym.value || (val & sym.value) != sym.value)
			continue;
		trace_seq_printf(s, "%s%s", sep, sym.name);
		val &= ~sym.value;
		sep = "|";
	}
	if (val)
		trace_seq_printf(s, "%s0x%llx", sep, val);
}

/* Like pfstat_read(), but a field the format lacks is fine: returns 0. */
static int pfstat_read_opt(struct trace_seq *s, struct tep_event *event,
			   struct tep_record *record, const char *name,
			   unsigned long long *val)
{
	int ret = pfstat_read(s, event, record, name, val);

	if (ret == -ENOENT)
		return 0;
	return ret ? ret : 1;
}

/*
 * The classes column of a mask event: the names of the bits of @classes,
 * in bit order, joined with '|', and any bits without a name as one hex
 * remainder ("anonymous_fault|0x80").  A mask of which no bit has a name
 * (0, or only classes newer than the format and our list) prints as
 * raw does, "classes=0x80", as an unknown class number prints "class=7".
 */
static void pfstat_print_classes(struct trace_seq *s, struct tep_event *event,
				 unsigned long long classes)
{
	struct pfstat_syms syms;
	struct pfstat_sym sym;
	unsigned long long named = 0;

	if (!pfstat_raw->set) {
		pfstat_syms_init(&syms, event, "classes", pfstat_class_bits,
				 ARRAY_SIZE(pfstat_class_bits));
		while (pfstat_sym_next(&syms, &sym))
			if (sym.value && (classes & sym.value) == sym.value)
				named |= sym.value;
	}
	if (!named) {
		trace_seq_printf(s, "classes=0x%llx", classes);
		return;
	}
	pfstat_syms_init(&syms, event, "classes", pfstat_class_bits,
			 ARRAY_SIZE(pfstat_class_bits));
	pfstat_print_bits(s, &syms, classes);
}

/* The class column of an old, one-class event: its name, or the number. */
static void pfstat_print_class(struct trace_seq *s, struct tep_event *event,
			       unsigned long long class)
{
	struct pfstat_syms syms;
	const char *name = NULL;

	if (!pfstat_raw->set) {
		pfstat_syms_init(&syms, event, "class", pfstat_class_syms,
				 ARRAY_SIZE(pfstat_class_syms));
		name = pfstat_sym_name(&syms, class);
	}
	if (name)
		trace_seq_puts(s, name);
	else
		trace_seq_printf(s, "class=%llu", class);
}

/*
 * Called by libtraceevent for every mm_pfstat record.  It always returns
 * 0 ("printed"), never 1 ("pretty-print it for me"): libtraceevent's
 * print fmt evaluation has no bounds check either, so a record we reject
 * must not reach it.
 */
static int pfstat_handler(struct trace_seq *s, struct tep_record *record,
			  struct tep_event *event, void *context)
{
	unsigned long long address, class, flags, nr_pages, major;
	int has_flags, has_nr_pages, has_major, is_mask, width, n;
	struct pfstat_syms syms;
	unsigned int start;
	int ret;

	(void)context;

	/* The mask if the format has one, else the old class number. */
	is_mask = tep_find_field(event, "classes") != NULL;
	ret = pfstat_read(s, event, record, "address", &address);
	if (!ret)
		ret = pfstat_read(s, event, record,
				  is_mask ? "classes" : "class", &class);
	if (ret)
		goto bad;

	has_flags = pfstat_read_opt(s, event, record, "flags", &flags);
	has_nr_pages = pfstat_read_opt(s, event, record, "nr_pages",
				       &nr_pages);
	has_major = pfstat_read_opt(s, event, record, "major", &major);
	ret = has_flags < 0 ? has_flags :
	      has_nr_pages < 0 ? has_nr_pages :
	      has_major < 0 ? has_major : 0;
	if (ret)
		goto bad;

	start = s->len;
	if (is_mask) {
		pfstat_print_classes(s, event, class);
		width = pfstat_classes_width;
	} else {
		pfstat_print_class(s, event, class);
		width = pfstat_class_width;
	}
	/* Pad the column; bounded, should the trace_seq stop growing. */
	for (n = s->len - start; n < width; n++)
		trace_seq_putc(s, ' ');
	trace_seq_printf(s, " addr=0x%llx", address);

	if (has_flags && !pfstat_noflags->set) {
		trace_seq_puts(s, " flags=");
		if (pfstat_raw->set) {
			trace_seq_printf(s, "0x%llx", flags);
		} else {
			pfstat_syms_init(&syms, event, "flags",
					 pfstat_fault_flags,
					 ARRAY_SIZE(pfstat_fault_flags));
			pfstat_print_bits(s, &syms, flags);
		}
	}
	if (has_major)
		trace_seq_puts(s, major ? " major" : " minor");
	if (has_nr_pages)
		trace_seq_printf(s, " nr_pages=%llu", nr_pages);
	return 0;

bad:
	pfstat_print_bad(s, event, record,
			 ret == -ENOENT ? "missing field" :
			 ret == -EFAULT ? "truncated record" :
					  "bad field size");
	return 0;
}

/*
 * The width of the classes column: the widest set of classes one fault
 * site of the kernel counts, the first write to a private file page,
 * "file_fault|copy_on_write|fault_alloced_page" (43 characters).  The
 * other sets are a single class, anonymous_fault|fault_alloced_page (a page
 * allocated for an anonymous fault) and copy_on_write|fault_alloced_page
 * (a page copied on a write): all of them shorter, and all seven names
 * at once (109 characters) would waste most of every line.
 */
static int pfstat_set_width(void)
{
	static const int widest[] = { 3, 5, 6 };	/* file, cow, alloc */
	int i, width = -1;

	for (i = 0; i < (int)ARRAY_SIZE(widest); i++)
		width += 1 + strlen(pfstat_class_names[widest[i]]);
	return width;
}

int TEP_PLUGIN_LOADER(struct tep_handle *tep)
{
	int ret, i;

	for (i = 0; i < PFSTAT_NR_CLASSES; i++)
		if ((int)strlen(pfstat_class_names[i]) > pfstat_class_width)
			pfstat_class_width = strlen(pfstat_class_names[i]);
	pfstat_classes_width = pfstat_set_width();

	ret = tep_register_event_handler(tep, -1, "pfstat", "mm_pfstat",
					 pfstat_handler, NULL);
	if (ret < 0)
		return ret;
	if (tep_plugin_add_options("pfstat", plugin_options) < 0) {
		tep_unregister_event_handler(tep, -1, "pfstat", "mm_pfstat",
					     pfstat_handler, NULL);
		return -1;
	}
	return 0;
}

/* Undoes exactly what the loader did, so a reload starts clean. */
int TEP_PLUGIN_UNLOADER(struct tep_handle *tep)
{
	tep_unregister_event_handler(tep, -1, "pfstat", "mm_pfstat",
				     pfstat_handler, NULL);
	tep_plugin_remove_options(plugin_options);
	return 0;
}
