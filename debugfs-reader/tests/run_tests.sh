#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host tests of the pfstat tool, as TAP.  No pfstat kernel is needed:
#  - debugfs is a fixture tree (PFSTAT_DEBUGFS), copied so that what the
#    tool writes into "control" (a regular file here) can be checked;
#  - pfstat(2) is the real one of this kernel (which has none: the "no
#    pfstat" errors), or fake_pfstat.so preloaded, which answers it the
#    way the kernel would, for "run", "read" and "watch": by default as
#    a kernel before v4 of the series (no fault counts, no PFSTAT_PIDFD),
#    with FAKE_PFSTAT_V4=1 as one of v4;
#  - fixtures/debugfs is the debugfs of a kernel before v4, and
#    fixtures/debugfs-v4 one of v4, which has faults and unclassified;
#  - timeline reads real trace.dat files recorded in the guest, one of
#    the v2 event (a class number) and one of the current (a mask).
# Expected outputs are files in expected/; @ROOT@ stands for the debugfs
# root, @FIX@ for fixtures/ and @PID@ for the pid of the task read; T for
# watch's time column, which varies from run to run.
#
# Usage: run_tests.sh PFSTAT FAKE_PFSTAT_SO WORKDIR
# Exit status: 0 when every test passed.

set -u

pf=$1
fake=$2
work=$3
here=$(cd "$(dirname "$0")" && pwd)
src=$(dirname "$here")
fix=$here/fixtures
exp=$here/expected
ksrc=${KSRC:-$src/../build/linux}

export LC_ALL=C
unset PFSTAT_DEBUGFS LD_PRELOAD FAKE_PFSTAT_LOG FAKE_PFSTAT_RET \
	FAKE_PFSTAT_ERRNO FAKE_PFSTAT_SELF_ERRNO FAKE_PFSTAT_ZOMBIE \
	FAKE_PFSTAT_V4 FAKE_PFSTAT_COUNTS FAKE_PFSTAT_SYSCALL_ERRNO \
	FAKE_PFSTAT_GROW FAKE_PFSTAT_RESET_ERRNO

rm -rf "$work"
mkdir -p "$work"
root=$work/debugfs	# the fixture tree, fresh for each test that writes
out=$work/out
err=$work/err
# A pid above PID_MAX_LIMIT (4194304): no task can have it.
nosuch=4194305
# The time column of watch (seconds, to the millisecond) becomes T.
watch_time='s/^( *)[0-9]+\.[0-9]{3}([ ,])/\1T\2/'

. "$src/../tests/lib/tap.sh"
# The tests' own names for tap.sh's calls.
pass() { tap_result 0 "$1"; }
# fail NAME [DIAGNOSTIC FILE...]
fail() {
	local name=$1 f

	shift
	tap_result 1 "$name" "$(for f in "$@"; do head -40 "$f"; done)"
}
skip() { tap_skip "$1" "$2"; }

fresh_root() {
	rm -rf "$root"
	cp -r "$fix/debugfs" "$root"
}

# watch_norm FILE: FILE with watch's time column as T, blanks squeezed.
watch_norm() {
	sed -E -e "$watch_time" -e 's/ +/ /g; s/^ //' "$1"
}

# Run a command, keeping stdout, stderr and the exit status ($rc).
run() {
	"$@" >"$out" 2>"$err"
	rc=$?
}

# expected FILE: the expected file with its placeholders filled in.
expected() {
	sed -e "s|@ROOT@|$root|g" -e "s|@FIX@|$fix|g" -e "s|@PID@|${pid:-}|g" \
		"$exp/$1" >"$work/want"
}

# same NAME FILE GOT: GOT must equal expected/FILE.  With NORM set, GOT
# is edited by that sed -E script first.  With SQUEEZE set, runs of
# blanks count as one, for tables whose widths follow a pid.
same() {
	local got=$3

	expected "$2"
	if [ -n "${NORM:-}" ]; then
		sed -E "$NORM" "$got" >"$work/normed"
		got=$work/normed
	fi
	if [ -n "${SQUEEZE:-}" ]; then
		sed -E -i 's/ +/ /g; s/^ //' "$work/want"
		sed -E 's/ +/ /g; s/^ //' "$got" >"$work/got"
		got=$work/got
	fi
	if diff -u "$work/want" "$got" >"$work/diff"; then
		return 0
	fi
	fail "$1" "$work/diff"
	return 1
}

# check NAME RC OUT ERR -- CMD...: exit status RC, stdout equal to
# expected/OUT, stderr equal to expected/ERR ("-" for empty, "*" for
# anything).
check() {
	local name=$1 want_rc=$2 want_out=$3 want_err=$4

	shift 5
	run "$@"
	if [ "$rc" != "$want_rc" ]; then
		echo "exit status $rc, expected $want_rc" >"$work/why"
		fail "$name" "$work/why" "$err"
		return
	fi
	if [ "$want_out" = - ]; then
		if [ -s "$out" ]; then
			fail "$name: unexpected stdout" "$out"
			return
		fi
	elif ! same "$name" "$want_out" "$out"; then
		return
	fi
	case $want_err in
	"*")
		;;
	-)
		if [ -s "$err" ]; then
			fail "$name: unexpected stderr" "$err"
			return
		fi
		;;
	*)
		same "$name (stderr)" "$want_err" "$err" || return
		;;
	esac
	pass "$name"
}

# usage NAME FIRST-LINE -- CMD...: exit status 2 (USAGE_RC when set: run
# exits 125), nothing on stdout, the message FIRST-LINE, then the usage
# line and where to find help.
usage() {
	local name=$1 line=$2 want_rc=${USAGE_RC:-2} sub

	shift 3
	sub=$2
	run "$@"
	if [ "$rc" != "$want_rc" ] || [ -s "$out" ] ||
	   [ "$(sed -n 1p "$err")" != "$line" ] ||
	   ! sed -n 2p "$err" | grep -q "^Usage: pfstat $sub " ||
	   [ "$(sed -n 3p "$err")" != "Try 'pfstat $sub --help' for more information." ]; then
		echo "exit status $rc, expected $want_rc; expected first line: $line" >"$work/why"
		fail "usage: $name" "$work/why" "$err" "$out"
		return
	fi
	pass "usage: $name"
}

# only_err NAME RC MESSAGE -- CMD...: exit status RC, nothing on stdout,
# and stderr exactly MESSAGE.
only_err() {
	local name=$1 want_rc=$2 msg=$3

	shift 4
	run "$@"
	if [ "$rc" = "$want_rc" ] && [ ! -s "$out" ] && [ "$(cat "$err")" = "$msg" ]; then
		pass "$name"
	else
		echo "exit status $rc (expected $want_rc), wanted stderr: $msg" >"$work/why"
		fail "$name" "$work/why" "$out" "$err"
	fi
}

# grep_err NAME RC PATTERN -- CMD...: exit status RC and a stderr line
# equal to PATTERN (a fixed string).
grep_err() {
	local name=$1 want_rc=$2 line=$3

	shift 4
	run "$@"
	if [ "$rc" = "$want_rc" ] && grep -qxF -- "$line" "$err"; then
		pass "$name"
	else
		echo "exit status $rc (expected $want_rc), wanted the line: $line" >"$work/why"
		fail "$name" "$work/why" "$err"
	fi
}

test_help() {
	local c

	check "pfstat --help" 0 help.out - -- "$pf" --help
	check "pfstat -h" 0 help.out - -- "$pf" -h
	check "pfstat help: the help, as --help" 0 help.out - -- "$pf" help
	run "$pf" help run
	"$pf" run --help >"$work/run-help"
	if [ "$rc" = 0 ] && [ ! -s "$err" ] && [ -s "$out" ] && cmp -s "$out" "$work/run-help"; then
		pass "pfstat help run: as pfstat run --help"
	else
		fail "pfstat help run: as pfstat run --help" "$out" "$err"
	fi
	run "$pf" help frobnicate
	if [ "$rc" = 2 ] && [ ! -s "$out" ] &&
	   [ "$(sed -n 1p "$err")" = "pfstat: unknown command 'frobnicate'" ]; then
		pass "pfstat help frobnicate: unknown command, exit 2"
	else
		fail "pfstat help frobnicate: unknown command, exit 2" "$out" "$err"
	fi
	run "$pf" --version
	if [ "$rc" = 0 ] && grep -qx 'pfstat [0-9.]*' "$out"; then
		pass "pfstat --version"
	else
		fail "pfstat --version" "$out" "$err"
	fi
	for c in run read show enable disable watch frames timeline; do
		run "$pf" "$c" --help
		if [ "$rc" = 0 ] && grep -q "^Usage: pfstat $c " "$out" &&
		   grep -q -- '-h, --help' "$out" && [ ! -s "$err" ]; then
			pass "pfstat $c --help"
		else
			fail "pfstat $c --help" "$out" "$err"
		fi
		run "$pf" "$c" -h
		if [ "$rc" = 0 ] && grep -q "^Usage: pfstat $c " "$out"; then
			pass "pfstat $c -h"
		else
			fail "pfstat $c -h" "$out" "$err"
		fi
	done
	run "$pf" frames --help
	if grep -q 'only while the task is in pfstat mode' "$out" &&
	   grep -q "pfstat enable PID" "$out"; then
		pass "frames --help: PID/frames is there only in pfstat mode, and how to get there"
	else
		fail "frames --help: PID/frames is there only in pfstat mode, and how to get there" "$out"
	fi
	run "$pf" run --help
	if grep -qx '  125  pfstat failed.*' "$out" &&
	   grep -qx '  126  CMD was found but could not be executed' "$out" &&
	   grep -qx '  127  CMD was not found' "$out" && grep -q 'stderr' "$out"; then
		pass "run --help: the report on stderr, exit statuses 125, 126, 127"
	else
		fail "run --help: the report on stderr, exit statuses 125, 126, 127" "$out"
	fi
	run "$pf" timeline --help
	if grep -q 'No events to$' "$out" && grep -q 'exit status 1' "$out"; then
		pass "timeline --help: no events to count is exit status 1"
	else
		fail "timeline --help: no events to count is exit status 1" "$out"
	fi
	test_option_letters
	run "$pf"
	if [ "$rc" = 2 ] && grep -q '^Usage: pfstat COMMAND' "$err"; then
		pass "pfstat without a command: usage, exit 2"
	else
		fail "pfstat without a command: usage, exit 2" "$err"
	fi
	test_overview
	run "$pf" frobnicate
	if [ "$rc" = 2 ] &&
	   [ "$(sed -n 1p "$err")" = "pfstat: unknown command 'frobnicate'" ]; then
		pass "unknown command: exit 2"
	else
		fail "unknown command: exit 2" "$err"
	fi
}

# The overview is printed from the table of commands: it names each
# command once, with options that command's --help lists (-x, or
# --name for one without a letter), and the counters that are the
# columns of the output: the classes, then faults and unclassified.
test_overview() {
	local c o pat cmds=(run read show enable disable watch frames timeline)

	"$pf" --help | sed -n '/^Commands:$/,/^$/p' >"$work/commands"
	grep -o '^  [a-z][a-z]*' "$work/commands" | sed 's/^ *//' >"$work/names"
	if [ "$(sort "$work/names")" = "$(printf '%s\n' "${cmds[@]}" | sort)" ]; then
		pass "pfstat --help lists each command once"
	else
		fail "pfstat --help lists each command once" "$work/commands"
	fi
	for c in "${cmds[@]}"; do
		"$pf" "$c" --help >"$out" 2>"$err"
		for o in $(grep "^  $c " "$work/commands" | sed 's/   .*//' |
			   grep -oE -- '--?[a-zA-Z][a-z-]*'); do
			case $o in
			--*) pat="^  (-., |    )$o( |\$)" ;;
			*) pat="^  $o, --" ;;
			esac
			if ! grep -qE -- "$pat" "$out"; then
				echo "$o is not in 'pfstat $c --help'" >"$work/why"
				fail "pfstat --help: the options of $c are its own" "$work/why" "$work/commands" "$out"
				continue 2
			fi
		done
		pass "pfstat --help: the options of $c are its own"
	done
	"$pf" --help | sed -n '/^Counters/,/^$/p' | grep '^  ' | tr -s ' \n' '\n\n' |
		sed '/^$/d' >"$work/classes"
	PFSTAT_DEBUGFS=$fix/debugfs-v4 "$pf" show --csv | head -1 | tr , '\n' | sed 1,2d >"$work/columns"
	if [ "$(wc -l <"$work/classes")" = 9 ] && cmp -s "$work/classes" "$work/columns" &&
	   [ "$(tail -2 "$work/classes" | paste -sd ' ')" = "faults unclassified" ]; then
		pass "pfstat --help: the counters are the count columns, in order, faults and unclassified last"
	else
		fail "pfstat --help: the counters are the count columns, in order, faults and unclassified last" \
			"$work/classes" "$work/columns"
	fi
}

# One meaning per option letter: across every command's --help, a letter
# always stands for the same long option; -i for --inherit.
test_option_letters() {
	local c

	for c in run read show enable disable watch frames timeline; do
		"$pf" "$c" --help | sed -n 's/^  -\(.\), --\([a-z-]*\).*/\1 --\2/p'
	done | sort -u >"$work/letters"
	cut -d' ' -f1 "$work/letters" | uniq -d >"$work/twice"
	if [ -s "$work/letters" ] && [ ! -s "$work/twice" ] &&
	   [ "$(grep '^i ' "$work/letters")" = "i --inherit" ]; then
		pass "each option letter means one thing in every command (-i: --inherit)"
	else
		fail "each option letter means one thing in every command (-i: --inherit)" "$work/twice" "$work/letters"
	fi
}

test_usage_errors() {
	local c
	usage "read: no PID" "pfstat read: missing PID" -- "$pf" read
	usage "read: non-numeric PID" "pfstat read: invalid PID 'abc'" -- "$pf" read abc
	usage "read: PID with junk" "pfstat read: invalid PID '12x'" -- "$pf" read 12x
	usage "read: PID 0" "pfstat read: invalid PID '0'" -- "$pf" read 0
	usage "read: PID too big" "pfstat read: invalid PID '99999999999'" -- "$pf" read 99999999999
	usage "read: negative PID" "pfstat read: invalid option '-5'" -- "$pf" read -5
	usage "read: two PIDs" "pfstat read: one PID only ('2' is one too many)" -- "$pf" read 1 2
	usage "read: bad long option" "pfstat read: invalid option '--bogus'" -- "$pf" read --bogus 1
	usage "read: bad short option" "pfstat read: invalid option '-x'" -- "$pf" read -x 1
	usage "read: --no-reset --disable" "pfstat read: --no-reset and --disable contradict each other" -- "$pf" read -n --disable 1
	usage "show: non-numeric PID" "pfstat show: invalid PID 'abc'" -- "$pf" show abc
	usage "show: second PID bad" "pfstat show: invalid PID 'x1'" -- "$pf" show 1 x1
	usage "show: bad long option" "pfstat show: invalid option '--jsn'" -- "$pf" show --jsn
	usage "show: bad short option" "pfstat show: invalid option '-q'" -- "$pf" show -q
	usage "enable: no PID" "pfstat enable: missing PID" -- "$pf" enable
	usage "enable: --inherit, no PID" "pfstat enable: missing PID" -- "$pf" enable --inherit
	usage "enable: non-numeric PID" "pfstat enable: invalid PID 'init'" -- "$pf" enable init
	usage "enable: bad option" "pfstat enable: invalid option '--bogus'" -- "$pf" enable --bogus 1
	usage "disable: no PID" "pfstat disable: missing PID" -- "$pf" disable
	usage "disable: non-numeric PID" "pfstat disable: invalid PID '1x'" -- "$pf" disable 1x
	usage "disable: -i is enable's" "pfstat disable: invalid option '-i'" -- "$pf" disable -i 1
	usage "disable: --inherit is enable's" "pfstat disable: invalid option '--inherit'" -- "$pf" disable --inherit 1
	usage "watch: no PID" "pfstat watch: missing PID" -- "$pf" watch
	usage "watch: non-numeric PID" "pfstat watch: invalid PID 'abc'" -- "$pf" watch abc
	usage "watch: interval 0" "pfstat watch: invalid interval '0' (milliseconds, 1 to 86400000)" -- "$pf" watch -I 0 1
	usage "watch: interval not a number" "pfstat watch: invalid interval '1s' (milliseconds, 1 to 86400000)" -- "$pf" watch --interval 1s 1
	usage "watch: count 0" "pfstat watch: invalid count '0' (a positive number)" -- "$pf" watch -N 0 1
	usage "watch: -I without value" "pfstat watch: option '-I' needs an argument" -- "$pf" watch -I
	usage "watch: --count without value" "pfstat watch: option '--count' needs an argument" -- "$pf" watch --count
	usage "watch: -i is not the interval (it is --inherit)" "pfstat watch: invalid option '-i'" -- "$pf" watch -i 10 1
	usage "watch: -n is not the count (it is --no-reset)" "pfstat watch: invalid option '-n'" -- "$pf" watch -n 2 1
	usage "watch: -j (no JSON)" "pfstat watch: invalid option '-j'" -- "$pf" watch -c -j 1
	usage "watch: --json is not offered" "pfstat watch: invalid option '--json'" -- "$pf" watch --json 1
	usage "frames: no PID" "pfstat frames: missing PID" -- "$pf" frames
	usage "frames: non-numeric PID" "pfstat frames: invalid PID 'abc'" -- "$pf" frames abc
	usage "frames: two PIDs" "pfstat frames: one PID only ('2' is one too many)" -- "$pf" frames 1 2
	usage "frames: bad option" "pfstat frames: invalid option '-q'" -- "$pf" frames -q 1
	usage "timeline: no file" "pfstat timeline: missing TRACE.dat" -- "$pf" timeline
	usage "timeline: two files" "pfstat timeline: one TRACE.dat only ('b.dat' is one too many)" -- "$pf" timeline a.dat b.dat
	usage "timeline: bin 0" "pfstat timeline: invalid bin width '0' (milliseconds, 1 to 86400000)" -- "$pf" timeline --bin 0 a.dat
	usage "timeline: non-numeric --pid" "pfstat timeline: invalid PID 'abc'" -- "$pf" timeline --pid abc a.dat
	usage "timeline: -b without value" "pfstat timeline: option '-b' needs an argument" -- "$pf" timeline -b
	# run's usage errors exit 125: 2 could be CMD's own status.
	USAGE_RC=125 usage "run: no CMD, exit 125" "pfstat run: missing CMD" -- "$pf" run
	USAGE_RC=125 usage "run: only --, exit 125" "pfstat run: missing CMD" -- "$pf" run --
	USAGE_RC=125 usage "run: bad option, exit 125" "pfstat run: invalid option '--bogus'" -- "$pf" run --bogus -- true
	USAGE_RC=125 usage "run: -o without value, exit 125" "pfstat run: option '-o' needs an argument" -- "$pf" run -o
	USAGE_RC=125 usage "run: --csv with --json, exit 125" "pfstat run: --csv and --json contradict each other" -- "$pf" run -c --json -- true
	usage "read: -c with -j" "pfstat read: --csv and --json contradict each other" -- "$pf" read -c -j 1
	usage "show: -cj" "pfstat show: --csv and --json contradict each other" -- "$pf" show -cj
	usage "frames: --json with --csv" "pfstat frames: --csv and --json contradict each other" -- "$pf" frames --json 1 --csv
	usage "timeline: -j with -c" "pfstat timeline: --csv and --json contradict each other" -- "$pf" timeline -j -c a.dat
	# -c with -j, in either order, wherever both exist.
	for c in run read show frames timeline; do
		USAGE_RC=$([ "$c" = run ] && echo 125 || echo 2) \
			usage "$c: -c -j" "pfstat $c: --csv and --json contradict each other" -- "$pf" "$c" -c -j 1
		USAGE_RC=$([ "$c" = run ] && echo 125 || echo 2) \
			usage "$c: -j -c" "pfstat $c: --csv and --json contradict each other" -- "$pf" "$c" -j -c 1
	done
	# --prometheus is a third format, for show and run only.
	for c in run show; do
		USAGE_RC=$([ "$c" = run ] && echo 125 || echo 2) \
			usage "$c: --prometheus -c" "pfstat $c: --csv and --prometheus contradict each other" -- "$pf" "$c" --prometheus -c 1
		USAGE_RC=$([ "$c" = run ] && echo 125 || echo 2) \
			usage "$c: -j --prometheus" "pfstat $c: --json and --prometheus contradict each other" -- "$pf" "$c" -j --prometheus 1
		USAGE_RC=$([ "$c" = run ] && echo 125 || echo 2) \
			usage "$c: -c -j --prometheus" "pfstat $c: --csv and --json contradict each other" -- "$pf" "$c" --prometheus -j -c 1
	done
	for c in read watch frames timeline; do
		usage "$c: no --prometheus" "pfstat $c: invalid option '--prometheus'" -- "$pf" "$c" --prometheus 1
	done
	usage "show: -o without value" "pfstat show: option '-o' needs an argument" -- "$pf" show -o
	# An empty path is no file: a usage error, before anything runs.
	usage "show: -o ''" "pfstat show: -o, --output: the FILE name is empty" -- "$pf" show -o ""
	usage "show: --output=" "pfstat show: -o, --output: the FILE name is empty" -- "$pf" show --output= 1
	USAGE_RC=125 usage "run: -o '', exit 125, CMD not run" "pfstat run: -o, --output: the FILE name is empty" -- \
		"$pf" run -o "" -- sh -c 'echo ran'
	USAGE_RC=125 usage "run: --output '', exit 125, CMD not run" "pfstat run: -o, --output: the FILE name is empty" -- \
		"$pf" run --output "" -- sh -c 'echo ran'
	usage "timeline: '' as TRACE.dat" "pfstat timeline: the TRACE.dat name is empty" -- "$pf" timeline ""
}

test_debugfs_formats() {
	local f

	fresh_root
	export PFSTAT_DEBUGFS=$root
	check "show: table of every task" 0 show.table - -- "$pf" show
	check "show --csv (a comm that needs quoting)" 0 show.csv - -- "$pf" show --csv
	check "show --json (a comm that needs escaping)" 0 show.json - -- "$pf" show --json
	check "show 123: table" 0 show-123.table - -- "$pf" show 123
	check "show -c 123" 0 show-123.csv - -- "$pf" show -c 123
	check "show -j 123" 0 show-123.json - -- "$pf" show -j 123
	check "show 123 --csv (options after PIDs)" 0 show-123.csv - -- "$pf" show 123 --csv
	check "frames 123: table" 0 frames.table - -- "$pf" frames 123
	check "frames --csv 123" 0 frames.csv - -- "$pf" frames --csv 123
	check "frames --json 123" 0 frames.json - -- "$pf" frames --json 123
	NORM=$watch_time SQUEEZE=1 check "watch -N 2 -I 10 123: time, tid, comm, deltas 0" 0 watch.table - -- \
		"$pf" watch -N 2 -I 10 123
	NORM=$watch_time check "watch --csv -N 2 -I 10 123" 0 watch.csv - -- "$pf" watch --csv -N 2 -I 10 123
	run "$pf" watch --csv --count 3 --interval 20 123
	# Seconds since the start: 0.020, 0.040, 0.060, late by a little.
	if [ "$rc" = 0 ] &&
	   sed 1d "$out" | cut -d, -f1 | awk '!/^[0-9]+\.[0-9][0-9][0-9]$/ || $1 < 0.02 * NR || $1 > 0.02 * NR + 1 || $1 <= last { bad = 1 } { last = $1 } END { exit bad || NR != 3 }'; then
		pass "watch: the time column counts the seconds since watch started"
	else
		fail "watch: the time column counts the seconds since watch started" "$out" "$err"
	fi
	for f in $(cd "$fix/debugfs" && find . -type f | sort); do
		if ! cmp -s "$fix/debugfs/$f" "$root/$f"; then
			fail "reading debugfs changes nothing ($f changed)"
			unset PFSTAT_DEBUGFS
			return
		fi
	done
	pass "reading debugfs changes nothing"
	# A kernel of v4: faults and unclassified are counts like the others.
	export PFSTAT_DEBUGFS=$fix/debugfs-v4
	check "show (v4): faults and unclassified after the classes" 0 show-v4.table - -- "$pf" show
	check "show --csv (v4)" 0 show-v4.csv - -- "$pf" show --csv
	check "show --json (v4)" 0 show-v4.json - -- "$pf" show --json
	check "show 123 (v4: PID/stat)" 0 show-v4-123.table - -- "$pf" show 123
	check "show -c 123 (v4)" 0 show-v4-123.csv - -- "$pf" show -c 123
	NORM=$watch_time check "watch --csv -N 2 -I 10 123 (v4, debugfs)" 0 watch-v4.csv - -- \
		"$pf" watch --csv -N 2 -I 10 123
	unset PFSTAT_DEBUGFS
}

# --prometheus: the text format of node_exporter's textfile collector,
# exact; label values escaped (backslash, double quote), a byte that is
# no UTF-8 replaced (U+FFFD), tabs and UTF-8 as they are.
test_prometheus() {
	local name

	fresh_root
	export PFSTAT_DEBUGFS=$root
	check "show --prometheus: a counter per class, a sample per task" 0 show.prom - -- \
		"$pf" show --prometheus
	check "show --prometheus 123" 0 show-123.prom - -- "$pf" show --prometheus 123
	check "show --prometheus: comms with a backslash, a tab and quotes, UTF-8, a byte that is none" \
		0 show-weird.prom - -- env PFSTAT_DEBUGFS="$fix/debugfs-weird" "$pf" show --prometheus
	# No task in pfstat mode is no error: every family, no sample.
	head -1 "$fix/debugfs/tasks" >"$root/tasks"
	name="show --prometheus, no task in pfstat mode: the 7 counters' HELP and TYPE, no sample, exit 0"
	run "$pf" show --prometheus
	if [ "$rc" = 0 ] && [ ! -s "$err" ] && [ "$(wc -l <"$out")" = 14 ] &&
	   [ "$(grep -c '^# TYPE pfstat_[a-z_]*_total counter$' "$out")" = 7 ] &&
	   ! grep -qv '^# ' "$out"; then
		pass "$name"
	else
		echo "exit status $rc" >"$work/why"
		fail "$name" "$work/why" "$out" "$err"
	fi
	# For people, a note rather than a header alone; CSV and JSON stay
	# well-formed and quiet.
	only_err "show, no task in pfstat mode: says so on stderr, no header, exit 0" 0 \
		"pfstat: no task is in pfstat mode" -- "$pf" show
	run "$pf" show --csv
	if [ "$rc" = 0 ] && [ ! -s "$err" ] && [ "$(cat "$out")" = "$(head -1 "$exp/show.csv")" ]; then
		pass "show --csv, no task in pfstat mode: the header alone, exit 0"
	else
		fail "show --csv, no task in pfstat mode: the header alone, exit 0" "$out" "$err"
	fi
	run "$pf" show --json
	if [ "$rc" = 0 ] && [ ! -s "$err" ] && [ "$(cat "$out")" = "[]" ]; then
		pass "show --json, no task in pfstat mode: [], exit 0"
	else
		fail "show --json, no task in pfstat mode: [], exit 0" "$out" "$err"
	fi
	# v4: the fault counts too, as counters of their own.
	check "show --prometheus (v4): pfstat_faults_total and pfstat_unclassified_total too" \
		0 show-v4.prom - -- env PFSTAT_DEBUGFS="$fix/debugfs-v4" "$pf" show --prometheus
	head -1 "$fix/debugfs-v4/tasks" >"$root/tasks"
	name="show --prometheus (v4), no task in pfstat mode: the 9 counters' HELP and TYPE, no sample, exit 0"
	run "$pf" show --prometheus
	if [ "$rc" = 0 ] && [ ! -s "$err" ] && [ "$(wc -l <"$out")" = 18 ] &&
	   [ "$(grep -c '^# TYPE pfstat_[a-z_]*_total counter$' "$out")" = 9 ] &&
	   grep -qx '# TYPE pfstat_unclassified_total counter' "$out" &&
	   ! grep -qv '^# ' "$out"; then
		pass "$name"
	else
		echo "exit status $rc" >"$work/why"
		fail "$name" "$work/why" "$out" "$err"
	fi
	# Before v4 (show.prom above): no fault count series at all, no 0.
	fresh_root
	name="show --prometheus before v4: no faults or unclassified series (no 0 for a count the kernel lacks)"
	run "$pf" show --prometheus
	if [ "$rc" = 0 ] && [ "$(grep -c '^# TYPE ' "$out")" = 7 ] &&
	   ! grep -qE '^(# [A-Z]+ )?pfstat_(faults|unclassified)_total' "$out"; then
		pass "$name"
	else
		fail "$name" "$out" "$err"
	fi
	unset PFSTAT_DEBUGFS
}

# only_file DIR NAME: NAME is the one file in DIR (no temporary file was
# left behind); with NAME "", DIR is empty.
only_file() {
	[ "$(ls -A "$1")" = "$2" ]
}

# -o FILE: written whole to a temporary file beside it, which is renamed
# over FILE, so that a reader (node_exporter) never sees half a report;
# a failure leaves an older FILE as it was, and nothing behind.
test_output_file() {
	local d=$work/textfile f name mask

	rm -rf "$d"
	mkdir "$d"
	f=$d/pfstat.prom
	fresh_root
	export PFSTAT_DEBUGFS=$root
	mask=$(umask)
	umask 022
	run "$pf" show --prometheus -o "$f"
	umask "$mask"
	name="show --prometheus -o FILE: the report in FILE, mode 0644 under umask 022, nothing else"
	if [ "$rc" = 0 ] && [ ! -s "$out" ] && [ ! -s "$err" ] &&
	   [ "$(stat -c %a "$f")" = 644 ] && only_file "$d" pfstat.prom; then
		same "$name" show.prom "$f" && pass "$name"
	else
		echo "exit status $rc, mode $(stat -c %a "$f" 2>&1), files: $(ls -A "$d")" >"$work/why"
		fail "$name" "$work/why" "$err"
	fi

	echo old >"$f"
	chmod 0600 "$f"
	run "$pf" show --csv -o "$f"
	name="show -c -o FILE over an older FILE: replaced, its mode kept"
	if [ "$rc" = 0 ] && [ "$(stat -c %a "$f")" = 600 ] && only_file "$d" pfstat.prom; then
		same "$name" show.csv "$f" && pass "$name"
	else
		echo "exit status $rc, mode $(stat -c %a "$f"), files: $(ls -A "$d")" >"$work/why"
		fail "$name" "$work/why" "$err"
	fi

	# An empty debugfs tree, a malformed one, a task that cannot be
	# read: exit 1, a message with the path, and the older FILE kept.
	mkdir -p "$work/empty-debugfs"
	echo old >"$f"
	output_kept "show --prometheus -o FILE, an empty debugfs tree" "$f" \
		"pfstat: $work/empty-debugfs/tasks: No such file or directory" -- \
		env PFSTAT_DEBUGFS="$work/empty-debugfs" "$pf" show --prometheus -o "$f"
	output_kept "show --prometheus -o FILE, a malformed debugfs tree" "$f" \
		"pfstat: $fix/debugfs-bad/tasks: unexpected contents (is this pfstat's debugfs?)" -- \
		env PFSTAT_DEBUGFS="$fix/debugfs-bad" "$pf" show --prometheus -o "$f"
	output_kept "show -o FILE 123 $nosuch: a partial report replaces nothing" "$f" \
		"pfstat: $root/$nosuch/stat: No such file or directory: no such pid $nosuch" -- \
		"$pf" show -o "$f" 123 "$nosuch"
	rm -f "$f"
	run env PFSTAT_DEBUGFS="$fix/debugfs-bad" "$pf" show --prometheus -o "$f"
	name="show --prometheus -o FILE, a malformed debugfs tree and no older FILE: no file at all"
	if [ "$rc" = 1 ] && [ ! -s "$out" ] && only_file "$d" ""; then
		pass "$name"
	else
		echo "exit status $rc, files: $(ls -A "$d")" >"$work/why"
		fail "$name" "$work/why" "$err"
	fi

	# Not a regular file: written in place, as ever.
	ln -s real.prom "$d/link.prom"
	run "$pf" show --prometheus -o "$d/link.prom"
	name="show -o a symbolic link: written through it, the link kept"
	if [ "$rc" = 0 ] && [ -L "$d/link.prom" ] && [ "$(ls -A "$d" | sort | paste -sd ' ')" = "link.prom real.prom" ]; then
		same "$name" show.prom "$d/real.prom" && pass "$name"
	else
		echo "exit status $rc, files: $(ls -A "$d")" >"$work/why"
		fail "$name" "$work/why" "$err"
	fi
	grep_err "show -o /dev/full: the path and errno, exit 1" 1 \
		"pfstat: /dev/full: No space left on device" -- "$pf" show -o /dev/full
	grep_err "show to a full stdout: stdout and errno, exit 1" 1 \
		"pfstat: stdout: No space left on device" -- sh -c 'exec "$@" >/dev/full' sh "$pf" show
	grep_err "show -o into a missing directory: the path and errno, exit 1" 1 \
		"pfstat: $d/no/such.prom: No such file or directory" -- "$pf" show -o "$d/no/such.prom"
	unset PFSTAT_DEBUGFS
}

# to_full NAME RC -- CMD...: CMD with its stdout on /dev/full exits RC
# (1 unless given), saying so in one line.
to_full() {
	local name=$1 want_rc=$2

	shift 3
	one_line "$name" "$want_rc" "pfstat: stdout: No space left on device" -- \
		sh -c 'exec "$@" >/dev/full' sh "$@"
}

# Output that cannot be written is a failure, whatever the command: a
# full stdout is exit 1 (run: 125), and "stdout" with the errno.
test_write_errors() {
	local c

	to_full "--help, stdout full: exit 1" 1 -- "$pf" --help
	to_full "-h, stdout full: exit 1" 1 -- "$pf" -h
	to_full "--version, stdout full: exit 1" 1 -- "$pf" --version
	to_full "help, stdout full: exit 1" 1 -- "$pf" help
	to_full "help show, stdout full: exit 1" 1 -- "$pf" help show
	for c in read show enable disable watch frames timeline; do
		to_full "$c --help, stdout full: exit 1" 1 -- "$pf" "$c" --help
	done
	to_full "run --help, stdout full: exit 125" 125 -- "$pf" run --help
	fresh_root
	export PFSTAT_DEBUGFS=$root
	to_full "frames 123, stdout full: exit 1" 1 -- "$pf" frames 123
	to_full "frames -j 123, stdout full: exit 1" 1 -- "$pf" frames -j 123
	# Unbounded: it must stop by itself (timeout's 124 otherwise).
	to_full "watch 123, stdout full: exit 1 at once" 1 -- timeout 10 "$pf" watch -I 10 123
	to_full "watch -c -N 3 123, stdout full: exit 1" 1 -- "$pf" watch -c -N 3 -I 10 123
	unset PFSTAT_DEBUGFS
	to_full "timeline recipe.dat, stdout full: exit 1" 1 -- "$pf" timeline "$fix/recipe.dat"
	to_full "timeline -c -b 1 recipe.dat (more than a buffer), stdout full: exit 1" 1 -- \
		"$pf" timeline -c -b 1 "$fix/recipe.dat"
	# run's report is on stderr, or in FILE.
	only_err "run -o /dev/full: the path and errno, exit 125" 125 \
		"pfstat: /dev/full: No space left on device" -- \
		env LD_PRELOAD="$fake" FAKE_PFSTAT_ZOMBIE=1 "$pf" run -o /dev/full -- true
	run env LD_PRELOAD="$fake" FAKE_PFSTAT_ZOMBIE=1 sh -c 'exec "$@" 2>/dev/full' sh "$pf" run -- true
	if [ "$rc" = 125 ]; then
		pass "run, stderr full: its report lost, exit 125"
	else
		fail "run, stderr full: its report lost, exit 125" "$out" "$err"
	fi
}

# output_kept NAME FILE LINE -- CMD...: CMD exits 1 (125 with RC=125)
# saying LINE, writes nothing to stdout, and leaves FILE, which holds
# "old", as the only file of its directory.
output_kept() {
	local name=$1 f=$2 line=$3 want_rc=${RC:-1}

	shift 4
	run "$@"
	if [ "$rc" = "$want_rc" ] && [ ! -s "$out" ] && grep -qxF -- "$line" "$err" &&
	   [ "$(cat "$f")" = old ] && only_file "$(dirname "$f")" "$(basename "$f")"; then
		pass "$name: exit $want_rc, the older FILE kept, nothing left behind"
	else
		echo "exit status $rc (expected $want_rc), wanted the line: $line; FILE: $(head -c 100 "$f"); files: $(ls -A "$(dirname "$f")")" >"$work/why"
		fail "$name: exit $want_rc, the older FILE kept, nothing left behind" "$work/why" "$err"
	fi
}

test_control() {
	export PFSTAT_DEBUGFS=$root
	fresh_root
	check "enable 123 456" 0 - - -- "$pf" enable 123 456
	same "enable 123 456: control got two lines" control-enable.txt "$root/control" &&
		pass "enable 123 456: control got two lines"
	fresh_root
	check "enable --inherit 123" 0 - - -- "$pf" enable --inherit 123
	same "enable --inherit: control" control-enable-inherit.txt "$root/control" &&
		pass "enable --inherit: control"
	fresh_root
	check "enable -i 7" 0 - - -- "$pf" enable -i 7
	same "enable -i 7: control" control-enable-i.txt "$root/control" &&
		pass "enable -i 7: control"
	fresh_root
	check "disable 123" 0 - - -- "$pf" disable 123
	same "disable 123: control" control-disable.txt "$root/control" &&
		pass "disable 123: control"
	# Root writes even a 0444 file: make the write fail another way.
	fresh_root
	rm "$root/control"
	mkdir "$root/control"
	grep_err "enable: a control that cannot be written: path and errno, exit 1" 1 \
		"pfstat: $root/control: Is a directory" -- "$pf" enable 1
	fresh_root
	ln -sf /dev/full "$root/control"
	grep_err "disable: a failed write: path and errno, exit 1" 1 \
		"pfstat: $root/control: No space left on device" -- "$pf" disable 1
	unset PFSTAT_DEBUGFS
}

test_debugfs_errors() {
	local c

	# What the directory above the root says: none (no debugfs in the
	# kernel), empty (debugfs not mounted), with entries (debugfs without
	# pfstat, a distribution kernel), not searchable (not root).
	fresh_root
	rm -rf "$root-none" "$root-empty" "$root-private"
	mkdir "$root-empty" "$root-private"
	chmod 0700 "$root-private"
	if [ "$(id -u)" = 0 ]; then
		as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	else
		as_user=()
		chmod 0 "$root-private"
	fi
	for c in "show" "show 123" "enable 123" "disable 123" "watch 123" "frames 123"; do
		# shellcheck disable=SC2086
		PFSTAT_DEBUGFS=$root-none/pfstat check "no debugfs in the kernel: $c: says so, exit 1" \
			1 - no-debugfs.err -- "$pf" $c
		# shellcheck disable=SC2086
		PFSTAT_DEBUGFS=$root-empty/pfstat check "debugfs not mounted: $c: how to mount it, exit 1" \
			1 - debugfs-unmounted.err -- "$pf" $c
		# shellcheck disable=SC2086
		PFSTAT_DEBUGFS=$root/pfstat check "debugfs without pfstat: $c: the kernel has no pfstat, exit 1" \
			1 - debugfs-no-pfstat.err -- "$pf" $c
		if [ -n "${as_user[*]}" ] && ! "${as_user[@]}" "$pf" --version >/dev/null 2>&1; then
			skip "debugfs not for this user: $c" "user 65534 cannot run $pf"
			continue
		fi
		# shellcheck disable=SC2086
		PFSTAT_DEBUGFS=$root-private/pfstat check "debugfs not for this user: $c: Permission denied, for root only, exit 1" \
			1 - debugfs-eacces.err -- "${as_user[@]}" "$pf" $c
	done
	chmod 0700 "$root-private"
	# The default path, when this host has no pfstat debugfs.
	if [ -e /sys/kernel/debug/pfstat ]; then
		skip "no PFSTAT_DEBUGFS: /sys/kernel/debug/pfstat is named, in one line" "this host has pfstat"
	elif [ "$(stat -f -c %T /sys/kernel/debug 2>/dev/null)" = debugfs ]; then
		only_err "no PFSTAT_DEBUGFS, debugfs mounted: /sys/kernel/debug/pfstat, and no pfstat in this kernel" 1 \
			"pfstat: /sys/kernel/debug/pfstat: No such file or directory: debugfs is mounted on /sys/kernel/debug, but this kernel has no pfstat: boot a kernel with the pfstat series (CONFIG_PFSTAT=y)" -- \
			"$pf" show
	else
		one_line "no PFSTAT_DEBUGFS: /sys/kernel/debug/pfstat is named, in one line" 1 \
			"pfstat: /sys/kernel/debug/pfstat: [A-Z][a-z ]*: .*" -- "$pf" show
	fi
	export PFSTAT_DEBUGFS=$root
	check "show $nosuch: no such pid, exit 1" 1 - show-nosuch.err -- "$pf" show "$nosuch"
	check "show 123 $nosuch: the table of 123, then the error" 1 show-123.table show-nosuch.err -- \
		"$pf" show 123 "$nosuch"
	check "frames $nosuch: no such pid, exit 1" 1 - frames-nosuch.err -- "$pf" frames "$nosuch"
	check "watch 123 $nosuch: exit 1 before any line" 1 - watch-nosuch.err -- \
		"$pf" watch -N 1 -I 1 123 "$nosuch"
	# A task that exists but is not in pfstat mode has no PID/ at all.
	sleep 10 &
	pid=$!
	check "frames PID of a task not in pfstat mode: says so, and how to fix it, exit 1" \
		1 - frames-not-in.err -- "$pf" frames "$pid"
	kill "$pid"
	wait "$pid" 2>/dev/null
	pid=
	export PFSTAT_DEBUGFS=$fix/debugfs-bad
	root=$fix/debugfs-bad
	check "show: a tasks file without the classes" 1 - bad-tasks.err -- "$pf" show
	check "show 123: a stat file without every class" 1 - bad-stat.err -- "$pf" show 123
	check "frames 123: a frames file of another shape" 1 - bad-frames.err -- "$pf" frames 123
	root=$work/debugfs
	# faults without unclassified is no kernel's.
	fresh_root
	export PFSTAT_DEBUGFS=$root
	echo "faults 5" >>"$root/123/stat"
	grep_err "show 123: a stat file with one fault count of two" 1 \
		"pfstat: $root/123/stat: unexpected contents (is this pfstat's debugfs?)" -- "$pf" show 123
	sed -i '1s/$/\tunclassified/; 2,$s/$/\t0/' "$root/tasks"
	grep_err "show: a tasks file with one fault count of two" 1 \
		"pfstat: $root/tasks: unexpected contents (is this pfstat's debugfs?)" -- "$pf" show
	unset PFSTAT_DEBUGFS
}

# ended PID: the background job PID exits within 5 s ($rc: its status);
# else it is killed and ended fails.
ended() {
	local i

	for i in $(seq 50); do
		kill -0 "$1" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$1" 2>/dev/null; then
		kill -KILL "$1"
		wait "$1" 2>/dev/null
		return 1
	fi
	wait "$1"
	rc=$?
}

# watch ends by itself, exit 0, when the task's directory goes.
test_watch_ends() {
	local wpid

	fresh_root
	PFSTAT_DEBUGFS=$root "$pf" watch -I 20 123 >"$out" 2>"$err" &
	wpid=$!
	sleep 0.2
	rm -rf "$root/123"
	if ! ended "$wpid"; then
		fail "watch ends when the task's directory goes"
		return
	fi
	watch_norm "$out" >"$work/normed"
	if [ "$rc" = 0 ] &&
	   grep -qx 'pfstat: task 123 exited or left pfstat mode' "$err" &&
	   [ "$(grep -c '^T 123 ' "$work/normed")" -ge 1 ] &&
	   ! grep -v '^time_s ' "$work/normed" |
		grep -qvxF "$(watch_norm "$exp/watch.table" | sed -n 2p)"; then
		pass "watch ends when the task's directory goes (exit 0)"
	else
		echo "exit status $rc" >"$work/why"
		fail "watch ends when the task's directory goes (exit 0)" "$work/why" "$out" "$err"
	fi
}

# Ctrl-C: the SIGINT handler ends the loop, exit 0, no partial line.
test_watch_sigint() {
	local wpid

	fresh_root
	PFSTAT_DEBUGFS=$root "$pf" watch -I 30 --csv 123 >"$out" 2>"$err" &
	wpid=$!
	sleep 0.25
	kill -INT "$wpid"
	if ! ended "$wpid"; then
		fail "watch ends cleanly on SIGINT"
		return
	fi
	if [ "$rc" = 0 ] && [ ! -s "$err" ] &&
	   [ "$(head -1 "$out")" = "$(head -1 "$exp/watch.csv")" ] &&
	   [ "$(sed 1d "$out" | sed -E "$watch_time" | sort -u)" = "$(sed -n 2p "$exp/watch.csv")" ]; then
		pass "watch ends cleanly on SIGINT (exit 0, whole lines)"
	else
		echo "exit status $rc" >"$work/why"
		fail "watch ends cleanly on SIGINT (exit 0, whole lines)" "$work/why" "$out" "$err"
	fi
}

# A task that goes between two lines: the faults it made since the
# previous line are not dropped, they make a last, partial line, with the
# time they were read, before the interval was over.
test_watch_last_interval() {
	local wpid

	fresh_root
	PFSTAT_DEBUGFS=$root "$pf" watch -I 10000 --csv 123 >"$out" 2>"$err" &
	wpid=$!
	# The header comes once the counts to start from have been read.
	for _ in $(seq 50); do
		[ -s "$out" ] && break
		sleep 0.1
	done
	sleep 0.3
	# 5 faults more (written whole: a reader never sees half a file) ...
	sed 's/^anonymous_fault 64$/anonymous_fault 69/' "$root/123/stat" >"$work/stat"
	mv "$work/stat" "$root/123/stat"
	sleep 1
	# ... then the task goes, long before its first line is due.
	rm -rf "$root/123"
	if ! ended "$wpid"; then
		fail "watch: a task that goes gets a last, partial line"
		return
	fi
	sed 1d "$out" >"$work/lines"
	if [ "$rc" = 0 ] && [ "$(wc -l <"$work/lines")" = 1 ] &&
	   [ "$(cut -d, -f2- "$work/lines")" = "123,fault_recipe,0,0,5,0,0,0,0,," ] &&
	   awk -F, '{ exit !($1 >= 0.3 && $1 < 10) }' "$work/lines" &&
	   grep -qx 'pfstat: task 123 exited or left pfstat mode' "$err"; then
		pass "watch: a task that goes gets a last, partial line (its faults since the last line)"
	else
		echo "exit status $rc" >"$work/why"
		fail "watch: a task that goes gets a last, partial line (its faults since the last line)" \
			"$work/why" "$out" "$err"
	fi
}

# one_line NAME RC REGEX -- CMD...: exit status RC, nothing on stdout,
# and one line on stderr, which matches the extended REGEX whole: one
# failure, one line.
one_line() {
	local name=$1 want_rc=$2 re=$3

	shift 4
	run "$@"
	if [ "$rc" = "$want_rc" ] && [ ! -s "$out" ] && [ "$(wc -l <"$err")" = 1 ] &&
	   grep -qxE -- "$re" "$err"; then
		pass "$name"
	else
		echo "exit status $rc (expected $want_rc), wanted one line: $re" >"$work/why"
		fail "$name" "$work/why" "$out" "$err"
	fi
}

# This host's kernel has no pfstat: ENOSYS, or another call at 463; and
# the fake's answers for each, the same whatever the host's kernel.
test_no_pfstat() {
	local hint="this kernel has no pfstat: boot a kernel with the pfstat series \(CONFIG_PFSTAT=y\)"
	local enosys="pfstat: pfstat(2): Function not implemented: this kernel has no pfstat: boot a kernel with the pfstat series (CONFIG_PFSTAT=y)"

	one_line "read 1 on a kernel without pfstat: the hint, one line, exit 1" 1 "pfstat: pfstat\(2\): .*: $hint" -- \
		"$pf" read 1
	one_line "read --no-reset 1 without pfstat" 1 "pfstat: pfstat\(2\): .*: $hint" -- "$pf" read --no-reset 1
	one_line "run -- true on a kernel without pfstat: the hint, one line, exit 125" 125 \
		"pfstat: pfstat\(2\): .*: $hint" -- "$pf" run -- true
	only_err "read 1, ENOSYS: one line, exit 1" 1 "$enosys" -- \
		env LD_PRELOAD="$fake" FAKE_PFSTAT_SYSCALL_ERRNO=38 "$pf" read 1
	only_err "run -- true, ENOSYS: one line, exit 125" 125 "$enosys" -- \
		env LD_PRELOAD="$fake" FAKE_PFSTAT_SYSCALL_ERRNO=38 "$pf" run -- true
	# 463 as setxattrat(2) of 6.13 answers the probe EINVAL; EPERM is a
	# seccomp filter's, on any kernel, with pfstat or without: no hint to
	# boot another; anything else is named.
	only_err "read 1, EINVAL (setxattrat at 463): another call, no pfstat, exit 1" 1 \
		"pfstat: pfstat(2): Invalid argument: system call 463 is another call on this kernel (setxattrat since Linux 6.13): this kernel has no pfstat: boot a kernel with the pfstat series (CONFIG_PFSTAT=y)" -- \
		env LD_PRELOAD="$fake" FAKE_PFSTAT_SYSCALL_ERRNO=22 "$pf" read 1
	only_err "read 1, EPERM (a seccomp filter): blocked, not 'boot a pfstat kernel', exit 1" 1 \
		"pfstat: pfstat(2): Operation not permitted: system call 463 is blocked by a seccomp filter or similar (a container, systemd's SystemCallFilter=), whatever this kernel has: allow it, or run pfstat where it is allowed" -- \
		env LD_PRELOAD="$fake" FAKE_PFSTAT_SYSCALL_ERRNO=1 "$pf" read 1
	run env LD_PRELOAD="$fake" FAKE_PFSTAT_SYSCALL_ERRNO=1 "$pf" run -- sh -c 'echo ran'
	if [ "$rc" = 125 ] && [ ! -s "$out" ] && [ "$(wc -l <"$err")" = 1 ] &&
	   grep -q '^pfstat: pfstat(2): Operation not permitted: system call 463 is blocked by a seccomp filter' "$err"; then
		pass "run, EPERM (a seccomp filter): blocked, exit 125, CMD not run"
	else
		echo "exit status $rc" >"$work/why"
		fail "run, EPERM (a seccomp filter): blocked, exit 125, CMD not run" "$work/why" "$out" "$err"
	fi
	only_err "read 1, E2BIG: the errno named, exit 1" 1 \
		"pfstat: pfstat(2): Argument list too long (E2BIG): system call 463 failed in a way neither pfstat(2) nor setxattrat(2) does (a seccomp filter?)" -- \
		env LD_PRELOAD="$fake" FAKE_PFSTAT_SYSCALL_ERRNO=7 "$pf" read 1
	run "$pf" run -- sh -c 'echo ran'
	if [ "$rc" = 125 ] && [ ! -s "$out" ]; then
		pass "run without pfstat does not run CMD"
	else
		fail "run without pfstat does not run CMD" "$out"
	fi
}

# pfstat(2) answered by fake_pfstat.so.
test_fake_read() {
	local log=$work/calls name

	sleep 10 &
	pid=$!
	export LD_PRELOAD=$fake FAKE_PFSTAT_LOG=$log
	rm -f "$log"
	SQUEEZE=1 check "read PID (fake kernel): table" 0 read.table - -- "$pf" read "$pid"
	check "read --csv PID" 0 read.csv - -- "$pf" read --csv "$pid"
	check "read --json PID" 0 read.json - -- "$pf" read --json "$pid"
	SQUEEZE=1 check "read --no-reset PID" 0 read.table - -- "$pf" read --no-reset "$pid"
	SQUEEZE=1 check "read -d PID" 0 read.table - -- "$pf" read -d "$pid"
	# A read with PFSTAT_NORESET (1) first, always; then, once the
	# counts are out, the reset: flags 0, or PFSTAT_DISABLE (2).
	printf '%s 1\n%s 0\n%s 1\n%s 0\n%s 1\n%s 0\n%s 1\n%s 1\n%s 2\n' \
		"$pid" "$pid" "$pid" "$pid" "$pid" "$pid" "$pid" "$pid" "$pid" >"$work/want-calls"
	if cmp -s "$work/want-calls" "$log"; then
		pass "read: PFSTAT_NORESET first, then the reset, flags 0 or PFSTAT_DISABLE; -n no reset"
	else
		fail "read: PFSTAT_NORESET first, then the reset, flags 0 or PFSTAT_DISABLE; -n no reset" "$log"
	fi
	# What the task counted between the read and the reset is reset too:
	# it is a second row, so that nothing is lost.
	FAKE_PFSTAT_GROW=5 run "$pf" read --csv "$pid"
	expected read.csv
	name="read: what was counted between the read and the reset is a second row"
	if [ "$rc" = 0 ] && [ ! -s "$err" ] && [ "$(wc -l <"$out")" = 3 ] &&
	   [ "$(head -2 "$out")" = "$(cat "$work/want")" ] &&
	   [ "$(sed -n 3p "$out")" = "$pid,sleep,5,5,5,5,5,5,5,," ]; then
		pass "$name"
	else
		echo "exit status $rc" >"$work/why"
		fail "$name" "$work/why" "$out" "$err"
	fi
	FAKE_PFSTAT_GROW=5 run "$pf" read --json "$pid"
	name="read --json: the second row in the same array"
	if [ "$rc" = 0 ] && [ "$(wc -l <"$out")" = 4 ] && [ "$(sed -n 1p "$out")" = "[" ] &&
	   sed -n 2p "$out" | grep -q '^  {"tid": [0-9]*, .*"stack_low": 11, .*},$' &&
	   sed -n 3p "$out" | grep -q '^  {"tid": [0-9]*, .*"stack_low": 5, .*}$' &&
	   [ "$(sed -n 4p "$out")" = "]" ]; then
		pass "$name"
	else
		fail "$name" "$out" "$err"
	fi
	# Counts that could not be delivered are not reset.
	rm -f "$log"
	grep_err "read, stdout full: exit 1, 'stdout: No space left on device'" 1 \
		"pfstat: stdout: No space left on device" -- sh -c 'exec "$@" >/dev/full' sh "$pf" read "$pid"
	if [ "$(cat "$log")" = "$pid 1" ]; then
		pass "read, stdout full: nothing reset (one read, PFSTAT_NORESET)"
	else
		fail "read, stdout full: nothing reset (one read, PFSTAT_NORESET)" "$log"
	fi
	grep_err "read -d, stdout full: exit 1" 1 \
		"pfstat: stdout: No space left on device" -- sh -c 'exec "$@" >/dev/full' sh "$pf" read -d "$pid"
	grep_err "read --json, stdout full: exit 1" 1 \
		"pfstat: stdout: No space left on device" -- sh -c 'exec "$@" >/dev/full' sh "$pf" read -j "$pid"
	grep_err "read -n, stdout full: exit 1" 1 \
		"pfstat: stdout: No space left on device" -- sh -c 'exec "$@" >/dev/full' sh "$pf" read -n "$pid"
	if [ "$(cat "$log")" = "$pid 1
$pid 1
$pid 1
$pid 1" ]; then
		pass "read -d, --json, -n, stdout full: nothing reset"
	else
		fail "read -d, --json, -n, stdout full: nothing reset" "$log"
	fi
	FAKE_PFSTAT_RET=1 SQUEEZE=1 check "read: a task entering pfstat mode is told" 0 read-zero.table read-entered.err -- "$pf" read "$pid"
	FAKE_PFSTAT_RET=1 SQUEEZE=1 check "read -n: a task not in pfstat mode is told" 0 read-zero.table read-not-in.err -- "$pf" read -n "$pid"
	# Read access but no attach access: the counts, and no reset.
	SQUEEZE=1 FAKE_PFSTAT_RESET_ERRNO=1 check "read: EPERM on the reset: the counts, not reset: attach access, exit 1" \
		1 read.table read-eperm.err -- "$pf" read "$pid"
	FAKE_PFSTAT_ERRNO=1 check "read: EPERM, not even read access: ptrace read access, exit 1" 1 - read-eperm-n.err -- \
		"$pf" read "$pid"
	FAKE_PFSTAT_ERRNO=1 check "read -n: EPERM: a read needs ptrace read access, exit 1" 1 - read-eperm-n.err -- \
		"$pf" read -n "$pid"
	FAKE_PFSTAT_ERRNO=3 check "read: ESRCH: no such pid, exit 1" 1 - read-esrch.err -- "$pf" read "$pid"
	# A kernel of v4: faults and unclassified, where the one before
	# reported zeros that the tables above show as not supported.
	export FAKE_PFSTAT_V4=1
	rm -f "$log"
	SQUEEZE=1 check "read PID (v4): faults and unclassified" 0 read-v4.table - -- "$pf" read "$pid"
	check "read --csv PID (v4)" 0 read-v4.csv - -- "$pf" read --csv "$pid"
	check "read --json PID (v4)" 0 read-v4.json - -- "$pf" read --json "$pid"
	FAKE_PFSTAT_RET=1 SQUEEZE=1 check "read (v4): a task entering pfstat mode: zeros, faults too" 0 \
		read-v4-zero.table read-entered.err -- "$pf" read "$pid"
	printf '%s 1\n%s 0\n%s 1\n%s 0\n%s 1\n%s 0\n%s 1\n%s 0\n' \
		"$pid" "$pid" "$pid" "$pid" "$pid" "$pid" "$pid" "$pid" >"$work/want-calls"
	if cmp -s "$work/want-calls" "$log"; then
		pass "read (v4): by pid, not through a pidfd"
	else
		fail "read (v4): by pid, not through a pidfd" "$log"
	fi
	unset LD_PRELOAD FAKE_PFSTAT_LOG FAKE_PFSTAT_V4
	kill "$pid"
	wait "$pid" 2>/dev/null
	pid=
}

# has_lines FILE WANT: every line of WANT is a line of FILE.
has_lines() {
	[ "$(grep -cxFf "$2" "$1")" = "$(wc -l <"$2")" ]
}

# run_norm FILE: run's report for people, with what varies (its pid,
# wall time, getrusage's counts) as PID, MS and N.
run_norm() {
	sed -e 's/^\(pid  *\)[0-9]*$/\1PID/' -e 's/^\(wall_ms  *\)[0-9.]*$/\1MS/' \
	    -e 's/^\(ru_m[a-z]*flt  *\)[0-9]*$/\1N/' \
	    -e 's/getrusage: [0-9]* faults$/getrusage: N faults/' "$1"
}

# run_fields: "name=value" lines of a one-row CSV report.
run_fields() {
	awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) h[i] = $i }
		 NR == 2 { for (i = 1; i <= NF; i++) print h[i] "=" $i }' "$1"
}

# shell_words LINE: how many words a shell makes of LINE, then each, one
# a line.
shell_words() {
	eval "set -- $1"
	printf '%s\n' "$#" "$@"
}

test_fake_run() {
	local log=$work/calls f

	export LD_PRELOAD=$fake FAKE_PFSTAT_LOG=$log FAKE_PFSTAT_ZOMBIE=1
	rm -f "$log"
	# The report is on stderr, as time(1)'s, and nothing else is.
	run "$pf" run --csv -- sh -c 'exit 3'
	run_fields "$err" >"$work/fields"
	if [ "$rc" = 3 ] && [ ! -s "$out" ] && [ "$(wc -l <"$err")" = 2 ] &&
	   [ "$(head -1 "$err")" = "$(cat "$exp/run.header")" ] &&
	   grep -qx "command=sh -c 'exit 3'" "$work/fields" &&
	   grep -qx 'exit_status=3' "$work/fields" &&
	   grep -qx 'wall_ms=[0-9]*\.[0-9][0-9][0-9]' "$work/fields" &&
	   grep -qx 'ru_minflt=[1-9][0-9]*' "$work/fields" &&
	   grep -qx 'ru_majflt=[0-9]*' "$work/fields" &&
	   has_lines "$work/fields" "$exp/run.counts"; then
		pass "run --csv: CMD's counts read before the reap, its exit status"
	else
		echo "exit status $rc" >"$work/why"
		fail "run --csv: CMD's counts read before the reap, its exit status" "$work/why" "$out" "$err"
	fi
	f=$(grep -o '^pid=[0-9]*' "$work/fields" | cut -d= -f2)
	printf '0 0\n%s 1\n' "$f" >"$work/want-calls"
	if cmp -s "$work/want-calls" "$log"; then
		pass "run: the child enters pfstat mode (flags 0), the parent reads with PFSTAT_NORESET"
	else
		fail "run: the child enters pfstat mode (flags 0), the parent reads with PFSTAT_NORESET" "$log"
	fi

	# --inherit: CMD and its two children, each read once as a zombie
	# (the fake refuses tasks that are not), and the three sums added.
	rm -f "$log"
	run "$pf" run --inherit --csv -- sh -c '/bin/true & /bin/true & wait; exit 4'
	run_fields "$err" >"$work/fields"
	f=$(grep -o '^pid=[0-9]*' "$work/fields" | cut -d= -f2)
	if [ "$rc" = 4 ] && [ "$(head -1 "$log")" = "0 4" ] &&
	   [ "$(grep -c ' 1$' "$log")" = 3 ] && [ "$(wc -l <"$log")" = 4 ] &&
	   grep -qx "$f 1" "$log" &&
	   grep -qx 'tasks=3' "$work/fields" &&
	   has_lines "$work/fields" "$exp/run-inherit.counts"; then
		pass "run --inherit: PFSTAT_INHERIT, CMD and its 2 children read at exit and added"
	else
		echo "exit status $rc" >"$work/why"
		fail "run --inherit: PFSTAT_INHERIT, CMD and its 2 children read at exit and added" "$work/why" "$log" "$out" "$err"
	fi

	# A child whose counts cannot be read fails the run: nothing is
	# silently left out of the sums.
	run env FAKE_PFSTAT_ERRNO=1 "$pf" run --inherit -- sh -c '/bin/true & wait'
	if [ "$rc" = 125 ] && [ "$(wc -l <"$err")" = 1 ] &&
	   grep -qx "pfstat: 'sh' exited with status 0, but its counts could not be read: pfstat(2) on pid [0-9]*: Operation not permitted: may not read task [0-9]*: .*" "$err"; then
		pass "run --inherit: a child that cannot be read fails the run, exit 125, one line"
	else
		fail "run --inherit: a child that cannot be read fails the run, exit 125, one line" "$out" "$err"
	fi

	run "$pf" run -- true
	run_norm "$err" >"$work/norm"
	if [ "$rc" = 0 ]; then
		SQUEEZE=1 same "run -- true: the report for people, faults not supported before v4" \
			run.table "$work/norm" &&
			pass "run -- true: the report for people, faults not supported before v4"
	else
		fail "run -- true: the report for people, faults not supported before v4" "$err"
	fi

	# The command as a shell takes it back: quoted where it needs it.
	# shellcheck disable=SC2016
	set -- sh -c 'x=1; exit 0' "" "it's" a=b 'tab	x' '$HOME' -v
	run "$pf" run -- "$@"
	f=$(sed -n 's/^command  *//p' "$err")
	name="run: the command quoted as a shell takes it back"
	if [ "$rc" = 0 ] &&
	   [ "$f" = "sh -c 'x=1; exit 0' '' 'it'\\''s' a=b 'tab	x' '\$HOME' -v" ] &&
	   [ "$(shell_words "$f")" = "$(printf '%s\n' "$#" "$@")" ]; then
		pass "$name"
	else
		echo "exit status $rc, command: $f" >"$work/why"
		fail "$name" "$work/why" "$err"
	fi

	run "$pf" run --json -- sh -c 'kill -9 $$'
	if [ "$rc" = 137 ] && [ ! -s "$out" ] &&
	   grep -qx "pfstat: 'sh' was killed by signal 9 (Killed)" "$err" &&
	   grep -q '^{"command": "sh -c '\''kill -9 \$\$'\''", "pid": [0-9]*, "tasks": 1, "exit_status": 137, "wall_ms": [0-9.]*, "stack_low": 11, .*"fault_alloced_page": 71, "faults": null, "unclassified": null, "ru_minflt": [0-9]*, "ru_majflt": [0-9]*}$' "$err"; then
		pass "run --json, CMD killed: exit 128+9, JSON object"
	else
		echo "exit status $rc" >"$work/why"
		fail "run --json, CMD killed: exit 128+9, JSON object" "$work/why" "$out" "$err"
	fi

	# CMD's stdout is CMD's alone, in every format.
	for f in "" --csv --json; do
		# shellcheck disable=SC2086
		run "$pf" run $f -- sh -c 'echo from-cmd; echo cmd-err >&2'
		if [ "$rc" = 0 ] && [ "$(cat "$out")" = from-cmd ] &&
		   [ "$(head -1 "$err")" = cmd-err ] && grep -q 'exit_status' "$err"; then
			pass "run ${f:-(table)}: CMD's stdout alone on stdout, the report after CMD's stderr"
		else
			fail "run ${f:-(table)}: CMD's stdout alone on stdout, the report after CMD's stderr" "$out" "$err"
		fi
	done

	run "$pf" run -o "$work/report.csv" -c -- sh -c 'echo from-cmd'
	if [ "$rc" = 0 ] && [ "$(cat "$out")" = from-cmd ] && [ ! -s "$err" ] &&
	   [ "$(head -1 "$work/report.csv")" = "$(cat "$exp/run.header")" ]; then
		pass "run -o FILE: the report in FILE only, CMD's output on stdout"
	else
		fail "run -o FILE: the report in FILE only, CMD's output on stdout" "$out" "$err"
	fi

	# pfstat's own failures: 127 CMD not found, 126 found but not
	# executable, 125 anything else; never a report.
	grep_err "run -o into a missing directory: exit 125, CMD not run" 125 \
		"pfstat: $work/no/such: No such file or directory" -- \
		"$pf" run -o "$work/no/such" -- true
	for f in "" --inherit; do
		only_err "run ${f:+$f }a CMD that does not exist: exit 127, no report" 127 \
			"pfstat: cannot run 'no-such-command-pfstat': No such file or directory" -- \
			"$pf" run $f -- no-such-command-pfstat
	done
	printf '#!/bin/sh\necho ran\n' >"$work/not-executable"
	chmod 0644 "$work/not-executable"
	for f in "$work/not-executable" "$work"; do
		only_err "run: a CMD found but not executable (${f##*/}): exit 126, no report" 126 \
			"pfstat: cannot run '$f': Permission denied" -- "$pf" run -- "$f"
	done
	# CMD's own 127 is no "not found": it ran, and is reported.
	run "$pf" run -c -- sh -c 'exit 127'
	if [ "$rc" = 127 ] && ! grep -q 'cannot run' "$err" &&
	   run_fields "$err" | grep -qx 'exit_status=127'; then
		pass "run: CMD that exits 127 itself: exit 127, with the report"
	else
		fail "run: CMD that exits 127 itself: exit 127, with the report" "$err"
	fi
	run env FAKE_PFSTAT_SELF_ERRNO=12 "$pf" run -- sh -c 'echo ran'
	if [ "$rc" = 125 ] && [ ! -s "$out" ] &&
	   grep -qx "pfstat: pfstat(2) on pid [0-9]*: Cannot allocate memory" "$err"; then
		pass "run: the child cannot enter pfstat mode: exit 125, CMD not run"
	else
		echo "exit status $rc" >"$work/why"
		fail "run: the child cannot enter pfstat mode: exit 125, CMD not run" "$work/why" "$out" "$err"
	fi
	run "$pf" run sh -c 'exit 5'
	if [ "$rc" = 5 ]; then
		pass "run without --: options stop at CMD"
	else
		fail "run without --: options stop at CMD" "$err"
	fi
	unset LD_PRELOAD FAKE_PFSTAT_LOG FAKE_PFSTAT_ZOMBIE
}

# run's ru_minflt and ru_majflt are CMD's, and those of the children CMD
# waited for, from wait4(), as time(1) has them: not pfstat's
# RUSAGE_CHILDREN, which holds whatever its process reaped before it was
# pfstat (a shell that runs a command, then execs pfstat as its last).
test_run_rusage() {
	local tp=$work/touch_pages n=8192 base got name f

	if ! ${CC:-cc} -O2 -o "$tp" "$here/touch_pages.c" 2>"$work/cc"; then
		fail "run: ru_minflt from wait4: touch_pages.c compiles" "$work/cc"
		return
	fi
	export LD_PRELOAD=$fake FAKE_PFSTAT_ZOMBIE=1
	for f in "" --inherit; do
		# shellcheck disable=SC2086
		run "$pf" run $f --csv -- true
		base=$(run_fields "$err" | sed -n 's/^ru_minflt=//p')
		# shellcheck disable=SC2086
		run sh -c '"$1" "$2" && shift 2 && exec "$@"' sh "$tp" "$n" "$pf" run $f --csv -- true
		got=$(run_fields "$err" | sed -n 's/^ru_minflt=//p')
		name="run ${f:+$f }-- true, exec'd by a shell that ran $n faults first: true's ru_minflt alone ($got, alone $base)"
		if [ "$rc" = 0 ] && [ -n "$base" ] && [ -n "$got" ] && [ "$got" -lt $((base + n / 2)) ]; then
			pass "$name"
		else
			echo "exit status $rc" >"$work/why"
			fail "$name" "$work/why" "$err"
		fi
		# shellcheck disable=SC2016,SC2086
		run "$pf" run $f --csv -- sh -c '"$1" "$2"' sh "$tp" "$n"
		got=$(run_fields "$err" | sed -n 's/^ru_minflt=//p')
		name="run ${f:+$f }-- sh -c 'touch_pages $n': the children CMD waited for count, as in time(1) ($got)"
		if [ "$rc" = 0 ] && [ -n "$got" ] && [ "$got" -ge "$n" ]; then
			pass "$name"
		else
			echo "exit status $rc" >"$work/why"
			fail "$name" "$work/why" "$err"
		fi
	done
	unset LD_PRELOAD FAKE_PFSTAT_ZOMBIE
}

# run on a kernel of v4: faults and unclassified beside the classes, a
# line that sets them against getrusage, and --inherit reading each task
# through a pidfd.
test_fake_run_v4() {
	local log=$work/calls f name ru

	export LD_PRELOAD=$fake FAKE_PFSTAT_LOG=$log FAKE_PFSTAT_ZOMBIE=1 FAKE_PFSTAT_V4=1
	run "$pf" run -- true
	run_norm "$err" >"$work/norm"
	name="run -- true (v4): faults 101, unclassified 7, then 'classified 94 of 101 faults (93.1%)'"
	if [ "$rc" = 0 ]; then
		SQUEEZE=1 same "$name" run-v4.table "$work/norm" && pass "$name"
	else
		fail "$name" "$err"
	fi
	ru=$(sed -n 's/^ru_m[a-z]*flt  *//p' "$err" | awk '{ s += $1 } END { print s }')
	name="run (v4): the classified line's getrusage count is ru_minflt + ru_majflt ($ru)"
	if [ -n "$ru" ] && [ "$(tail -1 "$err")" = "classified 94 of 101 faults (93.1%); getrusage: $ru faults" ]; then
		pass "$name"
	else
		fail "$name" "$err"
	fi

	run "$pf" run --csv -- sh -c 'exit 3'
	run_fields "$err" >"$work/fields"
	name="run --csv (v4): faults=101, unclassified=7, no classified line"
	if [ "$rc" = 3 ] && [ "$(wc -l <"$err")" = 2 ] &&
	   [ "$(head -1 "$err")" = "$(cat "$exp/run.header")" ] &&
	   grep -qx 'faults=101' "$work/fields" && grep -qx 'unclassified=7' "$work/fields" &&
	   has_lines "$work/fields" "$exp/run.counts"; then
		pass "$name"
	else
		fail "$name" "$err"
	fi
	run "$pf" run --json -- true
	name="run --json (v4): \"faults\": 101, \"unclassified\": 7"
	if [ "$rc" = 0 ] && [ "$(wc -l <"$err")" = 1 ] &&
	   grep -q '"fault_alloced_page": 71, "faults": 101, "unclassified": 7, "ru_minflt": [0-9]*, ' "$err"; then
		pass "$name"
	else
		fail "$name" "$err"
	fi
	run "$pf" run --prometheus -- sh -c 'exit 3'
	name="run --prometheus (v4): pfstat_faults_total and pfstat_unclassified_total too"
	if [ "$rc" = 3 ]; then
		NORM='s/pid="[0-9]+"/pid="PID"/' same "$name" run-v4.prom "$err" && pass "$name"
	else
		fail "$name" "$err"
	fi

	# --inherit: every task read through its pidfd (PFSTAT_PIDFD |
	# PFSTAT_NORESET: 9, logged with the pidfd's task), none by number.
	rm -f "$log"
	run "$pf" run --inherit --csv -- sh -c '/bin/true & /bin/true & wait; exit 4'
	run_fields "$err" >"$work/fields"
	f=$(grep -o '^pid=[0-9]*' "$work/fields" | cut -d= -f2)
	name="run --inherit (v4): CMD and its 2 children read through pidfds (flags 9), faults and unclassified added"
	if [ "$rc" = 4 ] && [ "$(head -1 "$log")" = "0 4" ] && [ "$(wc -l <"$log")" = 4 ] &&
	   [ "$(grep -c ' 9$' "$log")" = 3 ] && grep -qx "$f 9" "$log" &&
	   grep -qx 'tasks=3' "$work/fields" && grep -qx 'faults=303' "$work/fields" &&
	   grep -qx 'unclassified=21' "$work/fields" &&
	   has_lines "$work/fields" "$exp/run-inherit.counts"; then
		pass "$name"
	else
		echo "exit status $rc" >"$work/why"
		fail "$name" "$work/why" "$log" "$err"
	fi
	unset LD_PRELOAD FAKE_PFSTAT_LOG FAKE_PFSTAT_ZOMBIE FAKE_PFSTAT_V4
}

# watch_sums FILE: the sum of each counter column of watch's CSV lines,
# "name=sum" a line.
watch_sums() {
	awk -F, 'NR == 1 { for (i = 4; i <= NF; i++) h[i] = $i; n = NF; next }
		 { for (i = 4; i <= n; i++) s[i] += $i }
		 END { for (i = 4; i <= n; i++) print h[i] "=" s[i] + 0 }' "$1"
}

# wait_for FILE: until FILE is not empty, 5 s at most.
wait_for() {
	local i

	for i in $(seq 50); do
		[ -s "$1" ] && return 0
		sleep 0.1
	done
	return 1
}

# watch on a kernel of v4: a real task, read through its pidfd, no
# debugfs; its counts come from a file that the test changes.
test_fake_watch() {
	local log=$work/calls c=$work/counts wpid name

	export LD_PRELOAD=$fake FAKE_PFSTAT_LOG=$log FAKE_PFSTAT_V4=1 FAKE_PFSTAT_COUNTS=$c
	export PFSTAT_DEBUGFS=$work/no-debugfs
	cp "$fix/debugfs-v4/123/stat" "$c"
	rm -f "$log"
	sleep 30 &
	pid=$!
	"$pf" watch -I 100 --csv "$pid" >"$out" 2>"$err" &
	wpid=$!
	wait_for "$out"
	sleep 0.3
	# 5 anonymous faults, 6 faults in all, one of them unclassified ...
	sed -e 's/^anonymous_fault 64$/anonymous_fault 69/' -e 's/^faults 140$/faults 146/' \
	    -e 's/^unclassified 9$/unclassified 10/' "$c" >"$c.new"
	mv "$c.new" "$c"
	sleep 0.3
	# ... then the task goes, and a task with its number would count
	# 100 more: watch must not read it.
	kill "$pid"
	wait "$pid" 2>/dev/null
	sed 's/^anonymous_fault 69$/anonymous_fault 169/' "$c" >"$c.new"
	mv "$c.new" "$c"
	name="watch (v4): through a pidfd, no debugfs; the deltas add up; ends when the task exits, nothing read after"
	if ! ended "$wpid"; then
		fail "$name"
	elif watch_sums "$out" >"$work/sums" &&
	     [ "$(grep -v '=0$' "$work/sums" | paste -sd ' ')" = "anonymous_fault=5 faults=6 unclassified=1" ] &&
	     [ "$rc" = 0 ] && [ "$(cat "$err")" = "pfstat: task $pid exited" ] &&
	     [ -s "$log" ] && ! grep -qvx "$pid 9" "$log" &&
	     ! sed 1d "$out" | grep -qv "^[0-9.]*,$pid,sleep,"; then
		pass "$name"
	else
		echo "exit status $rc" >"$work/why"
		fail "$name" "$work/why" "$work/sums" "$out" "$err" "$log"
	fi

	# A task that leaves pfstat mode (no counts file: the fake says 1).
	sleep 30 &
	pid=$!
	cp "$fix/debugfs-v4/123/stat" "$c"
	"$pf" watch -I 100 --csv "$pid" >"$out" 2>"$err" &
	wpid=$!
	wait_for "$out"
	sleep 0.2
	rm "$c"
	name="watch (v4): a task that leaves pfstat mode ends the watch: 'left pfstat mode', exit 0"
	if ended "$wpid" && [ "$rc" = 0 ] &&
	   [ "$(cat "$err")" = "pfstat: task $pid left pfstat mode" ]; then
		pass "$name"
	else
		fail "$name" "$out" "$err"
	fi
	only_err "watch (v4): a task not in pfstat mode: says so, exit 1" 1 \
		"pfstat: task $pid is not in pfstat mode (pfstat enable $pid)" -- \
		"$pf" watch -N 1 -I 10 "$pid"
	kill "$pid"
	wait "$pid" 2>/dev/null
	only_err "watch (v4): no such pid, exit 1" 1 "pfstat: no such pid $nosuch" -- \
		"$pf" watch -N 1 -I 10 "$nosuch"
	unset FAKE_PFSTAT_V4 FAKE_PFSTAT_COUNTS

	# Before v4: debugfs PID/stat, by number, and says so; a read after
	# which the pidfd says its task exited is dropped, as another task
	# may have the number and the directory by then.
	rm -f "$log"
	fresh_root
	export PFSTAT_DEBUGFS=$root
	sleep 30 &
	pid=$!
	cp -r "$root/123" "$root/$pid"
	"$pf" watch -I 100 --csv "$pid" >"$out" 2>"$err" &
	wpid=$!
	wait_for "$out"
	sleep 0.3
	sed 's/^anonymous_fault 64$/anonymous_fault 66/' "$root/$pid/stat" >"$work/stat"
	mv "$work/stat" "$root/$pid/stat"
	sleep 0.3
	kill "$pid"
	wait "$pid" 2>/dev/null
	sed 's/^anonymous_fault 66$/anonymous_fault 166/' "$root/$pid/stat" >"$work/stat"
	mv "$work/stat" "$root/$pid/stat"
	sleep 0.5
	rm -rf "${root:?}/$pid"
	name="watch before v4: says so, reads debugfs, drops what it read once the pidfd's task had exited"
	if ! ended "$wpid"; then
		fail "$name"
	elif watch_sums "$out" >"$work/sums" &&
	     [ "$(grep -v '=0$' "$work/sums" | paste -sd ' ')" = "anonymous_fault=2" ] &&
	     [ "$rc" = 0 ] && [ ! -s "$log" ] &&
	     [ "$(cat "$err")" = "pfstat: this kernel's pfstat(2) has no PFSTAT_PIDFD (pfstat before v4): reading debugfs PID/stat instead
pfstat: task $pid exited" ] &&
	     [ "$(head -1 "$out" | cut -d, -f11-)" = "faults,unclassified" ] &&
	     ! sed 1d "$out" | grep -qv ',,$'; then
		pass "$name"
	else
		echo "exit status $rc" >"$work/why"
		fail "$name" "$work/why" "$work/sums" "$out" "$err" "$log"
	fi
	pid=
	unset LD_PRELOAD FAKE_PFSTAT_LOG PFSTAT_DEBUGFS
}

# run --prometheus: CMD's counts, labelled with its pid, comm (as it
# exited, from /proc) and command line, on stderr or in FILE.
test_fake_run_prom() {
	local log=$work/calls d=$work/textfile-run f name p weird

	export LD_PRELOAD=$fake FAKE_PFSTAT_LOG=$log FAKE_PFSTAT_ZOMBIE=1
	rm -f "$log"
	run "$pf" run --prometheus -- sh -c 'exit 3'
	name="run --prometheus: CMD's counts on stderr, labels command, pid (the task read), comm"
	p=$(grep -o 'pid="[0-9]*"' "$err" | sort -u | grep -o '[0-9][0-9]*')
	if [ "$rc" = 3 ] && [ ! -s "$out" ] && [ -n "$p" ] && grep -qx "$p 1" "$log"; then
		NORM='s/pid="[0-9]+"/pid="PID"/' same "$name" run.prom "$err" && pass "$name"
	else
		echo "exit status $rc, pid label $p" >"$work/why"
		fail "$name" "$work/why" "$log" "$err"
	fi

	# A comm and a command line with a newline, a quote and a backslash.
	rm -rf "$d"
	mkdir -p "$d" "$work/bin"
	f=$d/run.prom
	weird=$(printf 'q"b\\s\nl')
	printf '#!/bin/sh\nexit 0\n' >"$work/bin/$weird"
	chmod +x "$work/bin/$weird"
	echo old >"$f"
	run env PATH="$work/bin:$PATH" "$pf" run --prometheus -o "$f" -- "$weird" \
		"$(printf 'line1\nline2')" 'back\slash'
	name="run --prometheus -o FILE: comm and command escaped, the older FILE replaced"
	if [ "$rc" = 0 ] && [ ! -s "$out" ] && [ ! -s "$err" ] && only_file "$d" run.prom; then
		NORM='s/pid="[0-9]+"/pid="PID"/' same "$name" run-weird.prom "$f" && pass "$name"
	else
		echo "exit status $rc, files: $(ls -A "$d")" >"$work/why"
		fail "$name" "$work/why" "$err"
	fi

	run "$pf" run --inherit --prometheus -- sh -c '/bin/true & wait'
	name="run --inherit --prometheus: the sums over CMD and its child, CMD's comm"
	if [ "$rc" = 0 ] &&
	   grep -qx 'pfstat_stack_low_total{command="sh -c '\''/bin/true & wait'\''",pid="[0-9]*",comm="sh"} 22' "$err" &&
	   grep -qx 'pfstat_fault_alloced_page_total{command="sh -c '\''/bin/true & wait'\''",pid="[0-9]*",comm="sh"} 142' "$err"; then
		pass "$name"
	else
		echo "exit status $rc" >"$work/why"
		fail "$name" "$work/why" "$err"
	fi

	# pfstat's own failures leave an older FILE as it was.
	echo old >"$f"
	RC=127 output_kept "run --prometheus -o FILE, a CMD not found" "$f" \
		"pfstat: cannot run 'no-such-command-pfstat': No such file or directory" -- \
		"$pf" run --prometheus -o "$f" -- no-such-command-pfstat
	RC=125 output_kept "run -o FILE, a kernel without pfstat(2)" "$f" \
		"pfstat: pfstat(2): Function not implemented: this kernel has no pfstat: boot a kernel with the pfstat series (CONFIG_PFSTAT=y)" -- \
		env FAKE_PFSTAT_SYSCALL_ERRNO=38 "$pf" run -c -o "$f" -- true
	run env FAKE_PFSTAT_SELF_ERRNO=12 "$pf" run --prometheus -o "$f" -- true
	name="run --prometheus -o FILE, CMD cannot enter pfstat mode: exit 125, the older FILE kept"
	if [ "$rc" = 125 ] && [ "$(cat "$f")" = old ] && only_file "$d" run.prom &&
	   grep -qx "pfstat: pfstat(2) on pid [0-9]*: Cannot allocate memory" "$err"; then
		pass "$name"
	else
		echo "exit status $rc, files: $(ls -A "$d")" >"$work/why"
		fail "$name" "$work/why" "$err"
	fi
	unset LD_PRELOAD FAKE_PFSTAT_LOG FAKE_PFSTAT_ZOMBIE
}

# An empty recording (the event's format, no records: cut out of
# recipe.dat by time, before its first event) is one more case of no
# events: the same exit status and message as a --pid that matches none.
test_timeline_empty() {
	local e=$work/empty.dat name="timeline: an empty recording and an unmatched --pid: the same status and message"

	if ! command -v trace-cmd >/dev/null; then
		skip "$name" "no trace-cmd to cut an empty recording with"
		return
	fi
	if ! trace-cmd split -i "$fix/recipe.dat" -o "$e" 1.0 2.0 >"$work/split" 2>&1 ||
	   [ ! -s "$e.1" ]; then
		fail "$name: trace-cmd split" "$work/split"
		return
	fi
	only_err "$name" 1 "pfstat: $e.1: no pfstat:mm_pfstat events" -- \
		"$pf" timeline --csv "$e.1"
}

# timeline_sums NAME COUNTS: each column of the CSV in $out adds up to
# the count of fixtures/COUNTS, which trace-cmd report counted.
timeline_sums() {
	awk -F, 'NR == 1 { for (i = 2; i <= NF; i++) h[i] = $i; n = NF; next }
		 { for (i = 2; i <= NF; i++) s[i] += $i }
		 END { for (i = 2; i <= n; i++) print h[i], s[i] + 0 }' "$out" >"$work/sums"
	grep -v '^#' "$fix/$2" >"$work/counts"
	if diff -u "$work/counts" "$work/sums" >"$work/diff"; then
		pass "$1"
	else
		fail "$1" "$work/diff"
	fi
}

# recipe.dat is a recording of the v2 event, one class number per event
# ("class"); recipe-classes.dat one of the current event, one per fault
# site with its set of classes ("classes", a mask).
test_timeline() {
	local t=$fix/recipe.dat m=$fix/recipe-classes.dat

	check "timeline --bin 1 --pid 1380 --csv recipe.dat" 0 timeline-1380.csv - -- \
		"$pf" timeline --bin 1 --pid 1380 --csv "$t"
	timeline_sums "timeline: every class adds up to trace-cmd report's count" recipe.counts
	check "timeline -b 20 recipe.dat: table" 0 timeline-bin20.table - -- "$pf" timeline -b 20 "$t"
	check "timeline --json -b 50" 0 timeline-bin50.json - -- "$pf" timeline --json -b 50 "$t"
	check "timeline --pid 1: no events: exit 1, nothing on stdout" 1 - timeline-empty.err -- \
		"$pf" timeline --pid 1 -c "$t"
	check "timeline --bin 1 --pid 82 --csv recipe-classes.dat (classes, a mask)" 0 \
		timeline-classes-82.csv - -- "$pf" timeline --bin 1 --pid 82 --csv "$m"
	timeline_sums "timeline, classes: an event counts in each of its classes, as trace-cmd report's" \
		recipe-classes.counts
	check "timeline -c -b 20 recipe-classes.dat: every task" 0 timeline-classes-bin20.csv - -- \
		"$pf" timeline -c -b 20 "$m"
	grep_err "timeline --pid 1 recipe-classes.dat: no events, exit 1" 1 \
		"pfstat: $m: no pfstat:mm_pfstat events of pid 1" -- "$pf" timeline --pid 1 "$m"
	test_timeline_empty
	grep_err "timeline: a missing file" 1 \
		"pfstat: $work/none.dat: No such file or directory" -- "$pf" timeline "$work/none.dat"
	only_err "timeline: a directory: Is a directory, exit 1" 1 \
		"pfstat: $fix: Is a directory" -- "$pf" timeline "$fix"
	grep_err "timeline: not a trace.dat" 1 \
		"pfstat: $fix/recipe.counts: not a trace-cmd recording libtracecmd can read" -- \
		"$pf" timeline "$fix/recipe.counts"
}

test_header() {
	local inc=$work/include uapi=$ksrc/include/uapi/linux/pfstat.h ver name

	if ${CC:-cc} -Wall -Wextra -Werror -I"$src" -o "$work/hdr" \
		"$here/syscall_header_test.c" 2>"$work/cc"; then
		pass "pfstat_syscall.h without <linux/pfstat.h>: the uapi layout of VER1, PFSTAT_COUNTERS its fields"
	else
		fail "pfstat_syscall.h without <linux/pfstat.h>: the uapi layout of VER1, PFSTAT_COUNTERS its fields" "$work/cc"
	fi
	if ! ${CC:-cc} -m32 -o "$work/m32" -x c - <<<'int main(void) { return 0; }' 2>/dev/null; then
		skip "pfstat_syscall.h for i386 (-m32)" "no -m32 C library"
	elif ${CC:-cc} -m32 -Wall -Wextra -Werror -I"$src" -o "$work/hdr32" \
		"$here/syscall_header_test.c" 2>"$work/cc"; then
		pass "pfstat_syscall.h for i386 (-m32): the same layout and number"
	else
		fail "pfstat_syscall.h for i386 (-m32): the same layout and number" "$work/cc"
	fi
	if [ ! -f "$uapi" ]; then
		skip "pfstat_syscall.h takes <linux/pfstat.h> when there is one" "no kernel tree at $ksrc"
		return
	fi
	mkdir -p "$inc/linux"
	cp "$uapi" "$inc/linux/pfstat.h"
	# A tree before v4 has the first struct: no fault counts then.
	ver=-DEXPECT_VER0
	grep -q 'PFSTAT_SIZE_VER1' "$uapi" && ver=
	name="pfstat_syscall.h takes <linux/pfstat.h> when there is one; PFSTAT_CLASSES its fields"
	name="$name, and PFSTAT_FAULT_COUNTS ${ver:+none (a tree before v4)}${ver:-the two after them}"
	if ${CC:-cc} -Wall -Wextra -Werror -DEXPECT_UAPI $ver -I"$inc" -I"$src" \
		-o "$work/hdr" "$here/syscall_header_test.c" 2>"$work/cc"; then
		pass "$name"
	else
		fail "$name" "$work/cc"
	fi
	# The program of pfstat.2's EXAMPLES with the kernel's uapi header.
	man_example >"$work/example.c"
	if [ "$(wc -l <"$work/example.c")" -gt 20 ] &&
	   ${CC:-cc} -std=gnu11 -Wall -Wextra -Werror -I"$inc" -I"$src" -o "$work/example" \
		"$work/example.c" 2>"$work/cc"; then
		pass "pfstat.2: the EXAMPLES program compiles with <linux/pfstat.h>"
	else
		fail "pfstat.2: the EXAMPLES program compiles with <linux/pfstat.h>" "$work/cc"
	fi
}

# The program of pfstat.2's EXAMPLES, as man-pages extracts it; it
# includes the installed <pfstat_syscall.h>.
man_example() {
	sed -n '/^\.\\" SRC BEGIN/,/^\.\\" SRC END/p' "$src/pfstat.2" |
		sed -e '/^\./d' -e 's/^\\&$//' -e 's/\\-/-/g' -e 's/\\e/\\/g'
}

# pfstat(2)'s man page against the header a user gets, <pfstat_syscall.h>
# and nothing else: the SYNOPSIS is what compiles (no SYS_pfstat, which
# glibc does not have), and the EXAMPLES program compiles, runs against
# the fake, and on a kernel without pfstat says so rather than
# "Invalid argument".
test_man_code() {
	local c name

	syscall_wrapper_args
	if ! command -v man >/dev/null; then
		skip "pfstat.2: the SYNOPSIS compiles against <pfstat_syscall.h>" "no man(1)"
	else
		LC_ALL=C MANWIDTH=200 man -l "$src/pfstat.2" 2>/dev/null |
			sed -n '/^SYNOPSIS$/,/^ *Note:/p' | sed -e '1d' -e '$d' -e 's/^ *//' \
			>"$work/synopsis.c"
		echo 'int main(void) { return 0; }' >>"$work/synopsis.c"
		name="pfstat.2: the SYNOPSIS compiles against <pfstat_syscall.h> alone"
		if grep -q '^#include <pfstat_syscall.h>' "$work/synopsis.c" &&
		   grep -q 'pfstat(' "$work/synopsis.c" &&
		   ${CC:-cc} -std=gnu11 -Wall -Wextra -Werror -I"$src" -o "$work/synopsis" \
			"$work/synopsis.c" 2>"$work/cc"; then
			pass "$name"
		else
			fail "$name" "$work/synopsis.c" "$work/cc"
		fi
	fi
	man_example >"$work/example.c"
	name="pfstat.2: the EXAMPLES program compiles against <pfstat_syscall.h> alone"
	if [ "$(wc -l <"$work/example.c")" -gt 20 ] &&
	   ${CC:-cc} -std=gnu11 -Wall -Wextra -Werror -I"$src" -o "$work/example" \
		"$work/example.c" 2>"$work/cc"; then
		pass "$name"
	else
		fail "$name" "$work/cc"
		return
	fi
	run env LD_PRELOAD="$fake" "$work/example"
	name="pfstat.2: the EXAMPLES program runs (fake kernel): its two counts, exit 0"
	if [ "$rc" = 0 ] && [ ! -s "$err" ] &&
	   [ "$(cut -d' ' -f1 "$out" | paste -sd ' ')" = "anonymous_fault fault_alloced_page" ] &&
	   ! grep -qv ' [0-9][0-9]*$' "$out"; then
		pass "$name"
	else
		echo "exit status $rc" >"$work/why"
		fail "$name" "$work/why" "$out" "$err"
	fi
	for c in 22 38; do
		one_line "pfstat.2: the EXAMPLES program without pfstat (errno $c): not available, exit 1" 1 \
			"example: pfstat\\(2\\) is not available: [A-Z][a-z ]*" -- \
			env LD_PRELOAD="$fake" FAKE_PFSTAT_SYSCALL_ERRNO="$c" "$work/example"
	done
}

# pfstat() and pfstat_probe() give system call 463 six arguments, the
# last two 0: setxattrat(2), which has 463 from Linux 6.13 on, reads six.
syscall_wrapper_args() {
	local name="pfstat_syscall.h: pfstat() and pfstat_probe() pass all six arguments, the last two 0"

	if ${CC:-cc} -Wall -Wextra -Werror -I"$src" -o "$work/args" \
		"$here/syscall_args_test.c" 2>"$work/cc" &&
	   "$work/args" 2>"$work/args.err"; then
		pass "$name"
	else
		fail "$name" "$work/cc" "$work/args.err"
	fi
}

test_man() {
	local page

	if ! command -v man >/dev/null; then
		skip "man pages render" "no man(1)"
		return
	fi
	for page in pfstat.1 pfstat.2; do
		MANWIDTH=80 man --warnings -l "$src/$page" >"$out" 2>"$err"
		rc=$?
		if [ "$rc" = 0 ] && [ ! -s "$err" ] && [ "$(wc -l <"$out")" -gt 40 ]; then
			pass "man -l $page renders without warnings"
		else
			echo "exit status $rc" >"$work/why"
			fail "man -l $page renders without warnings" "$work/why" "$err"
		fi
	done
	MANWIDTH=80 man -l "$src/pfstat.2" >"$out" 2>/dev/null
	for section in NAME LIBRARY SYNOPSIS DESCRIPTION "RETURN VALUE" ERRORS \
		       VERSIONS STANDARDS NOTES EXAMPLES "SEE ALSO"; do
		grep -qx "$section" "$out" || { fail "pfstat.2 has section $section"; return; }
	done
	pass "pfstat.2 has the man-pages sections"
}

test_install() {
	local d=$work/dest

	if make -s -C "$src" install DESTDIR="$d" PREFIX=/usr \
		OUT="$(dirname "$pf")" >"$out" 2>&1 &&
	   [ -x "$d/usr/bin/pfstat" ] &&
	   [ -f "$d/usr/share/man/man1/pfstat.1" ] &&
	   [ -f "$d/usr/share/man/man2/pfstat.2" ] &&
	   [ -f "$d/usr/include/pfstat_syscall.h" ] &&
	   [ -f "$d/usr/include/pfstat_classes.h" ] &&
	   [ "$(find "$d" -type f | wc -l)" = 5 ]; then
		pass "make install DESTDIR= PREFIX=: bin/pfstat, both man pages, the two headers"
	else
		fail "make install DESTDIR= PREFIX=: bin/pfstat, both man pages, the two headers" "$out"
	fi
}

echo "TAP version 13"
test_help
test_usage_errors
test_debugfs_formats
test_prometheus
test_output_file
test_write_errors
test_control
test_debugfs_errors
test_watch_ends
test_watch_sigint
test_watch_last_interval
test_no_pfstat
test_fake_read
test_fake_run
test_fake_run_v4
test_run_rusage
test_fake_run_prom
test_fake_watch
test_timeline
test_header
test_man_code
test_man
test_install
tap_finish
