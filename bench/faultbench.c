// SPDX-License-Identifier: GPL-2.0
/*
 * faultbench: nanoseconds per user page fault in each of the modes of
 * fb_modes.c, for the faults of fb_faults.c, as CSV on stdout.
 *
 * The modes are interleaved round by round (in a new order every round),
 * so that whatever slows the machine down for a while slows every mode
 * down alike.  Each mode of each round runs in a fresh child: a task that
 * was once in pfstat mode keeps its counter block and takes the
 * out-of-line path for good, so a baseline must never follow counting in
 * the same task.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "faultbench.h"

#define MAX_MODES	16

static void usage(FILE *out, const char *prog)
{
	int i;

	fprintf(out,
		"usage: %s [-n PAGES] [-r ROUNDS] [-w WARMUP] [-s SETTLE_MS]\n"
		"          [-c CPU] [-m MODE,...] -d RAMFS_DIR\n"
		"       %s -B\n"
		"Times PAGES faults of each kind (anon-write, file-read, cow-write)\n"
		"in each MODE, ROUNDS times after WARMUP untimed rounds, pinned to\n"
		"CPU, and prints one CSV line per round, mode and kind.\n"
		"  -n PAGES     faults per kind per round (default 256)\n"
		"  -r ROUNDS    timed rounds (default 50)\n"
		"  -w WARMUP    rounds run first and not reported (default 1)\n"
		"  -s SETTLE_MS pause after arming the kprobes, for the kprobe\n"
		"               optimizer, and after each mode (default 50)\n"
		"  -c CPU       the CPU to run on (default 0)\n"
		"  -m MODES     comma-separated (default baseline); known:",
		prog, prog);
	for (i = 0; i < fb_nr_modes; i++)
		fprintf(out, " %s", fb_modes[i].name);
	fprintf(out, "\n"
		"               a bpftrace-* mode runs alone, its program attached by\n"
		"               the caller for the whole run\n"
		"  -d DIR       a ramfs directory for the file-read faults\n"
		"  -B           print each bpftrace mode and its program, a line\n"
		"               each, tab-separated, and exit\n");
}

static int pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set)) {
		fprintf(stderr, "faultbench: pin to CPU %d: %s\n", cpu,
			strerror(errno));
		return -1;
	}
	return 0;
}

/* Each page of a shared file mapping must take its own fault. */
static int check_fault_around(void)
{
	const char *path = "/sys/kernel/debug/fault_around_bytes";
	FILE *f = fopen(path, "r");
	unsigned long bytes = 0;
	int n;

	if (!f) {
		fprintf(stderr, "faultbench: %s: %s\n", path, strerror(errno));
		return -1;
	}
	n = fscanf(f, "%lu", &bytes);
	fclose(f);
	if (n != 1 || bytes != FB_PAGE) {
		fprintf(stderr, "faultbench: %s is %lu, need %lu: each file page must fault\n",
			path, bytes, FB_PAGE);
		return -1;
	}
	return 0;
}

/*
 * A new order of the modes for every round (Fisher-Yates, with a fixed
 * xorshift seed: every run takes the same orders).  Whatever one mode
 * leaves behind for the next then lands on each mode alike, as noise,
 * never as a bias of the one that always follows it.
 */
static void shuffle(int *order, int n)
{
	static uint32_t x = 2463534242U;
	int i, j, t;

	for (i = n - 1; i > 0; i--) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		j = x % (i + 1);
		t = order[i];
		order[i] = order[j];
		order[j] = t;
	}
}

static int parse_modes(char *list, const struct fb_mode **modes)
{
	char *name, *save = NULL;
	int n = 0, i;

	for (name = strtok_r(list, ",", &save); name;
	     name = strtok_r(NULL, ",", &save)) {
		if (n == MAX_MODES)
			return -1;
		modes[n] = fb_mode_find(name);
		if (!modes[n]) {
			fprintf(stderr, "faultbench: unknown mode '%s'\n", name);
			return -1;
		}
		n++;
	}
	for (i = 0; i < n; i++) {
		if (modes[i]->bpftrace && n > 1) {
			fprintf(stderr, "faultbench: mode %s runs alone: its bpftrace program is attached for the whole run\n",
				modes[i]->name);
			return -1;
		}
	}
	return n;
}

/* -B: the programs a caller attaches for the bpftrace modes. */
static int print_bpftrace(void)
{
	int i;

	for (i = 0; i < fb_nr_modes; i++)
		if (fb_modes[i].bpftrace)
			printf("%s\t%s\n", fb_modes[i].name, fb_modes[i].bpftrace);
	return 0;
}

/* The measuring child: fault in, switch the mode on, take the faults. */
static void measure(struct fb_ctx *ctx, int settle_ms, bool list_kprobes,
		    int out)
{
	struct fb_sample s[FB_NR_FAULTS];
	struct timespec settle = {
		.tv_sec = settle_ms / 1000,
		.tv_nsec = (settle_ms % 1000) * 1000000L,
	};
	struct timespec now;
	int f, ret = 0;

	/* Un-share and fault in everything fork() left shared. */
	if (mlockall(MCL_CURRENT) || munlockall()) {
		fprintf(stderr, "faultbench: mlockall: %s\n", strerror(errno));
		_exit(1);
	}
	/* mlockall() leaves out [vvar] (VM_PFNMAP): the vDSO clock reads it. */
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (fb_mode_begin(ctx->mode, getpid()))
		_exit(1);
	if (fb_mode_is_kprobes(ctx->mode)) {
		nanosleep(&settle, NULL);
		if (list_kprobes)
			fb_kprobes_report(stderr);
	}
	ret = fb_warm_up(ctx);
	/* Copy-on-write last: its fork() shares all of our pages again. */
	for (f = 0; f < FB_NR_FAULTS && !ret; f++)
		ret = fb_fault_run(f, ctx, &s[f]);
	if (fb_mode_end(ctx->mode) || ret)
		_exit(1);
	if (write(out, s, sizeof(s)) != sizeof(s))
		_exit(1);
	_exit(0);
}

static int run_mode(struct fb_ctx *ctx, int settle_ms, bool list_kprobes,
		    struct fb_sample s[FB_NR_FAULTS])
{
	int pipefd[2], status;
	ssize_t n;
	pid_t pid;

	if (pipe(pipefd)) {
		perror("faultbench: pipe");
		return -1;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		perror("faultbench: fork");
		return -1;
	}
	if (pid == 0) {
		close(pipefd[0]);
		measure(ctx, settle_ms, list_kprobes, pipefd[1]);
	}
	close(pipefd[1]);
	n = read(pipefd[0], s, sizeof(struct fb_sample) * FB_NR_FAULTS);
	close(pipefd[0]);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) || n != sizeof(struct fb_sample) * FB_NR_FAULTS) {
		fprintf(stderr, "faultbench: mode %s: the measuring child failed (status %#x)\n",
			ctx->mode->name, status);
		/* Leave no event enabled behind a child that died. */
		fb_mode_end(ctx->mode);
		return -1;
	}
	return 0;
}

static void print_sample(int round, const struct fb_ctx *ctx, int f,
			 const struct fb_sample *s)
{
	int i;

	printf("%d,%s,%s,%lu,%llu,%llu", round, ctx->mode->name,
	       fb_fault_name[f], ctx->pages, (unsigned long long)s->ns,
	       (unsigned long long)s->events);
	for (i = 0; i < PFSTAT_NR_CLASSES; i++)
		printf(",%llu", (unsigned long long)pfstat_class_count(&s->counts, i));
	putchar('\n');
}

/* The CSV header: print_sample()'s columns, a class a column. */
static void print_header(void)
{
	int i;

	printf("round,mode,fault,pages,ns,events");
	for (i = 0; i < PFSTAT_NR_CLASSES; i++)
		printf(",%s", pfstat_class_names[i]);
	putchar('\n');
}

int main(int argc, char **argv)
{
	const struct fb_mode *modes[MAX_MODES];
	char default_modes[] = "baseline";
	char *mode_list = default_modes, *dir = NULL;
	int rounds = 50, warmup = 1, settle_ms = 50, nr_modes, r, k, f, opt;
	bool kprobes_listed = false;
	struct fb_sample s[FB_NR_FAULTS];
	struct fb_ctx ctx = { .pages = 256, .cpu = 0 };
	struct timespec settle;
	int order[MAX_MODES];

	while ((opt = getopt(argc, argv, "n:r:w:s:c:m:d:Bh")) != -1) {
		switch (opt) {
		case 'n':
			ctx.pages = strtoul(optarg, NULL, 0);
			break;
		case 'r':
			rounds = atoi(optarg);
			break;
		case 'w':
			warmup = atoi(optarg);
			break;
		case 's':
			settle_ms = atoi(optarg);
			break;
		case 'c':
			ctx.cpu = atoi(optarg);
			break;
		case 'm':
			mode_list = optarg;
			break;
		case 'd':
			dir = optarg;
			break;
		case 'B':
			return print_bpftrace();
		case 'h':
			usage(stdout, argv[0]);
			return 0;
		default:
			usage(stderr, argv[0]);
			return 2;
		}
	}
	if (optind != argc || !dir || ctx.pages == 0 || rounds <= 0 ||
	    warmup < 0 || settle_ms < 0 || ctx.cpu < 0) {
		usage(stderr, argv[0]);
		return 2;
	}
	nr_modes = parse_modes(mode_list, modes);
	if (nr_modes <= 0) {
		usage(stderr, argv[0]);
		return 2;
	}
	settle.tv_sec = settle_ms / 1000;
	settle.tv_nsec = (settle_ms % 1000) * 1000000L;
	for (k = 0; k < nr_modes; k++)
		order[k] = k;
	if (pin(ctx.cpu) || check_fault_around())
		return 1;
	ctx.file_fd = fb_file_create(dir, ctx.pages);
	if (ctx.file_fd < 0)
		return 1;

	print_header();
	for (r = -warmup; r < rounds; r++) {
		shuffle(order, nr_modes);
		for (k = 0; k < nr_modes; k++) {
			const struct fb_mode *m = modes[order[k]];
			bool list = !kprobes_listed && fb_mode_is_kprobes(m);

			ctx.mode = m;
			if (run_mode(&ctx, settle_ms, list, s))
				return 1;
			kprobes_listed |= list;
			/*
			 * Switching a mode off leaves work behind: a
			 * disarmed kprobe stays optimized, a jump to a detour
			 * that returns at once, until the kprobe optimizer
			 * runs (OPTIMIZE_DELAY, 5 jiffies, later); clearing
			 * set_event_pid unregisters tracepoint probes, freed
			 * after RCU grace periods.  Let it be done before the
			 * next mode times anything.
			 */
			nanosleep(&settle, NULL);
			if (r < 0)
				continue;
			for (f = 0; f < FB_NR_FAULTS; f++)
				print_sample(r, &ctx, f, &s[f]);
		}
		if (r >= 0 && ((r + 1) % 10 == 0 || r + 1 == rounds))
			fprintf(stderr, "faultbench: round %d of %d done\n",
				r + 1, rounds);
	}
	return 0;
}
