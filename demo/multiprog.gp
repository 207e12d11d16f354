# SPDX-License-Identifier: GPL-2.0
#
# Case study 2: faults and completion time against the number of workers
# running at once.  Reads the summary CSV report.sh writes (workers, the
# nc classes in class order, then total, major, completion_s,
# mean_worker_s, named by their column heads) and writes OUT.png and
# OUT.svg.
#
#   gnuplot -e "out='DIR/NAME'; title='...'; f='summary.csv'; nc=7" multiprog.gp
#
# The classes' colours, and which of them the plot shows, are
# class-style.gp's (report.sh puts demo/ on gnuplot's loadpath).

set datafile separator ","
data = f
load "class-style.gp"
set style data linespoints
set grid
set key top left opaque box samplen 3 font ",9"
set xlabel "N, copies of the worker started at once"
set xtics (1, 5, 11)
set xrange [0:12]

do for [fmt in "png svg"] {
	if (fmt eq "png") {
		set terminal pngcairo size 1100, 450 font ",10" noenhanced
	} else {
		set terminal svg size 1100, 450 font ",10" noenhanced dynamic
	}
	set output out . "." . fmt
	set multiplot layout 1, 2 title title font ",12"

	set title "faults of all N workers"
	set ylabel "faults"
	unset logscale y
	set format y "%.0s%c"
	set yrange [0:*]
	# Column c is class c - 2: linetype c - 1.  gnuplot cannot plot
	# an empty list: without a class, the total alone.
	if (words(cols) > 0) {
		plot for [c in cols] f using 1:int(c) title columnhead(int(c)) \
				lt int(c) - 1 lw 1.5 pt 7 dt 1 + dashed(int(c)), \
			f using 1:"total" title "total (getrusage minflt + majflt)" \
				lw 2.5 lc rgb "black" pt 5
	} else {
		plot f using 1:"total" title "total (getrusage minflt + majflt)" \
			lw 2.5 lc rgb "black" pt 5
	}

	# From a fraction of a second when the workers fit to many seconds
	# when they swap: only a log axis shows both.
	set title "completion time"
	set ylabel "seconds (log scale)"
	set logscale y
	set format y "%g"
	set yrange [*:*]
	plot f using 1:"completion_s" title "all N done (makespan)" \
			lw 2 lc rgb "black" pt 7, \
		f using 1:"mean_worker_s" title "mean time of one worker" \
			lw 2 lc rgb "gray50" dt 2 pt 5

	unset multiplot
	set output
}
