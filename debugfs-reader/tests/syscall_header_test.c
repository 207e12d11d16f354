// SPDX-License-Identifier: GPL-2.0
/*
 * pfstat_syscall.h compiles with and without <linux/pfstat.h>, and both
 * ways give the uapi layout.  Compiled with -DEXPECT_UAPI when an
 * include directory with the kernel's uapi header is on the path.
 */
#include <stddef.h>

#include "pfstat_syscall.h"

/* Installed headers lose the _UAPI prefix of the kernel tree's guard. */
#ifdef EXPECT_UAPI
#if !defined(_LINUX_PFSTAT_H) && !defined(_UAPI_LINUX_PFSTAT_H)
#error "pfstat_syscall.h did not take <linux/pfstat.h>"
#endif
#endif

#define AT(field, n) \
	_Static_assert(offsetof(struct pfstat, field) == 8 * (n), #field)

AT(stack_low, 0);
AT(transparent_hugepage_fault, 1);
AT(anonymous_fault, 2);
AT(file_fault, 3);
AT(swapped_back, 4);
AT(copy_on_write, 5);
AT(fault_alloced_page, 6);
_Static_assert(sizeof(struct pfstat) == PFSTAT_SIZE_VER0, "size");
_Static_assert(PFSTAT_NORESET == 1 && PFSTAT_DISABLE == 2 &&
	       PFSTAT_INHERIT == 4, "flags");
_Static_assert(__NR_pfstat == 463, "number");

int main(void)
{
	/* Referenced, so that the wrappers compile, not just parse. */
	return pfstat_probe() == -1 && pfstat(0, NULL, 0, 0) == -2;
}
