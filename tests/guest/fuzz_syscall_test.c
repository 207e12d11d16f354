// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz pfstat(2): random pids (the caller, a sibling thread, children,
 * another user's task, a zombie, kernel threads, pids that do not exist,
 * negative ones), the same tasks by pidfd with PFSTAT_PIDFD (and pidfds
 * of tasks that are gone, and fds that are no pidfd), pointers (NULL,
 * kernel and non-canonical addresses, unmapped, PROT_NONE and read-only
 * pages, buffers straddling a page boundary into a guard page, fresh
 * never-touched pages), sizes (around PFSTAT_SIZE_VER0 and _VER1) and
 * flags, as root and as an unprivileged user.
 *
 * Each call is checked against a model of every task the fuzzer owns (in
 * pfstat mode or not, PFSTAT_INHERIT, the faults it made since the last
 * reset, all of them classified):
 *  - it fails only with an errno the spec lists for one of the faults in
 *    the call (EINVAL, ESRCH, EPERM, EFAULT, and EBADF for a PFSTAT_PIDFD
 *    "pid" that is no pidfd), and then changes nothing: a PFSTAT_NORESET
 *    read of the target afterwards finds the model;
 *  - it succeeds exactly when nothing is wrong, returns 1 or 0 as the
 *    model says, writes the model's counts, exactly min(size,
 *    PFSTAT_SIZE_VER1) bytes of them, zeroes the bytes from
 *    PFSTAT_SIZE_VER1 up to size, and writes nothing outside [stat,
 *    stat + size);
 *  - an error other than EFAULT writes nothing at all, and a call the
 *    caller may not make (any call on a task it may not read, a change
 *    of one it may read but not attach to) never writes a byte, whatever
 *    the errno.
 * The unprivileged run also checks, as root afterwards, that none of
 * root's tasks changed.  Where the kernel has Yama, it runs under
 * ptrace_scope 1 with a task of its own user that is not its descendant:
 * one it may read (PFSTAT_NORESET) but not change (EPERM).
 *
 * PFSTAT_FUZZ_SEED=N repeats a run's sequence of choices (pids are the
 * boot's, the choice of target is the seed's); PFSTAT_FUZZ_ITERATIONS
 * (default 4000) sets the calls per test.
 */
#include <dirent.h>
#include <grp.h>
#include <limits.h>
#include <pthread.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "stress_common.h"
#include "fuzz_common.h"

#define YAMA		"/proc/sys/kernel/yama/ptrace_scope"
#define NOBODY		65534	/* the unprivileged fuzzer */
#define OTHER_UID	65533	/* another user's task */
#define K		23	/* faults the root victim makes */
#define MAX_TARGETS	16
#define SELF_TOUCH	5	/* pages the fuzzer faults now and then */

/*
 * The arena: [0, 2) writable, 2 PROT_NONE, 3 read-only, 4 a hole, 5
 * PROT_NONE (so that nothing mmap()ed later fits in the hole).
 */
#define ARENA_PAGES	6
#define W_LEN		(2 * PAGE)

/*
 * The kinds of target: a task the fuzzer owns and models; one it may read
 * but not attach to (modelled too); one it may not read; kernel threads;
 * a task that is gone; a negative pid; an fd that is no pidfd (always
 * with PFSTAT_PIDFD).
 */
enum tkind {
	T_MODEL, T_READONLY, T_FOREIGN, T_KTHREAD, T_GONE, T_NEGATIVE, T_NOTPIDFD
};

/* What the fuzzer knows about a task it owns. */
struct model {
	bool in_mode, inherit;
	struct pfstat counts;
};

struct target {
	const char *name;
	enum tkind kind;
	pid_t pid;
	int pidfd;		/* the task's, for PFSTAT_PIDFD */
	struct model *m;
};

/* Not pidfds: fd 0, a pipe, a directory, a closed fd, past any fd table. */
#define NR_NOTPIDFD	5

enum ptr_class {
	P_ARENA, P_EDGE, P_RO, P_NONE, P_HOLE, P_NULL, P_KERNEL, P_NONCANON,
	P_FRESH, NR_PTR
};

static const char *const ptr_name[NR_PTR] = {
	"arena", "arena edge", "read-only", "PROT_NONE", "unmapped", "NULL",
	"kernel", "non-canonical", "fresh",
};

enum res { RES_OK, RES_EINVAL, RES_ESRCH, RES_EPERM, RES_EFAULT, RES_EBADF, NR_RES };

struct stats {
	unsigned long calls, res[NR_RES], by_ptr[NR_PTR], entered, raced;
	unsigned long by_pidfd, ok_by_pidfd, readonly_reads, readonly_eperm;
};

struct fuzz {
	uint64_t rng;
	bool privileged;
	struct target t[MAX_TARGETS];
	int nt;
	pid_t kthreads[MAX_KTHREADS];
	int nk;
	int kthreadd_pidfd;
	int gone_pidfd[2];	/* a reaped process's, an exited thread's */
	int notpidfd[NR_NOTPIDFD];
	unsigned char *arena;
	struct stats st;
	char failure[1024];
};

/* Pre-faulted, for reads that must not fault themselves. */
static struct pfstat vbuf;

static long raw_pfstat(long pid, const void *p, size_t size, unsigned long flags)
{
	return syscall(__NR_pfstat, pid, p, size, flags);
}

/* PFSTAT_PIDFD combines with any of the others. */
static bool flags_valid(unsigned int f)
{
	f &= ~PFSTAT_PIDFD;
	return f == 0 || f == PFSTAT_NORESET || f == PFSTAT_DISABLE ||
	       f == PFSTAT_INHERIT;
}

/* @pidfd is the task's (-1 for the kinds that have none of their own). */
static void add_target(struct fuzz *f, const char *name, enum tkind kind,
		       pid_t pid, int pidfd, struct model *m)
{
	f->t[f->nt++] = (struct target){
		.name = name, .kind = kind, .pid = pid, .pidfd = pidfd, .m = m,
	};
}

/* The pidfd of a process (its leader) or, for another thread, of the thread. */
static int pidfd_of(pid_t pid)
{
	int fd = sys_pidfd_open(pid, 0);

	return fd >= 0 || errno != EINVAL ? fd : sys_pidfd_open(pid, PIDFD_THREAD);
}

struct gone_thread {
	pid_t tid;
	pthread_barrier_t started;
	int go[2];
};

static void *gone_thread_main(void *arg)
{
	struct gone_thread *g = arg;
	char c;

	g->tid = gettid_raw();
	pthread_barrier_wait(&g->started);
	return read(g->go[0], &c, 1) == 1 ? NULL : g;
}

/*
 * The pidfds of tasks that are gone for good: a process that exited and
 * was reaped, a thread that exited and was released.  Never any other
 * task: PFSTAT_PIDFD on either is ESRCH.
 */
static int open_gone_pidfds(struct fuzz *f)
{
	struct gone_thread g;
	char path[64];
	pthread_t t;
	pid_t pid;
	int i;

	pid = fork();
	if (pid == 0)
		_exit(0);
	/* Alive or a zombie, it has its task until it is reaped. */
	f->gone_pidfd[0] = sys_pidfd_open(pid, 0);
	if (pid < 0 || waitpid(pid, NULL, 0) != pid || f->gone_pidfd[0] < 0)
		return -1;

	if (pipe(g.go) || pthread_barrier_init(&g.started, NULL, 2) ||
	    pthread_create(&t, NULL, gone_thread_main, &g))
		return -1;
	pthread_barrier_wait(&g.started);
	f->gone_pidfd[1] = sys_pidfd_open(g.tid, PIDFD_THREAD);
	if (write(g.go[1], "x", 1) != 1 || pthread_join(t, NULL) ||
	    f->gone_pidfd[1] < 0)
		return -1;
	close(g.go[0]);
	close(g.go[1]);
	pthread_barrier_destroy(&g.started);
	/* Joined once its tid is cleared; released a moment later. */
	snprintf(path, sizeof(path), "/proc/self/task/%d", g.tid);
	for (i = 0; !access(path, F_OK); i++) {
		if (i == 10000)
			return -1;
		usleep(1000);
	}
	return 0;
}

/*
 * Fds that are no pidfd: 0 (whatever it is, or closed), a pipe, a
 * directory, a number just closed, and one past any fd table.  Opened
 * last: nothing opens an fd during the run, so the closed one stays so.
 */
static int open_notpidfds(struct fuzz *f)
{
	int p[2], fd;

	if (pipe(p))
		return -1;
	fd = open("/", O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		return -1;
	f->notpidfd[0] = 0;
	f->notpidfd[1] = p[0];
	f->notpidfd[2] = fd;
	f->notpidfd[3] = p[1];
	close(p[1]);
	f->notpidfd[4] = INT_MAX;
	return 0;
}

static int arena_init(struct fuzz *f)
{
	unsigned char *a = mmap(NULL, ARENA_PAGES * PAGE, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	volatile unsigned char sink;

	if (a == MAP_FAILED)
		return -1;
	memset(a, 0xa5, ARENA_PAGES * PAGE);
	if (mprotect(a + 2 * PAGE, PAGE, PROT_NONE) ||
	    mprotect(a + 3 * PAGE, PAGE, PROT_READ) ||
	    munmap(a + 4 * PAGE, PAGE) ||
	    mprotect(a + 5 * PAGE, PAGE, PROT_NONE))
		return -1;
	sink = a[3 * PAGE];
	(void)sink;
	f->arena = a;
	return 0;
}

/* Valid flags, a third of them with PFSTAT_PIDFD. */
static unsigned long pick_valid_flags(uint64_t *rng)
{
	static const unsigned long valid[] = {
		0, 0, PFSTAT_NORESET, PFSTAT_NORESET, PFSTAT_DISABLE, PFSTAT_INHERIT,
	};

	return valid[rng_below(rng, ARRAY_SIZE(valid))] |
	       (rng_below(rng, 3) ? 0 : PFSTAT_PIDFD);
}

static unsigned long pick_flags(uint64_t *rng)
{
	/* Contradictions, and bits from 4 up: unknown. */
	static const unsigned long invalid[] = {
		PFSTAT_NORESET | PFSTAT_DISABLE, PFSTAT_NORESET | PFSTAT_INHERIT,
		PFSTAT_DISABLE | PFSTAT_INHERIT, 7, ~0U, 1U << 31,
		PFSTAT_NORESET | PFSTAT_DISABLE | PFSTAT_PIDFD,
		PFSTAT_DISABLE | PFSTAT_INHERIT | PFSTAT_PIDFD, 0xf,
		1U << 4, (1U << 4) | PFSTAT_PIDFD, (1U << 4) | PFSTAT_NORESET, 0x18,
	};

	switch (rng_below(rng, 8)) {
	case 0:
		return invalid[rng_below(rng, ARRAY_SIZE(invalid))];
	case 1:
		return 1UL << rng_below(rng, 32);
	case 2:
		/* Upper bits the kernel drops: flags is an unsigned int. */
		return (rng_next(rng) << 32) | pick_valid_flags(rng);
	case 3:
		return rng_next(rng) & 0xffffffff;
	default:
		return pick_valid_flags(rng);
	}
}

static size_t pick_size(uint64_t *rng)
{
	/* Not static: the page size is the running kernel's. */
	const size_t sizes[] = {
		0, 1, 8, PFSTAT_SIZE_VER0 - 1, PFSTAT_SIZE_VER0 + 1, 64,
		PFSTAT_SIZE_VER1 - 1, PFSTAT_SIZE_VER1 + 1, 80, 100,
		PAGE, W_LEN, W_LEN + 1, 3 * PAGE, SIZE_MAX, SIZE_MAX - 55,
		SIZE_MAX - 71, 1UL << 31, 1UL << 32, 1UL << 63,
	};

	switch (rng_below(rng, 6)) {
	case 0:
		return sizes[rng_below(rng, ARRAY_SIZE(sizes))];
	case 1:
		return rng_below(rng, W_LEN + 64);
	case 2:
		/* From the old struct to past the new one. */
		return PFSTAT_SIZE_VER0 +
		       rng_below(rng, 2 * (PFSTAT_SIZE_VER1 - PFSTAT_SIZE_VER0));
	default:
		/* An old caller's struct, or this one's. */
		return rng_below(rng, 2) ? PFSTAT_SIZE_VER0 : PFSTAT_SIZE_VER1;
	}
}

/*
 * A pointer of class @c for @size bytes; *@writable says whether all of
 * [p, p + size) is ours to write.
 */
static unsigned char *pick_ptr(struct fuzz *f, enum ptr_class c, size_t size,
			       unsigned char **fresh, bool *writable)
{
	const uintptr_t kernel[] = {
		0xffffffff81000000UL, 0xffff888000000000UL, ~0UL - 55,
		~0UL - PAGE + 1, 0xffffffffff600000UL,
	};
	static const uintptr_t noncanon[] = {
		0x0000800000000000UL, 0x8000000000000000UL, 0x00007ffffffff000UL,
		0x00007fffffffffc8UL,
	};
	unsigned char *a = f->arena, *p;

	*writable = false;
	switch (c) {
	case P_ARENA:
		if (size > W_LEN)
			return a + rng_below(&f->rng, W_LEN);
		*writable = true;
		return a + rng_below(&f->rng, W_LEN - size + 1);
	case P_EDGE:
		/* Ends 1..64 bytes into the guard page. */
		if (size == 0)
			return a + W_LEN;
		p = a + W_LEN + 1 + rng_below(&f->rng, 64) - (size < W_LEN ? size : W_LEN);
		return p;
	case P_RO:
		return a + 3 * PAGE + rng_below(&f->rng, PAGE);
	case P_NONE:
		return a + 2 * PAGE + rng_below(&f->rng, PAGE);
	case P_HOLE:
		return a + 4 * PAGE + rng_below(&f->rng, PAGE);
	case P_NULL:
		return (unsigned char *)(uintptr_t)(rng_below(&f->rng, 2) ? 0 :
						    rng_below(&f->rng, PAGE));
	case P_KERNEL:
		return (unsigned char *)kernel[rng_below(&f->rng, ARRAY_SIZE(kernel))];
	case P_NONCANON:
		return (unsigned char *)noncanon[rng_below(&f->rng, ARRAY_SIZE(noncanon))];
	case P_FRESH:
		/* Two fresh pages and a guard: the kernel faults them in. */
		*fresh = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE,
			      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (*fresh == MAP_FAILED) {
			*fresh = NULL;
			return NULL;
		}
		mprotect(*fresh + 2 * PAGE, PAGE, PROT_NONE);
		if (size > W_LEN)
			return *fresh;
		*writable = true;
		return *fresh + rng_below(&f->rng, W_LEN - size + 1);
	default:
		return NULL;
	}
}

static int res_of(int err)
{
	switch (err) {
	case EINVAL: return RES_EINVAL;
	case ESRCH: return RES_ESRCH;
	case EPERM: return RES_EPERM;
	case EFAULT: return RES_EFAULT;
	case EBADF: return RES_EBADF;
	default: return -1;
	}
}

/* What a read of the task of @m must report: its counts, or zeros. */
static const struct pfstat *model_counts(const struct model *m)
{
	static const struct pfstat zeros;

	return m->in_mode ? &m->counts : &zeros;
}

/* A NORESET read of a modelled task matches the model. */
static bool model_holds(struct fuzz *f, pid_t pid, const struct model *m,
			const char *when)
{
	long ret;
	int i;

	memset(&vbuf, 0xa5, sizeof(vbuf));
	ret = raw_pfstat(pid, &vbuf, sizeof(vbuf), PFSTAT_NORESET);
	if (ret == (m->in_mode ? 0 : 1) && pfstat_equal(&vbuf, model_counts(m)))
		return true;
	/* The first counter that differs, or else anonymous_fault. */
	i = pfstat_diff(&vbuf, model_counts(m));
	if (i < 0)
		i = offsetof(struct pfstat, anonymous_fault) / sizeof(__u64);
	snprintf(f->failure, sizeof(f->failure),
		 "%s: NORESET read of %d returned %ld (errno %d), %s %llu; model: %s pfstat mode, %s %llu",
		 when, pid, ret, errno, guest_counter_name(i),
		 (unsigned long long)guest_counter(&vbuf, i),
		 m->in_mode ? "in" : "not in", guest_counter_name(i),
		 (unsigned long long)guest_counter(model_counts(m), i));
	return false;
}

static bool all_bytes(const unsigned char *p, size_t len, unsigned char v)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != v)
			return false;
	return true;
}

/* The first counter whose bytes differ in the first @n of @a and @b, or -1. */
static int first_diff(const void *a, const void *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (((const unsigned char *)a)[i] != ((const unsigned char *)b)[i])
			return i / sizeof(__u64);
	return -1;
}

/* One random call; false (and f->failure) when it broke a rule. */
static bool fuzz_one(struct fuzz *f, unsigned long iter)
{
	struct target *t = &f->t[rng_below(&f->rng, f->nt)];
	enum ptr_class pc = rng_below(&f->rng, 2 * NR_PTR);
	unsigned long flags = pick_flags(&f->rng);
	size_t size = pick_size(&f->rng), n;
	unsigned char *p, *fresh = NULL, *w = f->arena;
	bool writable, inside, by_fd, changes, denied, ok = true;
	bool ok_errno[NR_RES] = { false };
	struct model *m = t->m;
	const struct pfstat *want;
	long pid = t->pid, ret;
	int err, r, i;

	/* The arena and the plain struct are the common cases. */
	if (pc >= NR_PTR)
		pc = P_ARENA;
	/* What is no pidfd is only ever passed as one. */
	if (t->kind == T_NOTPIDFD)
		flags |= PFSTAT_PIDFD;
	by_fd = (unsigned int)flags & PFSTAT_PIDFD;
	/* Entering, resetting, DISABLE, INHERIT: all but a NORESET read. */
	changes = !((unsigned int)flags & PFSTAT_NORESET);
	switch (t->kind) {
	case T_MODEL:
	case T_READONLY:
	case T_FOREIGN:
		if (by_fd)
			pid = t->pidfd;
		break;
	case T_KTHREAD:
		pid = by_fd ? f->kthreadd_pidfd : f->kthreads[rng_below(&f->rng, f->nk)];
		break;
	case T_GONE:
		if (by_fd) {
			pid = f->gone_pidfd[rng_below(&f->rng, 2)];
			break;
		}
		do {
			pid = rng_below(&f->rng, 3) ? 300 + rng_below(&f->rng, 32000) :
			      INT_MAX - rng_below(&f->rng, 1000);
		} while (pid_exists(pid));
		break;
	case T_NEGATIVE:
		pid = rng_below(&f->rng, 2) ? -1 : INT_MIN + rng_below(&f->rng, 1000);
		break;
	case T_NOTPIDFD:
		pid = f->notpidfd[rng_below(&f->rng, NR_NOTPIDFD)];
		break;
	}
	p = pick_ptr(f, pc, size, &fresh, &writable);
	if (pc == P_FRESH && !fresh)
		return true;

	/* Every error this call has, any of which it may report. */
	if (!flags_valid((unsigned int)flags) || size < PFSTAT_SIZE_VER0 || pid < 0)
		ok_errno[RES_EINVAL] = true;
	if (t->kind == T_GONE)
		ok_errno[RES_ESRCH] = true;
	if (t->kind == T_NOTPIDFD)
		ok_errno[RES_EBADF] = true;
	if (t->kind == T_KTHREAD)
		ok_errno[f->privileged ? RES_EINVAL : RES_EPERM] = ok_errno[RES_EINVAL] = true;
	/* May not read it; may read it, but not change it. */
	denied = t->kind == T_FOREIGN || (t->kind == T_READONLY && changes);
	if (denied)
		ok_errno[RES_EPERM] = true;
	if (!writable)
		ok_errno[RES_EFAULT] = true;

	memset(w, 0xa5, W_LEN);
	errno = 0;
	ret = raw_pfstat(pid, p, size, flags);
	err = errno;
	f->st.calls++;
	f->st.by_ptr[pc]++;
	f->st.by_pidfd += by_fd;
	r = ret == -1 ? res_of(err) : RES_OK;
	inside = p >= w && p < w + W_LEN;

#define FAIL(fmt, ...) do {						\
	snprintf(f->failure, sizeof(f->failure),			\
		 "call %lu: pfstat(%ld [%s%s], %s %p, %zu, %#lx) = %ld, errno %d: " fmt, \
		 iter, pid, t->name, by_fd ? ", pidfd" : "", ptr_name[pc], p, \
		 size, flags, ret, err, ##__VA_ARGS__);			\
	ok = false;							\
	goto out;							\
} while (0)

	if (ret == -1 && r < 0)
		FAIL("an errno the spec does not list");
	if (ret == -1 && !ok_errno[r]) {
		/* A "gone" pid or a kernel thread may have changed since. */
		if (!by_fd && (t->kind == T_GONE || t->kind == T_KTHREAD) &&
		    pid_exists(pid) != (t->kind == T_KTHREAD)) {
			f->st.raced++;
			goto out;
		}
		FAIL("not an error this call has");
	}
	if (ret != -1) {
		for (i = 0; i < NR_RES; i++)
			if (ok_errno[i])
				FAIL("succeeded, but the call has an error");
		if (!m)
			FAIL("succeeded on a task the fuzzer does not model");
	}
	if (ret == -1) {
		f->st.res[r]++;
		f->st.readonly_eperm += t->kind == T_READONLY && r == RES_EPERM;
		/* Nothing read, nothing written: only EFAULT may leave bytes. */
		if ((r != RES_EFAULT || denied) && !all_bytes(w, W_LEN, 0xa5))
			FAIL("the failed call wrote into the caller's memory");
		if (m && !model_holds(f, t->pid, m, "after the error"))
			goto fail_model;
		goto out;
	}

	/*
	 * Success: the model's answer and counts, min(size, the struct)
	 * bytes of them, zeroes from there up to size, nothing else.
	 */
	f->st.res[RES_OK]++;
	f->st.ok_by_pidfd += by_fd;
	f->st.readonly_reads += t->kind == T_READONLY;
	if (ret != (m->in_mode ? 0 : 1))
		FAIL("expected %d", m->in_mode ? 0 : 1);
	want = model_counts(m);
	n = size < PFSTAT_SIZE_VER1 ? size : PFSTAT_SIZE_VER1;
	i = first_diff(p, want, n);
	if (i >= 0) {
		__u64 v = 0;

		/* The counter as far as it was copied. */
		memcpy(&v, p + i * sizeof(v), n - i * sizeof(v) < sizeof(v) ?
		       n - i * sizeof(v) : sizeof(v));
		FAIL("%s %llu, model %llu (of %zu bytes)", guest_counter_name(i),
		     (unsigned long long)v,
		     (unsigned long long)guest_counter(want, i), n);
	}
	if (size > PFSTAT_SIZE_VER1 &&
	    !all_bytes(p + PFSTAT_SIZE_VER1, size - PFSTAT_SIZE_VER1, 0))
		FAIL("bytes past the struct not zeroed");
	if (inside && (!all_bytes(w, p - w, 0xa5) ||
		       !all_bytes(p + size, w + W_LEN - (p + size), 0xa5)))
		FAIL("wrote outside [stat, stat + size)");
	if (!m->in_mode && !(flags & (PFSTAT_NORESET | PFSTAT_DISABLE)))
		f->st.entered++;
	switch ((unsigned int)flags & ~PFSTAT_PIDFD) {
	case PFSTAT_NORESET:
		break;
	case PFSTAT_DISABLE:
		*m = (struct model){ 0 };
		break;
	default:
		memset(&m->counts, 0, sizeof(m->counts));
		m->in_mode = true;
		m->inherit |= !!(flags & PFSTAT_INHERIT);
		break;
	}
	if (!model_holds(f, t->pid, m, "after the call"))
		goto fail_model;
out:
	if (fresh)
		munmap(fresh, 3 * PAGE);
	return ok;
fail_model:
	ok = false;
	goto out;
#undef FAIL
}

/*
 * Run @iterations calls; the modelled caller (@self) faults now and then.
 * Returns false on the first broken rule.
 */
static bool fuzz_run(struct fuzz *f, struct model *self, unsigned long iterations)
{
	unsigned long i;
	int c;

	for (i = 0; i < iterations; i++) {
		if (!fuzz_one(f, i))
			return false;
		if (rng_below(&f->rng, 32) == 0) {
			if (touch_anon(SELF_TOUCH)) {
				snprintf(f->failure, sizeof(f->failure), "mmap failed");
				return false;
			}
			if (self->in_mode) {
				self->counts.anonymous_fault += SELF_TOUCH;
				self->counts.fault_alloced_page += SELF_TOUCH;
				self->counts.faults += SELF_TOUCH;
			}
		}
		if (i % 256 == 255) {
			for (c = 0; c < f->nt; c++)
				if (f->t[c].m && !model_holds(f, f->t[c].pid, f->t[c].m,
							      "periodic check"))
					return false;
		}
	}
	return true;
}

static void print_stats(const char *who, const struct stats *s)
{
	int i;

	ksft_print_msg("%s: %lu calls: %lu ok (%lu entered pfstat mode), EINVAL %lu, ESRCH %lu, EPERM %lu, EFAULT %lu, EBADF %lu; %lu raced with a pid change\n",
		       who, s->calls, s->res[RES_OK], s->entered, s->res[RES_EINVAL],
		       s->res[RES_ESRCH], s->res[RES_EPERM], s->res[RES_EFAULT],
		       s->res[RES_EBADF], s->raced);
	ksft_print_msg("  by pidfd (PFSTAT_PIDFD): %lu calls, %lu ok\n",
		       s->by_pidfd, s->ok_by_pidfd);
	for (i = 0; i < NR_PTR; i++)
		ksft_print_msg("  %-14s pointers: %lu\n", ptr_name[i], s->by_ptr[i]);
}

/* --- tasks to aim at ---------------------------------------------------- */

struct sibling {
	pthread_t thread;
	pid_t tid;
	int pipe[2];
	pthread_barrier_t ready;
};

static void *sibling_main(void *arg)
{
	struct sibling *s = arg;
	char c;

	s->tid = gettid_raw();
	pthread_barrier_wait(&s->ready);
	return read(s->pipe[0], &c, 1) < 0 ? s : NULL;
}

static int spawn_sibling(struct sibling *s)
{
	if (pipe(s->pipe) || pthread_barrier_init(&s->ready, NULL, 2) ||
	    pthread_create(&s->thread, NULL, sibling_main, s))
		return -1;
	pthread_barrier_wait(&s->ready);
	return 0;
}

static void end_sibling(struct sibling *s)
{
	if (write(s->pipe[1], "x", 1) != 1)
		return;
	pthread_join(s->thread, NULL);
}

/* The seed of this run, printed so that it can be repeated. */
static uint64_t fuzz_seed(const char *test)
{
	uint64_t seed = env_seed("PFSTAT_FUZZ_SEED");

	ksft_print_msg("%s: PFSTAT_FUZZ_SEED=%llu PFSTAT_FUZZ_ITERATIONS=%lu\n",
		       test, (unsigned long long)seed, fuzz_iterations());
	return seed;
}

/*
 * Yama's ptrace_scope as it was (-1: no Yama), put back by the parent of
 * the test's process however that ends.
 */
FIXTURE(fuzz) {
	int yama_scope;
};

FIXTURE_SETUP(fuzz)
{
	char buf[16];

	self->yama_scope = read_path(YAMA, buf, sizeof(buf)) > 0 ? atoi(buf) : -1;
}

FIXTURE_TEARDOWN_PARENT(fuzz)
{
	char buf[16];

	if (self->yama_scope < 0)
		return;
	snprintf(buf, sizeof(buf), "%d", self->yama_scope);
	write_str(YAMA, buf);
}

/* Targets by pidfd, and the fds of the kinds that have none of their own. */
static int open_fds(struct fuzz *f)
{
	pid_t kthreadd = find_kthreadd();

	f->kthreadd_pidfd = kthreadd > 0 ? sys_pidfd_open(kthreadd, 0) : -1;
	return f->kthreadd_pidfd < 0 || open_gone_pidfds(f) ? -1 : 0;
}

/* Up to 50 ms a call: room for the debug kernel under TCG. */
#define FUZZ_TIMEOUT	(60 + fuzz_iterations() / 20)

TEST_F_TIMEOUT(fuzz, as_root, FUZZ_TIMEOUT)
{
	static struct model caller, sib, child, other, zombie;
	static struct fuzz f;
	struct blocked c, o;
	struct sibling s;
	pid_t z;
	int i;

	f.rng = fuzz_seed("as_root");
	f.privileged = true;
	ASSERT_EQ(0, geteuid());
	f.nk = find_kthreads(f.kthreads, MAX_KTHREADS);
	ASSERT_LT(0, f.nk);
	ASSERT_EQ(0, arena_init(&f));
	ASSERT_EQ(0, open_fds(&f));
	ASSERT_EQ(0, spawn_sibling(&s));
	ASSERT_EQ(0, spawn_blocked(&c, 0));
	ASSERT_EQ(0, spawn_blocked(&o, OTHER_UID));
	z = spawn_zombie();
	ASSERT_LT(0, z);

	/* The caller by its process's pidfd (its leader) and its own. */
	add_target(&f, "self (0)", T_MODEL, 0, sys_pidfd_open(getpid(), 0), &caller);
	add_target(&f, "self (tid)", T_MODEL, gettid_raw(),
		   sys_pidfd_open(gettid_raw(), PIDFD_THREAD), &caller);
	add_target(&f, "sibling thread", T_MODEL, s.tid, pidfd_of(s.tid), &sib);
	add_target(&f, "child", T_MODEL, c.pid, pidfd_of(c.pid), &child);
	add_target(&f, "other user's child", T_MODEL, o.pid, pidfd_of(o.pid), &other);
	add_target(&f, "zombie", T_MODEL, z, pidfd_of(z), &zombie);
	for (i = 0; i < f.nt; i++)
		ASSERT_LE(0, f.t[i].pidfd) TH_LOG("pidfd of %s", f.t[i].name);
	add_target(&f, "kernel thread", T_KTHREAD, 0, -1, NULL);
	add_target(&f, "no such pid", T_GONE, 0, -1, NULL);
	add_target(&f, "negative pid", T_NEGATIVE, 0, -1, NULL);
	add_target(&f, "no pidfd", T_NOTPIDFD, 0, -1, NULL);
	/* Last: an fd opened after it would take the closed fd's number. */
	ASSERT_EQ(0, open_notpidfds(&f));
	/* After the forks: from here on the caller takes no fault unmodelled. */
	ASSERT_EQ(0, quiet_address_space());

	EXPECT_TRUE(fuzz_run(&f, &caller, fuzz_iterations())) TH_LOG("%s", f.failure);
	print_stats("root", &f.st);
	EXPECT_LT(0, f.st.res[RES_OK]);
	EXPECT_LT(0, f.st.entered);
	EXPECT_LT(0, f.st.ok_by_pidfd);
	EXPECT_LT(0, f.st.res[RES_EBADF]);

	end_sibling(&s);
	end_blocked(&c);
	end_blocked(&o);
	waitpid(z, NULL, 0);
}

/* What the unprivileged fuzzer hands back. */
struct unpriv_result {
	struct stats st;
	int failed;
	char failure[1024];
};

/* Root's tasks the unprivileged fuzzer aims at. */
struct unpriv_targets {
	pid_t root_tid, sib, child, other, zombie;
	pid_t nobody;		/* of the fuzzer's user, not its descendant */
	bool yama;		/* under ptrace_scope 1: it may be read only */
};

static void __attribute__((noreturn))
unprivileged(struct unpriv_result *res, int go_fd, uint64_t seed,
	     const struct unpriv_targets *rt)
{
	static struct model self, uchild, uzombie, unobody;
	static struct fuzz f;
	struct blocked uc;
	pid_t uz;
	char ch;
	int i;

	f.rng = seed;
	if (drop_to(NOBODY))
		_exit(10);
	f.nk = find_kthreads(f.kthreads, MAX_KTHREADS);
	if (f.nk < 0 || arena_init(&f) || open_fds(&f) || spawn_blocked(&uc, 0))
		_exit(11);
	uz = spawn_zombie();
	if (uz < 0)
		_exit(12);

	add_target(&f, "self (0)", T_MODEL, 0, sys_pidfd_open(getpid(), 0), &self);
	add_target(&f, "self (tid)", T_MODEL, gettid_raw(),
		   sys_pidfd_open(gettid_raw(), PIDFD_THREAD), &self);
	add_target(&f, "own child", T_MODEL, uc.pid, pidfd_of(uc.pid), &uchild);
	add_target(&f, "own zombie", T_MODEL, uz, pidfd_of(uz), &uzombie);
	/* Yama lets only an ancestor attach: a sibling may only read. */
	add_target(&f, "same user, not a descendant", rt->yama ? T_READONLY : T_MODEL,
		   rt->nobody, pidfd_of(rt->nobody), &unobody);
	add_target(&f, "root's thread", T_FOREIGN, rt->root_tid, pidfd_of(rt->root_tid), NULL);
	add_target(&f, "root's sibling thread", T_FOREIGN, rt->sib, pidfd_of(rt->sib), NULL);
	add_target(&f, "root's child", T_FOREIGN, rt->child, pidfd_of(rt->child), NULL);
	add_target(&f, "another user's child", T_FOREIGN, rt->other, pidfd_of(rt->other), NULL);
	add_target(&f, "root's zombie", T_FOREIGN, rt->zombie, pidfd_of(rt->zombie), NULL);
	add_target(&f, "init", T_FOREIGN, 1, pidfd_of(1), NULL);
	for (i = 0; i < f.nt; i++)
		if (f.t[i].pidfd < 0)
			_exit(13);
	add_target(&f, "kernel thread", T_KTHREAD, 0, -1, NULL);
	add_target(&f, "no such pid", T_GONE, 0, -1, NULL);
	add_target(&f, "negative pid", T_NEGATIVE, 0, -1, NULL);
	add_target(&f, "no pidfd", T_NOTPIDFD, 0, -1, NULL);
	if (open_notpidfds(&f) || read(go_fd, &ch, 1) != 1 || quiet_address_space())
		_exit(14);

	res->failed = !fuzz_run(&f, &self, fuzz_iterations());
	memcpy(res->failure, f.failure, sizeof(res->failure));
	res->st = f.st;
	end_blocked(&uc);
	waitpid(uz, NULL, 0);
	_exit(0);
}

TEST_F_TIMEOUT(fuzz, unprivileged_caller, FUZZ_TIMEOUT)
{
	struct unpriv_result *res = shared_alloc(sizeof(*res));
	struct unpriv_targets rt = { .root_tid = gettid_raw() };
	struct blocked c, o, n;
	struct sibling s;
	struct pfstat st;
	uint64_t seed;
	int go[2], status;
	pid_t z, u;

	seed = fuzz_seed("unprivileged_caller");
	ASSERT_NE(NULL, res);
	ASSERT_EQ(0, geteuid());
	/* With Yama, the fuzzer may attach to its descendants only. */
	rt.yama = self->yama_scope >= 0;
	if (rt.yama)
		ASSERT_EQ(0, write_str(YAMA, "1"));
	ksft_print_msg("unprivileged_caller: %s\n", rt.yama ?
		       "Yama ptrace_scope 1: a task of the fuzzer's user that is not its descendant may be read, not changed" :
		       "no Yama: a task of the fuzzer's user may be read and changed");
	ASSERT_EQ(0, spawn_sibling(&s));
	ASSERT_EQ(0, spawn_blocked(&c, 0));
	ASSERT_EQ(0, spawn_blocked(&o, OTHER_UID));
	ASSERT_EQ(0, spawn_blocked(&n, NOBODY));
	z = spawn_zombie();
	ASSERT_LT(0, z);
	rt.sib = s.tid;
	rt.child = c.pid;
	rt.other = o.pid;
	rt.zombie = z;
	rt.nobody = n.pid;
	ASSERT_EQ(0, pipe(go));
	u = fork();
	ASSERT_LE(0, u);
	if (u == 0)
		unprivileged(res, go[0], seed, &rt);

	/* Root's tasks in a known state: this one with K faults. */
	ASSERT_EQ(0, quiet_address_space());
	ASSERT_EQ(1, sys_pfstat(0, &st, sizeof(st), PFSTAT_INHERIT));
	ASSERT_EQ(1, sys_pfstat(s.tid, &st, sizeof(st), 0));
	ASSERT_EQ(1, sys_pfstat(c.pid, &st, sizeof(st), 0));
	ASSERT_EQ(1, sys_pfstat(o.pid, &st, sizeof(st), 0));
	ASSERT_EQ(0, touch_anon(K));

	ASSERT_EQ(1, write(go[1], "g", 1));
	ASSERT_EQ(u, waitpid(u, &status, 0));
	ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
		TH_LOG("unprivileged fuzzer: status %#x", status);
	EXPECT_FALSE(res->failed) TH_LOG("%s", res->failure);
	print_stats("uid 65534", &res->st);
	if (rt.yama)
		ksft_print_msg("  the task it may only read: %lu reads, %lu changes refused (EPERM)\n",
			       res->st.readonly_reads, res->st.readonly_eperm);
	EXPECT_LT(0, res->st.res[RES_OK]);
	EXPECT_LT(0, res->st.res[RES_EPERM]);
	EXPECT_LT(0, res->st.ok_by_pidfd);
	EXPECT_LT(0, res->st.res[RES_EBADF]);
	if (rt.yama) {
		EXPECT_LT(0, res->st.readonly_reads);
		EXPECT_LT(0, res->st.readonly_eperm);
	}

	/* Nothing of root's changed: modes, and exactly the K faults here. */
	ASSERT_EQ(0, sys_pfstat(0, &st, sizeof(st), PFSTAT_NORESET));
	EXPECT_EQ(K, st.anonymous_fault);
	EXPECT_EQ(K, st.fault_alloced_page);
	EXPECT_EQ(0, st.copy_on_write);
	EXPECT_EQ(K, st.faults);
	EXPECT_EQ(0, st.unclassified);
	EXPECT_EQ(0, sys_pfstat(s.tid, &st, sizeof(st), PFSTAT_NORESET));
	EXPECT_EQ(0, sys_pfstat(c.pid, &st, sizeof(st), PFSTAT_NORESET));
	EXPECT_EQ(0, sys_pfstat(o.pid, &st, sizeof(st), PFSTAT_NORESET));
	EXPECT_EQ(1, sys_pfstat(z, &st, sizeof(st), PFSTAT_NORESET));

	end_sibling(&s);
	end_blocked(&c);
	end_blocked(&o);
	end_blocked(&n);
	waitpid(z, NULL, 0);
}

TEST_HARNESS_MAIN
