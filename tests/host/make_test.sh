#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What the top-level make does for a new user, who wants the tool first:
# a plain "make", "make tool" and "make plugin" build the tool and the
# plugin, and nothing of the test bed (no "make deps", which installs
# QEMU and the kernel source as root, no kernel); a missing compiler or
# header is named by its Debian package.  The test bed's goals still get
# their packages first.  "make demo-progs HDR=DIR" builds no kernel, and a
# DIR without the pfstat uapi header is named as such.  Builds in a
# throw-away build/ of its own (B=), never the tree's; the test bed's
# goals only under make -n.  TAP on stdout.

set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/tap.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Not what a make that runs this test passes on (make test: its flags,
# its command line's variables).
unset MAKEFLAGS MFLAGS MAKELEVEL
mk() { make -C "$top" B="$tmp/build" "$@"; }
# The recipes' steps that belong to the test bed.
testbed='deps\.sh|kernel-(tree|config|build)\.sh|qemu|rootfs\.mk'

tap_plan 10

# 1. make, make tool, make plugin: no step of the test bed.
bad=
for goal in "" tool plugin; do
	# shellcheck disable=SC2086
	steps=$(mk -n $goal 2>&1 | grep -E "$testbed")
	[ -z "$steps" ] || bad="$bad [make $goal: $(echo $steps)]"
done
tap_result "$([ -z "$bad" ]; echo $?)" \
	"make, make tool and make plugin run no step of the test bed (make deps, kernel, guest)" "$bad"

# 2. A plain make builds the tool and the plugin and says what next.
# Only when 1 passed: the old default goal built a kernel.
if [ -z "$bad" ]; then
	start=$SECONDS
	mk > "$tmp/make.out" 2>&1
	rc=$?
	secs=$((SECONDS - start))
	tap_result "$([ $rc = 0 ] && [ -x "$tmp/build/debugfs-reader/pfstat" ] &&
			[ -f "$tmp/build/trace-plugins/plugin_pfstat.so" ] &&
			grep -q 'make install PREFIX=\$HOME/.local' "$tmp/make.out" &&
			grep -q 'make help' "$tmp/make.out"; echo $?)" \
		"make builds pfstat and plugin_pfstat.so (${secs}s) and points to make install and make help" \
		"exit $rc:" "$(cat "$tmp/make.out")"
else
	tap_result 1 "make builds pfstat and plugin_pfstat.so and points to make install and make help" \
		"not run: make would set up the test bed"
fi

# 3. The test bed's goals still install their packages first, before the
# plugin and the tool (make -j too): deps, then the kernel.
bad=
for goal in test check-quick test-distro shell; do
	steps=$(mk -n -k "$goal" 2>&1 | grep -nE 'deps\.sh|kernel-tree\.sh|-C trace-plugins|-C debugfs-reader')
	first=$(echo "$steps" | head -1)
	[[ $first == *deps.sh* ]] || bad="$bad [make $goal: first $first]"
done
db=$(mk -pq test 2> /dev/null | grep -E '^(tool|plugin):.*deps')
[ "$(echo "$db" | grep -c .)" = 2 ] || bad="$bad [make test: tool, plugin not after deps: $db]"
tap_result "$([ -z "$bad" ]; echo $?)" \
	"make test, check-quick, test-distro, shell: make deps first, the tool and plugin after it" "$bad"

# 4-6. What is missing is named by its Debian package, not left to the
# compiler: the libraries' headers (pkg-config finds none here), the
# compiler itself.
out=$(mk tool PKG_CONFIG=false 2>&1)
rc=$?
tap_result "$([ $rc != 0 ] && [[ $out == *"apt-get install pkg-config libtracecmd-dev libtracefs-dev libtraceevent-dev"* ]]; echo $?)" \
	"make tool without the libtracecmd headers names libtracecmd-dev" "exit $rc:" "$out"
out=$(mk plugin PKG_CONFIG=false 2>&1)
rc=$?
tap_result "$([ $rc != 0 ] && [[ $out == *"apt-get install pkg-config libtraceevent-dev"* ]]; echo $?)" \
	"make plugin without the libtraceevent headers names libtraceevent-dev" "exit $rc:" "$out"
bad=
for goal in tool plugin; do
	out=$(mk "$goal" CC=pfstat-no-such-cc 2>&1)
	rc=$?
	[ $rc != 0 ] && [[ $out == *"C compiler"*"apt-get install gcc"* ]] || bad="$bad [make $goal: exit $rc: $out]"
done
tap_result "$([ -z "$bad" ]; echo $?)" "make tool and make plugin without a C compiler name gcc" "$bad"

# 7. make help: what make alone does, and the rest.
out=$(mk -s help 2>&1)
bad=
for want in "  make  " "make tool" "make install" "make run" "make test" "make shell" "make deps"; do
	[[ $out == *"$want"* ]] || bad="$bad [$want]"
done
[[ $out == *"PREFIX=~"* ]] && bad="$bad [PREFIX=~ in it]"
tap_result "$([ -z "$bad" ]; echo $?)" "make help says what a plain make builds, and lists install, run, test, shell" \
	"missing:$bad"

# 8. make demo-progs HDR=DIR: the programs from DIR's headers, no kernel.
mkdir -p "$tmp/hdr/include/linux"
: > "$tmp/hdr/include/linux/pfstat.h"
steps=$(mk -n demo-progs HDR="$tmp/hdr" 2>&1)
kern=$(echo "$steps" | grep -E "$testbed")
tap_result "$([ -z "$kern" ] && [[ $steps == *"-isystem $tmp/hdr/include"* ]]; echo $?)" \
	"make demo-progs HDR=DIR builds the demo's programs against DIR, no kernel" "$steps"

# 9-10. A HDR without <linux/pfstat.h>: its name, not "No rule to make
# target", from demo/Makefile and from make demo-progs (only when 8
# passed: before, that built a kernel).
out=$(make -C "$top/demo" HDR="$tmp/nohdr" OUT="$tmp/demo-bin" 2>&1)
rc=$?
tap_result "$([ $rc != 0 ] && [[ $out == *"HDR=$tmp/nohdr has no include/linux/pfstat.h"* ]] &&
		[[ $out != *"No rule"* ]]; echo $?)" \
	"make -C demo HDR=DIR without linux/pfstat.h says so" "exit $rc:" "$out"
if [ -z "$kern" ]; then
	out=$(mk demo-progs HDR="$tmp/nohdr" 2>&1)
	rc=$?
	tap_result "$([ $rc != 0 ] && [[ $out == *"HDR=$tmp/nohdr has no include/linux/pfstat.h"* ]] &&
			! [ -e "$tmp/build/linux" ]; echo $?)" \
		"make demo-progs HDR=DIR without linux/pfstat.h says so, and builds no kernel" "exit $rc:" "$out"
else
	tap_result 1 "make demo-progs HDR=DIR without linux/pfstat.h says so, and builds no kernel" \
		"not run: make demo-progs HDR=DIR would build a kernel"
fi

tap_finish
