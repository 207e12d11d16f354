// SPDX-License-Identifier: GPL-2.0
/*
 * touch_pages N: take at least N minor faults, one per base page of a
 * fresh anonymous mapping (no transparent huge pages), then exit 0.  For
 * the tests of what "pfstat run" reports of getrusage's counts.
 */
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long page = sysconf(_SC_PAGESIZE);
	long i, n = argc > 1 ? atol(argv[1]) : 0;
	char *p;

	if (n <= 0)
		return 2;
	p = mmap(NULL, n * page, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return 1;
	madvise(p, n * page, MADV_NOHUGEPAGE);
	for (i = 0; i < n; i++)
		p[i * page] = 1;
	return 0;
}
