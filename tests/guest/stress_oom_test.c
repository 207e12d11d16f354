// SPDX-License-Identifier: GPL-2.0
/*
 * Stress under memory pressure: the guest is driven into the OOM killer
 * again and again while pfstat counts.
 *
 * A ballast of hugetlb pages leaves about BALLAST_LEAVE_MB of memory, and
 * "pfs-hog" processes (oom_score_adj 1000, in pfstat mode by the syscall
 * or by debugfs control) write fresh pages until the OOM killer takes
 * them; a new hog follows each kill.  A hog's pages are locked as they
 * fault in (MCL_ONFAULT: still counted faults), so it reaches OOM once
 * it has written the memory left, not that and the swap space too: on a
 * debug kernel under TCG a hog writes only some 150 pages a second, and
 * filling the zram swap as well took minutes.  Meanwhile:
 *  - "pfs-swapper" processes (mlocked, oom_score_adj -1000) run the swap
 *    recipe in a loop and read their own counters after each round: the
 *    anonymous write faults and fault_alloced_page must be exact,
 *    swapped_back must equal the pages pagemap showed swapped out just
 *    before each was read back, faults the round's rise of getrusage()'s
 *    count, and unclassified those of them the recipe did not make (a
 *    page that compaction was moving, say);
 *  - the hog's debugfs stat is read all along: its anonymous_fault keeps
 *    up with the pages the hog says it wrote;
 *  - each killed hog's debugfs directory and tasks line are gone;
 *  - pfstat:mm_pfstat is switched on and off;
 *  - the OOM killer took hogs only, each of them once: the victims the
 *    kernel log names are as many as oom_kill rose by, and are the hogs
 *    the test saw killed.
 * It runs PFSTAT_STRESS_SECONDS (default 4), and longer until at least one
 * OOM kill happened (at most HARD_LIMIT seconds more).
 */
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "stress_workload.h"

#define SWAPPERS		2
#define SWAP_PAGES		32
#define HOG_CHUNK_PAGES		512	/* pages per mmap() */
#define BALLAST_LEAVE_MB	64
#define HARD_LIMIT		240
#define NR_HUGEPAGES		"/proc/sys/vm/nr_hugepages"
#define MAX_BAD			8

struct swapper_bad {
	unsigned long round;
	int seen;
	long faults;		/* getrusage()'s */
	struct pfstat got;
};

struct shared {
	atomic_int stop;
	atomic_ulong toggles, toggle_errors;
	struct {
		atomic_ulong rounds, pages, seen, back, errors, faults, unclassified;
		atomic_int nbad;
		struct swapper_bad bad[MAX_BAD];
	} sw[SWAPPERS];
	atomic_ulong hog_touched;	/* pages the current hog wrote */
	atomic_int hog_ready;		/* the current hog counts */
	atomic_ulong hog_errors;
};

static struct shared *sh;

static int set_oom_score_adj(int adj)
{
	char v[16];

	snprintf(v, sizeof(v), "%d", adj);
	return write_str("/proc/self/oom_score_adj", v);
}

static long meminfo_kb(const char *key)
{
	char buf[4096], *p;
	long kb = -1;

	if (read_path("/proc/meminfo", buf, sizeof(buf)) < 0)
		return -1;
	p = strstr(buf, key);
	if (p)
		sscanf(p + strlen(key), ": %ld", &kb);
	return kb;
}

static long read_long(const char *path)
{
	char buf[32];

	return read_path(path, buf, sizeof(buf)) < 0 ? -1 : atol(buf);
}

/* The swap recipe, round after round, each checked on its own. */
static void swapper(int w)
{
	int pm = open("/proc/self/pagemap", O_RDONLY), i, seen, bad;
	unsigned long round = 0;
	volatile char *p;
	struct pfstat st, want;
	long ru, ru_last;

	helper_init("pfs-swapper");
	/* Our own code, data and stack stay in: no fault but the recipe's. */
	if (pm < 0 || set_oom_score_adj(-1000) || mlockall(MCL_CURRENT))
		_exit(2);
	/* getrusage() right before each resetting read. */
	ru_last = thread_faults();
	if (sys_pfstat(0, &st, sizeof(st), 0) != 1)
		_exit(3);
	while (!atomic_load(&sh->stop)) {
		p = wl_map_anon(SWAP_PAGES * PAGE);
		if (!p) {
			atomic_fetch_add(&sh->sw[w].errors, 1);
			continue;
		}
		/*
		 * Each page is locked as its fault maps it (MLOCK_ONFAULT
		 * faults nothing in itself): so close to OOM, reclaim would
		 * otherwise take a page back between the fault that mapped it
		 * and the access that faulted, and the access would fault
		 * (and count) again, a swap-in of a page never paged out.
		 * Unlocked only for MADV_PAGEOUT.
		 */
		if (mlock2((char *)p, SWAP_PAGES * PAGE, MLOCK_ONFAULT))
			atomic_fetch_add(&sh->sw[w].errors, 1);
		for (i = 0; i < SWAP_PAGES; i++)
			p[i * PAGE] = i + 1;
		if (munlock((char *)p, SWAP_PAGES * PAGE) ||
		    madvise((char *)p, SWAP_PAGES * PAGE, MADV_PAGEOUT) ||
		    mlock2((char *)p, SWAP_PAGES * PAGE, MLOCK_ONFAULT))
			atomic_fetch_add(&sh->sw[w].errors, 1);
		seen = 0;
		for (i = 0; i < SWAP_PAGES; i++) {
			if (pm_swapped_out(pagemap_entry(pm, p + i * PAGE)))
				seen++;
			if (p[i * PAGE] != i + 1)
				atomic_fetch_add(&sh->sw[w].errors, 1);
		}
		munmap((char *)p, SWAP_PAGES * PAGE);
		ru = thread_faults();
		if (sys_pfstat(0, &st, sizeof(st), 0) != 0)
			atomic_fetch_add(&sh->sw[w].errors, 1);
		/*
		 * The recipe's faults and no other class, and a swap-in for
		 * each page seen swapped out.  faults holds the recipe's
		 * SWAP_PAGES + seen and any other fault, unclassified.  It
		 * is not held to this round's getrusage() rise: so close to
		 * OOM, a fault can land between the getrusage() and the
		 * resetting read, in this round for one and the next for the
		 * other.  The quiet recipes (fault_classes_test) hold faults
		 * to getrusage() exactly.
		 */
		want = (struct pfstat){
			.anonymous_fault = SWAP_PAGES,
			.fault_alloced_page = SWAP_PAGES,
			.swapped_back = seen,
			.faults = st.faults,
			.unclassified = st.faults - SWAP_PAGES - seen,
		};
		if (st.faults < (unsigned long)(SWAP_PAGES + seen))
			want.faults = SWAP_PAGES + seen;
		bad = !pfstat_equal(&st, &want);
		if (bad) {
			int n = atomic_fetch_add(&sh->sw[w].nbad, 1);

			if (n < MAX_BAD) {
				sh->sw[w].bad[n].round = round;
				sh->sw[w].bad[n].seen = seen;
				sh->sw[w].bad[n].faults = ru - ru_last;
				sh->sw[w].bad[n].got = st;
			}
		}
		ru_last = ru;
		atomic_fetch_add(&sh->sw[w].rounds, 1);
		atomic_fetch_add(&sh->sw[w].pages, SWAP_PAGES);
		atomic_fetch_add(&sh->sw[w].seen, seen);
		atomic_fetch_add(&sh->sw[w].back, st.swapped_back);
		atomic_fetch_add(&sh->sw[w].faults, st.faults);
		atomic_fetch_add(&sh->sw[w].unclassified, st.unclassified);
		round++;
	}
	_exit(0);
}

/*
 * Write fresh pages until killed.  In pfstat mode by its own syscall, or
 * (@go_fd >= 0) by the test's "enable PID" before it is let go.
 */
static void hog(int go_fd)
{
	struct pfstat st;
	uint64_t *p;
	char c;
	long i, expect = 1;

	helper_init("pfs-hog");
	if (set_oom_score_adj(1000))
		_exit(2);
	/*
	 * Pre-fault what we have, then lock what faults in from now on.
	 * Right after a kill memory is still short and pre-faulting can fail
	 * for a moment (EAGAIN): try again.
	 */
	for (i = 0; quiet_address_space(); i++) {
		if (i == 500)
			_exit(3);
		usleep(10000);
	}
	if (mlockall(MCL_FUTURE | MCL_ONFAULT))
		_exit(4);
	if (go_fd >= 0) {
		if (read(go_fd, &c, 1) != 1)
			_exit(5);
		expect = 0;
	}
	/*
	 * Enters pfstat mode (1), or finds it entered by control (0); either
	 * way the count starts here, after what fork() and quieting cost.
	 */
	if (sys_pfstat(0, &st, sizeof(st), 0) != expect)
		atomic_fetch_add(&sh->hog_errors, 1);
	atomic_store(&sh->hog_ready, 1);
	while (!atomic_load(&sh->stop)) {
		p = (uint64_t *)wl_map_anon(HOG_CHUNK_PAGES * PAGE);
		if (!p) {
			usleep(1000);
			continue;
		}
		/* Compressible, but not a same-filled page zram keeps for free. */
		for (i = 0; i < HOG_CHUNK_PAGES; i++)
			p[i * PAGE / sizeof(*p)] = i + 1;
		atomic_fetch_add(&sh->hog_touched, HOG_CHUNK_PAGES);
	}
	_exit(0);
}

static pid_t spawn_hog(int n, struct __test_metadata *_metadata)
{
	bool by_control = n % 2;
	char line[64];
	int go[2];
	pid_t pid;

	atomic_store(&sh->hog_ready, 0);
	atomic_store(&sh->hog_touched, 0);
	if (pipe(go))
		return -1;
	pid = fork();
	if (pid == 0) {
		close(go[1]);
		hog(by_control ? go[0] : -1);
	}
	close(go[0]);
	if (pid > 0 && by_control) {
		snprintf(line, sizeof(line), "enable %d\n", pid);
		EXPECT_EQ(0, write_str(PFSTAT_DIR "/control", line));
		EXPECT_TRUE(pfstat_dir_exists(pid));
		/* Lets it go (EOF alone would be "the test died"). */
		EXPECT_EQ(1, write(go[1], "g", 1));
	}
	close(go[1]);
	return pid;
}

/*
 * The OOM killer's victims since @fd (/dev/kmsg, at the end of the log
 * when the test began) was opened: the kernel logs each as "Killed
 * process PID (COMM)".  Returns how many were hogs; *not_hogs counts the
 * others, and *got_last says whether @last was one of them.  The log, not
 * the loop's reaping, is what can tell whether the last hog, which the
 * test kills itself at the end, was the OOM killer's first.
 */
static int oom_victims(int fd, pid_t last, bool *got_last, int *not_hogs)
{
	char rec[8192], comm[64], *p;
	int hogs = 0, pid;
	ssize_t len;

	*not_hogs = 0;
	*got_last = false;
	for (;;) {
		len = read(fd, rec, sizeof(rec) - 1);
		if (len < 0 && errno == EPIPE)	/* records overwritten: go on */
			continue;
		if (len <= 0)
			break;
		rec[len] = '\0';
		p = strstr(rec, "Killed process ");
		if (!p || sscanf(p, "Killed process %d (%63[^)])", &pid, comm) != 2)
			continue;
		if (strcmp(comm, "pfs-hog")) {
			(*not_hogs)++;
			continue;
		}
		hogs++;
		*got_last |= pid == last;
	}
	return hogs;
}

FIXTURE(oom) {
	long hugepages_before;
	struct trace_state trace;
};

FIXTURE_SETUP(oom)
{
	self->hugepages_before = read_long(NR_HUGEPAGES);
	ASSERT_LE(0, self->hugepages_before);
	trace_state_save(&self->trace);
	ASSERT_EQ(0, set_oom_score_adj(-1000));
}

FIXTURE_TEARDOWN(oom)
{
	char v[32];

	if (sh)
		atomic_store(&sh->stop, 1);
	snprintf(v, sizeof(v), "%ld", self->hugepages_before);
	write_str(NR_HUGEPAGES, v);
	trace_state_restore(&self->trace);
}

/* The run, the wait for a first OOM kill, and a margin for a slow kernel. */
TEST_F_TIMEOUT(oom, swap_counts_exactly_while_oom_kills,
	       stress_seconds() + HARD_LIMIT + 120)
{
	unsigned int seconds = stress_seconds();
	unsigned long kills = 0, other_exits = 0, samples = 0, gone = 0, late = 0;
	unsigned long rounds = 0, pages = 0, seen = 0, back = 0;
	unsigned long faults = 0, unclassified = 0;
	long avail, huge_kb, ballast, got_ballast, oom0, oom1, pswpin0, pswpin1;
	uint64_t t0, t1, seed = env_seed("PFSTAT_STRESS_SEED");
	pid_t pid, hog_pid, swappers[SWAPPERS], toggler;
	double start = now_sec(), end, hard;
	int w, i, c, status, nhogs = 0, ret, kmsg, victims, not_hogs;
	bool last_hog_oom;
	char v_str[32];
	struct pfstat v;

	sh = shared_alloc(sizeof(*sh));
	ASSERT_NE(NULL, sh);

	/* Leave BALLAST_LEAVE_MB: the hogs then reach OOM in seconds. */
	avail = meminfo_kb("MemAvailable");
	ASSERT_LT(0, avail);
	huge_kb = meminfo_kb("Hugepagesize");
	ASSERT_LT(0, huge_kb);
	ballast = (avail - BALLAST_LEAVE_MB * 1024L) / huge_kb;
	if (ballast < 0)
		ballast = 0;
	snprintf(v_str, sizeof(v_str), "%ld", self->hugepages_before + ballast);
	ASSERT_EQ(0, write_str(NR_HUGEPAGES, v_str));
	got_ballast = read_long(NR_HUGEPAGES) - self->hugepages_before;
	ksft_print_msg("MemAvailable %ld MiB, ballast %ld of %ld hugetlb pages of %ld KiB, MemAvailable now %ld MiB\n",
		       avail / 1024, got_ballast, ballast, huge_kb,
		       meminfo_kb("MemAvailable") / 1024);
	kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	ASSERT_LE(0, kmsg) TH_LOG("/dev/kmsg: %s", strerror(errno));
	ASSERT_LE(0, lseek(kmsg, 0, SEEK_END));
	oom0 = vmstat_get("oom_kill");
	pswpin0 = vmstat_get("pswpin");

	toggler = fork();
	if (toggler == 0)
		trace_toggler(&sh->stop, &sh->toggles, &sh->toggle_errors, seed);
	ASSERT_LT(0, toggler);
	for (w = 0; w < SWAPPERS; w++) {
		swappers[w] = fork();
		if (swappers[w] == 0)
			swapper(w);
		ASSERT_LT(0, swappers[w]);
	}
	hog_pid = spawn_hog(nhogs++, _metadata);
	ASSERT_LT(0, hog_pid);

	end = start + seconds;
	hard = end + HARD_LIMIT;
	while (now_sec() < end || (kills == 0 && now_sec() < hard)) {
		/* The hog's counters keep up with what it wrote. */
		if (atomic_load(&sh->hog_ready)) {
			t0 = atomic_load(&sh->hog_touched);
			ret = read_debugfs_stat(hog_pid, &v);
			t1 = atomic_load(&sh->hog_touched);
			if (ret == 0) {
				samples++;
				EXPECT_LE(t0, v.anonymous_fault);
				EXPECT_GE(t1 + HOG_CHUNK_PAGES, v.anonymous_fault);
			} else {
				/* Only a hog being killed loses its files. */
				EXPECT_TRUE(ret == -ENOENT || ret == -ESRCH) TH_LOG("%d", ret);
				gone++;
			}
		}
		pid = waitpid(hog_pid, &status, WNOHANG);
		if (pid == hog_pid) {
			if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) {
				kills++;
			} else {
				other_exits++;
				TH_LOG("hog %d ended otherwise: status %#x", hog_pid, status);
			}
			EXPECT_FALSE(pfstat_dir_exists(hog_pid))
				TH_LOG("OOM-killed hog %d still has its directory", hog_pid);
			EXPECT_FALSE(pfstat_tasks_lists(hog_pid));
			hog_pid = spawn_hog(nhogs++, _metadata);
			ASSERT_LT(0, hog_pid);
		}
		usleep(20000);
	}
	late = now_sec() > end + 1 ? (unsigned long)(now_sec() - end) : 0;

	atomic_store(&sh->stop, 1);
	kill(hog_pid, SIGKILL);
	ASSERT_EQ(hog_pid, waitpid(hog_pid, &status, 0));
	EXPECT_FALSE(pfstat_dir_exists(hog_pid));
	for (w = 0; w < SWAPPERS; w++) {
		ASSERT_EQ(swappers[w], waitpid(swappers[w], &status, 0));
		EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
			TH_LOG("swapper %d: status %#x", w, status);
	}
	ASSERT_EQ(toggler, waitpid(toggler, &status, 0));
	oom1 = vmstat_get("oom_kill");
	pswpin1 = vmstat_get("pswpin");

	for (w = 0; w < SWAPPERS; w++) {
		int nbad = atomic_load(&sh->sw[w].nbad);

		rounds += atomic_load(&sh->sw[w].rounds);
		pages += atomic_load(&sh->sw[w].pages);
		seen += atomic_load(&sh->sw[w].seen);
		back += atomic_load(&sh->sw[w].back);
		faults += atomic_load(&sh->sw[w].faults);
		unclassified += atomic_load(&sh->sw[w].unclassified);
		EXPECT_EQ(0, atomic_load(&sh->sw[w].errors));
		EXPECT_EQ(0, nbad);
		for (i = 0; i < nbad && i < MAX_BAD; i++) {
			struct swapper_bad *b = &sh->sw[w].bad[i];

			TH_LOG("swapper %d round %lu: %d pages seen swapped, %ld faults by getrusage(), counted:",
			       w, b->round, b->seen, b->faults);
			for (c = 0; c < GUEST_NR_COUNTERS; c++)
				TH_LOG("  %s %llu", guest_counter_name(c),
				       (unsigned long long)guest_counter(&b->got, c));
		}
		EXPECT_LT(0, atomic_load(&sh->sw[w].rounds));
	}
	victims = oom_victims(kmsg, hog_pid, &last_hog_oom, &not_hogs);
	close(kmsg);
	ksft_print_msg("%.0f s (%lu s waiting for the first OOM kill), %d hogs, %lu OOM-killed, %lu exited otherwise; oom_kill +%ld\n",
		       now_sec() - start, late, nhogs, kills, other_exits, oom1 - oom0);
	ksft_print_msg("OOM victims in the kernel log: hogs %d (the last hog %s), others %d\n",
		       victims, last_hog_oom ? "among them" : "not", not_hogs);
	ksft_print_msg("swappers: %lu rounds, %lu pages written, %lu seen swapped out, swapped_back %lu; pswpin +%ld\n",
		       rounds, pages, seen, back, pswpin1 - pswpin0);
	ksft_print_msg("swappers: faults %lu, unclassified %lu\n",
		       faults, unclassified);
	ksft_print_msg("hog stat reads: %lu in step with its writes, %lu on a dying hog; tracepoint toggled %lu times\n",
		       samples, gone, atomic_load(&sh->toggles));
	EXPECT_LT(0, kills) TH_LOG("no OOM kill in %d s", (int)(now_sec() - start));
	/*
	 * Nothing but hogs was killed, and every kill is accounted for: the
	 * log names as many victims as oom_kill rose by, all of them hogs,
	 * and they are the hogs the loop reaped killed, plus the last hog
	 * when the OOM killer got it just before the test's own SIGKILL.
	 */
	EXPECT_EQ(0, not_hogs);
	EXPECT_EQ(oom1 - oom0, victims + not_hogs);
	EXPECT_EQ(kills + last_hog_oom, victims);
	EXPECT_EQ(0, other_exits);
	EXPECT_EQ(0, atomic_load(&sh->hog_errors));
	EXPECT_LT(0, samples);
	EXPECT_EQ(seen, back);
	EXPECT_LT(0, back);
	EXPECT_LT(0, atomic_load(&sh->toggles));
	EXPECT_EQ(0, atomic_load(&sh->toggle_errors));
}

TEST_HARNESS_MAIN
