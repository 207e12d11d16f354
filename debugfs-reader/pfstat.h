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

#include "pfstat_classes.h"

/*
 * The tool shows faults and unclassified beside the classes, whatever the
 * running kernel: it needs the struct that has them.  pfstat_syscall.h's
 * own copy has; an installed <linux/pfstat.h> older than that hides it.
 */
#ifndef PFSTAT_SIZE_VER1
#error "<linux/pfstat.h> predates PFSTAT_SIZE_VER1: use newer uapi headers (CPPFLAGS=-isystem DIR/include), or none"
#endif

#ifndef PFSTAT_VERSION
#define PFSTAT_VERSION "unknown"
#endif

/* Exit statuses: 0 ok, 1 a runtime error, and these. */
#define EXIT_USAGE		2
/*
 * "pfstat run" exits with CMD's status, so that it can stand in for CMD
 * in a script; its own failures then take the statuses env(1) and
 * timeout(1) use for theirs, rather than 1 or 2, which commands return
 * all the time: 125 pfstat failed (a usage error of run included), 126
 * CMD was found but could not be executed, 127 CMD was not found.  A CMD
 * killed by signal N makes it 128 + N, as the shells report it.
 */
#define EXIT_RUN_FAILED		125
#define EXIT_CANNOT_EXEC	126
#define EXIT_NOT_FOUND		127
#define EXIT_SIGNAL_BASE	128

/* A number as a string literal, for help texts: STR(EXIT_USAGE) is "2". */
#define STR_(x)		#x
#define STR(x)		STR_(x)

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/*
 * classes.c: the counters of pfstat_classes.h, the classes, then the
 * fault counts (faults, unclassified).  A kernel before PFSTAT_SIZE_VER1
 * has no fault counts: its zeros are no counts, and they are shown as
 * not supported, never as 0.
 */
struct counts {
	uint64_t val[PFSTAT_NR_COUNTERS];	/* by counter number */
	bool fault_counts;	/* val[] has the fault counts */
};

/* The fault counts' numbers, by name: val[COUNTER_faults], ... */
#define PFSTAT_COUNTER_NR(nr, name)	COUNTER_##name = nr,
enum { PFSTAT_FAULT_COUNTS(PFSTAT_COUNTER_NR) };
#undef PFSTAT_COUNTER_NR

void counts_from_pfstat(struct counts *c, const struct pfstat *ps,
			bool fault_counts);
void counts_add(struct counts *sum, const struct counts *c);
const char *counter_help(int nr, char *buf, size_t size);

/*
 * output.c: one table, printed for people, as CSV, as JSON, or as the
 * Prometheus text format (a counter per class, a sample per row).
 */
enum out_fmt { OUT_TABLE, OUT_CSV, OUT_JSON, OUT_PROM };

#define TABLE_MAX_COLS	24

/* A column the kernel does not have, for people. */
#define NOT_SUPPORTED	"<not supported>"

struct table {
	int ncols;
	const char *name[TABLE_MAX_COLS];
	bool numeric[TABLE_MAX_COLS];	/* right-aligned, bare in JSON */
	int width[TABLE_MAX_COLS];
	const char *label[TABLE_MAX_COLS];	/* its Prometheus label, or NULL */
	/*
	 * Not supported by the running kernel: NOT_SUPPORTED in a table,
	 * empty in CSV, null in JSON, left out of the Prometheus format.
	 */
	bool unsupported[TABLE_MAX_COLS];
	int nrows;
	int cap;
	char **cell;			/* nrows * ncols strings */
	int streamed;			/* rows table_stream() printed */
};

void table_init(struct table *t);
void table_col(struct table *t, const char *name, bool numeric);
void table_label(struct table *t, int col, const char *label);
void table_unsupported(struct table *t, int col);
void table_class_cols(struct table *t);
void table_count_cols(struct table *t);
int table_row(struct table *t);
void table_set(struct table *t, int row, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void table_set_classes(struct table *t, int row, int col,
		       const struct counts *c);
void table_set_counts(struct table *t, int row, int col,
		      const struct counts *c);
void table_no_fault_counts(struct table *t, int col);
void table_print(const struct table *t, enum out_fmt fmt, FILE *f);
void table_print_one(const struct table *t, enum out_fmt fmt, FILE *f);
void table_stream(struct table *t, enum out_fmt fmt, bool header, FILE *f);
void table_stream_end(const struct table *t, enum out_fmt fmt, FILE *f);
void table_clear_rows(struct table *t);
void table_free(struct table *t);

/*
 * outfile.c: where a report goes, stdout (stderr for run) or -o FILE.
 * The report is gathered in memory, through @f, and written in one go
 * by outfile_close(); a regular FILE is replaced whole by rename(), so a
 * reader never sees half a report, and a failed command leaves the
 * older FILE as it was.
 */
struct outfile {
	FILE *f;		/* what the report is written to */
	char *buf;		/* @f's contents */
	size_t len;
	int fd;			/* where they go */
	const char *path;	/* FILE, or NULL for stdout or stderr */
	const char *name;	/* FILE, "stdout" or "stderr": for messages */
	char *tmp;		/* the file renamed to FILE, or NULL */
};

int outfile_open(struct outfile *o, const char *path, FILE *std);
int outfile_close(struct outfile *o, bool ok);
int stdout_flush(void);

/*
 * args.c: the command line of a subcommand.  Each one is a struct subcmd;
 * its usage line, its --help and its line in "pfstat --help" are all
 * printed from that, and parse_args() parses its options by it.
 */

/*
 * One option of a subcommand's own, beside the common ones.  A letter
 * from OPT_LONG_ONLY up is no character: the option has no short form.
 */
#define OPT_LONG_ONLY	0x100

struct subcmd_opt {
	int letter;		/* -x, and what the option callback gets */
	const char *name;	/* --name */
	const char *arg;	/* the name of its argument, or NULL */
	const char *help;	/* for --help; each '\n' starts a new line */
};

/* struct subcmd.flags: the common options it takes (-h it always takes) */
#define SC_OUTPUT	(1U << 0)	/* -o, --output FILE */
#define SC_CSV		(1U << 1)	/* -c, --csv */
#define SC_JSON		(1U << 2)	/* -j, --json */
#define SC_PROM		(1U << 3)	/* --prometheus */
/* and how it takes them: options end at the first operand (run's CMD) */
#define SC_IN_ORDER	(1U << 4)

struct subcmd {
	const char *name;
	const char *summary;		/* one line, for "pfstat --help" */
	const char *operands;		/* after the options: "PID..." */
	const char *help;		/* what it does, before the options */
	const struct subcmd_opt *opts;	/* its own options, ending in { } */
	unsigned int flags;		/* SC_* */
	int (*fn)(const struct subcmd *sc, int argc, char **argv);
};

/* The common options and the operands, as parse_args() found them. */
struct args {
	enum out_fmt fmt;	/* -c, -j, --prometheus; else OUT_TABLE */
	const char *output;	/* -o FILE; NULL without */
	int argc;		/* the operands: what follows the options */
	char **argv;
};

/* A command's own option @opt (its letter) with @arg: 0 or exit status */
typedef int subcmd_opt_fn(const struct subcmd *sc, int opt, const char *arg,
			  void *data);

#define ARGS_GO		(-1)	/* parse_args(): the command goes on */

int parse_args(const struct subcmd *sc, int argc, char **argv,
	       struct args *a, subcmd_opt_fn *own, void *data);
int args_one(const struct subcmd *sc, const struct args *a,
	     const char *what);
int args_pid(const struct subcmd *sc, const struct args *a, pid_t *pid);
int args_pids(const struct subcmd *sc, const struct args *a, int min,
	      pid_t **pids);
int pid_arg(const struct subcmd *sc, const char *s, pid_t *pid);
int ms_arg(const struct subcmd *sc, const char *what, const char *s,
	   unsigned long *ms);
subcmd_opt_fn opt_switch;
bool parse_pid(const char *s, pid_t *pid);
bool parse_u64(const char *s, uint64_t *val);
bool parse_uint(const char *s, unsigned long min, unsigned long max,
		unsigned long *val);
int usage_error(const struct subcmd *sc, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void print_summary(const struct subcmd *sc, FILE *f);
void *no_memory(void) __attribute__((noreturn));
void *xmalloc(size_t size);
void *xrealloc(void *p, size_t size);

/* errors.c: messages that say what failed, why, and what to do. */
void pf_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void pf_warn_path(const char *path, int err);
int pfstat_require(void);
bool pfstat_v4(void);
void syscall_perror(pid_t pid, unsigned int flags, int err);
void syscall_perror_in(const char *what, pid_t pid, unsigned int flags,
		       int err);
void debugfs_perror(const char *path, int err, pid_t tid);

/* debugfs.c */
const char *debugfs_root(void);
int debugfs_check_root(void);
int debugfs_pids(const struct subcmd *sc, const struct args *a, int min,
		 pid_t **pids);
void debugfs_path(char *buf, size_t size, pid_t tid, const char *file);
typedef int debugfs_line_fn(char *line, void *data);
int debugfs_read_lines(const char *path, debugfs_line_fn *header,
		       debugfs_line_fn *body, void *data);
int debugfs_read_stat(const char *path, struct counts *c);
int debugfs_read_tasks(const char *path, struct table *t);
/* The columns of the table debugfs_tasks() sets up. */
enum { TASKS_TID, TASKS_COMM, TASKS_COUNTS };
int debugfs_tasks(struct table *t);
int debugfs_tasks_row(const struct table *t, pid_t tid);
int debugfs_comm(pid_t tid, char *comm, size_t size);
int debugfs_control(const char *line);

/* task.c */
/* A comm is TASK_COMM_LEN - 1 bytes at most; /proc adds a newline. */
#define TASK_COMM_LEN	16
#define COMM_SIZE	(TASK_COMM_LEN + 1)

int pidfd_thread(pid_t tid);
bool pidfd_exited(int pidfd);
int proc_comm(pid_t pid, char *comm, size_t size);

/* The subcommands, in cmd_*.c. */
extern const struct subcmd subcmd_run, subcmd_read, subcmd_show,
	subcmd_enable, subcmd_disable, subcmd_watch, subcmd_frames,
	subcmd_timeline;

#endif /* PFSTAT_H */
