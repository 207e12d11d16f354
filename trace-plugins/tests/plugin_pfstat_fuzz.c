// SPDX-License-Identifier: LGPL-2.1
/*
 * Fuzz pass for plugin_pfstat.so: many records of random bytes and random
 * lengths, printed through the plugin's handler.
 *
 * Built with -fsanitize=address,undefined and loading an instrumented
 * build of the plugin, so a bad access in the plugin stops the run.
 * libtraceevent itself is not instrumented, so each record also ends
 * exactly at a PROT_NONE guard page: reading one byte past the record,
 * in the plugin or in the library, is a SIGSEGV.
 *
 * Besides "no crash", every line is checked for its shape: one line, and
 * for a record long enough to hold all fields, the class column the
 * record's classes (a mask) or class (a number, older formats) call for;
 * for a shorter one, the truncation line.
 *
 * Usage: plugin_pfstat_fuzz PLUGIN-DIR RECORDS FORMAT...
 * The seed is fixed (PFSTAT_FUZZ_SEED in the environment overrides it), so
 * a failure reproduces.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

#include "event-parse.h"
#include "trace-seq.h"

#include "pfstat_classes.h"
#include "tep_fixture.h"

#define MAX_FORMATS	8
#define MAX_PAYLOAD	64	/* random bytes after the common header */
#define MAX_REPORTS	5	/* bad lines shown in full */

struct fuzz_event {
	struct tep_handle	*tep;
	struct tep_event	*event;
	struct tep_plugin_list	*plugins;
	int			header;	/* end of the common fields */
	int			need;	/* end of the event's own fields */
};

static unsigned long long rng_state;

/* xorshift64*: small, fast and the same on every machine. */
static unsigned long long rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

static int setup(struct fuzz_event *fe, const char *path)
{
	size_t len = 0;
	char *buf = read_whole_file(path, &len);
	int ret;

	if (!buf)
		return -1;
	fe->tep = new_tep();
	if (!fe->tep) {
		free(buf);
		return -1;
	}
	fe->plugins = tep_load_plugins(fe->tep);
	ret = tep_parse_format(fe->tep, &fe->event, buf, len, "pfstat");
	free(buf);
	if (ret || !fe->event->handler)
		return -1;
	fe->header = fields_end(fe->event->format.common_fields);
	fe->need = fields_end(fe->event->format.fields);
	return 0;
}

static unsigned long long get(const unsigned char *data,
			      struct tep_format_field *f)
{
	unsigned long long val = 0;
	int i;

	for (i = f->size - 1; i >= 0; i--)
		val = val << 8 | data[f->offset + i];
	return val;
}

/*
 * The class column a mask of classes calls for, then a blank: the names
 * of its bits in class order joined with '|' and a hex remainder, or
 * "classes=0x..." when no bit has a name or with option raw.
 */
static void want_classes(char *want, size_t size, unsigned long long c,
			 int raw)
{
	unsigned long long rest = c;
	size_t len = 0;
	int i;

	want[0] = '\0';
	for (i = 0; !raw && i < PFSTAT_NR_CLASSES; i++) {
		if (!(c & (1ULL << i)))
			continue;
		len += snprintf(want + len, size - len, "%s%s",
				len ? "|" : "", pfstat_class_names[i]);
		rest &= ~(1ULL << i);
	}
	if (!len)
		snprintf(want, size, "classes=0x%llx ", c);
	else if (rest)
		snprintf(want + len, size - len, "|0x%llx ", rest);
	else
		snprintf(want + len, size - len, " ");
}

/* Returns NULL if @line has the shape the record calls for. */
static const char *check_line(struct fuzz_event *fe, const char *line,
			      const unsigned char *data, int size, int raw)
{
	struct tep_format_field *classes = tep_find_field(fe->event, "classes");
	struct tep_format_field *class = tep_find_field(fe->event, "class");
	unsigned long long c;
	char want[256];

	if (!*line)
		return "empty line";
	if (strchr(line, '\n'))
		return "more than one line";
	if (size < fe->need)
		return strncmp(line, "[pfstat: truncated record, ", 27) ?
			"short record without a truncation line" : NULL;
	/* The fuzzed formats name the classes as pfstat_classes.h does. */
	if (classes) {
		want_classes(want, sizeof(want), get(data, classes), raw);
	} else if (class) {
		c = get(data, class);
		if (!raw && c < PFSTAT_NR_CLASSES)
			snprintf(want, sizeof(want), "%s ",
				 pfstat_class_names[c]);
		else
			snprintf(want, sizeof(want), "class=%llu ", c);
	} else {
		return "format without classes or class";
	}
	if (strncmp(line, want, strlen(want)))
		return "wrong class column";
	if (!strstr(line, " addr=0x"))
		return "no address";
	return NULL;
}

int main(int argc, char **argv)
{
	struct fuzz_event fe[MAX_FORMATS];
	long page = sysconf(_SC_PAGESIZE);
	unsigned long records, n, bad = 0;
	int nfmt = 0, raw = 0, noflags = 0;
	const char *seed_env;
	unsigned char *area;
	int i;

	if (argc < 4 || argc - 3 > MAX_FORMATS) {
		fprintf(stderr, "usage: %s PLUGIN-DIR RECORDS FORMAT...\n",
			argv[0]);
		return 2;
	}
	records = strtoul(argv[2], NULL, 0);
	seed_env = getenv("PFSTAT_FUZZ_SEED");
	rng_state = seed_env ? strtoull(seed_env, NULL, 0) : 0x9f5eed2024ULL;
	if (!rng_state)
		rng_state = 1;

	use_plugin_dir(argv[1]);

	printf("TAP version 13\n1..1\n");
	fflush(stdout);

	for (i = 3; i < argc; i++, nfmt++) {
		if (setup(&fe[nfmt], argv[i])) {
			printf("not ok 1 - cannot set up %s with the plugin\n",
			       argv[i]);
			return 1;
		}
	}

	/* Two pages: records end where the second, inaccessible, begins. */
	area = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (area == MAP_FAILED || mprotect(area + page, page, PROT_NONE)) {
		printf("not ok 1 - cannot map the guard page\n");
		return 1;
	}

	for (n = 0; n < records; n++) {
		struct fuzz_event *f = &fe[rnd() % nfmt];
		int size = f->header + rnd() % (MAX_PAYLOAD + 1);
		unsigned char *data = area + page - size;
		struct tep_record record;
		struct trace_seq s;
		const char *why;
		int j;

		/* Now and then flip the options, as -O would. */
		if (n % 997 == 0) {
			raw = rnd() & 1;
			noflags = rnd() & 1;
			tep_plugin_add_option("pfstat:raw", raw ? "1" : "0");
			tep_plugin_add_option("pfstat:noflags",
					      noflags ? "1" : "0");
		}

		for (j = 0; j < size; j++)
			data[j] = rnd();
		put_field(data, size, tep_find_common_field(f->event, "common_type"),
		    f->event->id);
		/* Half the time, values a kernel could produce. */
		if (rnd() & 1) {
			put_field(data, size, tep_find_field(f->event, "class"),
			    rnd() % 10);
			/* Mostly the known bits, now and then a newer one. */
			put_field(data, size, tep_find_field(f->event, "classes"),
			    rnd() & (rnd() % 8 ? 0x7f : 0x3ff));
			put_field(data, size, tep_find_field(f->event, "flags"),
			    rnd() & 0x1fff);
			put_field(data, size, tep_find_field(f->event, "nr_pages"),
			    rnd() & 1 ? 1 : 512);
			put_field(data, size, tep_find_field(f->event, "major"),
			    rnd() & 1);
		}

		memset(&record, 0, sizeof(record));
		record.data = data;
		record.size = size;
		record.record_size = size;
		record.cpu = rnd() % 2;

		trace_seq_init(&s);
		tep_print_event(f->tep, &s, &record, "%s", TEP_PRINT_INFO);
		trace_seq_terminate(&s);
		why = s.state != TRACE_SEQ__GOOD ? "trace_seq failed" :
		      check_line(f, s.buffer, data, size, raw);
		if (why && ++bad <= MAX_REPORTS)
			printf("# record %lu (%d bytes): %s: '%s'\n",
			       n, size, why, s.buffer);
		trace_seq_destroy(&s);
	}

	munmap(area, 2 * page);
	for (i = 0; i < nfmt; i++) {
		tep_unload_plugins(fe[i].plugins, fe[i].tep);
		tep_free(fe[i].tep);
	}

	printf("%sok 1 - %lu random records, no crash", bad ? "not " : "",
	       records);
	if (bad)
		printf(" (%lu lines of the wrong shape)", bad);
	printf("\n");
	return bad ? 1 : 0;
}
