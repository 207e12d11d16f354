# SPDX-License-Identifier: GPL-2.0
#
# The fault classes for the shell tests, sourced like tap.sh: taken from
# the kernel's own print format of pfstat:mm_pfstat, so no script keeps a
# list of its own.
#
#   pfstat_classes [FORMAT]   the class names in class order, one a line
#                             (FORMAT: a copy of the event's format file;
#                             default: the running kernel's, from tracefs)
#   pfstat_class_in NAME      an extended regular expression (grep -E) for
#                             a list of classes as the event prints them,
#                             "a|b|c", that holds NAME as a whole name
#                             (other bits may print as "0x80")
#
# The event fires once per classified fault site.  Its "classes" field is
# a mask, bit N for class N, printed with __print_flags(REC->classes, "|",
# { 1UL << N, "name" }, ...); kernels before it fired once per counter
# increment with a "class" field, a number printed with
# __print_symbolic(REC->class, { N, "name" }, ...).  Both are read: the
# class of each name is its bit (or number), and the list must be
# classes 0..N-1 without a gap.  Nothing is printed (and the status is 1)
# for a format that is neither.

pfstat_classes() {
	awk '
	# The class number of a table entry "{ VALUE, "name" }".
	function number(v,    n) {
		gsub(/[ ()]/, "", v)
		if (kind == "symbolic")
			return v ~ /^[0-9]+$/ ? v + 0 : -1
		# __print_flags: "1UL<<N" as the kernel prints BIT(N), or
		# a plain power of two.
		if (v ~ /^1[UL]*<<[0-9]+$/) {
			sub(/^1[UL]*<</, "", v)
			return v + 0
		}
		if (v !~ /^[0-9]+$/ || v == 0)
			return -1
		for (n = 0; v > 1; n++) {
			if (v % 2)
				return -1
			v /= 2
		}
		return n
	}
	/^print fmt:/ {
		s = $0
		if (match(s, /__print_symbolic[(]REC->class, /))
			kind = "symbolic"
		else if (match(s, /__print_flags[(]REC->classes, "[|]", /))
			kind = "flags"
		else
			exit 1
		s = substr(s, RSTART + RLENGTH)
		max = -1
		while (match(s, /^ *[{][^{}"]*, *"[a-z_]+" *[}],?/)) {
			e = substr(s, 1, RLENGTH)
			s = substr(s, RLENGTH + 1)
			name = e
			sub(/^[^"]*"/, "", name)
			sub(/".*/, "", name)
			v = e
			sub(/^ *[{]/, "", v)
			sub(/, *"[a-z_]+".*/, "", v)
			n = number(v)
			if (n < 0 || n in names)
				exit 1
			names[n] = name
			if (n > max)
				max = n
		}
		if (s !~ /^ *[)]/ || max < 0)
			exit 1
		for (n = 0; n <= max; n++)
			if (!(n in names))
				exit 1
		for (n = 0; n <= max; n++)
			print names[n]
		found = 1
		exit 0
	}
	END { exit !found }' "${1:-/sys/kernel/tracing/events/pfstat/mm_pfstat/format}"
}

pfstat_class_in() {
	echo "([0-9a-z_]+\\|)*$1(\\|[0-9a-z_]+)*"
}
