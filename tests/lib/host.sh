# SPDX-License-Identifier: GPL-2.0
#
# Whether the host's programs run in this guest (rootfs/hostrun), for the
# guest tests that run the host's perf, bpftrace and trace-cmd: sourced
# (busybox sh), never run.
#
#   host_foreign    true when they are another architecture's programs
#                   (an arm64 guest on an x86 host), the reason in
#                   $host_foreign_why: those tests skip what needs them.
#                   False otherwise, and a guest without the host's root
#                   still fails where hostrun is called.

host_foreign_why=

host_foreign() {
	host_foreign_why=$(hostrun true 2>&1 >/dev/null)
	[ $? = 125 ] || return 1
	host_foreign_why=${host_foreign_why#hostrun: }
	return 0
}

# host_skip_all N WHAT: N skipped results "WHAT (K of N)", the reason
# $host_foreign_why, for a test of which nothing can run.
host_skip_all() {
	_host_k=1
	while [ $_host_k -le "$1" ]; do
		tap_skip "$2 ($_host_k of $1)" "$host_foreign_why"
		_host_k=$((_host_k + 1))
	done
}
