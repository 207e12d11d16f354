#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "pfstat show --prometheus" and "pfstat run --prometheus" read by the
# real consumer: Debian's prometheus-node-exporter, its textfile
# collector reading what "pfstat ... -o DIR/NAME.prom" wrote from fixture
# debugfs trees (run's counts from the fake pfstat(2) of the tool's
# tests), scraped over loopback.  /metrics must carry every sample with
# its exact value and node_textfile_scrape_error 0; a malformed or empty
# debugfs tree must make pfstat fail and leave the file, and so /metrics,
# as they were.
#
# The exporter is an instance of our own, on a free port of 127.0.0.1,
# with the textfile collector only, run as the package's user
# "prometheus" as its service is (so the file must be readable by
# another user); a system service, if there is one, is left alone.
# Installs prometheus-node-exporter and curl when missing (as root), and
# builds the tool into a temporary directory.  TAP on stdout.

set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/tap.sh"

export LC_ALL=C
unset PFSTAT_DEBUGFS LD_PRELOAD
fix=$top/debugfs-reader/tests/fixtures
exporter=/usr/bin/prometheus-node-exporter
tmp=$(mktemp -d)
build=$tmp/build
pf=$build/pfstat
fake=$build/tests/fake_pfstat.so
dir=$tmp/textfile	# the exporter's --collector.textfile.directory
prom=$dir/pfstat.prom
metrics=$tmp/metrics
ne_pid=
port=
broken=		# why the steps that need the exporter cannot run

# shellcheck disable=SC2317 # called by the trap
cleanup() {
	if [ -n "$ne_pid" ]; then
		kill "$ne_pid" 2>/dev/null
		wait "$ne_pid" 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT

tap_plan 12

# 1. The packages, installed when missing.
install_pkgs() {
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" ||
		{ apt-get update && DEBIAN_FRONTEND=noninteractive \
			apt-get install -y --no-install-recommends "$@"; }
}
want=()
[ -x "$exporter" ] || want+=(prometheus-node-exporter)
command -v curl >/dev/null || want+=(curl)
if [ ${#want[@]} -gt 0 ]; then
	install_pkgs "${want[@]}" >"$tmp/apt.log" 2>&1
fi
ok=$([ -x "$exporter" ] && command -v curl >/dev/null; echo $?)
tap_result "$ok" "prometheus-node-exporter and curl are there${want[*]:+ (installed: ${want[*]})}" \
	"$(tail -5 "$tmp/apt.log" 2>/dev/null)"
[ "$ok" = 0 ] || broken="no prometheus-node-exporter"

# 2. The tool, and the fake pfstat(2) that "run" needs on this kernel.
make -s -C "$top/debugfs-reader" OUT="$build" "$pf" "$fake" >"$tmp/make.log" 2>&1
ok=$?
tap_result "$ok" "pfstat and fake_pfstat.so build" "$(tail -20 "$tmp/make.log")"
[ "$ok" = 0 ] || broken=${broken:-"pfstat did not build"}

# The exporter reads the directory as user prometheus: let it in.
chmod 0755 "$tmp"
mkdir -m 0755 "$dir"

scrape() {
	curl -sf --max-time 10 "http://127.0.0.1:$port/metrics" >"$metrics"
}

# Start the exporter on @1: 0 once /metrics answers, 1 if it did not.
start_exporter() {
	local as=()

	port=$1
	# Something listens there already: not ours to use.
	if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
		return 1
	fi
	id prometheus >/dev/null 2>&1 &&
		as=(setpriv --reuid=prometheus --regid=prometheus --clear-groups)
	"${as[@]}" "$exporter" --web.listen-address="127.0.0.1:$port" \
		--collector.disable-defaults --collector.textfile \
		--collector.textfile.directory="$dir" >"$tmp/exporter.log" 2>&1 &
	ne_pid=$!
	for _ in $(seq 100); do
		scrape && return 0
		kill -0 "$ne_pid" 2>/dev/null || break
		sleep 0.1
	done
	kill "$ne_pid" 2>/dev/null
	wait "$ne_pid" 2>/dev/null
	ne_pid=
	return 1
}

# 3. Our own exporter, on the first free port of a few.
if [ -z "$broken" ]; then
	for _ in 1 2 3 4 5; do
		start_exporter $((20000 + RANDOM % 20000)) && break
	done
fi
if [ -n "$ne_pid" ]; then
	tap_result 0 "$("$exporter" --version 2>&1 | head -1 | sed 's/,.*//') serves /metrics on 127.0.0.1:$port (textfile collector only, user $(ps -o user= -p "$ne_pid"))"
else
	broken=${broken:-"the exporter did not start"}
	tap_result 1 "node_exporter serves /metrics on a loopback port" "$broken" \
		"$(tail -5 "$tmp/exporter.log" 2>/dev/null)"
fi

# canon: sample lines on stdin, as "NAME{LABELS} VALUE" with the labels
# sorted by name (node_exporter sorts them) and the value an integer
# (it prints 12345678901 as 1.2345678901e+10).  A label value is
# "(\\.|[^\\"])*": escapes are kept as they are.
canon() {
	local line name labels value pairs re='^([a-zA-Z_][a-zA-Z0-9_]*)="((\\.|[^\\"])*)",?'

	while IFS= read -r line; do
		[[ $line =~ ^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\ ([^ ]+)$ ]] || {
			echo "UNPARSED: $line"
			continue
		}
		name=${BASH_REMATCH[1]} labels=${BASH_REMATCH[3]} value=${BASH_REMATCH[4]}
		pairs=()
		while [ -n "$labels" ]; do
			[[ $labels =~ $re ]] || { pairs+=("UNPARSED:$labels"); break; }
			pairs+=("${BASH_REMATCH[1]}=\"${BASH_REMATCH[2]}\"")
			labels=${labels:${#BASH_REMATCH[0]}}
		done
		printf '%s{%s} %s\n' "$name" \
			"$(printf '%s\n' "${pairs[@]}" | sort | paste -sd,)" \
			"$(awk -v v="$value" 'BEGIN { printf "%.0f", v }')"
	done | sort
}

# The pfstat samples of a file: its lines that are no comment.
samples() {
	grep -v '^#' "$1" | grep '^pfstat_' | canon
}

# scrape_error_0: /metrics says the textfile collector read every file.
scrape_error_0() {
	grep -qx 'node_textfile_scrape_error 0' "$metrics"
}

# same_samples WANT: /metrics' pfstat samples are those of WANT (sample
# lines), canonical both; else the diff is in $tmp/diff.
same_samples() {
	grep '^pfstat_' "$metrics" | canon >"$tmp/got"
	diff -u "$1" "$tmp/got" >"$tmp/diff"
}

# step NAME: false, after a failed result, when the exporter is not there.
step() {
	[ -z "$broken" ] && return 0
	tap_result 1 "$1" "$broken"
	return 1
}

# 4. The fixture tree, written where the collector reads.
name="show --prometheus -o DIR/pfstat.prom from the fixture debugfs tree: exit 0, mode 0644, no other file"
if step "$name"; then
	(umask 022; PFSTAT_DEBUGFS=$fix/debugfs "$pf" show --prometheus -o "$prom") >"$tmp/out" 2>&1
	rc=$?
	tap_result "$([ $rc = 0 ] && [ ! -s "$tmp/out" ] && [ "$(stat -c %a "$prom")" = 644 ] &&
		[ "$(ls -A "$dir")" = pfstat.prom ]; echo $?)" "$name" \
		"exit status $rc; files: $(ls -A "$dir")" "$(cat "$tmp/out")"
fi

# 5. ... read without an error.
name="/metrics: node_textfile_scrape_error 0, and pfstat.prom's mtime"
if step "$name"; then
	scrape
	tap_result "$(scrape_error_0 && grep -q "^node_textfile_mtime_seconds{file=\"$prom\"} " "$metrics"; echo $?)" \
		"$name" "$(grep '^node_textfile' "$metrics")" "$(tail -3 "$tmp/exporter.log")"
fi

# 6. Every sample, exact, as the fixture's tasks file has it: a counter
# per class column, a sample per task, the comm escaped.
awk -F'\t' 'NR == 1 { for (i = 3; i <= NF; i++) class[i] = $i; next }
	    { comm = $2; gsub(/\\/, "\\\\", comm); gsub(/"/, "\\\"", comm)
	      for (i = 3; i <= NF; i++)
		      printf "pfstat_%s_total{comm=\"%s\",pid=\"%s\"} %s\n", class[i], comm, $1, $i }' \
	"$fix/debugfs/tasks" | sort >"$tmp/want-fixture"
name="/metrics: all $(wc -l <"$tmp/want-fixture") samples of the fixture's tasks, each with its exact value"
if step "$name"; then
	same_samples "$tmp/want-fixture"
	tap_result $? "$name" "$(cat "$tmp/diff")"
fi

# 7. The families: counters, with pfstat's HELP.
name="/metrics: the $(head -1 "$fix/debugfs/tasks" | cut -f3- | wc -w) classes are counters pfstat_CLASS_total, with pfstat's HELP"
if step "$name"; then
	bad=
	for class in $(head -1 "$fix/debugfs/tasks" | cut -f3-); do
		m=pfstat_${class}_total
		grep -qx "# TYPE $m counter" "$metrics" &&
			[ "$(grep "^# HELP $m " "$metrics")" = "$(grep "^# HELP $m " "$prom")" ] ||
			bad="$bad $m"
	done
	tap_result "$([ -z "$bad" ] && [ "$(grep -c '^# TYPE pfstat_' "$metrics")" = 7 ]; echo $?)" \
		"$name" "wrong:$bad" "$(grep '^# [A-Z]* pfstat_' "$metrics")"
fi

# 8. Comms that need escaping (a backslash, quotes, a tab), UTF-8 and a
# byte that is none: pfstat.prom replaced, parsed, the same samples.
name="show --prometheus -o over the old file, comms with escapes, UTF-8 and a stray byte: read as written, scrape_error 0"
if step "$name"; then
	PFSTAT_DEBUGFS=$fix/debugfs-weird "$pf" show --prometheus -o "$prom" >"$tmp/out" 2>&1
	rc=$?
	scrape
	samples "$prom" >"$tmp/want-weird"
	same_samples "$tmp/want-weird"
	tap_result "$([ $rc = 0 ] && [ "$(wc -l <"$tmp/want-weird")" = 28 ] && scrape_error_0 &&
		diff -q "$tmp/want-weird" "$tmp/got" >/dev/null; echo $?)" "$name" \
		"exit status $rc" "$(cat "$tmp/out" "$tmp/diff")" "$(grep '^node_textfile_scrape_error' "$metrics")"
fi

# 9. run's report beside show's: command, pid and comm labels.
name="run --prometheus -o DIR/run.prom beside pfstat.prom: both read, run's samples exact, scrape_error 0"
if step "$name"; then
	LD_PRELOAD=$fake FAKE_PFSTAT_ZOMBIE=1 "$pf" run --prometheus -o "$dir/run.prom" \
		-- sh -c 'echo "a \"quoted\" \\ line"' >"$tmp/out" 2>&1
	rc=$?
	scrape
	cat "$tmp/want-weird" >"$tmp/want-both"
	samples "$dir/run.prom" >>"$tmp/want-both"
	sort -o "$tmp/want-both" "$tmp/want-both"
	same_samples "$tmp/want-both"
	tap_result "$([ $rc = 0 ] &&
		[ "$(grep -c '^pfstat_[a-z_]*_total{command="sh -c '\''echo .*",pid="[0-9]*",comm="sh"} [0-9]*$' "$dir/run.prom")" = 7 ] &&
		scrape_error_0 && diff -q "$tmp/want-both" "$tmp/got" >/dev/null; echo $?)" "$name" \
		"exit status $rc" "$(cat "$tmp/out" "$tmp/diff")" "$(grep -v '^#' "$dir/run.prom" | head -2)"
	rm -f "$dir/run.prom"
fi

# 10, 11. A malformed tree and an empty one: pfstat fails, saying which
# file, and the collector goes on reading the older file.
PFSTAT_DEBUGFS=$fix/debugfs "$pf" show --prometheus -o "$prom" >/dev/null 2>&1
cp "$prom" "$tmp/older.prom"
mkdir -p "$tmp/empty"
for tree in "$fix/debugfs-bad" "$tmp/empty"; do
	case $tree in
	*-bad)
		what="a malformed"
		msg="pfstat: $tree/tasks: unexpected contents (is this pfstat's debugfs?)"
		;;
	*)
		what="an empty"
		msg="pfstat: $tree/tasks: No such file or directory"
		;;
	esac
	name="$what debugfs tree: pfstat exits 1 naming $(basename "$tree")/tasks, pfstat.prom kept, /metrics as before"
	step "$name" || continue
	PFSTAT_DEBUGFS=$tree "$pf" show --prometheus -o "$prom" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	scrape
	same_samples "$tmp/want-fixture"
	tap_result "$([ $rc = 1 ] && [ ! -s "$tmp/out" ] && grep -qxF "$msg" "$tmp/err" &&
		cmp -s "$prom" "$tmp/older.prom" && [ "$(ls -A "$dir")" = pfstat.prom ] &&
		scrape_error_0 && diff -q "$tmp/want-fixture" "$tmp/got" >/dev/null; echo $?)" "$name" \
		"exit status $rc; files: $(ls -A "$dir")" "$(cat "$tmp/err" "$tmp/diff")"
done

# 12. The exporter had nothing to complain of all along.
name="node_exporter logged no error"
if step "$name"; then
	tap_result "$(! grep -q 'level=error' "$tmp/exporter.log"; echo $?)" "$name" \
		"$(grep 'level=error' "$tmp/exporter.log" | head -5)"
fi

tap_finish
