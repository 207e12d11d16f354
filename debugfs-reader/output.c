// SPDX-License-Identifier: GPL-2.0
/*
 * Tables: aligned columns for people, CSV, JSON and the Prometheus text
 * format for programs.  Every subcommand builds a struct table of
 * strings, so the formats always carry the same columns under the same
 * (stable) names.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "pfstat.h"

#define COL_GAP	"  "

void table_init(struct table *t)
{
	memset(t, 0, sizeof(*t));
}

void table_col(struct table *t, const char *name, bool numeric)
{
	int i = t->ncols++;

	/* A bug in the caller, not in the input; rows have ncols cells. */
	if (i >= TABLE_MAX_COLS || t->cell)
		abort();
	t->name[i] = name;
	t->numeric[i] = numeric;
	if (t->width[i] < (int)strlen(name))
		t->width[i] = strlen(name);
}

/*
 * Make column @col a label of the Prometheus format, called @label; the
 * columns that are neither a label nor a class are left out of it.
 */
void table_label(struct table *t, int col, const char *label)
{
	t->label[col] = label;
}

/*
 * Column @col is one the running kernel does not have: whatever its cells
 * hold, it says so (NOT_SUPPORTED) rather than show a number.
 */
void table_unsupported(struct table *t, int col)
{
	t->unsupported[col] = true;
	if (t->width[col] < (int)strlen(NOT_SUPPORTED))
		t->width[col] = strlen(NOT_SUPPORTED);
}

/* Add an empty row, return its index. */
int table_row(struct table *t)
{
	int i, row = t->nrows;

	if (row == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 8;
		t->cell = xrealloc(t->cell,
				   sizeof(char *) * t->cap * t->ncols);
	}
	for (i = 0; i < t->ncols; i++)
		t->cell[row * t->ncols + i] = NULL;
	t->nrows++;
	return row;
}

void table_set(struct table *t, int row, int col, const char *fmt, ...)
{
	char **cell = &t->cell[row * t->ncols + col];
	va_list ap;
	int len;

	free(*cell);
	va_start(ap, fmt);
	len = vasprintf(cell, fmt, ap);
	va_end(ap);
	if (len < 0)
		no_memory();
	if (t->width[col] < len)
		t->width[col] = len;
}

/* A cell as data: "" in a column the kernel does not have. */
static const char *cell(const struct table *t, int row, int col)
{
	const char *s = t->cell[row * t->ncols + col];

	return s && !t->unsupported[col] ? s : "";
}

/* A cell for people: NOT_SUPPORTED in a column the kernel does not have. */
static const char *text_cell(const struct table *t, int row, int col)
{
	return t->unsupported[col] ? NOT_SUPPORTED : cell(t, row, col);
}

/* One padded field; the last one of a line gets no trailing blanks. */
static void put_field(FILE *f, const char *s, int width, bool right,
		      bool last)
{
	if (right)
		fprintf(f, "%*s", width, s);
	else if (last)
		fputs(s, f);
	else
		fprintf(f, "%-*s", width, s);
	if (!last)
		fputs(COL_GAP, f);
}

static void text_header(const struct table *t, FILE *f)
{
	int i;

	for (i = 0; i < t->ncols; i++)
		put_field(f, t->name[i], t->width[i], t->numeric[i],
			  i == t->ncols - 1);
	fputc('\n', f);
}

static void text_row(const struct table *t, int row, FILE *f)
{
	int i;

	for (i = 0; i < t->ncols; i++)
		put_field(f, text_cell(t, row, i), t->width[i], t->numeric[i],
			  i == t->ncols - 1);
	fputc('\n', f);
}

/* RFC 4180: quote a field only when it holds a separator or a quote. */
static void csv_field(FILE *f, const char *s)
{
	if (!s[strcspn(s, ",\"\r\n")]) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static void csv_line(const struct table *t, int row, FILE *f)
{
	int i;

	for (i = 0; i < t->ncols; i++) {
		if (i)
			fputc(',', f);
		csv_field(f, row < 0 ? t->name[i] : cell(t, row, i));
	}
	fputc('\n', f);
}

static void json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void json_object(const struct table *t, int row, FILE *f)
{
	int i;

	fputc('{', f);
	for (i = 0; i < t->ncols; i++) {
		if (i)
			fputs(", ", f);
		json_string(f, t->name[i]);
		fputs(": ", f);
		if (t->unsupported[i])
			fputs("null", f);
		else if (t->numeric[i] && *cell(t, row, i))
			fputs(cell(t, row, i), f);
		else
			json_string(f, cell(t, row, i));
	}
	fputc('}', f);
}

/* All rows: a JSON array of objects, one per line. */
static void json_array(const struct table *t, FILE *f)
{
	int row;

	if (!t->nrows) {
		fputs("[]\n", f);
		return;
	}
	fputs("[\n", f);
	for (row = 0; row < t->nrows; row++) {
		fputs("  ", f);
		json_object(t, row, f);
		fputs(row == t->nrows - 1 ? "\n" : ",\n", f);
	}
	fputs("]\n", f);
}

/*
 * The length of the UTF-8 sequence at @s, or 0 when there is none there:
 * a stray byte, an overlong form, a surrogate or more than U+10FFFF,
 * which Go's utf8.ValidString, and so Prometheus, refuse as well.
 */
static int utf8_len(const unsigned char *s)
{
	unsigned int cp, min;
	int i, n;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		cp = s[0] & 0x1f;
		min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 3;
		cp = s[0] & 0x0f;
		min = 0x800;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		cp = s[0] & 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)	/* the NUL at the end too */
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

/*
 * A label value of the Prometheus text format: backslash, double quote
 * and newline escaped.  A comm is any 15 bytes, but the format is UTF-8
 * and node_exporter drops a whole file for one invalid label value, so
 * each byte that is no UTF-8 becomes U+FFFD, the replacement character.
 */
static void prom_label_value(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int n;

	while (*p) {
		n = utf8_len(p);
		if (*p == '\\' || *p == '"')
			fprintf(f, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", f);
		else if (n)
			fwrite(p, 1, n, f);
		else
			fputs("\xef\xbf\xbd", f);
		p += n ? n : 1;
	}
}

/*
 * The Prometheus text format, for node_exporter's textfile collector: a
 * counter pfstat_NAME_total per counter column (HELP and TYPE, then one
 * sample per row), the labels from the columns table_label() named.  A
 * counter the kernel does not have is left out: no series is what
 * Prometheus makes of "unknown", a 0 would be a count.
 */
static void prom_print(const struct table *t, FILE *f)
{
	const char *name;
	char help[128];
	int i, j, nr, row;
	bool first;

	for (i = 0; i < t->ncols; i++) {
		name = t->name[i];
		nr = pfstat_counter_index(name);
		if (nr < 0 || t->unsupported[i])
			continue;
		fprintf(f, "# HELP pfstat_%s_total %s\n", name,
			counter_help(nr, help, sizeof(help)));
		fprintf(f, "# TYPE pfstat_%s_total counter\n", name);
		for (row = 0; row < t->nrows; row++) {
			fprintf(f, "pfstat_%s_total", name);
			first = true;
			for (j = 0; j < t->ncols; j++) {
				if (!t->label[j])
					continue;
				fprintf(f, "%s%s=\"", first ? "{" : ",",
					t->label[j]);
				prom_label_value(f, cell(t, row, j));
				fputc('"', f);
				first = false;
			}
			fprintf(f, "%s %s\n", first ? "" : "}",
				cell(t, row, i));
		}
	}
}

void table_print(const struct table *t, enum out_fmt fmt, FILE *f)
{
	int row;

	switch (fmt) {
	case OUT_TABLE:
		text_header(t, f);
		for (row = 0; row < t->nrows; row++)
			text_row(t, row, f);
		break;
	case OUT_CSV:
		csv_line(t, -1, f);
		for (row = 0; row < t->nrows; row++)
			csv_line(t, row, f);
		break;
	case OUT_JSON:
		json_array(t, f);
		break;
	case OUT_PROM:
		prom_print(t, f);
		break;
	}
}

/*
 * A one-row table.  People get it turned on its side, one "name value"
 * line per column, because a report of twelve values does not fit on one
 * line; programs get one CSV record or one JSON object.
 */
void table_print_one(const struct table *t, enum out_fmt fmt, FILE *f)
{
	int i, nw = 0, vw = 0;

	if (fmt == OUT_CSV || fmt == OUT_PROM) {
		table_print(t, fmt, f);
		return;
	}
	if (fmt == OUT_JSON) {
		json_object(t, 0, f);
		fputc('\n', f);
		return;
	}
	for (i = 0; i < t->ncols; i++) {
		if (nw < (int)strlen(t->name[i]))
			nw = strlen(t->name[i]);
		if (vw < (int)strlen(text_cell(t, 0, i)))
			vw = strlen(text_cell(t, 0, i));
	}
	for (i = 0; i < t->ncols; i++) {
		put_field(f, t->name[i], nw, false, false);
		put_field(f, text_cell(t, 0, i), vw, t->numeric[i], true);
		fputc('\n', f);
	}
}

/*
 * Print the rows gathered since the last call and forget them, for output
 * that goes on row after row (watch, read): the header first when
 * @header, then the rows; table_stream_end() ends it.  The column widths
 * must be set beforehand: rows printed earlier cannot be realigned.  The
 * caller flushes @f.  JSON is the array of table_print(), opened by the
 * header and closed by table_stream_end(); Prometheus is not streamed.
 */
void table_stream(struct table *t, enum out_fmt fmt, bool header, FILE *f)
{
	int row;

	if (header) {
		if (fmt == OUT_CSV)
			csv_line(t, -1, f);
		else if (fmt == OUT_JSON)
			fputc('[', f);
		else
			text_header(t, f);
		t->streamed = 0;
	}
	for (row = 0; row < t->nrows; row++) {
		if (fmt == OUT_CSV) {
			csv_line(t, row, f);
		} else if (fmt == OUT_JSON) {
			fputs(t->streamed ? ",\n  " : "\n  ", f);
			json_object(t, row, f);
		} else {
			text_row(t, row, f);
		}
		t->streamed++;
	}
	table_clear_rows(t);
}

/* The end of what table_stream() printed: JSON's closing bracket. */
void table_stream_end(const struct table *t, enum out_fmt fmt, FILE *f)
{
	if (fmt == OUT_JSON)
		fputs(t->streamed ? "\n]\n" : "]\n", f);
}

void table_clear_rows(struct table *t)
{
	int i;

	for (i = 0; i < t->nrows * t->ncols; i++) {
		free(t->cell[i]);
		t->cell[i] = NULL;
	}
	t->nrows = 0;
}

void table_free(struct table *t)
{
	table_clear_rows(t);
	free(t->cell);
	t->cell = NULL;
	t->cap = 0;
}
