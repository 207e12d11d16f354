// SPDX-License-Identifier: GPL-2.0
/*
 * pfstat_syscall.h's pfstat() and pfstat_probe() pass system call 463
 * all six arguments, the two past pfstat(2)'s own as 0.  On Linux 6.13
 * and later without pfstat, 463 is setxattrat(dfd, path, at_flags, name,
 * uargs, usize), which reads all six: with fewer, uargs and usize are
 * whatever the registers and the stack held, so the call could fail
 * with E2BIG or EFAULT, after reading user memory, rather than with the
 * EINVAL a usize of 0 gives at once.
 *
 * syscall() is counted here, at compile time, by the number of
 * arguments it is given.  Exit status 0 when both pass seven (the
 * number and six) and the last two are 0.
 */
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#define NARGS(...)	NARGS_(__VA_ARGS__, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)
#define NARGS_(a1, a2, a3, a4, a5, a6, a7, a8, a9, n, ...)	n

static int calls, bad;

static long counted_syscall(int n, long nr, ...)
{
	long a[6] = { 0 };
	va_list ap;
	int i;

	calls++;
	if (n != 7) {
		fprintf(stderr, "system call %ld given %d arguments, not 6\n",
			nr, n - 1);
		bad = 1;
		return 0;
	}
	va_start(ap, nr);
	for (i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	if (a[4] || a[5]) {
		fprintf(stderr, "system call %ld: arguments 5 and 6 are %ld, %ld, not 0\n",
			nr, a[4], a[5]);
		bad = 1;
	}
	return 0;
}

/* After <unistd.h>, whose declaration of syscall() it would break. */
#define syscall(...)	counted_syscall(NARGS(__VA_ARGS__), __VA_ARGS__)

#include "pfstat_syscall.h"

int main(void)
{
	struct pfstat ps;

	pfstat(0, &ps, sizeof(ps), PFSTAT_NORESET);
	pfstat_probe();
	return bad || calls != 2;
}
