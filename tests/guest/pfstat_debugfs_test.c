// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/pfstat: the files agree
 * with pfstat(2), directories come and go with pfstat mode, bad input
 * changes nothing, and the whole thing survives tasks that come and go
 * while others read and write every file.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "guest_util.h"

#define N		100
#define RACE_SECONDS	20

/* Pre-faulted by quiet_address_space(): file contents land here. */
static char rbuf[8192];

static int read_file(const char *path)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, rbuf, sizeof(rbuf) - 1);
	close(fd);
	if (n < 0)
		return -1;
	rbuf[n] = '\0';
	return n;
}

/* write(2) a string, returning 0 or -errno. */
static int write_str(const char *path, const char *s, size_t len)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;
	int err;

	if (fd < 0)
		return -errno;
	n = write(fd, s, len);
	err = errno;
	close(fd);
	return n == (ssize_t)len ? 0 : -err;
}

static int control(const char *line)
{
	return write_str(PFSTAT_DIR "/control", line, strlen(line));
}

/*
 * Parse PID/stat into a struct pfstat: a "name value" line for every
 * counter, in the order of the struct, and nothing else.
 */
static int read_stat(pid_t pid, struct pfstat *st)
{
	char path[64], name[64];
	unsigned long long val;
	int i, off = 0, len;

	snprintf(path, sizeof(path), PFSTAT_DIR "/%d/stat", pid);
	if (read_file(path) < 0)
		return -1;
	memset(st, 0xff, sizeof(*st));
	for (i = 0; i < GUEST_NR_COUNTERS; i++) {
		if (sscanf(rbuf + off, "%63s %llu%n", name, &val, &len) != 2 ||
		    strcmp(name, guest_counter_name(i)) || rbuf[off + len] != '\n')
			return -1;
		*guest_counter_ptr(st, i) = val;
		off += len + 1;
	}
	return rbuf[off] == '\0' ? 0 : -1;
}

/*
 * Parse @pid's line of tasks into a struct pfstat: "TID\tCOMM", then a
 * tab and a number for every counter, in the order of the struct, and
 * the end of the line.
 */
static int read_tasks_line(pid_t pid, struct pfstat *st)
{
	char want[32], *p, *end;
	int i;

	snprintf(want, sizeof(want), "\n%d\t", pid);
	if (read_file(PFSTAT_DIR "/tasks") < 0)
		return -1;
	p = strstr(rbuf, want);
	if (!p)
		return -1;
	p = strchr(p + strlen(want), '\t');	/* past the comm */
	memset(st, 0xff, sizeof(*st));
	for (i = 0; i < GUEST_NR_COUNTERS; i++) {
		if (!p || *p != '\t' || p[1] < '0' || p[1] > '9')
			return -1;
		*guest_counter_ptr(st, i) = strtoull(p + 1, &end, 10);
		p = end;
	}
	return *p == '\n' ? 0 : -1;
}

/* The "anon" row of PID/frames: walked frames and the RSS counter. */
static int read_frames_anon(pid_t pid, long *walked, long *rss)
{
	char path[64], *row;

	snprintf(path, sizeof(path), PFSTAT_DIR "/%d/frames", pid);
	if (read_file(path) < 0 || strncmp(rbuf, "type\twalked\trss\n", 16))
		return -1;
	row = strstr(rbuf, "\nanon\t");
	if (!row || sscanf(row, "\nanon\t%ld\t%ld", walked, rss) != 2)
		return -1;
	return 0;
}

TEST(stat_after_control_enable_matches_syscall)
{
	struct pfstat file1, file2, sys;
	char line[64];
	int i;

	ASSERT_EQ(0, quiet_address_space());
	ASSERT_FALSE(pfstat_dir_exists(getpid()));
	snprintf(line, sizeof(line), "enable %d\n", getpid());
	ASSERT_EQ(0, control(line));
	ASSERT_TRUE(pfstat_dir_exists(getpid()));
	ASSERT_NE(NULL, fault_anon(N));
	ASSERT_EQ(0, read_stat(getpid(), &file1));
	ASSERT_EQ(0, read_stat(getpid(), &file2));
	ASSERT_EQ(0, sys_pfstat(0, &sys, sizeof(sys), PFSTAT_NORESET));
	ASSERT_EQ(N, sys.anonymous_fault);
	ASSERT_EQ(N, sys.fault_alloced_page);
	ASSERT_EQ(N, sys.faults);
	ASSERT_EQ(0, sys.unclassified);
	for (i = 0; i < GUEST_NR_COUNTERS; i++) {
		ASSERT_EQ(guest_counter(&sys, i), guest_counter(&file1, i))
			TH_LOG("%s", guest_counter_name(i));
		/* Reading stat never resets. */
		ASSERT_EQ(guest_counter(&file1, i), guest_counter(&file2, i))
			TH_LOG("%s", guest_counter_name(i));
	}
}

/*
 * "enable PID" on a task already in pfstat mode must not reset it: the
 * faults since its last read would then be reported by no call.  With
 * "inherit" it adds PFSTAT_INHERIT, and nothing else.
 */
TEST(control_enable_of_an_active_task_keeps_its_counts)
{
	struct pfstat st, child_st;
	char line[64];
	int status;
	pid_t pid;

	ASSERT_EQ(0, quiet_address_space());
	ASSERT_EQ(1, sys_pfstat(0, &st, sizeof(st), 0));
	ASSERT_NE(NULL, fault_anon(N));
	snprintf(line, sizeof(line), "enable %d", getpid());
	ASSERT_EQ(0, control(line));
	snprintf(line, sizeof(line), "enable %d inherit", getpid());
	ASSERT_EQ(0, control(line));
	ASSERT_EQ(0, sys_pfstat(0, &st, sizeof(st), PFSTAT_NORESET));
	ASSERT_EQ(N, st.anonymous_fault);
	ASSERT_EQ(N, st.fault_alloced_page);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0)
		_exit(sys_pfstat(0, &child_st, sizeof(child_st), PFSTAT_NORESET) == 0 ? 0 : 1);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_EQ(0, status) TH_LOG("the child did not start in pfstat mode");
}

TEST(tasks_lists_tasks_in_pfstat_mode)
{
	char want[64], head[512] = "tid\tcomm";
	struct pfstat st, line;
	int i;

	/* Every counter, in the order of struct pfstat, and no more. */
	for (i = 0; i < GUEST_NR_COUNTERS; i++) {
		strcat(head, "\t");
		strcat(head, guest_counter_name(i));
	}
	strcat(head, "\n");
	snprintf(want, sizeof(want), "\n%d\t", getpid());

	ASSERT_LE(0, read_file(PFSTAT_DIR "/tasks"));
	ASSERT_EQ(0, strncmp(rbuf, head, strlen(head))) TH_LOG("header: %s", rbuf);
	ASSERT_TRUE(strstr(rbuf, want) == NULL);
	ASSERT_EQ(1, sys_pfstat(0, &st, sizeof(st), 0));
	ASSERT_LE(0, read_file(PFSTAT_DIR "/tasks"));
	ASSERT_TRUE(strstr(rbuf, want) != NULL) TH_LOG("%s", rbuf);
	/* Its line: the tid, the comm and a number for every counter. */
	ASSERT_EQ(0, read_tasks_line(getpid(), &line)) TH_LOG("%s", rbuf);
	ASSERT_EQ(0, sys_pfstat(0, &st, sizeof(st), PFSTAT_DISABLE));
	ASSERT_LE(0, read_file(PFSTAT_DIR "/tasks"));
	ASSERT_TRUE(strstr(rbuf, want) == NULL);
}

/*
 * The window's counts as PID/stat, tasks and pfstat(2) show them, each
 * against @classes, with faults what getrusage() saw since @before and
 * unclassified those of them the recipe's @made faults are not: on x86
 * none, while an arm64 guest under TCG takes one now and then, which
 * getrusage() and pfstat both count.  getrusage() is read after the
 * debugfs reads, whose own code may fault once, and before the
 * resetting read.
 */
static void check_window(struct __test_metadata *_metadata,
			 const struct pfstat *classes, long before, long made)
{
	struct pfstat file, line, sys, want = *classes;
	long rise;
	int i;

	ASSERT_EQ(0, read_stat(getpid(), &file)) TH_LOG("%s", rbuf);
	ASSERT_EQ(0, read_tasks_line(getpid(), &line)) TH_LOG("%s", rbuf);
	rise = thread_faults() - before;
	ASSERT_EQ(0, sys_pfstat(0, &sys, sizeof(sys), 0));
	/* Every fault the recipe made, and no fewer. */
	EXPECT_LE(made, rise);
	want.faults = rise;
	want.unclassified = rise - made + classes->unclassified;
	for (i = 0; i < GUEST_NR_COUNTERS; i++) {
		EXPECT_EQ(guest_counter(&want, i), guest_counter(&sys, i))
			TH_LOG("pfstat(2): %s", guest_counter_name(i));
		EXPECT_EQ(guest_counter(&want, i), guest_counter(&file, i))
			TH_LOG("PID/stat: %s", guest_counter_name(i));
		EXPECT_EQ(guest_counter(&want, i), guest_counter(&line, i))
			TH_LOG("tasks: %s", guest_counter_name(i));
	}
}

/*
 * faults and unclassified in debugfs are pfstat(2)'s, with known counts
 * that are not zero.  N anonymous write faults: N faults, none
 * unclassified.  Then a write to each of N pages that a child of fork()
 * shared until it exited: the page is reused (write-protect reuse, which
 * no class counts), N faults, N unclassified.
 */
TEST(faults_and_unclassified_match_the_syscall)
{
	struct pfstat st, want;
	long before, reuse;
	int i, status;
	pid_t child;
	char *p;

	/*
	 * One CPU: no page of ours waits in another CPU's LRU cache, whose
	 * reference would make the write copy the page rather than reuse it.
	 */
	ASSERT_EQ(0, pin_to_cpu0());
	p = fault_anon(N);
	ASSERT_NE(NULL, p);
	/* Read-only while shared: quieting must not break the sharing. */
	ASSERT_EQ(0, mprotect(p, N * PAGE, PROT_READ));
	child = fork();
	ASSERT_LE(0, child);
	if (child == 0)
		_exit(0);
	ASSERT_EQ(child, waitpid(child, &status, 0));
	ASSERT_EQ(0, quiet_address_space());
	/* Writable again, each page still write-protected in its PTE. */
	ASSERT_EQ(0, mprotect(p, N * PAGE, PROT_READ | PROT_WRITE));
	reuse = vmstat_get("pgreuse");
	ASSERT_LE(0, reuse);
	ASSERT_EQ(1, sys_pfstat(0, &st, sizeof(st), 0));

	before = thread_faults();
	ASSERT_NE(NULL, fault_anon(N));
	want = (struct pfstat){ .anonymous_fault = N, .fault_alloced_page = N };
	check_window(_metadata, &want, before, N);

	/* Each write reuses its page: a fault in no class. */
	before = thread_faults();
	for (i = 0; i < N; i++)
		poke(p + i * PAGE, 2);
	want = (struct pfstat){ .unclassified = N };
	check_window(_metadata, &want, before, N);
	/* The kernel did reuse them (others may have reused pages too). */
	EXPECT_LE(reuse + N, vmstat_get("pgreuse"));
}

TEST(enable_mirrors_the_syscall)
{
	char path[64];
	struct pfstat st;

	snprintf(path, sizeof(path), PFSTAT_DIR "/%d/enable", getpid());
	ASSERT_EQ(0, quiet_address_space());
	ASSERT_EQ(1, sys_pfstat(0, &st, sizeof(st), 0));
	ASSERT_EQ(2, read_file(path));
	ASSERT_STREQ("1\n", rbuf);
	ASSERT_NE(NULL, fault_anon(N));
	/* 1 is a no-op: still in pfstat mode, nothing reset. */
	ASSERT_EQ(0, write_str(path, "1\n", 2));
	ASSERT_EQ(0, sys_pfstat(0, &st, sizeof(st), PFSTAT_NORESET));
	ASSERT_EQ(N, st.anonymous_fault);
	/* Anything else is EINVAL and changes nothing. */
	ASSERT_EQ(-EINVAL, write_str(path, "2", 1));
	ASSERT_EQ(-EINVAL, write_str(path, "y", 1));
	ASSERT_EQ(-EINVAL, write_str(path, "on", 2));
	ASSERT_EQ(-EINVAL, write_str(path, "00", 2));
	ASSERT_EQ(-EINVAL, write_str(path, "0\n\n", 3));
	ASSERT_EQ(-EINVAL, write_str(path, "", 0));
	ASSERT_EQ(0, sys_pfstat(0, &st, sizeof(st), PFSTAT_NORESET));
	ASSERT_EQ(N, st.anonymous_fault);
	/* 0 leaves pfstat mode: the syscall sees it, the directory goes. */
	ASSERT_EQ(0, write_str(path, "0\n", 2));
	ASSERT_FALSE(pfstat_dir_exists(getpid()));
	ASSERT_EQ(1, sys_pfstat(0, &st, sizeof(st), PFSTAT_NORESET));
	ASSERT_EQ(1, sys_pfstat(0, &st, sizeof(st), 0));
	ASSERT_EQ(0, st.anonymous_fault);
}

TEST(frames_grow_by_the_pages_touched)
{
	long walked0, rss0, walked1, rss1;
	struct pfstat st;

	ASSERT_EQ(0, quiet_address_space());
	ASSERT_EQ(1, sys_pfstat(0, &st, sizeof(st), 0));
	ASSERT_EQ(0, read_frames_anon(getpid(), &walked0, &rss0));
	ASSERT_EQ(rss0, walked0);
	ASSERT_NE(NULL, fault_anon(N));
	ASSERT_EQ(0, read_frames_anon(getpid(), &walked1, &rss1));
	ASSERT_EQ(N, walked1 - walked0);
	ASSERT_EQ(rss1, walked1);
	ASSERT_EQ(0, sys_pfstat(0, &st, sizeof(st), 0));
	ASSERT_EQ(N, st.anonymous_fault);
}

/* Fork a child that enters pfstat mode (with @flags) and waits for a byte. */
static pid_t spawn_in_mode(unsigned int flags, int *go)
{
	int ready[2], wait_go[2];
	pid_t pid;
	char c;

	if (pipe(ready) || pipe(wait_go))
		return -1;
	pid = fork();
	if (pid == 0) {
		struct pfstat st;

		if (sys_pfstat(0, &st, sizeof(st), flags) != 1 ||
		    write(ready[1], "r", 1) != 1)
			_exit(1);
		_exit(read(wait_go[0], &c, 1) == 1 ? 0 : 2);
	}
	if (pid < 0 || read(ready[0], &c, 1) != 1)
		return -1;
	close(ready[0]);
	close(ready[1]);
	close(wait_go[0]);
	*go = wait_go[1];
	return pid;
}

TEST(directory_goes_when_the_task_exits)
{
	int go, status;
	char want[32];
	pid_t pid = spawn_in_mode(0, &go);

	ASSERT_LT(0, pid);
	ASSERT_TRUE(pfstat_dir_exists(pid));
	snprintf(want, sizeof(want), "\n%d\t", pid);
	ASSERT_LE(0, read_file(PFSTAT_DIR "/tasks"));
	ASSERT_TRUE(strstr(rbuf, want) != NULL);
	ASSERT_EQ(1, write(go, "g", 1));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_EQ(0, status);
	ASSERT_FALSE(pfstat_dir_exists(pid));
	ASSERT_LE(0, read_file(PFSTAT_DIR "/tasks"));
	ASSERT_TRUE(strstr(rbuf, want) == NULL);
}

TEST(inherited_mode_gets_a_directory)
{
	char line[64];
	int status;
	pid_t pid;

	snprintf(line, sizeof(line), "enable %d inherit", getpid());
	ASSERT_EQ(0, control(line));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		pause();
		_exit(0);
	}
	/* The child's directory exists by the time fork() returns. */
	ASSERT_TRUE(pfstat_dir_exists(pid));
	kill(pid, SIGKILL);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_FALSE(pfstat_dir_exists(pid));
	/* control "disable" leaves pfstat mode and clears inherit. */
	snprintf(line, sizeof(line), "disable %d", getpid());
	ASSERT_EQ(0, control(line));
	ASSERT_FALSE(pfstat_dir_exists(getpid()));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		pause();
		_exit(0);
	}
	ASSERT_FALSE(pfstat_dir_exists(pid));
	kill(pid, SIGKILL);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
}

TEST(bad_control_input_changes_nothing)
{
	/* The N faults of fault_anon(N), and nothing else. */
	static const struct pfstat want = {
		.anonymous_fault = N, .fault_alloced_page = N, .faults = N,
	};
	/* A line longer than a page; faulted in with the rest, below. */
	size_t big_len = PAGE + 16;
	char *big = malloc(big_len), line[64];
	pid_t gone, kthreadd = find_kthreadd();
	struct pfstat st;
	int i;

	ASSERT_NE(NULL, big);
	ASSERT_LT(0, kthreadd) TH_LOG("no kernel thread in /proc");
	/* A pid that no longer exists; forked first, so no COW fault counts. */
	gone = fork();
	if (gone == 0)
		_exit(0);
	ASSERT_EQ(gone, waitpid(gone, NULL, 0));
	ASSERT_EQ(0, quiet_address_space());
	ASSERT_EQ(1, sys_pfstat(0, &st, sizeof(st), 0));
	ASSERT_NE(NULL, fault_anon(N));

	ASSERT_EQ(-EINVAL, control("bogus 1"));
	ASSERT_EQ(-EINVAL, control("enable"));
	ASSERT_EQ(-EINVAL, control("enable "));
	ASSERT_EQ(-EINVAL, control("enable -5"));
	ASSERT_EQ(-EINVAL, control("enable +5"));
	ASSERT_EQ(-EINVAL, control("enable 0"));
	ASSERT_EQ(-EINVAL, control("enable 99999999999999999999"));
	ASSERT_EQ(-EINVAL, control("enable 0x10"));
	snprintf(line, sizeof(line), "enable %dabc", getpid());
	ASSERT_EQ(-EINVAL, control(line));
	snprintf(line, sizeof(line), "enable  %d", getpid());
	ASSERT_EQ(-EINVAL, control(line));
	snprintf(line, sizeof(line), "disable %d\n\n", getpid());
	ASSERT_EQ(-EINVAL, control(line));
	snprintf(line, sizeof(line), "disable %d inherit", getpid());
	ASSERT_EQ(-EINVAL, control(line));
	snprintf(line, sizeof(line), "enable %d inheritx", getpid());
	ASSERT_EQ(-EINVAL, control(line));
	snprintf(line, sizeof(line), "enable %d inherit extra", getpid());
	ASSERT_EQ(-EINVAL, control(line));
	snprintf(line, sizeof(line), "enable %d", kthreadd);
	ASSERT_EQ(-EINVAL, control(line));
	ASSERT_EQ(-EINVAL, write_str(PFSTAT_DIR "/control", "", 0));
	memset(big, ' ', big_len);
	snprintf(big, big_len, "disable %d", getpid());
	big[strlen(big)] = ' ';
	ASSERT_EQ(-EINVAL, write_str(PFSTAT_DIR "/control", big, big_len));
	snprintf(line, sizeof(line), "disable %d", gone);
	ASSERT_EQ(-ESRCH, control(line));
	snprintf(line, sizeof(line), "enable %d", gone);
	ASSERT_EQ(-ESRCH, control(line));

	/* Still in pfstat mode with exactly the N faults. */
	ASSERT_EQ(0, sys_pfstat(0, &st, sizeof(st), PFSTAT_NORESET));
	i = pfstat_diff(&st, &want);
	ASSERT_EQ(-1, i) TH_LOG("%s %llu, expected %llu", guest_counter_name(i),
				(unsigned long long)guest_counter(&st, i),
				(unsigned long long)guest_counter(&want, i));
	ASSERT_TRUE(pfstat_dir_exists(getpid()));
}

/* Read every file under pfstat/ and poke control, until told to stop. */
static unsigned long reader(unsigned int seed)
{
	unsigned long ops = 0;
	char path[300], line[300];
	struct dirent *de;
	DIR *d;

	srand(seed);
	for (;;) {
		d = opendir(PFSTAT_DIR);
		if (!d)
			_exit(1);
		while ((de = readdir(d))) {
			if (de->d_name[0] < '0' || de->d_name[0] > '9')
				continue;
			snprintf(path, sizeof(path), PFSTAT_DIR "/%s/stat", de->d_name);
			read_file(path);
			snprintf(path, sizeof(path), PFSTAT_DIR "/%s/frames", de->d_name);
			read_file(path);
			snprintf(path, sizeof(path), PFSTAT_DIR "/%s/enable", de->d_name);
			read_file(path);
			if (rand() % 8 == 0)
				write_str(path, "0", 1);
			snprintf(line, sizeof(line), "%s %s",
				 rand() % 2 ? "enable" : "disable", de->d_name);
			control(line);
			ops += 4;
		}
		closedir(d);
		read_file(PFSTAT_DIR "/tasks");
		ops++;
		/* Killed by the test when it is done; never outlive it. */
		if (getppid() == 1)
			return ops;
	}
}

/* No fixture data: a fixture only for TEST_F_TIMEOUT(). */
FIXTURE(race) {};
FIXTURE_SETUP(race) {}
FIXTURE_TEARDOWN(race) {}

/*
 * RACE_SECONDS, and longer (up to 5 times) until MIN_SPAWNED tasks came
 * and went: a debug kernel on a busy host makes few of them.
 */
#define MIN_SPAWNED	50
TEST_F_TIMEOUT(race, tasks_come_and_go_while_files_are_used,
	       6 * RACE_SECONDS + 60)
{
	unsigned long spawned = 0;
	pid_t readers[2];
	time_t start = time(NULL), end = start + RACE_SECONDS;
	int i, status;
	DIR *d;
	struct dirent *de;

	for (i = 0; i < 2; i++) {
		readers[i] = fork();
		ASSERT_LE(0, readers[i]);
		if (readers[i] == 0) {
			reader(i + 1);
			_exit(0);
		}
	}
	while (time(NULL) < end ||
	       (spawned < MIN_SPAWNED && time(NULL) < end + 4 * RACE_SECONDS)) {
		pid_t pid = fork();

		ASSERT_LE(0, pid);
		if (pid == 0) {
			struct pfstat st;

			sys_pfstat(0, &st, sizeof(st), PFSTAT_INHERIT);
			if (fork() == 0) {
				fault_anon(4);
				_exit(0);
			}
			fault_anon(4);
			wait(NULL);
			_exit(0);
		}
		ASSERT_EQ(pid, waitpid(pid, &status, 0));
		spawned += 2;
	}
	for (i = 0; i < 2; i++) {
		kill(readers[i], SIGKILL);
		ASSERT_EQ(readers[i], waitpid(readers[i], &status, 0));
		ASSERT_TRUE(WIFSIGNALED(status)) TH_LOG("a reader died on its own");
	}
	TH_LOG("%lu tasks entered pfstat mode and exited in %ld s", spawned,
	       (long)(time(NULL) - start));
	/*
	 * Enough tasks that the readers met directories coming and going:
	 * over 1000 in 20 s on the plain kernel, about 90 on the KASAN and
	 * lockdep kernel under TCG, 18 on that kernel with two other jobs
	 * on the cores.
	 */
	ASSERT_LE(MIN_SPAWNED, spawned);
	/* No directory outlived its task. */
	d = opendir(PFSTAT_DIR);
	ASSERT_TRUE(d != NULL);
	while ((de = readdir(d))) {
		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		EXPECT_EQ(0, kill(atoi(de->d_name), 0))
			TH_LOG("pfstat/%s outlived its task", de->d_name);
	}
	closedir(d);
}

TEST_HARNESS_MAIN
