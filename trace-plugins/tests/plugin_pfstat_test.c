// SPDX-License-Identifier: LGPL-2.1
/*
 * Unit tests for plugin_pfstat.so, no kernel needed.
 *
 * The plugin is loaded the way trace-cmd loads it (tep_load_plugins() with
 * TRACEEVENT_PLUGIN_DIR), the event layout comes from checked-in tracefs
 * format files, and each record is built by hand at the offsets the parsed
 * format gives, then printed with tep_print_event() as "trace-cmd report"
 * does.  Output is TAP.
 *
 * Usage: plugin_pfstat_test PLUGIN-DIR FORMAT CLASS-FORMAT OLD-FORMAT
 *   PLUGIN-DIR    directory holding plugin_pfstat.so (and no other plugin)
 *   FORMAT        the mm_pfstat format file of the current kernel: one
 *                 event per fault site, its classes a mask ("classes")
 *   CLASS-FORMAT  the format of the pfstat series v2: one event per
 *                 counter increment, its class a number ("class")
 *   OLD-FORMAT    an older one still, without flags, nr_pages and major
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event-parse.h"
#include "trace-seq.h"

#include "tep_fixture.h"

/* FAULT_FLAG_* values of Linux 6.12, include/linux/mm_types.h. */
#define F_WRITE		0x0001
#define F_MKWRITE	0x0002
#define F_ALLOW_RETRY	0x0004
#define F_RETRY_NOWAIT	0x0008
#define F_KILLABLE	0x0010
#define F_TRIED		0x0020
#define F_USER		0x0040
#define F_REMOTE	0x0080
#define F_INSTRUCTION	0x0100
#define F_INTERRUPTIBLE	0x0200
#define F_UNSHARE	0x0400
#define F_ORIG_PTE_VALID 0x0800
#define F_VMA_LOCK	0x1000
/* What handle_mm_fault() sees for a user write fault on x86. */
#define F_X86		(F_WRITE | F_ALLOW_RETRY | F_KILLABLE | F_USER | \
			 F_INTERRUPTIBLE | F_VMA_LOCK)

/*
 * The fields of the v3 format (FIELD "classes", a mask) or of the v2
 * format (FIELD "class", one number), for the print fmts below.
 */
#define PF_FORMAT_FIELDS(field) \
	"name: mm_pfstat\n" \
	"ID: 503\n" \
	"format:\n" \
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n" \
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n" \
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n" \
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n" \
	"\n" \
	"\tfield:unsigned long address;\toffset:8;\tsize:8;\tsigned:0;\n" \
	"\tfield:unsigned int " field ";\toffset:16;\tsize:4;\tsigned:0;\n" \
	"\tfield:unsigned int flags;\toffset:20;\tsize:4;\tsigned:0;\n" \
	"\tfield:unsigned int nr_pages;\toffset:24;\tsize:4;\tsigned:0;\n" \
	"\tfield:unsigned char major;\toffset:28;\tsize:1;\tsigned:0;\n" \
	"\n"

/* The flags of a kernel whose names are not ours, as a sched_switch's. */
#define RENAMED_FLAGS \
	"REC->flags ? __print_flags(REC->flags & 0xffff, \"|\", { 1, \"W\" }, { 0x40, \"U\" }, { 1 << 13, \"NEW_FLAG\" }) : \"none\", " \
	"REC->nr_pages, REC->major ? \"major\" : \"minor\"\n"

/*
 * A kernel whose names are not ours: class 2 renamed, a class 7 added,
 * class 6 gone; flags renamed, one added (as an expression), most gone.
 * The class comes through a cast, the flags masked and inside a ?:, as
 * sched_switch's prev_state.
 */
static const char renamed_class_format[] = PF_FORMAT_FIELDS("class")
	"print fmt: \"address=0x%lx class=%s flags=%s nr_pages=%u %s\", REC->address, "
	"__print_symbolic((unsigned int)REC->class, { 0, \"stack_low\" }, { 2, \"anon\" }, { 7, \"new_class\" }), "
	RENAMED_FLAGS;

/* The same for the mask: bit 2 renamed, bit 7 added, bit 6 gone. */
static const char renamed_classes_format[] = PF_FORMAT_FIELDS("classes")
	"print fmt: \"address=0x%lx classes=%s flags=%s nr_pages=%u %s\", REC->address, "
	"__print_flags((unsigned int)REC->classes, \"|\", { 1, \"stack_low\" }, { 1 << 2, \"anon\" }, { 0x80, \"new_class\" }), "
	RENAMED_FLAGS;

/* Kernels that print the class (or classes) and the flags as numbers. */
static const char plain_class_format[] = PF_FORMAT_FIELDS("class")
	"print fmt: \"address=0x%lx class=%u flags=0x%x nr_pages=%u major=%u\", "
	"REC->address, REC->class, REC->flags, REC->nr_pages, REC->major\n";

static const char plain_classes_format[] = PF_FORMAT_FIELDS("classes")
	"print fmt: \"address=0x%lx classes=0x%x flags=0x%x nr_pages=%u major=%u\", "
	"REC->address, REC->classes, REC->flags, REC->nr_pages, REC->major\n";

/* A format that lost a required field: neither "classes" nor "class". */
static const char no_class_format[] =
	"name: mm_pfstat\n"
	"ID: 502\n"
	"format:\n"
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
	"\n"
	"\tfield:unsigned long address;\toffset:8;\tsize:8;\tsigned:0;\n"
	"\n"
	"print fmt: \"address=0x%lx\", REC->address\n";

/* The class bits of the mask: bit N for class N of pfstat_classes.h. */
#define C_STACK		0x01
#define C_THP		0x02
#define C_ANON		0x04
#define C_FILE		0x08
#define C_SWAP		0x10
#define C_COW		0x20
#define C_ALLOC		0x40

/*
 * Field values of a record; fields the format lacks are left out.
 * @class is the mask of a format with "classes", the number of one with
 * "class".
 */
struct pf_values {
	unsigned long long	address;
	unsigned long long	class;
	unsigned long long	flags;
	unsigned long long	nr_pages;
	unsigned long long	major;
};

struct tep_ctx {
	struct tep_handle	*tep;
	struct tep_event	*event;
	struct tep_plugin_list	*plugins;
	int			file_id;	/* the "ID:" line, read by us */
};

static int tests_run, tests_failed;

static void result(int ok, const char *desc)
{
	tests_run++;
	if (!ok)
		tests_failed++;
	printf("%sok %d - %s\n", ok ? "" : "not ", tests_run, desc);
}

static void expect_str(const char *got, const char *expected, const char *desc)
{
	int ok = got && strcmp(got, expected) == 0;

	result(ok, desc);
	if (!ok) {
		printf("# expected: '%s'\n", expected);
		printf("# got:      '%s'\n", got ? got : "(null)");
	}
}

static void expect_contains(const char *got, const char *needle,
			    const char *desc)
{
	int ok = got && strstr(got, needle);

	result(ok, desc);
	if (!ok) {
		printf("# expected to contain: '%s'\n", needle);
		printf("# got:                 '%s'\n", got ? got : "(null)");
	}
}

/* A new tep handle, or bail out. */
static struct tep_handle *new_tep_or_bail(void)
{
	struct tep_handle *tep = new_tep();

	if (!tep) {
		printf("Bail out! tep_alloc failed\n");
		exit(1);
	}
	return tep;
}

static int parse(struct tep_ctx *c, const char *buf, size_t len)
{
	const char *id = strstr(buf, "\nID: ");

	c->file_id = id ? atoi(id + 5) : -1;
	return tep_parse_format(c->tep, &c->event, buf, len, "pfstat");
}

/*
 * Set up one tep handle with one mm_pfstat format.  @load_first loads the
 * plugin before the format is parsed (libtraceevent then keeps the handler
 * pending until the event appears, as in trace-cmd), otherwise after.
 */
static int setup(struct tep_ctx *c, const char *buf, size_t len,
		 int load_first)
{
	memset(c, 0, sizeof(*c));
	c->tep = new_tep_or_bail();
	if (load_first)
		c->plugins = tep_load_plugins(c->tep);
	if (parse(c, buf, len))
		return -1;
	if (!load_first)
		c->plugins = tep_load_plugins(c->tep);
	return 0;
}

static int setup_file(struct tep_ctx *c, const char *path, int load_first)
{
	size_t len = 0;
	char *buf = read_whole_file(path, &len);
	int ret;

	if (!buf) {
		printf("Bail out! cannot read %s\n", path);
		exit(1);
	}
	ret = setup(c, buf, len, load_first);
	free(buf);
	return ret;
}

static void teardown(struct tep_ctx *c)
{
	if (c->plugins)
		tep_unload_plugins(c->plugins, c->tep);
	c->plugins = NULL;
	tep_free(c->tep);
}

static void put(struct tep_event *event, unsigned char *data, int len,
		const char *name, unsigned long long val)
{
	put_field(data, len, tep_find_any_field(event, name), val);
}

/* Size the kernel would give a record of @event: the fields, 4-aligned. */
static int full_size(struct tep_event *event)
{
	int common = fields_end(event->format.common_fields);
	int own = fields_end(event->format.fields);

	return ((common > own ? common : own) + 3) & ~3;
}

/*
 * Build a record from @v, cut it to @size bytes (0: full size) and return
 * what tep_print_event() prints for it, in a static buffer.
 */
static const char *print_sized(struct tep_ctx *c, const struct pf_values *v,
			       int size)
{
	static char out[1024];
	struct tep_record record;
	unsigned char data[256];
	struct trace_seq s;
	int len = full_size(c->event);

	if (len > (int)sizeof(data))
		return "(record too large for the test)";
	memset(data, 0, sizeof(data));
	put(c->event, data, len, "common_type", c->event->id);
	put(c->event, data, len, "common_pid", 4242);
	put(c->event, data, len, "address", v->address);
	put(c->event, data, len, "class", v->class);
	put(c->event, data, len, "classes", v->class);
	put(c->event, data, len, "flags", v->flags);
	put(c->event, data, len, "nr_pages", v->nr_pages);
	put(c->event, data, len, "major", v->major);

	memset(&record, 0, sizeof(record));
	record.data = data;
	record.size = size ? size : len;
	record.record_size = record.size;

	trace_seq_init(&s);
	tep_print_event(c->tep, &s, &record, "%s", TEP_PRINT_INFO);
	trace_seq_terminate(&s);
	snprintf(out, sizeof(out), "%s", s.buffer ? s.buffer : "");
	trace_seq_destroy(&s);
	return out;
}

static const char *print_rec(struct tep_ctx *c, const struct pf_values *v)
{
	return print_sized(c, v, 0);
}

/* What libtraceevent lists for "trace-cmd list -O", in a static buffer. */
static const char *option_listing(void)
{
	static char out[8192];
	struct trace_seq s;

	trace_seq_init(&s);
	tep_plugin_print_options(&s);
	trace_seq_terminate(&s);
	snprintf(out, sizeof(out), "%s", s.buffer ? s.buffer : "");
	trace_seq_destroy(&s);
	return out;
}

static const char *plugin_listing(struct tep_plugin_list *list)
{
	static char out[4096];
	struct trace_seq s;

	trace_seq_init(&s);
	tep_print_plugins(&s, "", "\n", list);
	trace_seq_terminate(&s);
	snprintf(out, sizeof(out), "%s", s.buffer ? s.buffer : "");
	trace_seq_destroy(&s);
	return out;
}

struct rec_case {
	const char		*desc;
	struct pf_values	v;
	const char		*expect;
};

/* Records of the current format (a mask of classes), default options. */
static const struct rec_case mask_cases[] = {
	{ "mask: one site, one class: stack_low",
	  { 0x7ffd1234f000, C_STACK, F_X86, 1, 0 },
	  "stack_low                                   addr=0x7ffd1234f000 flags=WRITE|ALLOW_RETRY|KILLABLE|USER|INTERRUPTIBLE|VMA_LOCK minor nr_pages=1" },
	{ "mask: transparent_hugepage_fault alone, nr_pages=512",
	  { 0x7f1200000000, C_THP, F_X86, 512, 0 },
	  "transparent_hugepage_fault                  addr=0x7f1200000000 flags=WRITE|ALLOW_RETRY|KILLABLE|USER|INTERRUPTIBLE|VMA_LOCK minor nr_pages=512" },
	{ "mask: anonymous_fault alone (the zero page)",
	  { 0x7f12344000, C_ANON, F_USER, 1, 0 },
	  "anonymous_fault                             addr=0x7f12344000 flags=USER minor nr_pages=1" },
	{ "mask: an anonymous write: anonymous_fault|fault_alloced_page",
	  { 0x7f12345000, C_ANON | C_ALLOC, F_WRITE | F_USER, 1, 0 },
	  "anonymous_fault|fault_alloced_page          addr=0x7f12345000 flags=WRITE|USER minor nr_pages=1" },
	{ "mask: file_fault alone, major",
	  { 0x55d0c0de1000, C_FILE, F_ALLOW_RETRY | F_KILLABLE | F_USER, 1, 1 },
	  "file_fault                                  addr=0x55d0c0de1000 flags=ALLOW_RETRY|KILLABLE|USER major nr_pages=1" },
	{ "mask: swapped_back alone, retried",
	  { 0x7f0000002000, C_SWAP, F_ALLOW_RETRY | F_TRIED | F_USER, 1, 1 },
	  "swapped_back                                addr=0x7f0000002000 flags=ALLOW_RETRY|TRIED|USER major nr_pages=1" },
	{ "mask: a write to a page shared copy-on-write: copy_on_write|fault_alloced_page",
	  { 0x7f0000003000, C_COW | C_ALLOC, F_WRITE | F_USER | F_VMA_LOCK, 1, 0 },
	  "copy_on_write|fault_alloced_page            addr=0x7f0000003000 flags=WRITE|USER|VMA_LOCK minor nr_pages=1" },
	{ "mask: first write to a private file page: the widest set fills the column",
	  { 0x55d0c0de2000, C_FILE | C_COW | C_ALLOC, F_X86, 1, 0 },
	  "file_fault|copy_on_write|fault_alloced_page addr=0x55d0c0de2000 flags=WRITE|ALLOW_RETRY|KILLABLE|USER|INTERRUPTIBLE|VMA_LOCK minor nr_pages=1" },
	{ "mask: fault_alloced_page alone, INSTRUCTION",
	  { 0x400000, C_ALLOC, F_INSTRUCTION | F_USER, 1, 0 },
	  "fault_alloced_page                          addr=0x400000 flags=USER|INSTRUCTION minor nr_pages=1" },
	{ "mask: the names are in class order, whatever the bits' order",
	  { 0x1000, C_ALLOC | C_COW | C_FILE, F_USER, 1, 0 },
	  "file_fault|copy_on_write|fault_alloced_page addr=0x1000 flags=USER minor nr_pages=1" },
	{ "mask: all seven classes: a set wider than the column pushes the line, one blank",
	  { 0x2000, 0x7f, F_USER, 1, 0 },
	  "stack_low|transparent_hugepage_fault|anonymous_fault|file_fault|swapped_back|copy_on_write|fault_alloced_page addr=0x2000 flags=USER minor nr_pages=1" },
	{ "mask: an unknown class bit after known names as a hex remainder",
	  { 0x3000, C_ANON | C_ALLOC | 0x80, F_USER, 1, 0 },
	  "anonymous_fault|fault_alloced_page|0x80     addr=0x3000 flags=USER minor nr_pages=1" },
	{ "mask: unknown class bits alone print as a number",
	  { 0x4000, 0x180, F_USER, 1, 0 },
	  "classes=0x180                               addr=0x4000 flags=USER minor nr_pages=1" },
	{ "mask: no class at all (mask 0) prints as a number",
	  { 0x5000, 0, F_USER, 1, 0 },
	  "classes=0x0                                 addr=0x5000 flags=USER minor nr_pages=1" },
	{ "mask: all 32 class bits, 64-bit address",
	  { 0xffffffffffffffffULL, 0xffffffff, F_USER, 1, 0 },
	  "stack_low|transparent_hugepage_fault|anonymous_fault|file_fault|swapped_back|copy_on_write|fault_alloced_page|0xffffff80 addr=0xffffffffffffffff flags=USER minor nr_pages=1" },
	{ "mask: flags 0 print as 0",
	  { 0x1000, C_ANON | C_ALLOC, 0, 1, 0 },
	  "anonymous_fault|fault_alloced_page          addr=0x1000 flags=0 minor nr_pages=1" },
	{ "mask: flags of a typical x86 write fault",
	  { 0x3000, C_ANON | C_ALLOC, F_X86, 1, 0 },
	  "anonymous_fault|fault_alloced_page          addr=0x3000 flags=WRITE|ALLOW_RETRY|KILLABLE|USER|INTERRUPTIBLE|VMA_LOCK minor nr_pages=1" },
	{ "mask: UNSHARE and ORIG_PTE_VALID are named",
	  { 0x4000, C_COW | C_ALLOC, F_UNSHARE | F_ORIG_PTE_VALID, 1, 0 },
	  "copy_on_write|fault_alloced_page            addr=0x4000 flags=UNSHARE|ORIG_PTE_VALID minor nr_pages=1" },
	{ "mask: unknown flag bits after known names as one hex remainder",
	  { 0x5000, C_COW | C_ALLOC, F_WRITE | F_USER | 0x6000, 1, 0 },
	  "copy_on_write|fault_alloced_page            addr=0x5000 flags=WRITE|USER|0x6000 minor nr_pages=1" },
	{ "mask: all 32 flag bits",
	  { 0x7000, C_ANON | C_ALLOC, 0xffffffff, 1, 0 },
	  "anonymous_fault|fault_alloced_page          addr=0x7000 flags=WRITE|MKWRITE|ALLOW_RETRY|RETRY_NOWAIT|KILLABLE|TRIED|USER|REMOTE|INSTRUCTION|INTERRUPTIBLE|UNSHARE|ORIG_PTE_VALID|VMA_LOCK|0xffffe000 minor nr_pages=1" },
	{ "mask: any non-zero major byte is major",
	  { 0x8000, C_FILE, F_USER, 1, 0xff },
	  "file_fault                                  addr=0x8000 flags=USER major nr_pages=1" },
};

/*
 * Records of the v2 format (one class number per event), default
 * options: printed exactly as before the mask.
 */
static const struct rec_case class_cases[] = {
	{ "class format: class 0 stack_low",
	  { 0x7ffd1234f000, 0, F_X86, 1, 0 },
	  "stack_low                  addr=0x7ffd1234f000 flags=WRITE|ALLOW_RETRY|KILLABLE|USER|INTERRUPTIBLE|VMA_LOCK minor nr_pages=1" },
	{ "class format: class 1 transparent_hugepage_fault, nr_pages=512",
	  { 0x7f1200000000, 1, F_X86, 512, 0 },
	  "transparent_hugepage_fault addr=0x7f1200000000 flags=WRITE|ALLOW_RETRY|KILLABLE|USER|INTERRUPTIBLE|VMA_LOCK minor nr_pages=512" },
	{ "class format: class 2 anonymous_fault, WRITE|USER",
	  { 0x7f12345000, 2, F_WRITE | F_USER, 1, 0 },
	  "anonymous_fault            addr=0x7f12345000 flags=WRITE|USER minor nr_pages=1" },
	{ "class format: class 3 file_fault, major",
	  { 0x55d0c0de1000, 3, F_ALLOW_RETRY | F_KILLABLE | F_USER, 1, 1 },
	  "file_fault                 addr=0x55d0c0de1000 flags=ALLOW_RETRY|KILLABLE|USER major nr_pages=1" },
	{ "class format: class 4 swapped_back, retried",
	  { 0x7f0000002000, 4, F_ALLOW_RETRY | F_TRIED | F_USER, 1, 1 },
	  "swapped_back               addr=0x7f0000002000 flags=ALLOW_RETRY|TRIED|USER major nr_pages=1" },
	{ "class format: class 5 copy_on_write",
	  { 0x7f0000003000, 5, F_WRITE | F_USER | F_VMA_LOCK, 1, 0 },
	  "copy_on_write              addr=0x7f0000003000 flags=WRITE|USER|VMA_LOCK minor nr_pages=1" },
	{ "class format: class 6 fault_alloced_page, INSTRUCTION",
	  { 0x400000, 6, F_INSTRUCTION | F_USER, 1, 0 },
	  "fault_alloced_page         addr=0x400000 flags=USER|INSTRUCTION minor nr_pages=1" },
	{ "class format: flags 0 print as 0",
	  { 0x1000, 2, 0, 1, 0 },
	  "anonymous_fault            addr=0x1000 flags=0 minor nr_pages=1" },
	{ "class format: flags WRITE|USER",
	  { 0x2000, 2, F_WRITE | F_USER, 1, 0 },
	  "anonymous_fault            addr=0x2000 flags=WRITE|USER minor nr_pages=1" },
	{ "class format: flags of a typical x86 write fault",
	  { 0x3000, 2, F_X86, 1, 0 },
	  "anonymous_fault            addr=0x3000 flags=WRITE|ALLOW_RETRY|KILLABLE|USER|INTERRUPTIBLE|VMA_LOCK minor nr_pages=1" },
	{ "class format: UNSHARE and ORIG_PTE_VALID are named",
	  { 0x4000, 5, F_UNSHARE | F_ORIG_PTE_VALID, 1, 0 },
	  "copy_on_write              addr=0x4000 flags=UNSHARE|ORIG_PTE_VALID minor nr_pages=1" },
	{ "class format: an unknown flag bit alone (0x2000) prints in hex",
	  { 0x4000, 5, 0x2000, 1, 0 },
	  "copy_on_write              addr=0x4000 flags=0x2000 minor nr_pages=1" },
	{ "class format: unknown bits after known names as one hex remainder",
	  { 0x5000, 5, F_WRITE | F_USER | 0x6000, 1, 0 },
	  "copy_on_write              addr=0x5000 flags=WRITE|USER|0x6000 minor nr_pages=1" },
	{ "class format: every FAULT_FLAG bit (0x1fff)",
	  { 0x6000, 2, 0x1fff, 1, 0 },
	  "anonymous_fault            addr=0x6000 flags=WRITE|MKWRITE|ALLOW_RETRY|RETRY_NOWAIT|KILLABLE|TRIED|USER|REMOTE|INSTRUCTION|INTERRUPTIBLE|UNSHARE|ORIG_PTE_VALID|VMA_LOCK minor nr_pages=1" },
	{ "class format: all 32 flag bits",
	  { 0x7000, 2, 0xffffffff, 1, 0 },
	  "anonymous_fault            addr=0x7000 flags=WRITE|MKWRITE|ALLOW_RETRY|RETRY_NOWAIT|KILLABLE|TRIED|USER|REMOTE|INSTRUCTION|INTERRUPTIBLE|UNSHARE|ORIG_PTE_VALID|VMA_LOCK|0xffffe000 minor nr_pages=1" },
	{ "class format: minor fault (major=0)",
	  { 0x8000, 3, F_USER, 1, 0 },
	  "file_fault                 addr=0x8000 flags=USER minor nr_pages=1" },
	{ "class format: major fault (major=1)",
	  { 0x8000, 3, F_USER, 1, 1 },
	  "file_fault                 addr=0x8000 flags=USER major nr_pages=1" },
	{ "class format: any non-zero major byte is major",
	  { 0x8000, 3, F_USER, 1, 0xff },
	  "file_fault                 addr=0x8000 flags=USER major nr_pages=1" },
	{ "class format: nr_pages=1",
	  { 0x9000, 6, F_USER, 1, 0 },
	  "fault_alloced_page         addr=0x9000 flags=USER minor nr_pages=1" },
	{ "class format: nr_pages=512",
	  { 0x7f1200200000, 1, F_USER, 512, 0 },
	  "transparent_hugepage_fault addr=0x7f1200200000 flags=USER minor nr_pages=512" },
	{ "class format: unknown class 7 (one past the end) prints as a number",
	  { 0xa000, 7, F_USER, 1, 0 },
	  "class=7                    addr=0xa000 flags=USER minor nr_pages=1" },
	{ "class format: unknown class 9 prints as a number",
	  { 0xa000, 9, F_USER, 1, 0 },
	  "class=9                    addr=0xa000 flags=USER minor nr_pages=1" },
	{ "class format: unknown class 0xffffffff prints as a number, 64-bit address",
	  { 0xffffffffffffffffULL, 0xffffffff, F_USER, 1, 0 },
	  "class=4294967295           addr=0xffffffffffffffff flags=USER minor nr_pages=1" },
};

/* renamed_class_format: the names of its print fmt, not ours. */
static const struct rec_case renamed_class_cases[] = {
	{ "renamed class format: the format's name of class 2",
	  { 0x7f12345000, 2, F_WRITE | F_USER, 1, 0 },
	  "anon                       addr=0x7f12345000 flags=W|U minor nr_pages=1" },
	{ "renamed class format: a class only the format knows, a flag given as 1 << 13",
	  { 0x1000, 7, F_WRITE | 0x2000, 1, 1 },
	  "new_class                  addr=0x1000 flags=W|NEW_FLAG major nr_pages=1" },
	{ "renamed class format: a class the format lacks prints as a number",
	  { 0x2000, 6, F_USER, 1, 0 },
	  "class=6                    addr=0x2000 flags=U minor nr_pages=1" },
	{ "renamed class format: flags the format lacks are hex, even if we know them",
	  { 0x3000, 0, F_ALLOW_RETRY | F_USER | F_VMA_LOCK, 1, 0 },
	  "stack_low                  addr=0x3000 flags=U|0x1004 minor nr_pages=1" },
	{ "renamed class format: flags 0 print as 0",
	  { 0x4000, 2, 0, 1, 0 },
	  "anon                       addr=0x4000 flags=0 minor nr_pages=1" },
};

/* plain_class_format: no __print_symbolic(), no __print_flags(): our tables. */
static const struct rec_case plain_class_cases[] = {
	{ "class format without symbols: class names from pfstat_classes.h",
	  { 0x7f12345000, 2, F_WRITE | F_USER, 1, 0 },
	  "anonymous_fault            addr=0x7f12345000 flags=WRITE|USER minor nr_pages=1" },
	{ "class format without symbols: the last class",
	  { 0x400000, 6, F_INSTRUCTION | F_USER, 1, 0 },
	  "fault_alloced_page         addr=0x400000 flags=USER|INSTRUCTION minor nr_pages=1" },
	{ "class format without symbols: our flag table, unknown bits in hex",
	  { 0x5000, 5, F_X86 | 0x6000, 1, 1 },
	  "copy_on_write              addr=0x5000 flags=WRITE|ALLOW_RETRY|KILLABLE|USER|INTERRUPTIBLE|VMA_LOCK|0x6000 major nr_pages=1" },
	{ "class format without symbols: a class past the table prints as a number",
	  { 0x6000, 7, F_USER, 1, 0 },
	  "class=7                    addr=0x6000 flags=USER minor nr_pages=1" },
};

/* renamed_classes_format: its names of the bits, not ours. */
static const struct rec_case renamed_classes_cases[] = {
	{ "renamed mask format: the format's name of bit 2, a bit only it knows (7)",
	  { 0x7f12345000, C_ANON | 0x80, F_WRITE | F_USER, 1, 0 },
	  "anon|new_class                              addr=0x7f12345000 flags=W|U minor nr_pages=1" },
	{ "renamed mask format: a bit the format lacks (6) is hex, even if we know it",
	  { 0x1000, C_ANON | C_ALLOC, F_WRITE | 0x2000, 1, 1 },
	  "anon|0x40                                   addr=0x1000 flags=W|NEW_FLAG major nr_pages=1" },
	{ "renamed mask format: only bits the format lacks print as a number",
	  { 0x2000, C_FILE | C_COW, F_USER, 1, 0 },
	  "classes=0x28                                addr=0x2000 flags=U minor nr_pages=1" },
	{ "renamed mask format: flags the format lacks are hex, even if we know them",
	  { 0x3000, C_STACK, F_ALLOW_RETRY | F_USER | F_VMA_LOCK, 1, 0 },
	  "stack_low                                   addr=0x3000 flags=U|0x1004 minor nr_pages=1" },
};

/* plain_classes_format: no __print_flags(): our tables. */
static const struct rec_case plain_classes_cases[] = {
	{ "mask format without symbols: class names from pfstat_classes.h, bit N for class N",
	  { 0x7f12345000, C_ANON | C_ALLOC, F_WRITE | F_USER, 1, 0 },
	  "anonymous_fault|fault_alloced_page          addr=0x7f12345000 flags=WRITE|USER minor nr_pages=1" },
	{ "mask format without symbols: the widest set",
	  { 0x5000, C_FILE | C_COW | C_ALLOC, F_X86 | 0x6000, 1, 1 },
	  "file_fault|copy_on_write|fault_alloced_page addr=0x5000 flags=WRITE|ALLOW_RETRY|KILLABLE|USER|INTERRUPTIBLE|VMA_LOCK|0x6000 major nr_pages=1" },
	{ "mask format without symbols: a bit past the list in hex",
	  { 0x6000, C_STACK | 0x80, F_USER, 1, 0 },
	  "stack_low|0x80                              addr=0x6000 flags=USER minor nr_pages=1" },
};

/* Print each case of @cases with @c; "(format did not parse)" if !@ok. */
static void expect_cases(struct tep_ctx *c, int ok,
			 const struct rec_case *cases, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		expect_str(ok ? print_rec(c, &cases[i].v) : "(format did not parse)",
			   cases[i].expect, cases[i].desc);
}

/* Tests in main() besides the tables of rec_case. */
#define NR_OTHER_TESTS	45

int main(int argc, char **argv)
{
	/* An anonymous write, in the current format and in the v2 format. */
	const struct pf_values anon = {
		0x7f12345000, C_ANON | C_ALLOC, F_WRITE | F_USER, 1, 0
	};
	const struct pf_values anon_class = {
		0x7f12345000, 2, F_WRITE | F_USER, 1, 0
	};
	/* The first write to a private file page; class 5, copy_on_write. */
	const struct pf_values cow = {
		0x7f0000003000, C_FILE | C_COW | C_ALLOC, F_X86, 1, 1
	};
	const struct pf_values cow_class = {
		0x7f0000003000, 5, F_X86, 1, 1
	};
	const char *plain_anon =
		"anonymous_fault|fault_alloced_page          addr=0x7f12345000 flags=WRITE|USER minor nr_pages=1";
	const char *plain_anon_class =
		"anonymous_fault            addr=0x7f12345000 flags=WRITE|USER minor nr_pages=1";
	const size_t plan = ARRAY_SIZE(mask_cases) + ARRAY_SIZE(class_cases) +
			    ARRAY_SIZE(renamed_class_cases) +
			    ARRAY_SIZE(renamed_classes_cases) +
			    ARRAY_SIZE(plain_class_cases) +
			    ARRAY_SIZE(plain_classes_cases) + NR_OTHER_TESTS;
	struct tep_ctx cur, cls, old, bad, other;
	const char *got;
	int ok, cls_ok;

	if (argc != 5) {
		fprintf(stderr,
			"usage: %s PLUGIN-DIR FORMAT CLASS-FORMAT OLD-FORMAT\n",
			argv[0]);
		return 2;
	}
	use_plugin_dir(argv[1]);

	printf("TAP version 13\n");
	printf("1..%zu\n", plan);

	/* -- loading ------------------------------------------------------ */
	ok = setup_file(&cur, argv[2], 1) == 0;
	result(ok, "the current format file parses");
	if (!ok) {
		printf("Bail out! cannot parse %s\n", argv[2]);
		return 1;
	}
	expect_contains(plugin_listing(cur.plugins), "/plugin_pfstat.so\n",
			"tep_load_plugins() loads plugin_pfstat.so from TRACEEVENT_PLUGIN_DIR");
	result(cur.event->id == cur.file_id && cur.file_id > 0 &&
	       !strcmp(cur.event->system, "pfstat") &&
	       !strcmp(cur.event->name, "mm_pfstat"),
	       "event pfstat:mm_pfstat has the ID of the format file");
	result(cur.event->handler != NULL,
	       "the handler is attached to an event parsed after loading");
	result(tep_find_field(cur.event, "classes") &&
	       !tep_find_field(cur.event, "class"),
	       "the current format has the mask 'classes', not 'class'");

	got = option_listing();
	ok = strstr(got, "plugin:\tpfstat\n  option:\traw\n") &&
	     strstr(got, "plugin:\tpfstat\n  option:\tnoflags\n");
	result(ok, "options pfstat:raw and pfstat:noflags are registered");
	if (!ok)
		printf("# got: '%s'\n", got);

	/* -- records of the current format --------------------------------- */
	expect_cases(&cur, 1, mask_cases, ARRAY_SIZE(mask_cases));

	/* -- records of the v2 format: as before the mask ------------------ */
	cls_ok = setup_file(&cls, argv[3], 1) == 0;
	result(cls_ok && cls.event->handler != NULL &&
	       cls.event->id == cls.file_id &&
	       tep_find_field(cls.event, "class") &&
	       !tep_find_field(cls.event, "classes"),
	       "the v2 format (one class number) parses, handler attached");
	expect_cases(&cls, cls_ok, class_cases, ARRAY_SIZE(class_cases));

	/* -- records the plugin cannot decode ------------------------------ */
	expect_str(print_sized(&cur, &anon, 20),
		   "[pfstat: truncated record, 20 bytes] address=0x7f12345000 classes=0x44 flags=? nr_pages=? major=?",
		   "a record cut after classes prints a truncation line, no overread");
	expect_str(print_sized(&cur, &anon, 18),
		   "[pfstat: truncated record, 18 bytes] address=0x7f12345000 classes=? flags=? nr_pages=? major=?",
		   "a record cut inside classes prints a truncation line");
	expect_str(print_sized(&cur, &anon, 12),
		   "[pfstat: truncated record, 12 bytes] address=? classes=? flags=? nr_pages=? major=?",
		   "a record cut inside address prints a truncation line");
	expect_str(print_sized(&cur, &anon, 28),
		   "[pfstat: truncated record, 28 bytes] address=0x7f12345000 classes=0x44 flags=0x41 nr_pages=0x1 major=?",
		   "a record one byte short (no major) is truncated too");
	expect_str(cls_ok ? print_sized(&cls, &anon_class, 20) : "(format did not parse)",
		   "[pfstat: truncated record, 20 bytes] address=0x7f12345000 class=0x2 flags=? nr_pages=? major=?",
		   "class format: a record cut after class prints a truncation line");

	/* -- options, set as "trace-cmd report -O" does --------------------- */
	tep_plugin_add_option("pfstat:raw", "1");
	expect_str(print_rec(&cur, &anon),
		   "classes=0x44                                addr=0x7f12345000 flags=0x41 minor nr_pages=1",
		   "option raw=1: classes and flags as numbers");
	expect_str(cls_ok ? print_rec(&cls, &anon_class) : "(format did not parse)",
		   "class=2                    addr=0x7f12345000 flags=0x41 minor nr_pages=1",
		   "option raw=1, class format: class and flags as numbers");
	tep_plugin_add_option("pfstat:noflags", "true");
	expect_str(print_rec(&cur, &cow),
		   "classes=0x68                                addr=0x7f0000003000 major nr_pages=1",
		   "options raw and noflags together");
	expect_str(cls_ok ? print_rec(&cls, &cow_class) : "(format did not parse)",
		   "class=5                    addr=0x7f0000003000 major nr_pages=1",
		   "options raw and noflags together, class format");
	tep_plugin_add_option("pfstat:raw", "0");
	expect_str(print_rec(&cur, &anon),
		   "anonymous_fault|fault_alloced_page          addr=0x7f12345000 minor nr_pages=1",
		   "option noflags=true: names, no flags");
	expect_str(cls_ok ? print_rec(&cls, &anon_class) : "(format did not parse)",
		   "anonymous_fault            addr=0x7f12345000 minor nr_pages=1",
		   "option noflags=true, class format: name, no flags");
	/* No value toggles a boolean option: "-O pfstat:noflags". */
	tep_plugin_add_option("pfstat:noflags", NULL);
	expect_str(print_rec(&cur, &anon), plain_anon,
		   "option given without a value toggles (noflags off again)");
	/*
	 * libtraceevent keeps every -O setting and applies it again to each
	 * later tep_plugin_add_options(): a stored toggle would flip noflags
	 * at the next load below, so store a plain value instead.
	 */
	tep_plugin_add_option("pfstat:noflags", "0");
	tep_plugin_add_option("raw", NULL);
	expect_str(print_rec(&cur, &anon),
		   "classes=0x44                                addr=0x7f12345000 flags=0x41 minor nr_pages=1",
		   "option named without the plugin prefix (raw) works too");
	tep_plugin_add_option("raw", "false");
	expect_str(print_rec(&cur, &anon), plain_anon,
		   "option raw=false restores names");
	expect_str(cls_ok ? print_rec(&cls, &anon_class) : "(format did not parse)",
		   plain_anon_class, "option raw=false restores the class name");

	/* -- an older format without flags, nr_pages and major -------------- */
	ok = setup_file(&old, argv[4], 0) == 0;
	result(ok && old.event->handler != NULL &&
	       old.event->id == old.file_id,
	       "the old format parses; handler attached to an event parsed before loading");
	if (ok) {
		expect_str(print_rec(&old, &anon_class),
			   "anonymous_fault            addr=0x7f12345000",
			   "old format: only class and address, nothing made up");
		expect_str(print_rec(&old, &(struct pf_values){ 0x1000, 9, 0, 0, 0 }),
			   "class=9                    addr=0x1000",
			   "old format: unknown class");
		tep_plugin_add_option("pfstat:raw", "1");
		expect_str(print_rec(&old, &anon_class),
			   "class=2                    addr=0x7f12345000",
			   "old format with option raw");
		tep_plugin_add_option("pfstat:raw", "0");
		teardown(&old);
	} else {
		result(0, "old format: only class and address, nothing made up");
		result(0, "old format: unknown class");
		result(0, "old format with option raw");
	}

	/* -- names from the format, or from our tables ---------------------- */
	ok = setup(&other, renamed_class_format, strlen(renamed_class_format), 0) == 0;
	result(ok && other.event->handler != NULL,
	       "a class format with other class and flag names parses, handler attached");
	expect_cases(&other, ok, renamed_class_cases,
		     ARRAY_SIZE(renamed_class_cases));
	tep_plugin_add_option("pfstat:raw", "1");
	expect_str(ok ? print_rec(&other, &anon_class) : "(format did not parse)",
		   "class=2                    addr=0x7f12345000 flags=0x41 minor nr_pages=1",
		   "renamed class format with option raw: numbers");
	tep_plugin_add_option("pfstat:raw", "0");
	tep_plugin_add_option("pfstat:noflags", "1");
	expect_str(ok ? print_rec(&other, &anon_class) : "(format did not parse)",
		   "anon                       addr=0x7f12345000 minor nr_pages=1",
		   "renamed class format with option noflags");
	tep_plugin_add_option("pfstat:noflags", "0");
	if (ok)
		teardown(&other);

	ok = setup(&other, renamed_classes_format,
		   strlen(renamed_classes_format), 1) == 0;
	result(ok && other.event->handler != NULL,
	       "a mask format with other class and flag names parses, handler attached");
	expect_cases(&other, ok, renamed_classes_cases,
		     ARRAY_SIZE(renamed_classes_cases));
	tep_plugin_add_option("pfstat:raw", "1");
	expect_str(ok ? print_rec(&other, &anon) : "(format did not parse)",
		   "classes=0x44                                addr=0x7f12345000 flags=0x41 minor nr_pages=1",
		   "renamed mask format with option raw: numbers");
	tep_plugin_add_option("pfstat:raw", "0");
	tep_plugin_add_option("pfstat:noflags", "1");
	expect_str(ok ? print_rec(&other, &anon) : "(format did not parse)",
		   "anon|0x40                                   addr=0x7f12345000 minor nr_pages=1",
		   "renamed mask format with option noflags");
	tep_plugin_add_option("pfstat:noflags", "0");
	if (ok)
		teardown(&other);

	ok = setup(&other, plain_class_format, strlen(plain_class_format), 1) == 0;
	result(ok && other.event->handler != NULL,
	       "a class format without __print_symbolic() and __print_flags() parses");
	expect_cases(&other, ok, plain_class_cases,
		     ARRAY_SIZE(plain_class_cases));
	tep_plugin_add_option("pfstat:raw", "1");
	tep_plugin_add_option("pfstat:noflags", "1");
	expect_str(ok ? print_rec(&other, &cow_class) : "(format did not parse)",
		   "class=5                    addr=0x7f0000003000 major nr_pages=1",
		   "class format without symbols, options raw and noflags");
	tep_plugin_add_option("pfstat:raw", "0");
	tep_plugin_add_option("pfstat:noflags", "0");
	if (ok)
		teardown(&other);

	ok = setup(&other, plain_classes_format, strlen(plain_classes_format), 0) == 0;
	result(ok && other.event->handler != NULL,
	       "a mask format without __print_flags() parses");
	expect_cases(&other, ok, plain_classes_cases,
		     ARRAY_SIZE(plain_classes_cases));
	tep_plugin_add_option("pfstat:raw", "1");
	tep_plugin_add_option("pfstat:noflags", "1");
	expect_str(ok ? print_rec(&other, &cow) : "(format did not parse)",
		   "classes=0x68                                addr=0x7f0000003000 major nr_pages=1",
		   "mask format without symbols, options raw and noflags");
	tep_plugin_add_option("pfstat:raw", "0");
	tep_plugin_add_option("pfstat:noflags", "0");
	/* The current formats' names again: nothing of the others stuck. */
	expect_str(print_rec(&cur, &anon), plain_anon,
		   "the current format still prints its own names");
	expect_str(cls_ok ? print_rec(&cls, &anon_class) : "(format did not parse)",
		   plain_anon_class, "the class format still prints its own names");
	if (ok)
		teardown(&other);

	/* -- a format without the required class field ---------------------- */
	ok = setup(&bad, no_class_format, strlen(no_class_format), 0) == 0;
	expect_str(ok ? print_rec(&bad, &anon) : "(format did not parse)",
		   "[pfstat: missing field, 16 bytes] address=0x7f12345000",
		   "a format without classes or class gets a clear line, not a crash");
	if (ok)
		teardown(&bad);

	/* -- unloading ------------------------------------------------------ */
	if (cls_ok) {
		tep_unload_plugins(cls.plugins, cls.tep);
		cls.plugins = NULL;
		got = print_rec(&cls, &anon_class);
	} else {
		got = "(format did not parse)";
	}
	expect_str(got,
		   "address=0x7f12345000 class=anonymous_fault flags=WRITE|USER nr_pages=1 minor",
		   "class format, after unloading: exactly the kernel's line");
	if (cls_ok)
		teardown(&cls);
	/* The other handles are gone: only cur's registration remains. */
	tep_unload_plugins(cur.plugins, cur.tep);
	cur.plugins = NULL;
	result(cur.event->handler == NULL, "the unloader detaches the handler");
	got = print_rec(&cur, &anon);
	expect_contains(got, "classes=anonymous_fault|fault_alloced_page",
			"after unloading, the kernel's print fmt is used again");
	expect_str(got,
		   "address=0x7f12345000 classes=anonymous_fault|fault_alloced_page flags=WRITE|USER nr_pages=1 minor",
		   "... and libtraceevent prints exactly the kernel's line");
	got = option_listing();
	result(!strstr(got, "pfstat"),
	       "the unloader removes the options");
	if (strstr(got, "pfstat"))
		printf("# got: '%s'\n", got);

	cur.plugins = tep_load_plugins(cur.tep);
	expect_str(print_rec(&cur, &anon), plain_anon,
		   "loading the plugin again into the same handle works");
	teardown(&cur);

	if (tests_run != (int)plan) {
		printf("not ok %d - the plan matches the tests run (%d)\n",
		       tests_run + 1, tests_run);
		return 1;
	}
	return tests_failed ? 1 : 0;
}
