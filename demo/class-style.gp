# SPDX-License-Identifier: GPL-2.0
#
# How every plot of the demo draws the fault classes, so that a class
# looks the same in all of them whichever classes a plot leaves out.
# Loaded, not run:
#
#   data = 'FILE'; nc = NC; load "class-style.gp"
#
# FILE: a CSV whose columns 2 to NC + 1 are the NC classes in class
# order, named by their column heads (report.sh takes both from the
# event's format file: no class is known by name here).
#
# Sets:
#   linetype N + 1  the colour of class N, its only definition
#   cols            the columns of FILE's classes that have a fault in it,
#                   as words: only those are drawn, so a legend lists no
#                   class the data does not hold
#   dashed(c)       1 for a column of cols whose line lies on an earlier
#                   shown class's line (a class that counts the same
#                   faults, as the pages that anonymous faults allocate):
#                   drawn dashed, both stay visible
#
# The colours are for classes only: other lines (totals, times) are
# black or grey, which no class has.

class_colours = "#9467bd #2ca02c #1f77b4 #ff7f0e #d62728 #8c564b #e377c2 #17becf #bcbd22"
if (nc > words(class_colours)) {
	print sprintf("class-style.gp: %d classes but %d colours: add colours to class_colours", \
		      nc, words(class_colours))
	exit status 1
}
do for [i = 1:nc] {
	set linetype i lc rgb word(class_colours, i)
}

# Whether class column c has a fault (one value above zero) in data.
cols = ""
do for [c = 2:nc + 1] {
	stats data using c nooutput
	if (STATS_max > 0) { cols = cols . sprintf(" %d", c) }
}
# Lines within 5% of the class's own faults of an earlier one, summed
# over the file, cannot be told apart on the plot.
dashed_cols = ""
do for [i = 2:words(cols)] {
	c = int(word(cols, i))
	stats data using c nooutput
	own = STATS_sum
	do for [j = 1:i - 1] {
		d = int(word(cols, j))
		stats data using (abs(column(c) - column(d))) nooutput
		if (STATS_sum <= 0.05 * own && strstrt(dashed_cols, sprintf(" %d ", c)) == 0) {
			dashed_cols = dashed_cols . sprintf(" %d ", c)
		}
	}
}
dashed(c) = strstrt(dashed_cols, sprintf(" %d ", c)) > 0
