# SPDX-License-Identifier: GPL-2.0
#
# The targets of "make bench" (issue 8), per clock, from results.csv (and
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

NR > 1 {
	r[$3, $1, $2] = $8
	lo[$3, $1, $2] = $9
	hi[$3, $1, $2] = $10
	clocks[$3] = 1
}

END {
	nf = split("anon-write file-read cow-write", fs, " ")
	nc = split("icount wall", cl, " ")
	print "\ntargets (met or MISSED: the whole spread is on one side; unresolved: it straddles the target):"

	print "  CONFIG_PFSTAT=y with pfstat off against =n, within 1% (range over the boots):"
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
			v = worse(v, within(lo[c, m, fs[i]], hi[c, m, fs[i]], 0.99, 1.01))
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

	print "  counting against off, within 2% on anonymous write faults (IQR of the rounds):"
	for (j = 1; j <= nc; j++) {
		c = cl[j]
		m = "counting"
		if (!((c, m, "anon-write") in r))
			continue
		printf "    %-6s %-10s:  anon-write %s (%s..%s); file-read %s, cow-write %s\n", c,
			within(lo[c, m, "anon-write"], hi[c, m, "anon-write"], 0, 1.02),
			pct(r[c, m, "anon-write"]), pct(lo[c, m, "anon-write"]),
			pct(hi[c, m, "anon-write"]), pct(r[c, m, "file-read"]),
			pct(r[c, m, "cow-write"])
	}

	print "  pfstat:mm_pfstat tracing no dearer per fault than exceptions:page_fault_user"
	print "  (ratios to baseline, pfstat against page_fault_user; all tasks, or set_event_pid):"
	for (j = 1; j <= nc; j++) {
		c = cl[j]
		for (p = 0; p <= 1; p++) {
			sfx = p ? "-pid" : ""
			a = "pfstat-trace" sfx
			b = "pfuser-trace" sfx
			if (!((c, a, fs[1]) in r))
				continue
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
			printf "    %-6s %-10s: %-4s%s\n", c, v, p ? "pid" : "all", line
		}
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
