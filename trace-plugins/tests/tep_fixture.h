/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * What the plugin's unit tests (plugin_pfstat_test.c) and its fuzzer
 * (plugin_pfstat_fuzz.c) share: loading only the plugin under test, a
 * tep handle that reads records as the guest writes them, format files,
 * and records built field by field.
 */
#ifndef TEP_FIXTURE_H
#define TEP_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>

#include "event-parse.h"
#include "trace-seq.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/*
 * Make tep_load_plugins() load exactly the plugin under test, from @dir:
 * TRACEEVENT_PLUGIN_DIR is what trace-cmd honours too; without HOME,
 * libtraceevent skips ~/.local/lib/traceevent/plugins, where "make
 * install" may have put an older copy that would override this one.
 */
static inline void use_plugin_dir(const char *dir)
{
	setenv("TRACEEVENT_PLUGIN_DIR", dir, 1);
	unsetenv("HOME");
}

/* The whole file, NUL-terminated, its length in *@len; NULL on error. */
static inline char *read_whole_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	long size = -1;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0)
		size = ftell(f);
	if (size >= 0 && fseek(f, 0, SEEK_SET) == 0)
		buf = malloc(size + 1);
	if (buf) {
		*len = fread(buf, 1, size, f);
		buf[*len] = '\0';
	}
	fclose(f);
	return buf;
}

/*
 * A tep handle for the guest's records, x86_64: 8-byte longs,
 * little-endian.  It loads only our plugin, not the distribution's.
 * NULL if it cannot be allocated.
 */
static inline struct tep_handle *new_tep(void)
{
	struct tep_handle *tep = tep_alloc();

	if (!tep)
		return NULL;
	tep_set_long_size(tep, 8);
	tep_set_file_bigendian(tep, TEP_LITTLE_ENDIAN);
	tep_set_flag(tep, TEP_DISABLE_SYS_PLUGINS);
	return tep;
}

/* Where the last of field @f and those after it ends. */
static inline int fields_end(const struct tep_format_field *f)
{
	int end = 0;

	for (; f; f = f->next)
		if (f->offset + f->size > end)
			end = f->offset + f->size;
	return end;
}

/* Store @val little-endian in @field of the @len bytes at @data, if it fits. */
static inline void put_field(unsigned char *data, int len,
			     const struct tep_format_field *field,
			     unsigned long long val)
{
	int i;

	if (!field || field->offset + field->size > len)
		return;
	for (i = 0; i < field->size; i++)
		data[field->offset + i] = (unsigned char)(val >> (8 * i));
}

#endif /* TEP_FIXTURE_H */
