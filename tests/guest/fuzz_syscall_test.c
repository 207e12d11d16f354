// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz pfstat(2): random pids (the caller, a sibling thread, children,
 * another user's task, a zombie, kernel threads, pids that do not exist,
 * negative ones), pointers (NULL, kernel and non-canonical addresses,
 * unmapped, PROT_NONE and read-only pages, buffers straddling a page
 * boundary into a guard page, fresh never-touched pages), sizes and
 * flags, as root and as an unprivileged user.
 *
 * Each call is checked against a model of every task the fuzzer owns (in
 * pfstat mode or not, PFSTAT_INHERIT, the faults it made since the last
 * reset):
 *  - it fails only with an errno the spec lists for one of the faults in
 *    the call (EINVAL, ESRCH, EPERM, EFAULT), and then changes nothing:
 *    a PFSTAT_NORESET read of the target afterwards finds the model;
 *  - it succeeds exactly when nothing is wrong, returns 1 or 0 as the
 *    model says, reports the model's counts, zeroes the bytes past the
 *    struct, and writes nothing outside [stat, stat + size);
 *  - an error other than EFAULT writes nothing at all, and a call on a
 *    task the caller may not read never writes a byte, whatever the errno.
 * The unprivileged run also checks, as root afterwards, that none of
 * root's tasks changed.
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

enum tkind { T_MODEL, T_FOREIGN, T_KTHREAD, T_GONE, T_NEGATIVE };

/* What the fuzzer knows about a task it owns. */
struct model {
	bool in_mode, inherit;
	struct pfstat counts;
};

struct target {
	const char *name;
	enum tkind kind;
	pid_t pid;
	struct model *m;
};

enum ptr_class {
	P_ARENA, P_EDGE, P_RO, P_NONE, P_HOLE, P_NULL, P_KERNEL, P_NONCANON,
	P_FRESH, NR_PTR
};

static const char *const ptr_name[NR_PTR] = {
	"arena", "arena edge", "read-only", "PROT_NONE", "unmapped", "NULL",
	"kernel", "non-canonical", "fresh",
};

enum res { RES_OK, RES_EINVAL, RES_ESRCH, RES_EPERM, RES_EFAULT, NR_RES };

struct stats {
	unsigned long calls, res[NR_RES], by_ptr[NR_PTR], entered, raced;
};

struct fuzz {
	uint64_t rng;
	bool privileged;
	struct target t[MAX_TARGETS];
	int nt;
	pid_t kthreads[MAX_KTHREADS];
	int nk;
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

static bool flags_valid(unsigned int f)
{
	return f == 0 || f == PFSTAT_NORESET || f == PFSTAT_DISABLE ||
	       f == PFSTAT_INHERIT;
}

static void add_target(struct fuzz *f, const char *name, enum tkind kind,
		       pid_t pid, struct model *m)
{
	f->t[f->nt++] = (struct target){ .name = name, .kind = kind, .pid = pid, .m = m };
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

static unsigned long pick_flags(uint64_t *rng)
{
	static const unsigned long valid[] = {
		0, 0, PFSTAT_NORESET, PFSTAT_NORESET, PFSTAT_DISABLE, PFSTAT_INHERIT,
	};
	static const unsigned long invalid[] = {
		PFSTAT_NORESET | PFSTAT_DISABLE, PFSTAT_NORESET | PFSTAT_INHERIT,
		PFSTAT_DISABLE | PFSTAT_INHERIT, 7, ~0U, 1U << 31,
	};

	switch (rng_below(rng, 8)) {
	case 0:
		return invalid[rng_below(rng, ARRAY_SIZE(invalid))];
	case 1:
		return 1UL << rng_below(rng, 32);
	case 2:
		/* Upper bits the kernel drops: flags is an unsigned int. */
		return (rng_next(rng) << 32) | valid[rng_below(rng, ARRAY_SIZE(valid))];
	case 3:
		return rng_next(rng) & 0xffffffff;
	default:
		return valid[rng_below(rng, ARRAY_SIZE(valid))];
	}
}

static size_t pick_size(uint64_t *rng)
{
	/* Not static: the page size is the running kernel's. */
	const size_t sizes[] = {
		0, 1, 8, PFSTAT_SIZE_VER0 - 1, PFSTAT_SIZE_VER0 + 1, 64, 100,
		PAGE, W_LEN, W_LEN + 1, 3 * PAGE, SIZE_MAX, SIZE_MAX - 55,
		1UL << 31, 1UL << 32, 1UL << 63,
	};

	switch (rng_below(rng, 6)) {
	case 0:
		return sizes[rng_below(rng, ARRAY_SIZE(sizes))];
	case 1:
		return rng_below(rng, W_LEN + 64);
	default:
		return PFSTAT_SIZE_VER0;
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

	memset(&vbuf, 0xa5, sizeof(vbuf));
	ret = raw_pfstat(pid, &vbuf, sizeof(vbuf), PFSTAT_NORESET);
	if (ret == (m->in_mode ? 0 : 1) && pfstat_equal(&vbuf, model_counts(m)))
		return true;
	snprintf(f->failure, sizeof(f->failure),
		 "%s: NORESET read of %d returned %ld (errno %d), anonymous_fault %llu; model: %s pfstat mode, anonymous_fault %llu",
		 when, pid, ret, errno, (unsigned long long)vbuf.anonymous_fault,
		 m->in_mode ? "in" : "not in",
		 (unsigned long long)m->counts.anonymous_fault);
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

/* One random call; false (and f->failure) when it broke a rule. */
static bool fuzz_one(struct fuzz *f, unsigned long iter)
{
	struct target *t = &f->t[rng_below(&f->rng, f->nt)];
	enum ptr_class pc = rng_below(&f->rng, 2 * NR_PTR);
	unsigned long flags = pick_flags(&f->rng);
	size_t size = pick_size(&f->rng);
	unsigned char *p, *fresh = NULL, *w = f->arena;
	bool writable, inside, ok = true, ok_errno[NR_RES] = { false };
	struct model *m = t->m;
	struct pfstat got;
	long pid = t->pid, ret;
	int err, r, i;

	/* The arena and the plain 56 bytes are the common cases. */
	if (pc >= NR_PTR)
		pc = P_ARENA;
	switch (t->kind) {
	case T_KTHREAD:
		pid = f->kthreads[rng_below(&f->rng, f->nk)];
		break;
	case T_GONE:
		do {
			pid = rng_below(&f->rng, 3) ? 300 + rng_below(&f->rng, 32000) :
			      INT_MAX - rng_below(&f->rng, 1000);
		} while (pid_exists(pid));
		break;
	case T_NEGATIVE:
		pid = rng_below(&f->rng, 2) ? -1 : INT_MIN + rng_below(&f->rng, 1000);
		break;
	default:
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
	if (t->kind == T_KTHREAD)
		ok_errno[f->privileged ? RES_EINVAL : RES_EPERM] = ok_errno[RES_EINVAL] = true;
	if (t->kind == T_FOREIGN)
		ok_errno[RES_EPERM] = true;
	if (!writable)
		ok_errno[RES_EFAULT] = true;

	memset(w, 0xa5, W_LEN);
	errno = 0;
	ret = raw_pfstat(pid, p, size, flags);
	err = errno;
	f->st.calls++;
	f->st.by_ptr[pc]++;
	r = ret == -1 ? res_of(err) : RES_OK;
	inside = p >= w && p < w + W_LEN;

#define FAIL(fmt, ...) do {						\
	snprintf(f->failure, sizeof(f->failure),			\
		 "call %lu: pfstat(%ld [%s], %s %p, %zu, %#lx) = %ld, errno %d: " fmt, \
		 iter, pid, t->name, ptr_name[pc], p, size, flags, ret, err, \
		 ##__VA_ARGS__);					\
	ok = false;							\
	goto out;							\
} while (0)

	if (ret == -1 && r < 0)
		FAIL("an errno the spec does not list");
	if (ret == -1 && !ok_errno[r]) {
		/* A "gone" pid or a kernel thread may have changed since. */
		if ((t->kind == T_GONE || t->kind == T_KTHREAD) &&
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
		if (t->kind != T_MODEL)
			FAIL("succeeded on a task the fuzzer does not model");
	}
	if (ret == -1) {
		f->st.res[r]++;
		/* Nothing read, nothing written: only EFAULT may leave bytes. */
		if ((r != RES_EFAULT || t->kind == T_FOREIGN) && !all_bytes(w, W_LEN, 0xa5))
			FAIL("the failed call wrote into the caller's memory");
		if (m && !model_holds(f, t->pid, m, "after the error"))
			goto fail_model;
		goto out;
	}

	/* Success: the model's answer, the model's counts, zeroed tail. */
	f->st.res[RES_OK]++;
	if (ret != (m->in_mode ? 0 : 1))
		FAIL("expected %d", m->in_mode ? 0 : 1);
	memcpy(&got, p, sizeof(got));
	for (i = 0; i < PFSTAT_NR_CLASSES; i++)
		if (pfstat_class_count(&got, i) != pfstat_class_count(model_counts(m), i))
			FAIL("%s %llu, model %llu", pfstat_class_names[i],
			     (unsigned long long)pfstat_class_count(&got, i),
			     (unsigned long long)pfstat_class_count(model_counts(m), i));
	if (!all_bytes(p + PFSTAT_SIZE_VER0, size - PFSTAT_SIZE_VER0, 0))
		FAIL("bytes past the struct not zeroed");
	if (inside && (!all_bytes(w, p - w, 0xa5) ||
		       !all_bytes(p + size, w + W_LEN - (p + size), 0xa5)))
		FAIL("wrote outside [stat, stat + size)");
	if (!m->in_mode && !(flags & (PFSTAT_NORESET | PFSTAT_DISABLE)))
		f->st.entered++;
	switch ((unsigned int)flags) {
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

	ksft_print_msg("%s: %lu calls: %lu ok (%lu entered pfstat mode), EINVAL %lu, ESRCH %lu, EPERM %lu, EFAULT %lu; %lu raced with a pid change\n",
		       who, s->calls, s->res[RES_OK], s->entered, s->res[RES_EINVAL],
		       s->res[RES_ESRCH], s->res[RES_EPERM], s->res[RES_EFAULT], s->raced);
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

/* No fixture data: a fixture only for TEST_F_TIMEOUT(). */
FIXTURE(fuzz) {};
FIXTURE_SETUP(fuzz) {}
FIXTURE_TEARDOWN(fuzz) {}

/* Up to 50 ms a call: room for the debug kernel under TCG. */
#define FUZZ_TIMEOUT	(60 + fuzz_iterations() / 20)

TEST_F_TIMEOUT(fuzz, as_root, FUZZ_TIMEOUT)
{
	static struct model caller, sib, child, other, zombie;
	static struct fuzz f;
	struct blocked c, o;
	struct sibling s;
	pid_t z;

	f.rng = fuzz_seed("as_root");
	f.privileged = true;
	ASSERT_EQ(0, geteuid());
	f.nk = find_kthreads(f.kthreads, MAX_KTHREADS);
	ASSERT_LT(0, f.nk);
	ASSERT_EQ(0, arena_init(&f));
	ASSERT_EQ(0, spawn_sibling(&s));
	ASSERT_EQ(0, spawn_blocked(&c, 0));
	ASSERT_EQ(0, spawn_blocked(&o, OTHER_UID));
	z = spawn_zombie();
	ASSERT_LT(0, z);
	/* After the forks: from here on the caller takes no fault unmodelled. */
	ASSERT_EQ(0, quiet_address_space());

	add_target(&f, "self (0)", T_MODEL, 0, &caller);
	add_target(&f, "self (tid)", T_MODEL, gettid_raw(), &caller);
	add_target(&f, "sibling thread", T_MODEL, s.tid, &sib);
	add_target(&f, "child", T_MODEL, c.pid, &child);
	add_target(&f, "other user's child", T_MODEL, o.pid, &other);
	add_target(&f, "zombie", T_MODEL, z, &zombie);
	add_target(&f, "kernel thread", T_KTHREAD, 0, NULL);
	add_target(&f, "no such pid", T_GONE, 0, NULL);
	add_target(&f, "negative pid", T_NEGATIVE, 0, NULL);

	EXPECT_TRUE(fuzz_run(&f, &caller, fuzz_iterations())) TH_LOG("%s", f.failure);
	print_stats("root", &f.st);
	EXPECT_LT(0, f.st.res[RES_OK]);
	EXPECT_LT(0, f.st.entered);

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

static void __attribute__((noreturn))
unprivileged(struct unpriv_result *res, int go_fd, uint64_t seed,
	     pid_t root_tid, pid_t sib, pid_t child, pid_t other, pid_t zombie)
{
	static struct model self, uchild, uzombie;
	static struct fuzz f;
	struct blocked uc;
	pid_t uz;
	char ch;

	f.rng = seed;
	if (drop_to(NOBODY))
		_exit(10);
	f.nk = find_kthreads(f.kthreads, MAX_KTHREADS);
	if (f.nk < 0 || arena_init(&f) || spawn_blocked(&uc, 0))
		_exit(11);
	uz = spawn_zombie();
	if (uz < 0 || read(go_fd, &ch, 1) != 1 || quiet_address_space())
		_exit(12);

	add_target(&f, "self (0)", T_MODEL, 0, &self);
	add_target(&f, "self (tid)", T_MODEL, gettid_raw(), &self);
	add_target(&f, "own child", T_MODEL, uc.pid, &uchild);
	add_target(&f, "own zombie", T_MODEL, uz, &uzombie);
	add_target(&f, "root's thread", T_FOREIGN, root_tid, NULL);
	add_target(&f, "root's sibling thread", T_FOREIGN, sib, NULL);
	add_target(&f, "root's child", T_FOREIGN, child, NULL);
	add_target(&f, "another user's child", T_FOREIGN, other, NULL);
	add_target(&f, "root's zombie", T_FOREIGN, zombie, NULL);
	add_target(&f, "init", T_FOREIGN, 1, NULL);
	add_target(&f, "kernel thread", T_KTHREAD, 0, NULL);
	add_target(&f, "no such pid", T_GONE, 0, NULL);
	add_target(&f, "negative pid", T_NEGATIVE, 0, NULL);

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
	struct blocked c, o;
	struct sibling s;
	struct pfstat st;
	pid_t z, u, me = gettid_raw();
	uint64_t seed;
	int go[2], status;

	seed = fuzz_seed("unprivileged_caller");
	ASSERT_NE(NULL, res);
	ASSERT_EQ(0, geteuid());
	ASSERT_EQ(0, spawn_sibling(&s));
	ASSERT_EQ(0, spawn_blocked(&c, 0));
	ASSERT_EQ(0, spawn_blocked(&o, OTHER_UID));
	z = spawn_zombie();
	ASSERT_LT(0, z);
	ASSERT_EQ(0, pipe(go));
	u = fork();
	ASSERT_LE(0, u);
	if (u == 0)
		unprivileged(res, go[0], seed, me, s.tid, c.pid, o.pid, z);

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
	EXPECT_LT(0, res->st.res[RES_OK]);
	EXPECT_LT(0, res->st.res[RES_EPERM]);

	/* Nothing of root's changed: modes, and exactly the K faults here. */
	ASSERT_EQ(0, sys_pfstat(0, &st, sizeof(st), PFSTAT_NORESET));
	EXPECT_EQ(K, st.anonymous_fault);
	EXPECT_EQ(K, st.fault_alloced_page);
	EXPECT_EQ(0, st.copy_on_write);
	EXPECT_EQ(0, sys_pfstat(s.tid, &st, sizeof(st), PFSTAT_NORESET));
	EXPECT_EQ(0, sys_pfstat(c.pid, &st, sizeof(st), PFSTAT_NORESET));
	EXPECT_EQ(0, sys_pfstat(o.pid, &st, sizeof(st), PFSTAT_NORESET));
	EXPECT_EQ(1, sys_pfstat(z, &st, sizeof(st), PFSTAT_NORESET));

	end_sibling(&s);
	end_blocked(&c);
	end_blocked(&o);
	waitpid(z, NULL, 0);
}

TEST_HARNESS_MAIN
