// SPDX-License-Identifier: GPL-2.0
/*
 * Run only on the CONFIG_PFSTAT=n kernel ("make check"): the system call
 * number is wired up, but without pfstat it is ENOSYS.  The normal guest
 * run skips tests whose name starts with "nopfstat_".
 */
#include <errno.h>

#include "kselftest_harness.h"
#include "pfstat_util.h"

TEST(pfstat_is_enosys_without_config_pfstat)
{
	struct pfstat st;

	errno = 0;
	ASSERT_EQ(-1, sys_pfstat(0, &st, sizeof(st), 0));
	ASSERT_EQ(ENOSYS, errno);
	errno = 0;
	ASSERT_EQ(-1, sys_pfstat(0, &st, sizeof(st), PFSTAT_NORESET));
	ASSERT_EQ(ENOSYS, errno);
}

TEST_HARNESS_MAIN
