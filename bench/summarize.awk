# SPDX-License-Identifier: GPL-2.0
#
# faultbench's raw CSVs -> results.csv, the table, plot-CLOCK.dat.
#
#   awk -f summarize.awk -v order=MODE,... -v out=DIR \
#       clock=wall kind=main wall-main/raw.csv \
#       clock=wall kind=y boot=1 wall-y1/raw.csv \
#       clock=wall kind=n boot=1 wall-n1/raw.csv ...
#
# Main boot: per clock, mode and kind of fault, the median of ns per fault
# over the rounds with its interquartile range; the ratio to baseline is
# the median of the per-round ratios (mode / baseline of the same round:
# interleaving makes them pairs), with their interquartile range.
# y/n boots: per boot the median of its rounds; per kernel the median of
# its boots' medians and their range; the ratio is median y / median n,
# its range that of the y_i / n_i ratios of the boots taken in turn.

BEGIN {
	FS = ","
	nm = split(order, modes, ",")
	for (i = 1; i <= nm; i++)
		known_mode[modes[i]] = 1
	nf = split("anon-write file-read cow-write pread-control", faults, " ")
	for (i = 1; i <= nf; i++)
		known_fault[faults[i]] = 1
	csv = out "/results.csv"
	table = out "/table.txt"
}

FNR == 1 {
	if ($1 != "round" || $5 != "ns") {
		printf "summarize: %s: not faultbench output\n", FILENAME > "/dev/stderr"
		err = 1
		exit 1
	}
	seen_clock[clock] = 1
	next
}

{
	if ($4 <= 0 || $5 <= 0) {
		printf "summarize: %s:%d: no time or no pages\n", FILENAME, FNR > "/dev/stderr"
		err = 1
		exit 1
	}
	if (!($3 in known_fault)) {
		known_fault[$3] = 1
		faults[++nf] = $3
	}
}

kind == "main" {
	if (!($2 in known_mode)) {
		known_mode[$2] = 1
		modes[++nm] = $2
	}
	v = $5 / $4
	k = clock SUBSEP $2 SUBSEP $3
	val[k, ++n[k]] = v
	at[clock, $1, $2, $3] = v
	if (!((clock, $1) in seen_round)) {
		seen_round[clock, $1] = 1
		rounds[clock, ++nr[clock]] = $1
	}
	next
}

kind == "y" || kind == "n" {
	if ($2 != "baseline")
		next
	k = clock SUBSEP kind SUBSEP boot SUBSEP $3
	bval[k, ++bn[k]] = $5 / $4
	if (boot > nboots[clock, kind])
		nboots[clock, kind] = boot
	next
}

# Sort a[1..n] in place (insertion sort: a few hundred values at most).
function sort(a, n,    i, j, x) {
	for (i = 2; i <= n; i++) {
		x = a[i]
		for (j = i - 1; j >= 1 && a[j] > x; j--)
			a[j + 1] = a[j]
		a[j + 1] = x
	}
}

# Quantile p of sorted a[1..n], linear between closest ranks.
function q(a, n, p,    h, lo) {
	h = (n - 1) * p + 1
	lo = int(h)
	if (lo >= n)
		return a[n]
	return a[lo] + (h - lo) * (a[lo + 1] - a[lo])
}

function stats(a, n, s) {
	sort(a, n)
	s["med"] = q(a, n, 0.5)
	s["p25"] = q(a, n, 0.25)
	s["p75"] = q(a, n, 0.75)
	s["min"] = a[1]
	s["max"] = a[n]
}

# One result: into the CSV and the arrays the table and plots print.
function put(c, m, f, samples, med, lo, hi, r, rlo, rhi, spread) {
	printf "%s,%s,%s,%d,%.1f,%.1f,%.1f,%.4f,%.4f,%.4f,%s\n", m, f, c,
		samples, med, lo, hi, r, rlo, rhi, spread > csv
	have[c, m, f] = 1
	R_med[c, m, f] = med
	R_lo[c, m, f] = lo
	R_hi[c, m, f] = hi
	R_r[c, m, f] = r
	R_rlo[c, m, f] = rlo
	R_rhi[c, m, f] = rhi
}

function main_results(c,    i, j, m, f, k, x, a, s, ra, nra, rs, r) {
	for (j = 1; j <= nf; j++) {
		f = faults[j]
		for (i = 1; i <= nm; i++) {
			m = modes[i]
			k = c SUBSEP m SUBSEP f
			if (!n[k])
				continue
			split("", a)
			for (x = 1; x <= n[k]; x++)
				a[x] = val[k, x]
			stats(a, n[k], s)
			split("", ra)
			nra = 0
			for (x = 1; x <= nr[c]; x++) {
				r = rounds[c, x]
				if ((c, r, m, f) in at && (c, r, "baseline", f) in at)
					ra[++nra] = at[c, r, m, f] / at[c, r, "baseline", f]
			}
			if (nra == 0) {
				printf "summarize: %s clock: no baseline to compare %s with\n", c, m > "/dev/stderr"
				err = 1
				exit 1
			}
			stats(ra, nra, rs)
			put(c, m, f, n[k], s["med"], s["p25"], s["p75"],
			    rs["med"], rs["p25"], rs["p75"], "iqr-of-rounds")
		}
	}
}

function config_results(c,    nb, j, f, kd, b, k, x, bv, s, a, ks, kmed, kmin, kmax, bmed, pr, ps) {
	nb = nboots[c, "y"] < nboots[c, "n"] ? nboots[c, "y"] : nboots[c, "n"]
	if (nb == 0)
		return
	config_boots[c] = nb
	for (j = 1; j <= nf; j++) {
		f = faults[j]
		for (kd = 0; kd <= 1; kd++) {
			split("", a)
			for (b = 1; b <= nb; b++) {
				k = c SUBSEP (kd ? "y" : "n") SUBSEP b SUBSEP f
				split("", bv)
				for (x = 1; x <= bn[k]; x++)
					bv[x] = bval[k, x]
				stats(bv, bn[k], s)
				bmed[kd, b] = s["med"]
				a[b] = s["med"]
			}
			stats(a, nb, ks)
			kmed[kd] = ks["med"]
			kmin[kd] = ks["min"]
			kmax[kd] = ks["max"]
		}
		split("", pr)
		for (b = 1; b <= nb; b++)
			pr[b] = bmed[1, b] / bmed[0, b]
		stats(pr, nb, ps)
		put(c, "config-n", f, nb, kmed[0], kmin[0], kmax[0], 1, 1, 1, "range-of-boots")
		put(c, "config-y-off", f, nb, kmed[1], kmin[1], kmax[1],
		    kmed[1] / kmed[0], ps["min"], ps["max"], "range-of-boots")
	}
}

# The table: per kind of fault and mode, both clocks side by side.
function cells(c, m, f) {
	if (!((c, m, f) in have))
		return sprintf("%9s %13s %6s %11s", "-", "", "-", "")
	return sprintf("%9.0f %13s %6.3f %11s", R_med[c, m, f],
		sprintf("%.0f-%.0f", R_lo[c, m, f], R_hi[c, m, f]), R_r[c, m, f],
		sprintf("%.3f-%.3f", R_rlo[c, m, f], R_rhi[c, m, f]))
}

function print_table(list, nl, title, spread,    i, j, m, f) {
	print title > table
	printf "%-13s %-16s | %-43s | %-43s\n", "", "", "wall clock: ns per fault", "icount: instructions per fault" > table
	printf "%-13s %-16s | %9s %13s %6s %11s | %9s %13s %6s %11s\n", "fault", "mode",
		"median", spread, "ratio", spread, "median", spread, "ratio", spread > table
	for (j = 1; j <= nf; j++) {
		f = faults[j]
		for (i = 1; i <= nl; i++) {
			m = list[i]
			if (!(("wall", m, f) in have) && !(("icount", m, f) in have))
				continue
			printf "%-13s %-16s | %s | %s\n", f, m, cells("wall", m, f), cells("icount", m, f) > table
		}
	}
}

# plot-CLOCK.dat: one line per mode, ratio and spread per kind of fault.
function plot_data(c,    file, i, m, f, j, last) {
	file = out "/plot-" c ".dat"
	printf "mode" > file
	for (j = 1; j <= nf; j++)
		printf " %s lo hi", faults[j] > file
	printf "\n" > file
	last = nm + ((c, "config-y-off", faults[1]) in have)
	for (i = 1; i <= last; i++) {
		m = i <= nm ? modes[i] : "config-y-off"
		printf "%s", m == "config-y-off" ? "y-vs-n" : m > file
		for (j = 1; j <= nf; j++) {
			f = faults[j]
			if ((c, m, f) in have)
				printf " %.4f %.4f %.4f", R_r[c, m, f], R_rlo[c, m, f], R_rhi[c, m, f] > file
			else
				printf " - - -" > file
		}
		printf "\n" > file
	}
	close(file)
}

END {
	if (err)
		exit 1
	print "mode,fault,clock,samples,ns_per_fault,ns_lo,ns_hi,ratio,ratio_lo,ratio_hi,spread" > csv
	for (c in seen_clock) {
		if (!nr[c]) {
			printf "summarize: no main boot for the %s clock\n", c > "/dev/stderr"
			exit 1
		}
		main_results(c)
		config_results(c)
		plot_data(c)
	}
	note = ""
	for (i = 1; i <= nm; i++)
		if (modes[i] ~ /^bpftrace-/)
			note = "\nThe bpftrace-* modes ran after the others, each alone with its program attached throughout;\ntheir round r is compared with the baseline of round r."
	print_table(modes, nm, sprintf("Every mode in one boot, interleaved round by round (wall clock: %d rounds, icount: %d).\nmedian and IQR over the rounds; ratio: median and IQR of the per-round ratios to baseline.%s",
		nr["wall"], nr["icount"], note), "IQR")
	split("config-n config-y-off", cl, " ")
	if (config_boots["wall"] || config_boots["icount"])
		print_table(cl, 2, sprintf("\nCONFIG_PFSTAT=n (config-n) against =y with pfstat off (config-y-off), boots taken in turn\n(wall clock: %d+%d boots, icount: %d+%d): median of the boots' medians and range over the boots;\nratio: median y / median n, range of y_i / n_i.",
			config_boots["wall"], config_boots["wall"], config_boots["icount"], config_boots["icount"]), "range")
}
