# SPDX-License-Identifier: GPL-2.0
#
# Per-class fault rate over time, one panel per run, from the CSV of
# "pfstat timeline --csv" (time_ms, then one count per class and bin).
# Writes OUT.png and OUT.svg.
#
#   gnuplot -e "out='DIR/NAME'; title='...'; n=2; \
#               f1='a.csv'; t1='...'; b1=100; f2='b.csv'; t2='...'; b2=100" timeline.gp
#
# fN: timeline CSV, tN: panel title, bN: its bin width in ms (N = 1..n).
# Optional: xmax, the same time axis for every panel (s); mN, a dashed
# line in panel N at mN seconds, labelled lN.

set datafile separator ","
# One colour per class, in class order, the same in every plot.
set linetype 1 lc rgb "#9400d3"
set linetype 2 lc rgb "#009e73"
set linetype 3 lc rgb "#56b4e9"
set linetype 4 lc rgb "#e69f00"
set linetype 5 lc rgb "#d55e00"
set linetype 6 lc rgb "#0072b2"
set linetype 7 lc rgb "#cc79a7"
set style data lines
set grid
set key outside right top samplen 3 font ",9"
set xlabel "time since the first fault of the run (s)"
set ylabel "faults per second"
set format y "%.0s%c"
set yrange [0:*]

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
		set title value("t" . p) . sprintf(" (%d ms bins)", b)
		if (exists("xmax")) { set xrange [0:xmax] }
		unset arrow
		unset label
		if (exists("m" . p)) {
			m = value("m" . p)
			set arrow from m, graph 0 to m, graph 1 nohead dt 3 lw 1.5 lc rgb "gray30"
			set label value("l" . p) at m, graph 0.92 offset 0.5, 0 font ",9"
		}
		# fault_alloced_page mostly traces anonymous_fault: dashed.
		plot for [c = 2:8] f using ($1 / 1000.0):(column(c) * 1000.0 / b) \
			title columnhead(c) lw 1.5 dt 1 + (c == 8)
	}
	unset multiplot
	set output
}
