// SPDX-License-Identifier: GPL-2.0
/*
 * Stress: many threads in many processes fault in all seven classes while
 * other processes read-and-reset them, enable and disable them through
 * the syscall and debugfs, fork PFSTAT_INHERIT trees, get killed and exit,
 * and the tracepoint is switched on and off -- for PFSTAT_STRESS_SECONDS
 * (default 4).
 *
 * Two sets of tasks:
 *  - conserving tasks (threads of "pfs-conserve" processes, and every node
 *    of the "pfs-tree" PFSTAT_INHERIT fork trees) run only ops of
 *    stress_workload.h, so each knows exactly what it faulted.  Nobody
 *    disables them; "pfs-reader" processes read-and-reset them via the
 *    syscall and hand every reading back through shared memory, and read
 *    their debugfs stat.  At the end the sum of all resetting reads, the
 *    owner's and the readers', must equal the faults made, class by class,
 *    and faults what getrusage() saw the task take (those the ops did not
 *    make, unclassified).
 *  - victims ("pfs-victim" processes and the children they fork) fault the
 *    same way, and "pfs-control" processes enable, disable, reset, read
 *    every debugfs file of and SIGKILL them.  Only outcomes the spec allows
 *    (success, ESRCH for a task that exited, ENOENT for a directory that
 *    went away) may come back.
 */
#include <dirent.h>
#include <pthread.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "stress_workload.h"

#define CONS_PROCS	3	/* conserving processes... */
#define CONS_THREADS	2	/* ...with this many faulting threads */
#define CONS_SLOTS	(CONS_PROCS * CONS_THREADS)
#define TREE_ROOTS	2	/* PFSTAT_INHERIT fork trees */
#define TREE_DEPTH	3	/* root's child, grandchild, great-grandchild */
#define VICTIMS		2	/* processes that get disabled and killed... */
#define VICTIM_THREADS	3	/* ...with this many faulting threads */
#define READERS		2
#define CONTROLLERS	2
#define MAX_SLOTS	16384
#define CHAOS_RING	64
#define MAX_BAD		8
#define THREAD_STACK	(256 << 10)

enum { SLOT_FREE, SLOT_ACTIVE, SLOT_CLOSING, SLOT_DONE };

/* One conserving task. */
struct slot {
	atomic_int state;
	atomic_int readers;		/* readers inside a read of @tid */
	pid_t tid;
	int errors;			/* failed ops, unexpected returns */
	struct pfstat made;		/* written by the owner only */
	long ru_start, ru_faults;	/* getrusage(): at the first read, the rise */
	atomic_ullong got[GUEST_NR_COUNTERS];	/* every resetting read, anyone's */
	atomic_ulong own_reads, other_reads;
};

enum action {
	A_SYS_RESET, A_SYS_NORESET, A_SYS_DISABLE, A_SYS_INHERIT,
	A_CTL_ENABLE, A_CTL_INHERIT, A_CTL_DISABLE,
	A_ENABLE_0, A_ENABLE_1,
	A_READ_STAT, A_READ_FRAMES, A_READ_ENABLE, A_READ_TASKS,
	A_KILL, NR_ACTIONS
};

static const char *const action_name[NR_ACTIONS] = {
	"pfstat(0)", "pfstat(NORESET)", "pfstat(DISABLE)", "pfstat(INHERIT)",
	"control enable", "control enable inherit", "control disable",
	"write 0 > enable", "write 1 > enable",
	"read stat", "read frames", "read enable", "read tasks",
	"SIGKILL",
};

enum outcome { OUT_OK, OUT_OK1, OUT_ESRCH, OUT_ENOENT, OUT_OTHER, NR_OUTCOMES };

struct bad {
	int what, err;
	pid_t tid;
	long ret;
};

struct shared {
	atomic_int stop;
	atomic_int nslots;
	struct slot slots[MAX_SLOTS];

	/* Victim threads by process, and the recent children they forked. */
	atomic_int victim_tid[VICTIMS][VICTIM_THREADS];
	/* Set once the victim thread's own pfstat() call has returned. */
	atomic_int victim_entered[VICTIMS][VICTIM_THREADS];
	/* The controllers stop first, so the victims' modes settle. */
	atomic_int ctl_stop, ctl_done;
	atomic_int victim_tgid[VICTIMS];
	atomic_int chaos[CHAOS_RING];
	atomic_uint chaos_next;

	atomic_ulong outcome[NR_ACTIONS][NR_OUTCOMES];
	struct bad ctl_bad[MAX_BAD];
	atomic_int nctl_bad;

	atomic_ulong reads, noreset_reads, debugfs_reads;
	struct bad rd_bad[MAX_BAD];
	atomic_int nrd_bad;

	atomic_ulong ops[NR_WL_OPS];
	atomic_ulong tree_nodes, tree_no_slot, chaos_children, victim_ops;
	atomic_ulong toggles, toggle_errors;
};

static struct shared *sh;

static void note_bad(struct bad *tab, atomic_int *n, int what, pid_t tid,
		     long ret, int err)
{
	int i = atomic_fetch_add(n, 1);

	if (i < MAX_BAD)
		tab[i] = (struct bad){ .what = what, .tid = tid, .ret = ret, .err = err };
}

static void slot_add(struct slot *s, const struct pfstat *st)
{
	int i;

	for (i = 0; i < GUEST_NR_COUNTERS; i++)
		atomic_fetch_add(&s->got[i], guest_counter(st, i));
}

/*
 * The owner's first resetting read (entering pfstat mode, or dropping
 * what an inherited mode counted of fork() and quieting): its faults
 * count from here, and getrusage()'s too.
 */
static int slot_open(struct slot *s, long expect)
{
	struct pfstat st;

	s->ru_start = thread_faults();
	return sys_pfstat(0, &st, sizeof(st), 0) == expect ? 0 : -1;
}

/* The owner's last read: wait for readers inside, then read and reset. */
static void slot_close(struct slot *s)
{
	struct pfstat st;

	atomic_store(&s->state, SLOT_CLOSING);
	while (atomic_load(&s->readers))
		usleep(100);
	s->ru_faults = thread_faults() - s->ru_start;
	if (sys_pfstat(0, &st, sizeof(st), 0) == 0)
		slot_add(s, &st);
	else
		s->errors++;
	atomic_fetch_add(&s->own_reads, 1);
	atomic_store(&s->state, SLOT_DONE);
}

/* The owner's read-and-reset in the middle of its work. */
static void slot_self_read(struct slot *s)
{
	struct pfstat st;

	if (sys_pfstat(0, &st, sizeof(st), 0) == 0)
		slot_add(s, &st);
	else
		s->errors++;
	atomic_fetch_add(&s->own_reads, 1);
}

static void slot_op(struct wl_ctx *c, struct slot *s, uint64_t *rng)
{
	enum wl_op op = rng_below(rng, NR_WL_OPS);

	if (wl_run(c, op, &s->made) < 0)
		s->errors++;
	atomic_fetch_add(&sh->ops[op], 1);
}

/* --- conserving threads ------------------------------------------------ */

struct cons_arg {
	pthread_t thread;
	pthread_barrier_t *ready, *go;
	struct wl_ctx *ctx;
	struct slot *slot;
	uint64_t rng;
};

static void *cons_thread(void *p)
{
	struct cons_arg *a = p;
	struct slot *s = a->slot;
	unsigned long n = 0;

	s->tid = gettid_raw();
	pthread_barrier_wait(a->ready);
	/* The main thread quiets the address space now. */
	pthread_barrier_wait(a->go);
	if (slot_open(s, 1))
		s->errors++;
	atomic_store(&s->state, SLOT_ACTIVE);
	while (!atomic_load(&sh->stop)) {
		slot_op(a->ctx, s, &a->rng);
		if (++n % 4 == 0)
			slot_self_read(s);
	}
	slot_close(s);
	return NULL;
}

static void cons_proc(int p, uint64_t seed)
{
	struct cons_arg args[CONS_THREADS];
	pthread_barrier_t ready, go;
	pthread_attr_t attr;
	struct wl_ctx ctx;
	int t;

	helper_init("pfs-conserve");
	if (wl_open(&ctx, "."))
		_exit(2);
	pthread_barrier_init(&ready, NULL, CONS_THREADS + 1);
	pthread_barrier_init(&go, NULL, CONS_THREADS + 1);
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, THREAD_STACK);
	for (t = 0; t < CONS_THREADS; t++) {
		args[t] = (struct cons_arg){
			.ready = &ready, .go = &go, .ctx = &ctx,
			.slot = &sh->slots[p * CONS_THREADS + t],
			.rng = seed ^ (p * 131 + t),
		};
		if (pthread_create(&args[t].thread, &attr, cons_thread, &args[t]))
			_exit(3);
	}
	pthread_barrier_wait(&ready);
	if (quiet_address_space())
		_exit(4);
	pthread_barrier_wait(&go);
	for (t = 0; t < CONS_THREADS; t++)
		pthread_join(args[t].thread, NULL);
	_exit(0);
}

/* --- PFSTAT_INHERIT fork trees --------------------------------------- */

/*
 * A node: it starts in pfstat mode by inheritance, drops what fork() and
 * quieting cost, then breaks COW on the TREE pages its parent wrote (each
 * a copy_on_write and a fault_alloced_page), runs a few ops, closes its
 * slot and forks the next level.  R is read-only while shared, so that
 * mlockall() does not break COW on it early.
 */
static void __attribute__((noreturn))
tree_node(struct wl_ctx *c, volatile char *r, int depth, uint64_t seed)
{
	uint64_t rng = seed ^ ((uint64_t)getpid() << 16);
	struct pfstat st;
	struct slot *s;
	int i, n, idx;
	pid_t pid;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (wl_reopen_pagemap(c) || quiet_address_space())
		_exit(2);
	idx = atomic_fetch_add(&sh->nslots, 1);
	if (idx >= MAX_SLOTS) {
		atomic_fetch_add(&sh->tree_no_slot, 1);
		_exit(0);
	}
	s = &sh->slots[idx];
	s->tid = gettid_raw();
	atomic_fetch_add(&sh->tree_nodes, 1);
	/* Inherited: already in pfstat mode (0), never entering (1). */
	if (sys_pfstat(0, &st, sizeof(st), PFSTAT_NORESET) != 0)
		s->errors++;
	if (slot_open(s, 0))
		s->errors++;
	atomic_store(&s->state, SLOT_ACTIVE);

	if (mprotect((char *)r, WL_PAGES * PAGE, PROT_READ | PROT_WRITE))
		s->errors++;
	for (i = 0; i < WL_PAGES; i++)
		r[i * PAGE] = depth;
	s->made.copy_on_write += WL_PAGES;
	s->made.fault_alloced_page += WL_PAGES;
	s->made.faults += WL_PAGES;
	for (n = 1 + rng_below(&rng, 3); n > 0; n--)
		slot_op(c, s, &rng);
	slot_close(s);

	if (depth < TREE_DEPTH && !atomic_load(&sh->stop) &&
	    !mprotect((char *)r, WL_PAGES * PAGE, PROT_READ)) {
		pid = fork();
		if (pid == 0)
			tree_node(c, r, depth + 1, seed);
		if (pid > 0)
			waitpid(pid, NULL, 0);
	}
	_exit(0);
}

static void tree_root(uint64_t seed)
{
	volatile char *r;
	struct wl_ctx ctx;
	struct pfstat st;
	int i;
	pid_t pid;

	helper_init("pfs-tree");
	r = wl_map_anon(WL_PAGES * PAGE);
	if (wl_open(&ctx, ".") || !r)
		_exit(2);
	for (i = 0; i < WL_PAGES; i++)
		r[i * PAGE] = 1;
	if (mprotect((char *)r, WL_PAGES * PAGE, PROT_READ) ||
	    quiet_address_space())
		_exit(3);
	if (sys_pfstat(0, &st, sizeof(st), PFSTAT_INHERIT) != 1)
		_exit(4);
	while (!atomic_load(&sh->stop)) {
		pid = fork();
		if (pid == 0)
			tree_node(&ctx, r, 1, seed);
		if (pid < 0 || waitpid(pid, NULL, 0) != pid)
			_exit(5);
	}
	_exit(0);
}

/* --- readers of the conserving tasks --------------------------------- */

static void reader(uint64_t seed)
{
	uint64_t rng = seed;
	struct pfstat st;
	struct slot *s;
	int n, idx, choice;
	long ret;

	helper_init("pfs-reader");
	while (!atomic_load(&sh->stop)) {
		n = atomic_load(&sh->nslots);
		n = n < MAX_SLOTS ? n : MAX_SLOTS;
		/* Half the time a thread, half a recent tree node. */
		if (rng_below(&rng, 2))
			idx = rng_below(&rng, CONS_SLOTS);
		else
			idx = n - 1 - rng_below(&rng, n - CONS_SLOTS > 8 ? 8 : n - CONS_SLOTS + 1);
		s = &sh->slots[idx];
		if (atomic_load(&s->state) != SLOT_ACTIVE)
			continue;
		atomic_fetch_add(&s->readers, 1);
		if (atomic_load(&s->state) != SLOT_ACTIVE) {
			atomic_fetch_sub(&s->readers, 1);
			continue;
		}
		/* The owner cannot finish, so the task is alive and in mode. */
		choice = rng_below(&rng, 8);
		if (choice < 5) {
			ret = sys_pfstat(s->tid, &st, sizeof(st),
					 choice == 4 ? PFSTAT_INHERIT : 0);
			if (ret == 0) {
				slot_add(s, &st);
				atomic_fetch_add(&s->other_reads, 1);
				atomic_fetch_add(&sh->reads, 1);
			} else {
				note_bad(sh->rd_bad, &sh->nrd_bad, choice, s->tid, ret, errno);
			}
		} else if (choice < 6) {
			ret = sys_pfstat(s->tid, &st, sizeof(st), PFSTAT_NORESET);
			if (ret == 0)
				atomic_fetch_add(&sh->noreset_reads, 1);
			else
				note_bad(sh->rd_bad, &sh->nrd_bad, choice, s->tid, ret, errno);
		} else {
			ret = read_debugfs_stat(s->tid, &st);
			if (ret == 0)
				atomic_fetch_add(&sh->debugfs_reads, 1);
			else
				note_bad(sh->rd_bad, &sh->nrd_bad, choice, s->tid, ret, -ret);
		}
		atomic_fetch_sub(&s->readers, 1);
	}
	_exit(0);
}

/* --- victims and what they fork ---------------------------------------- */

static void chaos_register(pid_t tid, int *slot)
{
	*slot = atomic_fetch_add(&sh->chaos_next, 1) % CHAOS_RING;
	atomic_store(&sh->chaos[*slot], tid);
}

static void chaos_unregister(pid_t tid, int slot)
{
	int expect = tid;

	atomic_compare_exchange_strong(&sh->chaos[slot], &expect, 0);
}

/* A child of a victim: inherits pfstat mode or not, faults, maybe forks. */
static void __attribute__((noreturn))
chaos_child(struct wl_ctx *c, int depth, uint64_t *rng)
{
	struct pfstat made = { 0 };
	pid_t tid = gettid_raw(), pid;
	int n, ring;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	atomic_fetch_add(&sh->chaos_children, 1);
	chaos_register(tid, &ring);
	wl_reopen_pagemap(c);
	for (n = 1 + rng_below(rng, 3); n > 0; n--)
		wl_run(c, rng_below(rng, NR_WL_OPS), &made);
	if (depth < 2 && rng_below(rng, 2)) {
		pid = fork();
		if (pid == 0)
			chaos_child(c, depth + 1, rng);
		if (pid > 0)
			waitpid(pid, NULL, 0);
	}
	chaos_unregister(tid, ring);
	_exit(0);
}

struct victim_arg {
	pthread_t thread;
	struct wl_ctx *ctx;
	atomic_int *tid, *entered;
	uint64_t rng;
};

static void *victim_thread(void *p)
{
	struct victim_arg *a = p;
	struct pfstat made = { 0 };
	struct pfstat st;
	pid_t pid;

	atomic_store(a->tid, gettid_raw());
	sys_pfstat(0, &st, sizeof(st), rng_below(&a->rng, 2) ? PFSTAT_INHERIT : 0);
	atomic_store(a->entered, 1);
	while (!atomic_load(&sh->stop)) {
		wl_run(a->ctx, rng_below(&a->rng, NR_WL_OPS), &made);
		atomic_fetch_add(&sh->victim_ops, 1);
		if (rng_below(&a->rng, 8) == 0) {
			pid = fork();
			if (pid == 0)
				chaos_child(a->ctx, 1, &a->rng);
			if (pid > 0)
				waitpid(pid, NULL, 0);
		}
	}
	return NULL;
}

static void victim(int v, uint64_t seed)
{
	struct victim_arg args[VICTIM_THREADS];
	pthread_attr_t attr;
	struct wl_ctx ctx;
	int t;

	helper_init("pfs-victim");
	if (wl_open(&ctx, "."))
		_exit(2);
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, THREAD_STACK);
	for (t = 0; t < VICTIM_THREADS; t++) {
		args[t] = (struct victim_arg){
			.ctx = &ctx, .tid = &sh->victim_tid[v][t],
			.entered = &sh->victim_entered[v][t],
			.rng = seed ^ (v * 977 + t),
		};
		if (pthread_create(&args[t].thread, &attr, victim_thread, &args[t]))
			_exit(3);
	}
	for (t = 0; t < VICTIM_THREADS; t++)
		pthread_join(args[t].thread, NULL);
	_exit(0);
}

/* --- controllers ------------------------------------------------------- */

/* A victim's tid (and its process, for SIGKILL), checked by its name. */
static pid_t pick_victim(uint64_t *rng, pid_t *tgid)
{
	char path[64], comm[32];
	pid_t tid;
	int v;

	*tgid = 0;
	if (rng_below(rng, 4) == 0) {
		tid = atomic_load(&sh->chaos[rng_below(rng, CHAOS_RING)]);
	} else {
		v = rng_below(rng, VICTIMS);
		tid = atomic_load(&sh->victim_tid[v][rng_below(rng, VICTIM_THREADS)]);
		*tgid = atomic_load(&sh->victim_tgid[v]);
	}
	if (tid <= 0)
		return 0;
	/* Never touch a task that is not ours (pids wrap). */
	snprintf(path, sizeof(path), "/proc/%d/comm", tid);
	if (read_path(path, comm, sizeof(comm)) < 0 || strcmp(comm, "pfs-victim\n"))
		return 0;
	return tid;
}

static enum outcome errno_outcome(int err)
{
	switch (err) {
	case ESRCH:
		return OUT_ESRCH;
	case ENOENT:
		return OUT_ENOENT;
	default:
		return OUT_OTHER;
	}
}

static enum outcome control_one(enum action a, pid_t tid, pid_t tgid)
{
	static const unsigned int sys_flags[] = {
		[A_SYS_RESET] = 0, [A_SYS_NORESET] = PFSTAT_NORESET,
		[A_SYS_DISABLE] = PFSTAT_DISABLE, [A_SYS_INHERIT] = PFSTAT_INHERIT,
	};
	char path[96], buf[4096];
	struct pfstat st;
	long ret;

	switch (a) {
	case A_SYS_RESET: case A_SYS_NORESET: case A_SYS_DISABLE: case A_SYS_INHERIT:
		ret = sys_pfstat(tid, &st, sizeof(st), sys_flags[a]);
		if (ret == 0 || ret == 1)
			return ret ? OUT_OK1 : OUT_OK;
		return errno == ESRCH ? OUT_ESRCH : OUT_OTHER;
	case A_CTL_ENABLE: case A_CTL_INHERIT: case A_CTL_DISABLE:
		snprintf(buf, sizeof(buf), "%s %d%s\n",
			 a == A_CTL_DISABLE ? "disable" : "enable", tid,
			 a == A_CTL_INHERIT ? " inherit" : "");
		ret = write_str(PFSTAT_DIR "/control", buf);
		return ret ? (ret == -ESRCH ? OUT_ESRCH : OUT_OTHER) : OUT_OK;
	case A_ENABLE_0: case A_ENABLE_1:
		snprintf(path, sizeof(path), PFSTAT_DIR "/%d/enable", tid);
		ret = write_str(path, a == A_ENABLE_0 ? "0\n" : "1\n");
		return ret ? errno_outcome(-ret) : OUT_OK;
	case A_READ_STAT:
		ret = read_debugfs_stat(tid, &st);
		return ret ? errno_outcome(-ret) : OUT_OK;
	case A_READ_FRAMES:
		snprintf(path, sizeof(path), PFSTAT_DIR "/%d/frames", tid);
		ret = read_path(path, buf, sizeof(buf));
		if (ret < 0)
			return errno_outcome(-ret);
		return strncmp(buf, "type\twalked\trss\nanon\t", 21) ? OUT_OTHER : OUT_OK;
	case A_READ_ENABLE:
		snprintf(path, sizeof(path), PFSTAT_DIR "/%d/enable", tid);
		ret = read_path(path, buf, sizeof(buf));
		if (ret < 0)
			return errno_outcome(-ret);
		/* "0" only in the moment between leaving and the rmdir. */
		return strcmp(buf, "1\n") && strcmp(buf, "0\n") ? OUT_OTHER : OUT_OK;
	case A_READ_TASKS:
		ret = read_path(PFSTAT_DIR "/tasks", buf, sizeof(buf));
		return ret > 0 && !strncmp(buf, "tid\tcomm\t", 9) ? OUT_OK : OUT_OTHER;
	case A_KILL:
		if (!tgid)
			return OUT_ESRCH;
		return kill(tgid, SIGKILL) ? errno_outcome(errno) : OUT_OK;
	default:
		return OUT_OTHER;
	}
}

static void controller(uint64_t seed)
{
	uint64_t rng = seed;
	enum outcome o;
	enum action a;
	pid_t tid, tgid;

	helper_init("pfs-control");
	while (!atomic_load(&sh->stop) && !atomic_load(&sh->ctl_stop)) {
		tid = pick_victim(&rng, &tgid);
		if (!tid) {
			usleep(1000);
			continue;
		}
		/* Rarely kill: victims must live long enough to be raced. */
		a = rng_below(&rng, 400) ? rng_below(&rng, A_KILL) : A_KILL;
		o = control_one(a, tid, tgid);
		atomic_fetch_add(&sh->outcome[a][o], 1);
		if (o == OUT_OTHER)
			note_bad(sh->ctl_bad, &sh->nctl_bad, a, tid, -1, errno);
	}
	atomic_fetch_add(&sh->ctl_done, 1);
	_exit(0);
}

/* --- the test ---------------------------------------------------------- */

static pid_t spawn(void (*fn)(uint64_t), uint64_t seed)
{
	pid_t pid = fork();

	if (pid == 0) {
		fn(seed);
		_exit(0);
	}
	return pid;
}

static pid_t spawn_victim(int v, uint64_t seed)
{
	pid_t pid;
	int t;

	for (t = 0; t < VICTIM_THREADS; t++) {
		atomic_store(&sh->victim_tid[v][t], 0);
		atomic_store(&sh->victim_entered[v][t], 0);
	}
	pid = fork();
	if (pid == 0)
		victim(v, seed);
	atomic_store(&sh->victim_tgid[v], pid);
	return pid;
}

static pid_t spawn_cons(int p, uint64_t seed)
{
	pid_t pid = fork();

	if (pid == 0)
		cons_proc(p, seed);
	return pid;
}

static void toggler_main(uint64_t seed)
{
	trace_toggler(&sh->stop, &sh->toggles, &sh->toggle_errors, seed);
}

/* No pfstat directory of a task that is gone. */
static int stale_dirs(void)
{
	struct dirent *de;
	char path[300];
	int stale = 0;
	DIR *d = opendir(PFSTAT_DIR);

	if (!d)
		return -1;
	while ((de = readdir(d))) {
		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s", de->d_name);
		if (access(path, F_OK)) {
			fprintf(stderr, "# %s/%s outlived its task\n", PFSTAT_DIR, de->d_name);
			stale++;
		}
	}
	closedir(d);
	return stale;
}

/* The state letter of /proc/TID/stat, or 0 when the task is gone. */
static char task_state(pid_t tid)
{
	char path[64], buf[512], *p;

	snprintf(path, sizeof(path), "/proc/%d/stat", tid);
	if (read_path(path, buf, sizeof(buf)) < 0)
		return 0;
	p = strrchr(buf, ')');
	return p && p[1] == ' ' ? p[2] : 0;
}

/*
 * Once nobody changes the victims' modes any more, each living victim
 * thread has a directory exactly when it is in pfstat mode.  A thread
 * found otherwise is looked at again half a second later, so one that was
 * still dying of a controller's SIGKILL is not counted.
 */
static int mode_dir_mismatches(int *checked)
{
	int v, t, pass, bad = 0;
	struct pfstat st;
	pid_t tid;
	long ret;
	bool dir;

	*checked = 0;
	for (v = 0; v < VICTIMS; v++) {
		for (t = 0; t < VICTIM_THREADS; t++) {
			tid = atomic_load(&sh->victim_tid[v][t]);
			if (tid <= 0 || !atomic_load(&sh->victim_entered[v][t]))
				continue;
			for (pass = 0; pass < 2; pass++) {
				if (pass)
					usleep(500000);
				if (strchr("ZX", task_state(tid)))
					break;	/* gone or dying: not checked */
				ret = sys_pfstat(tid, &st, sizeof(st), PFSTAT_NORESET);
				dir = pfstat_dir_exists(tid);
				if ((ret == 0) == dir && ret >= 0)
					break;
				if (pass)
					fprintf(stderr, "# victim tid %d: %s pfstat mode (%ld), %s directory\n",
						tid, ret == 0 ? "in" : "not in", ret,
						dir ? "a" : "no");
			}
			if (pass == 2)
				bad++;
			else if (task_state(tid) && !strchr("ZX", task_state(tid)))
				(*checked)++;
		}
	}
	return bad;
}

/* No fixture data: a fixture only for TEST_F_TIMEOUT(). */
FIXTURE(stress) {};
FIXTURE_SETUP(stress) {}
FIXTURE_TEARDOWN(stress) {}

/* The run, the stop and a margin for a slow (debug, TCG) kernel. */
TEST_F_TIMEOUT(stress, conservation_under_races, 2 * stress_seconds() + 120)
{
	unsigned int seconds = stress_seconds();
	uint64_t seed = env_seed("PFSTAT_STRESS_SEED");
	uint64_t made[GUEST_NR_COUNTERS] = { 0 }, got[GUEST_NR_COUNTERS] = { 0 };
	uint64_t op_faults = 0;
	unsigned long own = 0, other = 0;
	pid_t victims[VICTIMS], pid;
	unsigned long kills = 0, respawns = 0, acts = 0, i;
	double end, next_kill, give_up;
	struct trace_state ts;
	int v, c, o, status, nslots, mismatches = 0, mismatched, checked;

	sh = shared_alloc(sizeof(*sh));
	ASSERT_NE(NULL, sh);
	ksft_print_msg("seed %llu (PFSTAT_STRESS_SEED), %u s (PFSTAT_STRESS_SECONDS)\n",
		       (unsigned long long)seed, seconds);
	ASSERT_EQ(0, prctl(PR_SET_CHILD_SUBREAPER, 1));
	trace_state_save(&ts);
	atomic_store(&sh->nslots, CONS_SLOTS);

	ASSERT_LT(0, spawn(toggler_main, seed ^ 1));
	for (i = 0; i < READERS; i++)
		ASSERT_LT(0, spawn(reader, seed ^ (10 + i)));
	for (i = 0; i < CONTROLLERS; i++)
		ASSERT_LT(0, spawn(controller, seed ^ (20 + i)));
	for (i = 0; i < CONS_PROCS; i++)
		ASSERT_LT(0, spawn_cons(i, seed ^ (30 + i)));
	for (i = 0; i < TREE_ROOTS; i++)
		ASSERT_LT(0, spawn(tree_root, seed ^ (40 + i)));
	for (v = 0; v < VICTIMS; v++)
		ASSERT_LT(0, victims[v] = spawn_victim(v, seed ^ (50 + v)));

	end = now_sec() + seconds;
	next_kill = now_sec() + seconds / 3.0;
	while (now_sec() < end) {
		/* Victims killed (by the controllers or here) come back. */
		while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
			for (v = 0; v < VICTIMS; v++) {
				if (pid != victims[v])
					continue;
				kills += WIFSIGNALED(status);
				victims[v] = spawn_victim(v, seed ^ (60 + respawns++));
				ASSERT_LT(0, victims[v]);
			}
		}
		if (now_sec() >= next_kill) {
			kill(victims[rng_below(&seed, VICTIMS)], SIGKILL);
			next_kill += seconds / 3.0;
		}
		usleep(20000);
	}

	/* Controllers first: then the victims' directories must match. */
	atomic_store(&sh->ctl_stop, 1);
	give_up = now_sec() + 60 + seconds;
	while (atomic_load(&sh->ctl_done) < CONTROLLERS) {
		ASSERT_LT(now_sec(), give_up) TH_LOG("controllers did not stop");
		usleep(20000);
	}
	usleep(200000);
	mismatched = mode_dir_mismatches(&checked);

	atomic_store(&sh->stop, 1);
	give_up = now_sec() + 60 + seconds;
	while ((pid = waitpid(-1, &status, WNOHANG)) != -1) {
		for (v = 0; v < VICTIMS; v++)
			if (pid == victims[v])
				kills += WIFSIGNALED(status);
		if (pid == 0) {
			ASSERT_LT(now_sec(), give_up) TH_LOG("helpers did not stop");
			usleep(20000);
		}
	}
	trace_state_restore(&ts);

	/* Conservation, task by task and class by class. */
	nslots = atomic_load(&sh->nslots);
	nslots = nslots < MAX_SLOTS ? nslots : MAX_SLOTS;
	for (i = 0; i < (unsigned long)nslots; i++) {
		struct slot *s = &sh->slots[i];
		struct pfstat want = s->made;

		EXPECT_EQ(SLOT_DONE, atomic_load(&s->state))
			TH_LOG("task %lu (tid %d) never finished", i, s->tid);
		EXPECT_EQ(0, s->errors)
			TH_LOG("task %lu (tid %d): %d failed ops or unexpected returns",
			       i, s->tid, s->errors);
		/*
		 * faults holds the ops' own, each in a class, and any other
		 * the task took in user mode, unclassified; getrusage() saw
		 * those and the task's kernel-mode faults too (a syscall
		 * writing to a page of its own it had not touched), which
		 * pfstat does not count.  So the ops' faults <= faults <=
		 * getrusage()'s, and unclassified is faults less the ops'.
		 */
		want.faults = atomic_load(&s->got[GUEST_FAULTS]);
		if (want.faults < s->made.faults || want.faults > (uint64_t)s->ru_faults)
			want.faults = s->ru_faults;
		want.unclassified = want.faults - s->made.faults;
		op_faults += s->made.faults;
		for (c = 0; c < GUEST_NR_COUNTERS; c++) {
			made[c] += guest_counter(&want, c);
			got[c] += atomic_load(&s->got[c]);
			if (guest_counter(&want, c) == atomic_load(&s->got[c]))
				continue;
			if (mismatches++ < 10)
				TH_LOG("task %lu (tid %d) %s: made %llu, reported %llu (the ops made %llu faults, getrusage() saw %ld)",
				       i, s->tid, guest_counter_name(c),
				       (unsigned long long)guest_counter(&want, c),
				       (unsigned long long)atomic_load(&s->got[c]),
				       (unsigned long long)s->made.faults, s->ru_faults);
		}
		own += atomic_load(&s->own_reads);
		other += atomic_load(&s->other_reads);
	}
	EXPECT_EQ(0, mismatches);
	ksft_print_msg("%d conserving tasks (%d threads, %lu fork-tree nodes), %lu resetting reads by themselves, %lu by racing readers\n",
		       nslots, CONS_SLOTS, atomic_load(&sh->tree_nodes), own, other);
	for (c = 0; c < GUEST_NR_COUNTERS; c++) {
		ksft_print_msg("  %-27s made %llu, reported %llu\n", guest_counter_name(c),
			       (unsigned long long)made[c], (unsigned long long)got[c]);
		if (c != GUEST_UNCLASSIFIED)
			EXPECT_LT(0, made[c]) TH_LOG("no %s made", guest_counter_name(c));
	}
	ksft_print_msg("  of the faults, %llu made by the ops (each in a class), %llu others (getrusage())\n",
		       (unsigned long long)op_faults,
		       (unsigned long long)(made[GUEST_FAULTS] - op_faults));
	ksft_print_msg("ops: anon %lu, zero+cow %lu, file shared %lu, file private %lu, thp %lu, swap %lu, stack %lu\n",
		       atomic_load(&sh->ops[0]), atomic_load(&sh->ops[1]),
		       atomic_load(&sh->ops[2]), atomic_load(&sh->ops[3]),
		       atomic_load(&sh->ops[4]), atomic_load(&sh->ops[5]),
		       atomic_load(&sh->ops[6]));
	EXPECT_EQ(0, atomic_load(&sh->tree_no_slot));

	/* The readers. */
	ksft_print_msg("readers: %lu resetting, %lu NORESET, %lu debugfs stat reads\n",
		       atomic_load(&sh->reads), atomic_load(&sh->noreset_reads),
		       atomic_load(&sh->debugfs_reads));
	for (i = 0; i < (unsigned long)atomic_load(&sh->nrd_bad) && i < MAX_BAD; i++)
		TH_LOG("reader: choice %d on tid %d returned %ld, errno %d",
		       sh->rd_bad[i].what, sh->rd_bad[i].tid, sh->rd_bad[i].ret,
		       sh->rd_bad[i].err);
	EXPECT_EQ(0, atomic_load(&sh->nrd_bad));
	EXPECT_LT(0, atomic_load(&sh->reads));

	/* The controllers. */
	for (i = 0; i < NR_ACTIONS; i++) {
		unsigned long n[NR_OUTCOMES];

		for (o = 0; o < NR_OUTCOMES; o++) {
			n[o] = atomic_load(&sh->outcome[i][o]);
			acts += n[o];
		}
		ksft_print_msg("  %-24s ok %lu, ok(1) %lu, ESRCH %lu, ENOENT %lu, other %lu\n",
			       action_name[i], n[OUT_OK], n[OUT_OK1], n[OUT_ESRCH],
			       n[OUT_ENOENT], n[OUT_OTHER]);
	}
	for (i = 0; i < (unsigned long)atomic_load(&sh->nctl_bad) && i < MAX_BAD; i++)
		TH_LOG("controller: %s on tid %d: errno %d (%s)",
		       action_name[sh->ctl_bad[i].what], sh->ctl_bad[i].tid,
		       sh->ctl_bad[i].err, strerror(sh->ctl_bad[i].err));
	EXPECT_EQ(0, atomic_load(&sh->nctl_bad));
	ksft_print_msg("controllers: %lu actions on victims; %lu victim ops, %lu children forked by victims, %lu victims killed\n",
		       acts, atomic_load(&sh->victim_ops),
		       atomic_load(&sh->chaos_children), kills);
	EXPECT_LT(0, acts);
	EXPECT_LT(0, kills);

	ksft_print_msg("tracepoint switched on and off %lu times\n",
		       atomic_load(&sh->toggles));
	EXPECT_LT(0, atomic_load(&sh->toggles));
	EXPECT_EQ(0, atomic_load(&sh->toggle_errors));

	EXPECT_EQ(0, stale_dirs());
	/* ...and no living task in pfstat mode lacks one, nor has one out of it. */
	ksft_print_msg("directories of %d living victim threads checked against their mode\n",
		       checked);
	EXPECT_EQ(0, mismatched);
	EXPECT_LT(0, checked);
}

TEST_HARNESS_MAIN
