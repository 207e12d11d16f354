// SPDX-License-Identifier: GPL-2.0
/*
 * pfstat run: run a command in pfstat mode and report its faults by
 * class, beside what getrusage() says, the way time(1) reports its
 * command: on stderr, so that the report never mixes with CMD's output,
 * and with CMD's exit status.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "follow.h"
#include "pfstat.h"
#include "pfstat_syscall.h"

/* What the child tells the parent when it could not start CMD. */
struct child_error {
	int stage;		/* STAGE_* */
	int err;		/* errno */
};

enum { STAGE_PFSTAT = 1, STAGE_EXEC };

struct result {
	pid_t pid;
	unsigned int tasks;	/* tasks whose counts are in @counts */
	int exit_status;	/* as pfstat exits: code, or 128 + signal */
	int signal;
	double wall_ms;
	struct counts counts;
	struct rusage ru;	/* CMD's, from wait4(), as time(1) has it */
	int err;		/* a read of counts that failed: errno, */
	pid_t err_pid;		/* and of which task */
	char comm[COMM_SIZE];	/* CMD's, as it exited */
};

/* How pfstat exits when CMD could not be executed, as env(1) does. */
static int exec_status(int err)
{
	return err == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_EXEC;
}

/*
 * In the child: with --inherit, wait until the parent is tracing us (it
 * closes @gofd after a byte, or without one when it could not); then
 * enter pfstat mode and exec.  @errfd is close-on-exec, so a successful
 * exec closes it and the parent reads EOF; a failure writes why, which
 * is the only way the parent can tell it from CMD exiting 126 or 127.
 */
static void __attribute__((noreturn))
child(char **cmd, bool inherit, int gofd, int errfd,
      const struct sigaction *old)
{
	struct child_error ce = { 0, 0 };
	struct pfstat ps;
	int status;
	ssize_t n;
	char go;

	sigaction(SIGINT, &old[0], NULL);
	sigaction(SIGQUIT, &old[1], NULL);
	if (gofd >= 0) {
		do {
			n = read(gofd, &go, 1);
		} while (n < 0 && errno == EINTR);
		/* No go: the parent could not trace us, and has said why. */
		if (n != 1)
			_exit(EXIT_RUN_FAILED);
		close(gofd);
	}
	if (pfstat(0, &ps, sizeof(ps), inherit ? PFSTAT_INHERIT : 0) < 0) {
		ce.stage = STAGE_PFSTAT;
		ce.err = errno;
		status = EXIT_RUN_FAILED;
	} else {
		execvp(cmd[0], cmd);
		ce.stage = STAGE_EXEC;
		ce.err = errno;
		status = exec_status(ce.err);
	}
	/*
	 * One write of a few bytes to a pipe is atomic.  Should it fail,
	 * the exit status still says which failure it was.
	 */
	n = write(errfd, &ce, sizeof(ce));
	(void)n;
	_exit(status);
}

/*
 * Once the child is gone: did it exec CMD?  0 when it did (EOF: the pipe
 * closed on exec), else the exit status, after saying why.  Reading only
 * now, not while the child runs, matters with --inherit: a traced child
 * that stops on a signal before exec waits for the tracer, which must
 * not be blocked here then.
 */
static int child_error(int fd, pid_t pid, char **cmd)
{
	struct child_error ce;
	ssize_t n;

	do {
		n = read(fd, &ce, sizeof(ce));
	} while (n < 0 && errno == EINTR);
	close(fd);
	if (!n)
		return 0;
	if (n != sizeof(ce)) {
		pf_warn("pipe from pid %d: %s", pid,
			n < 0 ? strerror(errno) : "short read");
		return EXIT_RUN_FAILED;
	}
	if (ce.stage == STAGE_PFSTAT) {
		syscall_perror(pid, 0, ce.err);
		return EXIT_RUN_FAILED;
	}
	pf_warn("cannot run '%s': %s", cmd[0], strerror(ce.err));
	return exec_status(ce.err);
}

static void set_exit_status(struct result *r, int status)
{
	r->signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
	r->exit_status = r->signal ? EXIT_SIGNAL_BASE + r->signal :
				     WEXITSTATUS(status);
}

static double elapsed_ms(const struct timespec *a, const struct timespec *b)
{
	return (b->tv_sec - a->tv_sec) * 1e3 + (b->tv_nsec - a->tv_nsec) / 1e6;
}

/*
 * Wait for CMD to exit without reaping it, read its counts, then reap
 * it.  Once reaped, its counters are gone with its task_struct.  While it
 * is a zombie the kernel still finds it by pid and its counter block is
 * still there: the block is freed in free_task(), only when the last
 * reference to the task_struct goes, which is after the reap.  A
 * PFSTAT_NORESET read leaves the zombie as it was.
 */
static int collect(pid_t pid, const struct timespec *start, struct result *r)
{
	struct timespec end;
	struct pfstat ps;
	siginfo_t si;
	int status, err = 0;

	while (waitid(P_PID, pid, &si, WEXITED | WNOWAIT) < 0)
		if (errno != EINTR)
			return -errno;
	clock_gettime(CLOCK_MONOTONIC, &end);
	proc_comm(pid, r->comm, sizeof(r->comm));
	memset(&ps, 0, sizeof(ps));
	if (pfstat(pid, &ps, sizeof(ps), PFSTAT_NORESET) < 0)
		err = errno;
	/*
	 * CMD's own figures, and those of the children it waited for, as
	 * time(1) takes them: not getrusage(RUSAGE_CHILDREN), which holds
	 * all that this process ever reaped, before exec too (a shell that
	 * ran commands, then exec'd pfstat as its last).
	 */
	while (wait4(pid, &status, 0, &r->ru) < 0)
		if (errno != EINTR)
			return -errno;

	r->pid = pid;
	r->tasks = err ? 0 : 1;
	r->wall_ms = elapsed_ms(start, &end);
	r->err = err;
	r->err_pid = pid;
	set_exit_status(r, status);
	counts_from_pfstat(&r->counts, &ps, pfstat_v4());
	return 0;
}

/* --inherit: the counts of CMD and all its descendants, see follow.c. */
static int collect_all(pid_t pid, const struct timespec *start,
		       struct result *r)
{
	struct follow_result fr;
	int err;

	err = follow(pid, &fr);
	if (err < 0)
		return err;
	r->ru = fr.ru;
	r->pid = pid;
	r->tasks = fr.tasks;
	r->wall_ms = elapsed_ms(start, &fr.end);
	set_exit_status(r, fr.status);
	r->counts = fr.sum;
	r->err = fr.err;
	r->err_pid = fr.err_pid;
	memcpy(r->comm, fr.comm, sizeof(r->comm));
	return 0;
}

/*
 * With --inherit, trace the child before it enters pfstat mode, so that
 * no task it creates can escape: 0, or -1 after saying why.
 */
static int start_following(pid_t pid, int gofd, char **cmd)
{
	int err = follow_attach(pid);

	if (err) {
		pf_warn("cannot follow '%s' (pid %d) and its children: ptrace: %s",
			cmd[0], pid, strerror(-err));
		close(gofd);	/* the child sees EOF and exits */
		waitpid(pid, NULL, 0);
		return -1;
	}
	if (write(gofd, "g", 1) != 1) {
		pf_warn("pipe to pid %d: %s", pid, strerror(errno));
		kill(pid, SIGKILL);
		close(gofd);
		waitpid(pid, NULL, __WALL);
		return -1;
	}
	close(gofd);
	return 0;
}

/* Returns 0 and fills @r, or says why not and returns the exit status. */
static int run(char **cmd, bool inherit, struct result *r)
{
	struct sigaction ign, old[2];
	int fds[2], go[2] = { -1, -1 }, err;
	struct timespec start;
	pid_t pid;

	if (pfstat_require())
		return EXIT_RUN_FAILED;
	if (pipe2(fds, O_CLOEXEC) || (inherit && pipe2(go, O_CLOEXEC))) {
		pf_warn("pipe: %s", strerror(errno));
		return EXIT_RUN_FAILED;
	}
	/* Like time(1): Ctrl-C is for CMD; pfstat stays to report. */
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigaction(SIGINT, &ign, &old[0]);
	sigaction(SIGQUIT, &ign, &old[1]);
	fflush(NULL);
	clock_gettime(CLOCK_MONOTONIC, &start);
	pid = fork();
	if (pid < 0) {
		pf_warn("fork: %s", strerror(errno));
		return EXIT_RUN_FAILED;
	}
	if (pid == 0) {
		if (inherit)
			close(go[1]);
		child(cmd, inherit, go[0], fds[1], old);
	}
	close(fds[1]);
	if (inherit) {
		close(go[0]);
		if (start_following(pid, go[1], cmd)) {
			close(fds[0]);
			return EXIT_RUN_FAILED;
		}
	}
	err = inherit ? collect_all(pid, &start, r) : collect(pid, &start, r);
	if (err < 0) {
		pf_warn("waiting for '%s' (pid %d): %s", cmd[0], pid,
			strerror(-err));
		close(fds[0]);
		return EXIT_RUN_FAILED;
	}
	err = child_error(fds[0], pid, cmd);
	if (err)
		return err;
	/* No /proc: the name the kernel gives a task at exec. */
	if (!r->comm[0]) {
		const char *base = strrchr(cmd[0], '/');

		snprintf(r->comm, TASK_COMM_LEN, "%s", base ? base + 1 : cmd[0]);
	}
	if (r->err) {
		char *what;

		/* One failure, one line: what it means for CMD, then why. */
		if (asprintf(&what, "'%s' exited with status %d, but its counts could not be read",
			     cmd[0], r->exit_status) < 0)
			no_memory();
		syscall_perror_in(what, r->err_pid, PFSTAT_NORESET, r->err);
		free(what);
		return EXIT_RUN_FAILED;
	}
	return 0;
}

/*
 * For people, after the report: how many of CMD's faults the classes
 * account for, beside what getrusage() counted (wait4()'s struct rusage,
 * CMD's and its waited-for children's), as perf stat sets its counts
 * against each other.  getrusage() counts more: the faults of the child
 * before it entered pfstat mode, those of get_user_pages() and in kernel
 * mode, and, without --inherit, those of CMD's other threads and of its
 * children.
 */
static void classified_line(const struct result *r, FILE *f)
{
	const struct counts *c = &r->counts;
	unsigned long long faults = c->val[COUNTER_faults];
	unsigned long long uncl = c->val[COUNTER_unclassified];
	unsigned long long classified = faults > uncl ? faults - uncl : 0;
	long ru = r->ru.ru_minflt + r->ru.ru_majflt;

	if (!c->fault_counts)
		fprintf(f, "classified: not supported by this kernel (pfstat before v4)");
	else if (faults)
		fprintf(f, "classified %llu of %llu faults (%.1f%%)", classified,
			faults, 100.0 * classified / faults);
	else
		fprintf(f, "classified 0 of 0 faults");
	fprintf(f, "; getrusage: %ld faults\n", ru);
}

/*
 * Whether @word reads as itself in a shell: not empty, and only
 * characters no shell treats specially.  An '=' would make a first
 * word an assignment.
 */
static bool shell_plain(const char *word, bool first)
{
	const char *p;

	if (!*word || (first && strchr(word, '=')))
		return false;
	/* No setlocale(): letters and digits are ASCII's. */
	for (p = word; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("_@%+:,./-=", *p))
			return false;
	return true;
}

/*
 * CMD as a shell would take it back: the words joined by blanks, each
 * that needs it in single quotes (a quote in it as '\''), so that
 * "sh -c 'ls; cat x'" does not read as two commands.  To be freed.
 */
static char *command_line(char **cmd)
{
	char *line;
	size_t len;
	FILE *f;
	int i;

	f = open_memstream(&line, &len);
	if (!f)
		no_memory();
	for (i = 0; cmd[i]; i++) {
		const char *p;

		if (i)
			fputc(' ', f);
		if (shell_plain(cmd[i], !i)) {
			fputs(cmd[i], f);
			continue;
		}
		fputc('\'', f);
		for (p = cmd[i]; *p; p++) {
			if (*p == '\'')
				fputs("'\\''", f);
			else
				fputc(*p, f);
		}
		fputc('\'', f);
	}
	if (fclose(f))
		no_memory();
	return line;
}

static void report(char **cmd, const struct result *r, enum out_fmt fmt,
		   FILE *f)
{
	char *line = command_line(cmd);
	struct table t;

	table_init(&t);
	table_col(&t, "command", false);
	table_col(&t, "pid", true);
	table_label(&t, 0, "command");
	table_label(&t, 1, "pid");
	table_col(&t, "tasks", true);
	table_col(&t, "exit_status", true);
	table_col(&t, "wall_ms", true);
	table_count_cols(&t);
	table_col(&t, "ru_minflt", true);
	table_col(&t, "ru_majflt", true);
	/*
	 * Not a column of the others: that would change their layout.
	 * Before the row, which has a cell for each column there is.
	 */
	if (fmt == OUT_PROM) {
		table_col(&t, "comm", false);
		table_label(&t, t.ncols - 1, "comm");
	}
	table_row(&t);
	table_set(&t, 0, 0, "%s", line);
	table_set(&t, 0, 1, "%d", r->pid);
	table_set(&t, 0, 2, "%u", r->tasks);
	table_set(&t, 0, 3, "%d", r->exit_status);
	table_set(&t, 0, 4, "%.3f", r->wall_ms);
	table_set_counts(&t, 0, 5, &r->counts);
	table_set(&t, 0, 5 + PFSTAT_NR_COUNTERS, "%ld", r->ru.ru_minflt);
	table_set(&t, 0, 6 + PFSTAT_NR_COUNTERS, "%ld", r->ru.ru_majflt);
	if (fmt == OUT_PROM)
		table_set(&t, 0, t.ncols - 1, "%s", r->comm);
	table_print_one(&t, fmt, f);
	if (fmt == OUT_TABLE)
		classified_line(r, f);
	table_free(&t);
	free(line);
}

/*
 * The report goes to stderr, or to FILE, which a failed run leaves as it
 * was (see outfile.c).
 */
static int run_and_report(char **cmd, bool inherit, enum out_fmt fmt,
			  const char *out)
{
	struct outfile o;
	struct result r;
	int ret;

	/* Open it first: a typo must not cost a whole run. */
	if (outfile_open(&o, out, stderr))
		return EXIT_RUN_FAILED;
	ret = run(cmd, inherit, &r);
	if (ret) {
		outfile_close(&o, false);
		return ret;
	}
	if (r.signal)
		pf_warn("'%s' was killed by signal %d (%s)", cmd[0], r.signal,
			strsignal(r.signal));
	report(cmd, &r, fmt, o.f);
	if (outfile_close(&o, true))
		return EXIT_RUN_FAILED;
	return r.exit_status;
}

static int run_main(const struct subcmd *sc, int argc, char **argv)
{
	bool inherit = false;
	struct args a;
	int ret;

	/* Usage errors too: EXIT_USAGE could pass for CMD's status. */
	ret = parse_args(sc, argc, argv, &a, opt_switch, &inherit);
	if (ret != ARGS_GO)
		return ret ? EXIT_RUN_FAILED : 0;
	if (!a.argc) {
		usage_error(sc, "missing CMD");
		return EXIT_RUN_FAILED;
	}
	return run_and_report(a.argv, inherit, a.fmt, a.output);
}

static const struct subcmd_opt run_options[] = {
	{ 'i', "inherit", NULL,
	  "count CMD's threads and children too: every task\n"
	  "CMD creates starts in pfstat mode, and pfstat\n"
	  "follows them with ptrace and adds up the counts of\n"
	  "each as it exits; waits until all of them are gone" },
	{ }
};

const struct subcmd subcmd_run = {
	.name = "run",
	.summary = "run CMD in pfstat mode and report its faults",
	.operands = "[--] CMD [ARG...]",
	.help =
"Run CMD in pfstat mode and, when it has exited, report its faults by\n"
"class, all its faults and those no class counted (faults, unclassified),\n"
"beside its exit status, its wall time and the minor and major faults\n"
"of CMD and of the children it waited for, which wait4() reports, as in\n"
"time(1); the table ends with how many faults were classified.  Without\n"
"--inherit, the counts are those of CMD's first thread alone.  The\n"
"command line is quoted as a shell would take it.  The report goes to\n"
"stderr, as time(1)'s does, or to FILE with -o; stdout is CMD's alone.\n"
"FILE is replaced whole, and only when the run did not fail.\n"
"\n"
"Exit status: CMD's (" STR(EXIT_SIGNAL_BASE)
	" + N when signal N killed it), or\n"
"  " STR(EXIT_RUN_FAILED) "  pfstat failed (a usage error, no pfstat(2), ...)\n"
"  " STR(EXIT_CANNOT_EXEC) "  CMD was found but could not be executed\n"
"  " STR(EXIT_NOT_FOUND) "  CMD was not found\n",
	.opts = run_options,
	/* Options end at CMD, whose own options are its business. */
	.flags = SC_OUTPUT | SC_CSV | SC_JSON | SC_PROM | SC_IN_ORDER,
	.fn = run_main,
};
