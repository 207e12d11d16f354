# SPDX-License-Identifier: GPL-2.0
#
# Case study 2: faults and completion time against the number of workers
# running at once.  Reads the summary CSV report.sh writes (workers, the
# seven classes, total, major, completion_s, mean_worker_s) and writes
# OUT.png and OUT.svg.
#
#   gnuplot -e "out='DIR/NAME'; title='...'; f='summary.csv'" multiprog.gp

set datafile separator ","
# One colour per class, in class order, the same in every plot.
set linetype 1 lc rgb "#9400d3"
set linetype 2 lc rgb "#009e73"
set linetype 3 lc rgb "#56b4e9"
set linetype 4 lc rgb "#e69f00"
set linetype 5 lc rgb "#d55e00"
set linetype 6 lc rgb "#0072b2"
set linetype 7 lc rgb "#cc79a7"
set style data linespoints
set grid
set key top left opaque box samplen 3 font ",9"
set xlabel "N, copies of the worker started at once"
set xtics (1, 5, 11)
set xrange [0:12]
set format y "%.0s%c"
set yrange [0:*]

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
	plot for [c = 2:8] f using 1:c title columnhead(c) lw 1.5 pt 7 \
			dt 1 + (c == 8), \
		f using 1:9 title "total (getrusage minflt + majflt)" \
			lw 2.5 lc rgb "black" pt 5

	set title "completion time"
	set ylabel "seconds"
	plot f using 1:11 title "all N done (makespan)" lw 2 pt 7, \
		f using 1:12 title "mean time of one worker" lw 2 pt 5

	unset multiplot
	set output
}
