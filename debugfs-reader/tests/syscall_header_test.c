// SPDX-License-Identifier: GPL-2.0
/*
 * pfstat_syscall.h compiles with and without <linux/pfstat.h>, and both
 * ways give the uapi layout; the classes of pfstat_classes.h are the
 * fields of that struct pfstat, each at its place, and all of them.
 * Compiled with -DEXPECT_UAPI when an include directory with the
 * kernel's uapi header is on the path, and -DEXPECT_VER0 too when that
 * header predates PFSTAT_SIZE_VER1.
 */
#include <stddef.h>

#include "pfstat_classes.h"

/* Installed headers lose the _UAPI prefix of the kernel tree's guard. */
#ifdef EXPECT_UAPI
#if !defined(_LINUX_PFSTAT_H) && !defined(_UAPI_LINUX_PFSTAT_H)
#error "pfstat_syscall.h did not take <linux/pfstat.h>"
#endif
#endif

#define AT(nr, name) \
	_Static_assert(offsetof(struct pfstat, name) == 8 * (nr), #name);
PFSTAT_CLASSES(AT)
_Static_assert(sizeof(pfstat_class_names) ==
	       sizeof(pfstat_class_names[0]) * PFSTAT_NR_CLASSES,
	       "the class numbers are not 0 to PFSTAT_NR_CLASSES - 1");
_Static_assert(8 * PFSTAT_NR_CLASSES == PFSTAT_SIZE_VER0,
	       "the classes are not the struct of VER0");
_Static_assert(PFSTAT_NORESET == 1 && PFSTAT_DISABLE == 2 &&
	       PFSTAT_INHERIT == 4, "flags");
_Static_assert(__NR_pfstat == 463, "number");

/*
 * The copy in pfstat_syscall.h is VER1; an installed uapi header may be
 * older (EXPECT_VER0), and then has neither the fields nor the macros.
 */
#ifdef PFSTAT_SIZE_VER1
#ifdef EXPECT_VER0
#error "a VER0 <linux/pfstat.h> was expected"
#endif
PFSTAT_FAULT_COUNTS(AT)
_Static_assert(sizeof(struct pfstat) == 8 * PFSTAT_NR_COUNTERS,
	       "PFSTAT_COUNTERS lacks a field of struct pfstat");
_Static_assert(sizeof(struct pfstat) == PFSTAT_SIZE_VER1, "size");
_Static_assert(sizeof(pfstat_counter_names) ==
	       sizeof(pfstat_counter_names[0]) * PFSTAT_NR_COUNTERS,
	       "the counter numbers are not 0 to PFSTAT_NR_COUNTERS - 1");
_Static_assert(PFSTAT_NR_FAULT_COUNTS == 2, "faults, unclassified");
_Static_assert(PFSTAT_PIDFD == 8, "PFSTAT_PIDFD");
#else
#ifdef PFSTAT_FAULT_COUNTS
#error "PFSTAT_FAULT_COUNTS without PFSTAT_SIZE_VER1"
#endif
_Static_assert(sizeof(struct pfstat) == 8 * PFSTAT_NR_CLASSES,
	       "PFSTAT_CLASSES lacks a field of struct pfstat");
_Static_assert(sizeof(struct pfstat) == PFSTAT_SIZE_VER0, "size");
#endif
#undef AT

int main(void)
{
	struct pfstat ps = { 0 };
	int ret;

	/* Referenced, so that the wrappers compile, not just parse. */
	ret = (pfstat_probe() == -1 && pfstat(0, NULL, 0, 0) == -2) +
	      (int)pfstat_class_count(&ps, pfstat_class_index("stack_low"));
#ifdef PFSTAT_SIZE_VER1
	ret += (int)pfstat_counter(&ps, pfstat_counter_index("unclassified"));
#endif
	return ret;
}
