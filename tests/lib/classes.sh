# SPDX-License-Identifier: GPL-2.0
#
# The fault classes for the shell tests, sourced like tap.sh: taken from
# the kernel's own print format of pfstat:mm_pfstat, so no script keeps a
# list of its own.
#
#   pfstat_classes [FORMAT]   the class names in class order, one a line
#                             (FORMAT: a copy of the event's format file;
#                             default: the running kernel's, from tracefs)

pfstat_classes() {
	sed -n 's/.*(REC->classe*s*, \(.*\)), __print_flags(REC->flags.*/\1/p' \
		"${1:-/sys/kernel/tracing/events/pfstat/mm_pfstat/format}" |
		grep -o '"[a-z_]*"' | tr -d '"'
}
