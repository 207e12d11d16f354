// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz /sys/kernel/debug/pfstat: random writes to control and to PID/enable
 * (verbs, separators, pid spellings, options, trailing bytes, random bytes,
 * overlong lines, pwrite offsets), and reads of every file in random
 * chunks, checked against a model of the tasks the fuzzer owns: itself,
 * two blocked children and a zombie.
 *
 * A reference parser of the control grammar of /sys/kernel/debug/pfstat/control
 * ("enable PID", "enable PID inherit", "disable PID", one optional
 * trailing newline, PID in decimal) says what each write must do: EINVAL
 * for a bad line, ESRCH for a pid that does not exist, EINVAL for a
 * kernel thread, and otherwise the mode change, with nothing else
 * changed.  After each write every modelled task's mode and counts (a
 * PFSTAT_NORESET read) and its directory must match the model; the
 * fuzzer's own faults are modelled too.  A line naming a task that is
 * not the fuzzer's is never sent.
 *
 * PFSTAT_FUZZ_SEED=N repeats a run's choices; PFSTAT_FUZZ_ITERATIONS
 * (default 4000) sets the writes per test.
 */
#include <dirent.h>
#include <grp.h>
#include <limits.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "stress_common.h"
#include "fuzz_common.h"

#define MAX_TARGETS	8
#define SELF_TOUCH	3
#define LINE_MAX_LEN	128

struct model {
	pid_t pid;
	const char *name;
	bool zombie;		/* in pfstat mode or not, it has no directory */
	bool in_mode;
	struct pfstat counts;
};

enum res { RES_OK, RES_EINVAL, RES_ESRCH, RES_ENOENT, NR_RES };

struct stats {
	unsigned long ctl[NR_RES], en[NR_RES], skipped, raced, reads, random_lines;
};

struct fuzz {
	uint64_t rng;
	struct model m[MAX_TARGETS];
	int nm;
	pid_t kthreads[MAX_KTHREADS];
	int nk;
	struct stats st;
	char failure[1024];
};

/* Pre-faulted buffers: the fuzzer takes no fault it does not model. */
static char line[LINE_MAX_LEN], rbuf[8192], rbuf2[8192], expect[512];
static struct pfstat vbuf;

static bool is_kthread(struct fuzz *f, long pid)
{
	int i;

	for (i = 0; i < f->nk; i++)
		if (f->kthreads[i] == pid)
			return true;
	return false;
}

static struct model *model_of(struct fuzz *f, long pid)
{
	int i;

	for (i = 0; i < f->nm; i++)
		if (f->m[i].pid == pid)
			return &f->m[i];
	return NULL;
}

/* --- the reference parser ------------------------------------------- */

enum verb { V_BAD, V_ENABLE, V_ENABLE_INHERIT, V_DISABLE };

/*
 * The control grammar: 1 to 63 bytes, one optional trailing newline, no
 * NUL, tokens separated by single spaces, PID all decimal digits, > 0,
 * fitting an int.  Returns the verb; *pid is the number.
 */
static enum verb ref_parse_control(const char *buf, size_t len, long *pid)
{
	char s[LINE_MAX_LEN + 1], *tok[4], *p, *end;
	int n = 0;

	if (len == 0 || len >= 64)
		return V_BAD;
	memcpy(s, buf, len);
	s[len] = '\0';
	if (s[len - 1] == '\n')
		s[--len] = '\0';
	if (strlen(s) != len)
		return V_BAD;	/* an embedded NUL */
	for (p = s; n < 4; n++) {
		tok[n] = p;
		p = strchr(p, ' ');
		if (!p) {
			n++;
			break;
		}
		*p++ = '\0';
	}
	if (n < 2 || n > 3 || !*tok[1] || strspn(tok[1], "0123456789") != strlen(tok[1]))
		return V_BAD;
	errno = 0;
	*pid = strtol(tok[1], &end, 10);
	if (errno || *pid > INT_MAX || *pid <= 0)
		return V_BAD;
	if (!strcmp(tok[0], "enable") && n == 2)
		return V_ENABLE;
	if (!strcmp(tok[0], "enable") && !strcmp(tok[2], "inherit"))
		return V_ENABLE_INHERIT;
	if (!strcmp(tok[0], "disable") && n == 2)
		return V_DISABLE;
	return V_BAD;
}

/* PID/enable: "0" or "1", one optional trailing newline, at most 3 bytes. */
static int ref_parse_enable(const char *buf, size_t len)
{
	char s[8];

	if (len == 0 || len >= 4)
		return -1;
	memcpy(s, buf, len);
	s[len] = '\0';
	if (s[len - 1] == '\n')
		s[--len] = '\0';
	if (strlen(s) != len)
		return -1;
	if (!strcmp(s, "0"))
		return 0;
	if (!strcmp(s, "1"))
		return 1;
	return -1;
}

/* --- generators ------------------------------------------------------- */

static const char *pick(uint64_t *rng, const char *const *v, size_t n)
{
	return v[rng_below(rng, n)];
}

/* A pid to name: a modelled task, a kernel thread, or no task at all. */
static long pick_pid(struct fuzz *f)
{
	long pid;

	switch (rng_below(&f->rng, 6)) {
	case 0:
		return f->kthreads[rng_below(&f->rng, f->nk)];
	case 1:
		do {
			pid = 300 + rng_below(&f->rng, 32000);
		} while (pid_exists(pid));
		return pid;
	default:
		return f->m[rng_below(&f->rng, f->nm)].pid;
	}
}

/* A control line, mostly well formed, often slightly not; its length. */
static size_t gen_control(struct fuzz *f, char *buf)
{
	static const char *const verbs[] = {
		"Enable", "enable\t", "enab", "disable\n", "", "inherit",
		"enabled", "disable!", "ENABLE", "\nenable",
	};
	static const char *const opts[] = {
		"", "inherit\n", "INHERIT", "inherit ", "x", "inherit inherit",
		"inheri", "\tinherit",
	};
	static const char *const tails[] = { "\n\n", " ", "\r", "\r\n", "\t", "\n " };
	static const char *const seps[] = { "", "  ", "\t", "\n", " \n" };
	uint64_t *rng = &f->rng;
	long pid = pick_pid(f);
	size_t len = 0, i, n;
	int r;

	if (rng_below(rng, 16) == 0) {
		/* Random bytes, no NUL (that is control_rejects_nul). */
		n = rng_below(rng, 80);
		for (i = 0; i < n; i++)
			buf[i] = 1 + rng_below(rng, 255);
		f->st.random_lines++;
		return n;
	}
	if (rng_below(rng, 32) == 0)
		return snprintf(buf, LINE_MAX_LEN, "enable %060ld\n", pid);

	r = rng_below(rng, 20);
	len += sprintf(buf + len, "%s", r < 9 ? "enable" : r < 16 ? "disable" :
		       pick(rng, verbs, ARRAY_SIZE(verbs)));
	len += sprintf(buf + len, "%s", rng_below(rng, 8) ? " " :
		       pick(rng, seps, ARRAY_SIZE(seps)));
	switch (rng_below(rng, 16)) {
	case 0:
		len += sprintf(buf + len, "%0*ld", 1 + (int)rng_below(rng, 12), pid);
		break;
	case 1:
		len += sprintf(buf + len, "+%ld", pid);
		break;
	case 2:
		len += sprintf(buf + len, "-%ld", pid);
		break;
	case 3:
		len += sprintf(buf + len, "0x%lx", pid);
		break;
	case 4:
		len += sprintf(buf + len, "%ld%c", pid, "ax.-_"[rng_below(rng, 5)]);
		break;
	case 5:
		break;		/* no pid at all */
	case 6:
		len += sprintf(buf + len, "%s", rng_below(rng, 2) ? "2147483648" : "99999999999");
		break;
	case 7:
		len += sprintf(buf + len, "%s", rng_below(rng, 2) ? "0" : "000");
		break;
	default:
		len += sprintf(buf + len, "%ld", pid);
		break;
	}
	r = rng_below(rng, 20);
	if (r < 5)
		len += sprintf(buf + len, " inherit");
	else if (r < 7)
		len += sprintf(buf + len, " %s", pick(rng, opts, ARRAY_SIZE(opts)));
	r = rng_below(rng, 20);
	if (r < 9)
		len += sprintf(buf + len, "\n");
	else if (r < 11)
		len += sprintf(buf + len, "%s", pick(rng, tails, ARRAY_SIZE(tails)));
	return len;
}

static size_t gen_enable(struct fuzz *f, char *buf)
{
	static const char *const vals[] = {
		"0", "1", "0\n", "1\n", "2", "00", "01", "0\n\n", " 0", "0 ",
		"", "y", "10", "1\r", "-1", "0x0", "\n",
	};
	size_t n, i;

	if (rng_below(&f->rng, 8) == 0) {
		n = rng_below(&f->rng, 6);
		for (i = 0; i < n; i++)
			buf[i] = 1 + rng_below(&f->rng, 255);
		return n;
	}
	n = strlen(strcpy(buf, pick(&f->rng, vals, ARRAY_SIZE(vals))));
	return n;
}

/* --- checks ------------------------------------------------------------ */

static bool check_model(struct fuzz *f, struct model *m, const char *when)
{
	static const struct pfstat zeros;
	bool dir = pfstat_dir_exists(m->pid);
	long ret;

	memset(&vbuf, 0xa5, sizeof(vbuf));
	ret = sys_pfstat(m->pid, &vbuf, sizeof(vbuf), PFSTAT_NORESET);
	if (ret == (m->in_mode ? 0 : 1) &&
	    pfstat_equal(&vbuf, m->in_mode ? &m->counts : &zeros) &&
	    dir == (m->in_mode && !m->zombie))
		return true;
	snprintf(f->failure + strlen(f->failure), sizeof(f->failure) - strlen(f->failure),
		 " | %s: %s (%d): NORESET read %ld, anonymous_fault %llu, faults %llu, unclassified %llu, directory %s; model: %s pfstat mode, anonymous_fault %llu, faults %llu, unclassified %llu",
		 when, m->name, m->pid, ret, (unsigned long long)vbuf.anonymous_fault,
		 (unsigned long long)vbuf.faults, (unsigned long long)vbuf.unclassified,
		 dir ? "present" : "absent", m->in_mode ? "in" : "not in",
		 (unsigned long long)m->counts.anonymous_fault,
		 (unsigned long long)m->counts.faults,
		 (unsigned long long)m->counts.unclassified);
	return false;
}

static bool check_all(struct fuzz *f, const char *when)
{
	int i;

	for (i = 0; i < f->nm; i++)
		if (!check_model(f, &f->m[i], when))
			return false;
	return true;
}

static void describe(struct fuzz *f, unsigned long iter, const char *file,
		     const char *buf, size_t len, long ret, int err)
{
	size_t i, n;

	n = snprintf(f->failure, sizeof(f->failure), "write %lu to %s: \"", iter, file);
	for (i = 0; i < len && n < sizeof(f->failure) - 64; i++) {
		unsigned char c = buf[i];

		n += snprintf(f->failure + n, sizeof(f->failure) - n,
			      c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? "%c" : "\\x%02x", c);
	}
	snprintf(f->failure + n, sizeof(f->failure) - n, "\" (%zu bytes) = %ld, errno %d", len, ret, err);
}

static void apply(struct model *m, enum verb v)
{
	switch (v) {
	case V_ENABLE:
	case V_ENABLE_INHERIT:
		/*
		 * Entering starts from zero; a task already in pfstat mode
		 * keeps its counts, which no read has reported yet.
		 */
		if (!m->in_mode)
			memset(&m->counts, 0, sizeof(m->counts));
		m->in_mode = true;
		break;
	case V_DISABLE:
		m->in_mode = false;
		memset(&m->counts, 0, sizeof(m->counts));
		break;
	default:
		break;
	}
}

static bool fuzz_control(struct fuzz *f, unsigned long iter)
{
	size_t len = gen_control(f, line);
	long pid = 0, ret;
	struct model *m = NULL;
	enum verb v = ref_parse_control(line, len, &pid);
	int want = 0, fd, err;

	if (v != V_BAD) {
		m = model_of(f, pid);
		if (m)
			want = 0;
		else if (is_kthread(f, pid))
			want = EINVAL;
		else if (!pid_exists(pid))
			want = ESRCH;
		else {
			f->st.skipped++;	/* a task that is not ours */
			return true;
		}
	} else {
		want = EINVAL;
	}
	fd = open(PFSTAT_DIR "/control", O_WRONLY);
	if (fd < 0) {
		snprintf(f->failure, sizeof(f->failure), "open control: %s", strerror(errno));
		return false;
	}
	errno = 0;
	ret = write(fd, line, len);
	err = errno;
	close(fd);
	/*
	 * A kernel thread of the list made at the start may have exited
	 * since (a kworker pool shrinks), and a pid that was free may have
	 * been taken: then the kernel's answer is right for the pid's new
	 * state.
	 */
	if (!m && v != V_BAD && ret == -1 &&
	    ((want == EINVAL && err == ESRCH && !pid_exists(pid)) ||
	     (want == ESRCH && pid_exists(pid)))) {
		f->st.raced++;
		return true;
	}
	if (want ? ret != -1 || err != want : ret != (long)len) {
		describe(f, iter, "control", line, len, ret, err);
		snprintf(f->failure + strlen(f->failure), sizeof(f->failure) - strlen(f->failure),
			 "; expected %s", want ? strerror(want) : "success");
		if (m)
			check_model(f, m, "then");
		return false;
	}
	f->st.ctl[!want ? RES_OK : want == EINVAL ? RES_EINVAL : RES_ESRCH]++;
	if (m)
		apply(m, v);
	if (!check_all(f, "after the write")) {
		char keep[sizeof(f->failure)];

		memcpy(keep, f->failure, sizeof(keep));
		describe(f, iter, "control", line, len, ret, err);
		strncat(f->failure, keep, sizeof(f->failure) - strlen(f->failure) - 1);
		return false;
	}
	return true;
}

static bool fuzz_enable(struct fuzz *f, unsigned long iter)
{
	struct model *m = &f->m[rng_below(&f->rng, f->nm)];
	size_t len = gen_enable(f, line);
	int v = ref_parse_enable(line, len), fd, err;
	char path[64];
	long ret;

	snprintf(path, sizeof(path), PFSTAT_DIR "/%d/enable", m->pid);
	fd = open(path, O_WRONLY);
	if (fd < 0) {
		if (errno != ENOENT || (m->in_mode && !m->zombie)) {
			snprintf(f->failure, sizeof(f->failure), "open %s: %s, model %s pfstat mode",
				 path, strerror(errno), m->in_mode ? "in" : "not in");
			return false;
		}
		f->st.en[RES_ENOENT]++;
		return true;
	}
	errno = 0;
	if (rng_below(&f->rng, 4) == 0)
		ret = pwrite(fd, line, len, rng_below(&f->rng, 16));
	else
		ret = write(fd, line, len);
	err = errno;
	close(fd);
	if (v < 0 ? ret != -1 || err != EINVAL : ret != (long)len) {
		describe(f, iter, path, line, len, ret, err);
		strncat(f->failure, v < 0 ? "; expected EINVAL" : "; expected success",
			sizeof(f->failure) - strlen(f->failure) - 1);
		return false;
	}
	f->st.en[v < 0 ? RES_EINVAL : RES_OK]++;
	if (v == 0)
		apply(m, V_DISABLE);
	if (!check_all(f, "after the write")) {
		char keep[sizeof(f->failure)];

		memcpy(keep, f->failure, sizeof(keep));
		describe(f, iter, path, line, len, ret, err);
		strncat(f->failure, keep, sizeof(f->failure) - strlen(f->failure) - 1);
		return false;
	}
	return true;
}

/* Read @path whole, then again in random chunks from random offsets. */
static bool read_chunked(struct fuzz *f, const char *path, int *len)
{
	int fd, n, off = 0, chunk;

	*len = read_path(path, rbuf, sizeof(rbuf));
	if (*len < 0)
		return false;
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return false;
	while (off < *len) {
		chunk = 1 + rng_below(&f->rng, 64);
		n = pread(fd, rbuf2 + off, chunk, off);
		if (n <= 0)
			break;
		off += n;
	}
	n = pread(fd, rbuf2 + off, 16, off + rng_below(&f->rng, 4096));
	close(fd);
	return off == *len && n == 0 && !memcmp(rbuf, rbuf2, *len);
}

/* Every file of a modelled task reads back as the model says. */
static bool fuzz_read(struct fuzz *f)
{
	struct model *m = &f->m[rng_below(&f->rng, f->nm)];
	char path[64], *row;
	int len, i, n;

	if (!m->in_mode || m->zombie)
		return true;
	f->st.reads++;
	snprintf(path, sizeof(path), PFSTAT_DIR "/%d/stat", m->pid);
	for (i = 0, n = 0; i < GUEST_NR_COUNTERS; i++)
		n += snprintf(expect + n, sizeof(expect) - n, "%s %llu\n",
			      guest_counter_name(i),
			      (unsigned long long)guest_counter(&m->counts, i));
	if (!read_chunked(f, path, &len) || strcmp(rbuf, expect))
		goto bad;
	snprintf(path, sizeof(path), PFSTAT_DIR "/%d/enable", m->pid);
	if (!read_chunked(f, path, &len) || strcmp(rbuf, "1\n"))
		goto bad;
	snprintf(path, sizeof(path), PFSTAT_DIR "/%d/frames", m->pid);
	/* The fuzzer's own frames change as it maps and unmaps. */
	if (m != &f->m[0] && (!read_chunked(f, path, &len) ||
			      strncmp(rbuf, "type\twalked\trss\n", 16)))
		goto bad;
	snprintf(path, sizeof(path), PFSTAT_DIR "/tasks");
	if (read_path(path, rbuf, sizeof(rbuf)) < 0)
		goto bad;
	n = snprintf(expect, sizeof(expect), "\n%d\t", m->pid);
	row = strstr(rbuf, expect);
	if (row)
		row = strchr(row + n, '\t');	/* past the comm */
	if (!row)
		goto bad;
	for (i = 0, n = 0; i < GUEST_NR_COUNTERS; i++)
		n += snprintf(expect + n, sizeof(expect) - n, "\t%llu",
			      (unsigned long long)guest_counter(&m->counts, i));
	if (strncmp(row, expect, n) || row[n] != '\n')
		goto bad;
	return true;
bad:
	snprintf(f->failure, sizeof(f->failure), "reading %s of %s (%d): got \"%.200s\", expected \"%.200s\"",
		 path, m->name, m->pid, rbuf, expect);
	return false;
}

static bool fuzz_run(struct fuzz *f, unsigned long iterations)
{
	struct model *self = &f->m[0];
	unsigned long i;
	uint64_t r;

	if (!check_all(f, "before"))
		return false;
	for (i = 0; i < iterations; i++) {
		r = rng_below(&f->rng, 16);
		if (r < 9 && !fuzz_control(f, i))
			return false;
		if (r >= 9 && r < 14 && !fuzz_enable(f, i))
			return false;
		if (r >= 14 && !fuzz_read(f))
			return false;
		if (rng_below(&f->rng, 16) == 0) {
			if (touch_anon(SELF_TOUCH))
				return false;
			if (self->in_mode) {
				self->counts.anonymous_fault += SELF_TOUCH;
				self->counts.fault_alloced_page += SELF_TOUCH;
				self->counts.faults += SELF_TOUCH;
			}
		}
	}
	return check_all(f, "at the end");
}

/* --- tasks -------------------------------------------------------------- */

static void print_stats(const struct stats *s)
{
	ksft_print_msg("control: %lu ok, %lu EINVAL, %lu ESRCH (%lu random lines); %lu lines naming other tasks not sent; %lu raced with a pid change\n",
		       s->ctl[RES_OK], s->ctl[RES_EINVAL], s->ctl[RES_ESRCH],
		       s->random_lines, s->skipped, s->raced);
	ksft_print_msg("PID/enable: %lu ok, %lu EINVAL, %lu ENOENT (not in pfstat mode); %lu checked reads of stat, enable, frames, tasks\n",
		       s->en[RES_OK], s->en[RES_EINVAL], s->en[RES_ENOENT], s->reads);
}

FIXTURE(tasks) {
	struct fuzz f;
	struct blocked c1, c2;
	pid_t zombie;
};

FIXTURE_SETUP(tasks)
{
	struct fuzz *f = &self->f;

	f->rng = env_seed("PFSTAT_FUZZ_SEED");
	ksft_print_msg("PFSTAT_FUZZ_SEED=%llu PFSTAT_FUZZ_ITERATIONS=%lu\n",
		       (unsigned long long)f->rng, fuzz_iterations());
	f->nk = find_kthreads(f->kthreads, MAX_KTHREADS);
	ASSERT_LT(0, f->nk);
	ASSERT_EQ(0, spawn_blocked(&self->c1, 0));
	ASSERT_EQ(0, spawn_blocked(&self->c2, 0));
	self->zombie = spawn_zombie();
	ASSERT_LT(0, self->zombie);
	f->m[f->nm++] = (struct model){ .pid = getpid(), .name = "the fuzzer" };
	f->m[f->nm++] = (struct model){ .pid = self->c1.pid, .name = "child 1" };
	f->m[f->nm++] = (struct model){ .pid = self->c2.pid, .name = "child 2" };
	f->m[f->nm++] = (struct model){ .pid = self->zombie, .name = "zombie", .zombie = true };
	ASSERT_EQ(0, quiet_address_space());
}

FIXTURE_TEARDOWN(tasks)
{
	end_blocked(&self->c1);
	end_blocked(&self->c2);
	waitpid(self->zombie, NULL, 0);
}

/* Up to 50 ms a write: room for the debug kernel under TCG. */
TEST_F_TIMEOUT(tasks, random_writes, 60 + fuzz_iterations() / 20)
{
	EXPECT_TRUE(fuzz_run(&self->f, fuzz_iterations())) TH_LOG("%s", self->f.failure);
	print_stats(&self->f.st);
	EXPECT_LT(0, self->f.st.ctl[RES_OK]);
	EXPECT_LT(0, self->f.st.ctl[RES_EINVAL]);
	EXPECT_LT(0, self->f.st.ctl[RES_ESRCH]);
	EXPECT_LT(0, self->f.st.en[RES_OK]);
	EXPECT_LT(0, self->f.st.en[RES_EINVAL]);
	EXPECT_LT(0, self->f.st.reads);
}

/*
 * A NUL byte ends no line: "enable PID\0junk" is not "enable PID", and
 * "0\0" is not "0".  The kernel must refuse them like any other bad line,
 * and change nothing.  Each line starts from a known mode of child 1.
 */
TEST_F(tasks, nul_bytes_are_bad_lines)
{
	static const struct {
		const char *head, *tail;	/* the line is head NUL tail */
		bool in_mode;			/* child 1's mode before it */
	} lines[] = {
		{ "enable %d", "", false }, { "enable %d", "junk", false },
		{ "enable %d", "\n", false }, { "enable %d inherit", "", false },
		{ "enable %d", " inherit", false },
		{ "disable %d", "", true }, { "disable %d", "inherit", true },
	};
	struct model *c = &self->f.m[1];
	char path[64], buf[64];
	int n, i;

	for (i = 0; i < (int)ARRAY_SIZE(lines); i++) {
		sys_pfstat(c->pid, &vbuf, sizeof(vbuf),
			   lines[i].in_mode ? 0 : PFSTAT_DISABLE);
		n = snprintf(buf, sizeof(buf), lines[i].head, c->pid) + 1;
		n += strlen(strcpy(buf + n, lines[i].tail));
		EXPECT_EQ(-EINVAL, write_path(PFSTAT_DIR "/control", buf, n))
			TH_LOG("control accepted \"%s\\0%s\"", buf, lines[i].tail);
		EXPECT_EQ(lines[i].in_mode ? 0 : 1,
			  sys_pfstat(c->pid, &vbuf, sizeof(vbuf), PFSTAT_NORESET))
			TH_LOG("... and it changed child 1's mode");
	}
	snprintf(path, sizeof(path), PFSTAT_DIR "/%d/enable", c->pid);
	for (i = 0; i < 2; i++) {
		sys_pfstat(c->pid, &vbuf, sizeof(vbuf), 0);
		EXPECT_EQ(-EINVAL, write_path(path, "0\0x", 2 + i))
			TH_LOG("%d/enable accepted \"0\\0%s\"", c->pid, i ? "x" : "");
		EXPECT_EQ(0, sys_pfstat(c->pid, &vbuf, sizeof(vbuf), PFSTAT_NORESET))
			TH_LOG("... and child 1 left pfstat mode");
	}
}

/* Only root gets in: nobody may open any pfstat file, or change a task. */
TEST_F(tasks, unprivileged_cannot_open)
{
	static const char *const files[] = { "control", "tasks", "%d/enable", "%d/stat", "%d/frames" };
	struct fuzz *f = &self->f;
	struct model *c = &f->m[1];
	int status, i;
	pid_t pid;

	ASSERT_EQ(1, sys_pfstat(c->pid, &vbuf, sizeof(vbuf), 0));
	c->in_mode = true;
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		char path[96], name[32];

		if (setgroups(0, NULL) || setgid(65534) || setuid(65534))
			_exit(100);
		for (i = 0; i < (int)ARRAY_SIZE(files); i++) {
			snprintf(name, sizeof(name), files[i], c->pid);
			snprintf(path, sizeof(path), PFSTAT_DIR "/%s", name);
			if (open(path, i ? O_RDONLY : O_WRONLY) >= 0 || errno != EACCES)
				_exit(1 + i);
			if (open(path, O_RDWR) >= 0 || errno != EACCES)
				_exit(20 + i);
		}
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, WEXITSTATUS(status)) TH_LOG("step %d: opened, or not EACCES", WEXITSTATUS(status));
	EXPECT_TRUE(check_all(f, "after nobody tried")) TH_LOG("%s", f->failure);
}

TEST_HARNESS_MAIN
