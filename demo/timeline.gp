# SPDX-License-Identifier: GPL-2.0
#
# Per-class fault rate over time, one panel per run, from the CSV of
# "pfstat timeline --csv" (time_ms, then one count per class and bin, in
# class order).  Writes OUT.png and OUT.svg.
#
#   gnuplot -e "out='DIR/NAME'; title='...'; n=2; nc=7; \
#               f1='a.csv'; t1='...'; b1=100; f2='b.csv'; t2='...'; b2=100" timeline.gp
#
# nc: the number of classes; fN: timeline CSV, tN: panel title, bN: its
# bin width in ms (N = 1..n).  Optional: xmax, the same time axis for
# every panel (s); yshare=1, the same rate axis for every panel; mN, a
# dashed line in panel N at mN seconds, labelled lN.
#
# The classes' colours, and which of them a panel shows, are
# class-style.gp's (report.sh puts demo/ on gnuplot's loadpath).

set datafile separator ","
set style data lines
set grid
set key outside right top samplen 3 font ",9"
set xlabel "time since the first fault of the run (s)"
set ylabel "faults per second"
set format y "%.0s%c"
set yrange [0:*]

# The classes of each panel, read once: cols_N and dashed_N.
ymax = 0
do for [p = 1:n] {
	data = value("f" . p)
	load "class-style.gp"
	eval sprintf("cols_%d = cols; dashed_%d = dashed_cols", p, p)
	do for [c in cols] {
		stats data using (column(int(c)) * 1000.0 / value("b" . p)) nooutput
		if (STATS_max > ymax) { ymax = STATS_max }
	}
}
# A shared rate axis: the top of the highest panel, rounded up to half a
# power of ten, as gnuplot's own autoscale would round it.
if (exists("yshare") && yshare && ymax > 0) {
	step = 10 ** floor(log10(ymax))
	set yrange [0:ceil(ymax / step * 2) / 2.0 * step]
}

do for [fmt in "png svg"] {
	if (fmt eq "png") {
		set terminal pngcairo size 1000, 300 * n + 40 font ",10" noenhanced
	} else {
		set terminal svg size 1000, 300 * n + 40 font ",10" noenhanced dynamic
	}
	set output out . "." . fmt
	set multiplot layout n, 1 title title font ",12"
	do for [p = 1:n] {
		f = value("f" . p)
		b = value("b" . p)
		cols = value("cols_" . p)
		dashed_cols = value("dashed_" . p)
		set title value("t" . p) . sprintf(" (%d ms bins)", b)
		if (exists("xmax")) { set xrange [0:xmax] }
		unset arrow
		unset label
		if (exists("m" . p)) {
			m = value("m" . p)
			set arrow from m, graph 0 to m, graph 1 nohead dt 3 lw 1.5 lc rgb "gray30"
			set label value("l" . p) at m, graph 0.92 offset 0.5, 0 font ",9"
		}
		# Column c is class c - 2: linetype c - 1.  gnuplot cannot
		# plot an empty list: a run without a fault gets a flat line.
		if (words(cols) > 0) {
			plot for [c in cols] f using ($1 / 1000.0):(column(int(c)) * 1000.0 / b) \
				title columnhead(int(c)) lt int(c) - 1 lw 1.5 dt 1 + dashed(int(c))
		} else {
			plot f using ($1 / 1000.0):(0) title "no fault" lw 1.5 lc rgb "gray50"
		}
	}
	unset multiplot
	set output
}
