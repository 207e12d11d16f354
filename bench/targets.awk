# SPDX-License-Identifier: GPL-2.0
#
# The targets of "make bench", per clock, from results.csv (and
# the struct sizes: -v sizes=FILE).  Each is "met" or "MISSED" when the
# whole spread (IQR of the rounds, or range of the boots) is on one side
# of the target, "unresolved" when the spread straddles it: then that clock
# is too noisy to tell, and only the median is reported.
#
#   awk -F, -f targets.awk -v sizes=OUT/sizes.txt OUT/results.csv

function pct(x) { return sprintf("%+.2f%%", 100 * (x - 1)) }

# Verdict for "at most max" (and at least min) given the spread lo..hi.
function within(lo, hi, min, max) {
	if (lo >= min && hi <= max)
		return "met"
	if (lo > max || hi < min)
		return "MISSED"
	return "unresolved"
}

# The worse of two verdicts.
function worse(a, b) {
	if (a == "MISSED" || b == "MISSED")
		return "MISSED"
	if (a == "unresolved" || b == "unresolved")
		return "unresolved"
	return "met"
}

# One line: mode a no dearer than mode b on every kind, clock c.
function no_dearer(c, a, b, label,    v, line, i, f) {
	if (!((c, a, fs[1]) in r) || !((c, b, fs[1]) in r))
		return
	v = "met"
	line = ""
	for (i = 1; i <= nf; i++) {
		f = fs[i]
		if (lo[c, a, f] > hi[c, b, f])
			v = worse(v, "MISSED")
		else if (hi[c, a, f] > lo[c, b, f])
			v = worse(v, "unresolved")
		line = line sprintf("  %s %.3f vs %.3f", f, r[c, a, f], r[c, b, f])
	}
	printf "    %-6s %-10s: %-4s%s\n", c, v, label, line
}

NR > 1 {
	r[$3, $1, $2] = $8
	lo[$3, $1, $2] = $9
	hi[$3, $1, $2] = $10
	clocks[$3] = 1
}

BEGIN {
	nf = split("anon-write file-read cow-write", fs, " ")
}

END {
	nc = split("icount wall", cl, " ")
	print "\ntargets (met or MISSED: the whole spread is on one side; unresolved: it straddles the target):"

	print "  CONFIG_PFSTAT=y with pfstat off against =n, within 0.5% (range over the boots):"
	for (j = 1; j <= nc; j++) {
		c = cl[j]
		if (!(c in clocks))
			continue
		if (!((c, "config-y-off", fs[1]) in r)) {
			printf "    %-6s not measured (no CONFIG_PFSTAT=n kernel given)\n", c
			continue
		}
		v = "met"
		line = ""
		for (i = 1; i <= nf; i++) {
			m = "config-y-off"
			v = worse(v, within(lo[c, m, fs[i]], hi[c, m, fs[i]], 0.995, 1.005))
			line = line sprintf("  %s %s (%s..%s)", fs[i], pct(r[c, m, fs[i]]),
				pct(lo[c, m, fs[i]]), pct(hi[c, m, fs[i]]))
		}
		printf "    %-6s %-10s:%s\n", c, v, line
		m = "config-y-off"
		if ((c, m, "pread-control") in r)
			printf "    %-6s %-10s   pread-control, which pfstat cannot change: %s (%s..%s)\n", "", "",
				pct(r[c, m, "pread-control"]), pct(lo[c, m, "pread-control"]),
				pct(hi[c, m, "pread-control"])
	}

	print "  counting against off, within 2% on every kind of fault (IQR of the rounds):"
	for (j = 1; j <= nc; j++) {
		c = cl[j]
		m = "counting"
		if (!((c, m, fs[1]) in r))
			continue
		v = "met"
		line = ""
		for (i = 1; i <= nf; i++) {
			v = worse(v, within(lo[c, m, fs[i]], hi[c, m, fs[i]], 0, 1.02))
			line = line sprintf("  %s %s (%s..%s)", fs[i], pct(r[c, m, fs[i]]),
				pct(lo[c, m, fs[i]]), pct(hi[c, m, fs[i]]))
		}
		printf "    %-6s %-10s:%s\n", c, v, line
	}

	print "  pfstat:mm_pfstat tracing no dearer per fault than exceptions:page_fault_user"
	print "  (ratios to baseline, pfstat against page_fault_user; all tasks, or set_event_pid):"
	for (j = 1; j <= nc; j++)
		for (p = 0; p <= 1; p++)
			no_dearer(cl[j], "pfstat-trace" (p ? "-pid" : ""),
				  "pfuser-trace" (p ? "-pid" : ""), p ? "pid" : "all")

	print "  bpftrace counting on pfstat:mm_pfstat, per set of classes, no dearer per fault"
	print "  than counting on a handle_mm_fault kprobe (ratios to baseline):"
	for (j = 1; j <= nc; j++) {
		c = cl[j]
		no_dearer(c, "bpftrace-pfstat", "bpftrace-kprobe", "")
		if (!((c, "bpftrace-pfuser", fs[1]) in r))
			continue
		line = ""
		for (i = 1; i <= nf; i++)
			line = line sprintf("  %s %.3f", fs[i], r[c, "bpftrace-pfuser", fs[i]])
		printf "    %-6s %-10s  (the stock exceptions:page_fault_user, one count:%s)\n", c, "", line
	}

	while ((getline l < sizes) > 0) {
		split(l, kv, " ")
		sz[kv[1]] = kv[2]
	}
	if ("task_struct_pfstat_y" in sz) {
		g = sz["task_struct_pfstat_y"] - sz["task_struct_pfstat_n"]
		printf "  task_struct grows by at most 16 bytes:\n    %-17s:  %+d bytes (%d against %d)\n",
			g <= 16 ? "met" : "MISSED", g, sz["task_struct_pfstat_y"], sz["task_struct_pfstat_n"]
	}
}
