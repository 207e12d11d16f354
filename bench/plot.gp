# SPDX-License-Identifier: GPL-2.0
#
# The plot of "make bench": for each mode, the cost of a fault relative to
# the baseline, per kind of fault, with the spread as error bars (IQR of
# the per-round ratios; for y-vs-n, the range over the boots).  One panel
# per clock: wall (TCG time) and icount (instructions).
#
#   gnuplot -e "outbase='OUT/results'; wall='OUT/plot-wall.dat'; \
#               icount='OUT/plot-icount.dat'" plot.gp
#
# writes OUT/results.png and OUT/results.svg; a clock whose file is
# missing gets no panel.

have(f) = system("test -s '".f."' && echo 1 || echo 0") + 0
panels = have(wall) + have(icount)
if (panels == 0) { print "plot.gp: neither ".wall." nor ".icount; exit status 1 }

set datafile missing '-'
set style data histogram
set style histogram errorbars gap 2 lw 1
set style fill solid 0.6 border -1
set boxwidth 0.9
set key top left
set grid ytics
set yrange [0:*]
set xtics rotate by -25 left nomirror font ',9'
set linetype 4 lc rgb '#999999'

panel(file) = sprintf("plot '%s' using 2:3:4:xtic(1) title columnhead(2), '' using 5:6:7 title columnhead(5), '' using 8:9:10 title columnhead(8), '' using 11:12:13 title columnhead(11), 1 with lines dashtype 2 lc rgb '#555555' notitle", file)

do for [term in "png svg"] {
	if (term eq "png") {
		set terminal pngcairo size 1000, 380 * panels + 40 font ',10'
	} else {
		set terminal svg size 1000, 380 * panels + 40 dynamic font ',10'
	}
	set output outbase.'.'.term
	set multiplot layout panels, 1 title "pfstat: cost of a user page fault in each mode, relative to pfstat off (pread-control takes no fault)"
	if (have(wall)) {
		set title 'wall clock (QEMU TCG: ratios matter, not absolute times)'
		set ylabel 'time / baseline'
		eval panel(wall)
	}
	if (have(icount)) {
		set title 'icount: guest instructions'
		set ylabel 'instructions / baseline'
		eval panel(icount)
	}
	unset multiplot
	unset output
}
