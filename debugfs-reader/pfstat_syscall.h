/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR LGPL-2.1 */
/*
 * A wrapper for pfstat(2), which no libc provides.
 *
 *	long pfstat(pid_t pid, struct pfstat *stat, size_t size,
 *		    unsigned int flags);
 *
 * Returns 1 when the task was not in pfstat mode (zeros reported; a call
 * without PFSTAT_NORESET or PFSTAT_DISABLE makes it enter pfstat mode),
 * 0 when it was (counts since the last reset, reset unless
 * PFSTAT_NORESET), -1 with errno set on error (ENOSYS: no pfstat in this
 * kernel).
 *
 * struct pfstat grows at its end: PFSTAT_SIZE_VER0 (56 bytes) is the
 * seven classes, PFSTAT_SIZE_VER1 (72) adds faults and unclassified.  A
 * kernel copies what it has of the caller's size and zeroes the rest, so
 * a kernel older than VER1 reports 0 in those two.  An installed
 * <linux/pfstat.h> older than VER1 gives the older struct, without
 * PFSTAT_SIZE_VER1: test for it before using the two fields.
 *
 * Number 463 is pfstat's only on kernels with the pfstat series (based on
 * 6.12).  From Linux 6.13 on, mainline has setxattrat(2) there, so on a
 * newer kernel without pfstat the call does not fail with ENOSYS: it is
 * another system call.  Call pfstat_probe() first.
 */
#ifndef PFSTAT_SYSCALL_H
#define PFSTAT_SYSCALL_H

#include <errno.h>
#include <sys/types.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Nested: a compiler without __has_include must not see its argument. */
#if defined(__has_include)
#if __has_include(<linux/pfstat.h>)
#define PFSTAT_HAVE_UAPI_HEADER 1
#endif
#endif

#ifdef PFSTAT_HAVE_UAPI_HEADER
#include <linux/pfstat.h>
#else
/*
 * A copy of include/uapi/linux/pfstat.h for machines whose /usr/include
 * predates pfstat.  The uapi header is authoritative: when it is
 * installed it is used instead, and this copy must match it.
 */
#include <linux/types.h>

struct pfstat {
	__u64 stack_low;
	__u64 transparent_hugepage_fault;
	__u64 anonymous_fault;
	__u64 file_fault;
	__u64 swapped_back;
	__u64 copy_on_write;
	__u64 fault_alloced_page;
	__u64 faults;
	__u64 unclassified;
};

#define PFSTAT_SIZE_VER0	56	/* sizeof first published struct */
#define PFSTAT_SIZE_VER1	72	/* add faults, unclassified */

#define PFSTAT_NORESET		(1U << 0)	/* read, do not reset */
#define PFSTAT_DISABLE		(1U << 1)	/* read, reset, leave pfstat mode */
#define PFSTAT_INHERIT		(1U << 2)	/* children start in pfstat mode */
#define PFSTAT_PIDFD		(1U << 3)	/* pid is a pidfd */
#endif

/*
 * 463 in every architecture's table, but Alpha numbers its calls from 110
 * on and MIPS adds an offset per ABI: there only the kernel's headers
 * know the number, and a guess would call another system call.
 */
#ifndef __NR_pfstat
#if defined(__alpha__) || defined(__mips__)
#error "no __NR_pfstat: install the uapi headers of a kernel with pfstat"
#endif
#define __NR_pfstat 463
#endif

/*
 * pfstat(2) reads four arguments, but the call passes six, the last two
 * 0, as the probe does.  Not for pfstat, which never looks at them, nor
 * for the ABI: syscall(3) loads six registers whatever it is given, and
 * the kernel ignores those its call does not read.  For the kernels
 * where 463 is another call: setxattrat(2) (Linux 6.13 and later)
 * reads all six, its fifth a pointer to a struct it copies in and its
 * sixth that struct's size.  Left out, they are whatever the registers
 * and the stack held, and the call fails with E2BIG or EFAULT after
 * reading memory at a stray address, or EINVAL, by chance; a size of 0
 * makes it EINVAL at once, every time, whatever the caller skipped.
 */
static inline long pfstat(pid_t pid, struct pfstat *stat, size_t size,
			  unsigned int flags)
{
	return syscall(__NR_pfstat, pid, stat, size, flags, 0L, 0L);
}

/*
 * 0 when system call 463 is pfstat(2), else an errno: ENOSYS on a kernel
 * without it before 6.13, EINVAL from setxattrat(2) from 6.13 on, or what
 * a seccomp filter answers in the kernel's stead (EPERM in a container or
 * under systemd's SystemCallFilter=, whatever the kernel has).  The
 * probe is a PFSTAT_NORESET read of the caller itself, which changes
 * nothing and cannot fail on a pfstat kernel.  On 6.13 and later, 463 is
 * setxattrat(dfd, path, at_flags, name, uargs, usize): the explicit
 * usize of 0 makes it return EINVAL before it looks at anything else.
 */
static inline int pfstat_probe(void)
{
	struct pfstat ps;

	if (syscall(__NR_pfstat, 0, &ps, sizeof(ps), PFSTAT_NORESET,
		    0L, 0L) < 0)
		return errno;
	return 0;
}

#endif /* PFSTAT_SYSCALL_H */
