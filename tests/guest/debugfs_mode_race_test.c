// SPDX-License-Identifier: GPL-2.0
/*
 * The debugfs directory follows the mode, however the mode changes race.
 *
 * Each round, two threads of this process race for 5 ms (and at least two
 * calls each, on a kernel too slow for 5 ms to hold them) on one target
 * task of another process: one keeps putting it into pfstat mode, the
 * other keeps taking it out, each through the interface the variant names
 * (the system call given the target's pid, or its pidfd with
 * PFSTAT_PIDFD, "control", or "PID/enable").  Once both have returned the
 * target must be in exactly one of two states:
 *
 *	in pfstat mode		with its PID/ directory and its tasks line
 *	out of pfstat mode	with neither
 *
 * Both ways of getting it wrong are counted: a task in pfstat mode with no
 * directory ("missing"), and a task out of it that kept one ("stale").
 * The "exit" variants also let the target exit at a random moment of the
 * race; once it is reaped it must have no directory and no tasks line.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "guest_util.h"

#define ROUNDS		300
#define RACE_NS		5000000L	/* 5 ms... */
#define MIN_CALLS	2		/* ...and this many calls per racer, however slow */

/* Entering goes the first three ways, leaving all four. */
enum via { VIA_SYSCALL, VIA_CONTROL, VIA_PIDFD, VIA_ENABLE_FILE, VIA_ANY };

static const char *const via_name[] = {
	"pfstat(2)", "control", "pfstat(2) by pidfd", "PID/enable", "any",
};

struct race {
	pid_t target;
	int pidfd;			/* the target's */
	enum via enable_via, disable_via;
	struct timespec end;
	unsigned int seed;
	/* Both racers add to these. */
	atomic_ulong calls, errors;
	atomic_int last_errno;
};

static int write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;
	int err;

	if (fd < 0)
		return -errno;
	n = write(fd, s, strlen(s));
	err = errno;
	close(fd);
	return n == (ssize_t)strlen(s) ? 0 : -err;
}

/* 1 in pfstat mode, 0 out of it, -1 on error: a NORESET read changes nothing. */
static int in_mode(pid_t pid)
{
	struct pfstat st;
	long ret = sys_pfstat(pid, &st, sizeof(st), PFSTAT_NORESET);

	return ret < 0 ? -1 : ret == 0;
}

static int change(const struct race *r, bool enable, enum via via)
{
	char line[64], path[64];
	pid_t pid = r->target;
	struct pfstat st;

	switch (via) {
	case VIA_SYSCALL:
		return sys_pfstat(pid, &st, sizeof(st),
				  enable ? 0 : PFSTAT_DISABLE) < 0 ? -errno : 0;
	case VIA_PIDFD:
		return sys_pfstat(r->pidfd, &st, sizeof(st), PFSTAT_PIDFD |
				  (enable ? 0 : PFSTAT_DISABLE)) < 0 ? -errno : 0;
	case VIA_CONTROL:
		snprintf(line, sizeof(line), "%s %d\n",
			 enable ? "enable" : "disable", pid);
		return write_str(PFSTAT_DIR "/control", line);
	case VIA_ENABLE_FILE:
		/* "1" is a no-op by design: only leaving goes this way. */
		snprintf(path, sizeof(path), PFSTAT_DIR "/%d/enable", pid);
		return write_str(path, enable ? "1\n" : "0\n");
	default:
		return -EINVAL;
	}
}

static bool before(const struct timespec *end)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec < end->tv_sec ||
	       (now.tv_sec == end->tv_sec && now.tv_nsec < end->tv_nsec);
}

static void *racer(void *arg, bool enable)
{
	struct race *r = arg;
	enum via via = enable ? r->enable_via : r->disable_via;
	unsigned int seed = r->seed * 2 + enable;
	int ret, n = 0;

	while (before(&r->end) || n++ < MIN_CALLS) {
		enum via v = via;

		if (v == VIA_ANY)
			v = rand_r(&seed) % (enable ? VIA_ENABLE_FILE : VIA_ANY);
		ret = change(r, enable, v);
		atomic_fetch_add(&r->calls, 1);
		/*
		 * ESRCH: the target exited; ENOENT: PID/enable went away
		 * with the mode.  Anything else is a failure.
		 */
		if (ret && ret != -ESRCH && ret != -ENOENT) {
			atomic_fetch_add(&r->errors, 1);
			atomic_store(&r->last_errno, -ret);
		}
	}
	return NULL;
}

static void *enabler(void *arg)
{
	return racer(arg, true);
}

static void *disabler(void *arg)
{
	return racer(arg, false);
}

/* A target that sleeps until killed, or exits by itself after @exit_us. */
static pid_t spawn_target(long exit_us)
{
	pid_t pid = fork();

	if (pid == 0) {
		if (exit_us >= 0) {
			usleep(exit_us);
			_exit(0);
		}
		for (;;)
			pause();
	}
	return pid;
}

FIXTURE(mode_race) {
	int unused;
};

FIXTURE_VARIANT(mode_race) {
	enum via enable_via, disable_via;
	bool exits;
};

FIXTURE_VARIANT_ADD(mode_race, syscall) {
	.enable_via = VIA_SYSCALL, .disable_via = VIA_SYSCALL,
};

FIXTURE_VARIANT_ADD(mode_race, control) {
	.enable_via = VIA_CONTROL, .disable_via = VIA_CONTROL,
};

FIXTURE_VARIANT_ADD(mode_race, syscall_enable_file) {
	.enable_via = VIA_SYSCALL, .disable_via = VIA_ENABLE_FILE,
};

FIXTURE_VARIANT_ADD(mode_race, control_syscall) {
	.enable_via = VIA_CONTROL, .disable_via = VIA_SYSCALL,
};

FIXTURE_VARIANT_ADD(mode_race, pidfd_control) {
	.enable_via = VIA_PIDFD, .disable_via = VIA_CONTROL,
};

FIXTURE_VARIANT_ADD(mode_race, mixed) {
	.enable_via = VIA_ANY, .disable_via = VIA_ANY,
};

FIXTURE_VARIANT_ADD(mode_race, syscall_exit) {
	.enable_via = VIA_SYSCALL, .disable_via = VIA_SYSCALL, .exits = true,
};

FIXTURE_VARIANT_ADD(mode_race, pidfd_exit) {
	.enable_via = VIA_PIDFD, .disable_via = VIA_PIDFD, .exits = true,
};

FIXTURE_VARIANT_ADD(mode_race, mixed_exit) {
	.enable_via = VIA_ANY, .disable_via = VIA_ANY, .exits = true,
};

FIXTURE_SETUP(mode_race)
{
}

FIXTURE_TEARDOWN(mode_race)
{
}

/* 300 rounds of 5 ms, forks and joins: a minute on a debug kernel under TCG. */
TEST_F_TIMEOUT(mode_race, directory_follows_the_mode, 600)
{
	unsigned long calls = 0, in = 0, out = 0;
	int missing = 0, stale = 0, no_line = 0, stray_line = 0, gone = 0;
	int round, status, mode;
	struct race r;
	pthread_t en, dis;

	for (round = 0; round < ROUNDS; round++) {
		r = (struct race){
			.enable_via = variant->enable_via,
			.disable_via = variant->disable_via,
			.seed = round,
		};
		r.target = spawn_target(variant->exits ? rand() % 5000 : -1);
		ASSERT_LT(0, r.target);
		/* Alive or a zombie, it has its task until it is reaped. */
		r.pidfd = sys_pidfd_open(r.target, 0);
		ASSERT_LE(0, r.pidfd);
		clock_gettime(CLOCK_MONOTONIC, &r.end);
		r.end.tv_nsec += RACE_NS;
		if (r.end.tv_nsec >= 1000000000L) {
			r.end.tv_sec++;
			r.end.tv_nsec -= 1000000000L;
		}
		ASSERT_EQ(0, pthread_create(&en, NULL, enabler, &r));
		ASSERT_EQ(0, pthread_create(&dis, NULL, disabler, &r));
		ASSERT_EQ(0, pthread_join(en, NULL));
		ASSERT_EQ(0, pthread_join(dis, NULL));
		close(r.pidfd);
		calls += r.calls;
		EXPECT_EQ(0, r.errors)
			TH_LOG("round %d: %lu calls failed, last errno %d (%s)",
			       round, r.errors, r.last_errno,
			       strerror(r.last_errno));

		if (variant->exits) {
			ASSERT_EQ(r.target, waitpid(r.target, &status, 0));
			/* Reaped: nothing of it may be left. */
			if (pfstat_dir_exists(r.target) || pfstat_tasks_lists(r.target)) {
				if (gone++ < 5)
					TH_LOG("round %d: %d exited, its directory or tasks line stayed",
					       round, r.target);
			}
			continue;
		}

		mode = in_mode(r.target);
		ASSERT_LE(0, mode) TH_LOG("NORESET read of %d: %s",
					  r.target, strerror(errno));
		if (mode) {
			in++;
			if (!pfstat_dir_exists(r.target) && missing++ < 5)
				TH_LOG("round %d: %d in pfstat mode without its directory",
				       round, r.target);
			if (!pfstat_tasks_lists(r.target))
				no_line++;
		} else {
			out++;
			if (pfstat_dir_exists(r.target) && stale++ < 5)
				TH_LOG("round %d: %d out of pfstat mode with a directory",
				       round, r.target);
			if (pfstat_tasks_lists(r.target))
				stray_line++;
		}
		kill(r.target, SIGKILL);
		ASSERT_EQ(r.target, waitpid(r.target, &status, 0));
		ASSERT_FALSE(pfstat_dir_exists(r.target));
	}
	TH_LOG("enable via %s, disable via %s%s: %d rounds, %lu calls; in mode %lu, out %lu",
	       via_name[variant->enable_via], via_name[variant->disable_via],
	       variant->exits ? ", target exits" : "", ROUNDS, calls, in, out);
	EXPECT_EQ(0, missing) TH_LOG("%d of %d rounds: in pfstat mode, no directory",
				     missing, ROUNDS);
	EXPECT_EQ(0, stale) TH_LOG("%d of %d rounds: out of pfstat mode, a directory",
				   stale, ROUNDS);
	EXPECT_EQ(0, no_line) TH_LOG("%d rounds: in pfstat mode, no tasks line", no_line);
	EXPECT_EQ(0, stray_line) TH_LOG("%d rounds: out of pfstat mode, a tasks line",
					stray_line);
	EXPECT_EQ(0, gone) TH_LOG("%d exited targets left something behind", gone);
	/* Either side won some rounds: the race really went both ways. */
	if (!variant->exits) {
		EXPECT_LT(0, in);
		EXPECT_LT(0, out);
	}
}

TEST_HARNESS_MAIN
