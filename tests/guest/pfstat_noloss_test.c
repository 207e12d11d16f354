// SPDX-License-Identifier: GPL-2.0
/*
 * Nothing is lost: worker threads fault continuously (on whatever CPU the
 * scheduler gives them) while the main thread read-and-resets their
 * counters in a loop.  The sum of everything the reads returned must equal
 * the faults the workers made, which they count themselves.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "pfstat_util.h"

#define WORKERS		2
#define CHUNK		64	/* pages mapped, touched and unmapped at a time */
#define ROUNDS		300	/* chunks per worker */

struct worker {
	pthread_t thread;
	pid_t tid;
	unsigned long touched;		/* faults this worker made */
	uint64_t sum[NR_CLASSES];	/* what the reader was told */
	unsigned long reads;
};

static struct worker workers[WORKERS];
static pthread_barrier_t ready, go;
static atomic_int running;
static atomic_int may_exit;

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	int r, i;

	w->tid = gettid_raw();
	pthread_barrier_wait(&ready);
	/* The main thread quiets the address space and enters our mode. */
	pthread_barrier_wait(&go);
	for (r = 0; r < ROUNDS; r++) {
		volatile char *p = mmap(NULL, CHUNK * PAGE, PROT_READ | PROT_WRITE,
					MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED || madvise((char *)p, CHUNK * PAGE, MADV_NOHUGEPAGE))
			break;
		for (i = 0; i < CHUNK; i++) {
			p[i * PAGE] = 1;
			w->touched++;
		}
		munmap((char *)p, CHUNK * PAGE);
	}
	atomic_fetch_sub(&running, 1);
	/* Stay alive until the final read: an exited thread has no counters. */
	while (!atomic_load(&may_exit))
		usleep(1000);
	return NULL;
}

static int read_worker(struct worker *w)
{
	struct pfstat st;
	int i;

	if (sys_pfstat(w->tid, &st, sizeof(st), 0) != 0)
		return -1;
	for (i = 0; i < NR_CLASSES; i++)
		w->sum[i] += pfstat_get(&st, i);
	w->reads++;
	return 0;
}

TEST(read_and_reset_loses_nothing)
{
	struct pfstat st;
	unsigned long loops = 0;
	int i, c;

	ASSERT_EQ(0, pthread_barrier_init(&ready, NULL, WORKERS + 1));
	ASSERT_EQ(0, pthread_barrier_init(&go, NULL, WORKERS + 1));
	atomic_store(&running, WORKERS);
	for (i = 0; i < WORKERS; i++)
		ASSERT_EQ(0, pthread_create(&workers[i].thread, NULL,
					    worker_main, &workers[i]));
	pthread_barrier_wait(&ready);
	ASSERT_EQ(0, quiet_address_space());
	for (i = 0; i < WORKERS; i++)
		ASSERT_EQ(1, sys_pfstat(workers[i].tid, &st, sizeof(st), 0));
	pthread_barrier_wait(&go);

	while (atomic_load(&running) > 0) {
		for (i = 0; i < WORKERS; i++)
			ASSERT_EQ(0, read_worker(&workers[i]));
		loops++;
	}
	for (i = 0; i < WORKERS; i++)
		ASSERT_EQ(0, read_worker(&workers[i]));
	atomic_store(&may_exit, 1);

	for (i = 0; i < WORKERS; i++) {
		struct worker *w = &workers[i];

		ASSERT_EQ(0, pthread_join(w->thread, NULL));
		TH_LOG("worker %d: %lu faults, %lu reads, %lu of them concurrent",
		       i, w->touched, w->reads, loops);
		ASSERT_EQ(CHUNK * ROUNDS, w->touched);
		for (c = 0; c < NR_CLASSES; c++) {
			uint64_t want = 0;

			if (c == 2 || c == 6)	/* anonymous_fault, fault_alloced_page */
				want = w->touched;
			EXPECT_EQ(want, w->sum[c]) TH_LOG("worker %d %s", i,
							   pfstat_class_name[c]);
		}
	}
	/* The reads really overlapped the faulting. */
	ASSERT_LT(10, loops);
}

TEST_HARNESS_MAIN
