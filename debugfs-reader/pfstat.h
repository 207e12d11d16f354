/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pfstat - what the subcommands of the pfstat tool share.
 */
#ifndef PFSTAT_H
#define PFSTAT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#ifndef PFSTAT_VERSION
#define PFSTAT_VERSION "unknown"
#endif

#define EXIT_USAGE	2

/* Enum order = struct pfstat order = the tracepoint's class value. */
#define NR_CLASSES	7
extern const char *const class_names[NR_CLASSES];

struct counts {
	uint64_t val[NR_CLASSES];
};

struct pfstat;
void counts_from_pfstat(struct counts *c, const struct pfstat *ps);
int class_index(const char *name);

/* output.c: one table, printed for people, as CSV or as JSON. */
enum out_fmt { OUT_TABLE, OUT_CSV, OUT_JSON };

#define TABLE_MAX_COLS	16

struct table {
	int ncols;
	const char *name[TABLE_MAX_COLS];
	bool numeric[TABLE_MAX_COLS];	/* right-aligned, bare in JSON */
	int width[TABLE_MAX_COLS];
	int nrows;
	int cap;
	char **cell;			/* nrows * ncols strings */
};

void table_init(struct table *t);
void table_col(struct table *t, const char *name, bool numeric);
void table_count_cols(struct table *t);
int table_row(struct table *t);
void table_set(struct table *t, int row, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void table_set_counts(struct table *t, int row, int col,
		      const struct counts *c);
void table_print(const struct table *t, enum out_fmt fmt, FILE *f);
void table_print_one(const struct table *t, enum out_fmt fmt, FILE *f);
void table_stream(struct table *t, enum out_fmt fmt, bool header, FILE *f);
void table_clear_rows(struct table *t);
void table_free(struct table *t);

/* args.c: command-line helpers shared by the subcommands. */
struct subcmd {
	const char *name;
	const char *synopsis;	/* "[OPTIONS] PID", after "pfstat NAME " */
	const char *help;	/* what it does and its options */
};

bool parse_pid(const char *s, pid_t *pid);
bool parse_uint(const char *s, unsigned long min, unsigned long max,
		unsigned long *val);
int usage_error(const struct subcmd *sc, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int option_error(const struct subcmd *sc, int c, char **argv);
int print_help(const struct subcmd *sc);
int parse_pids(const struct subcmd *sc, int argc, char **argv,
	       pid_t **pids);
void *xmalloc(size_t size);
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);
void warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* errors.c: messages that say what failed, why, and what to do. */
int pfstat_require(void);
void syscall_perror(pid_t pid, int err);
void debugfs_perror(const char *path, int err, pid_t tid);

/* debugfs.c */
const char *debugfs_root(void);
int debugfs_check_root(void);
void debugfs_path(char *buf, size_t size, pid_t tid, const char *file);
char *debugfs_slurp(const char *path, int *err);
int debugfs_read_stat(const char *path, struct counts *c);
int debugfs_read_tasks(const char *path, struct table *t);
int debugfs_comm(pid_t tid, char *comm, size_t size);
int debugfs_control(const char *line);

/* The subcommands. */
int cmd_run(int argc, char **argv);
int cmd_read(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_enable(int argc, char **argv);
int cmd_disable(int argc, char **argv);
int cmd_watch(int argc, char **argv);
int cmd_frames(int argc, char **argv);
int cmd_timeline(int argc, char **argv);

#endif /* PFSTAT_H */
