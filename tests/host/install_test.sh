#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "make install" and "make uninstall" at the top of the tree, into
# throw-away directories: what a user without the test bed runs.  Install
# must not set up the test bed (make deps: kernel source, QEMU), must say
# what it installs, must put the plugin where libtraceevent looks for the
# PREFIX given (the system's plugin directory, or the per-user one for an
# install under $HOME), and trace-cmd must then find it; the bpftrace
# tools must land in PREFIX/sbin, where Debian's bpftrace package puts its
# own, executable; pfstat(2)'s example must compile against the installed
# header alone; uninstall must remove every file again, and the
# directories the install created, not one that was there before, and say
# so when there was nothing to remove.  A PREFIX or DESTDIR that is not
# an absolute path ("~/.local" from a shell that leaves ~ alone) is
# refused before anything is installed.  A user install says what root
# does not see (the plugin under sudo, the bpftrace tools in ~/.local/sbin)
# and how to get it.  Builds in a throw-away build/ of its own (B=), not
# the tree's.  TAP on stdout.

set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/tap.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dest=$tmp/dest
home=$tmp/home
# Not what a make that runs this test passes on (make test: its flags,
# its command line's variables).
unset MAKEFLAGS MFLAGS MAKELEVEL
mk() { make -C "$top" B="$tmp/build" "$@"; }
sysplugins=$(pkg-config --variable=libdir libtraceevent)/traceevent/plugins
# What a system-wide install (PREFIX=/usr) puts under DESTDIR, in the
# order it says so.
tools=(pfstat-cgroup.bt pfstat-latency.bt pfstat-top.bt)
files=(usr/bin/pfstat usr/share/man/man1/pfstat.1 usr/share/man/man2/pfstat.2
       usr/include/pfstat_syscall.h usr/include/pfstat_classes.h
       "${sysplugins#/}/plugin_pfstat.so" "${tools[@]/#/usr/sbin/}")
fixture=$top/debugfs-reader/tests/fixtures/recipe.dat

tap_plan 16

# 1. Nothing of the test bed: the recipes make would run name no deps,
# kernel or guest step.
tb=$(mk -n install PREFIX=/usr DESTDIR="$dest" 2>&1 |
	grep -E 'deps\.sh|kernel-(tree|config|build)\.sh|qemu|mkrootfs')
tap_result "$([ -z "$tb" ]; echo $?)" "make install runs no step of the test bed (make deps, kernel, guest)" "$tb"

# 2. A system-wide install into DESTDIR: one "install: PATH" line a file.
mk -s install PREFIX=/usr DESTDIR="$dest" > "$tmp/install.out" 2>&1
rc=$?
want=$(printf "install: $dest/%s\n" "${files[@]}")
tap_result "$([ $rc = 0 ] && [ "$(cat "$tmp/install.out")" = "$want" ]; echo $?)" \
	"make install PREFIX=/usr says what it installs: the tool, two man pages, the headers, the plugin, the bpftrace tools" \
	"exit $rc; got:" "$(cat "$tmp/install.out")" "expected:" "$want"

# 3. ... and they are there, the programs executable.
bad=
for f in "${files[@]}"; do
	[ -s "$dest/$f" ] || bad="$bad $f missing;"
done
for f in usr/bin/pfstat "${sysplugins#/}/plugin_pfstat.so" "${tools[@]/#/usr/sbin/}"; do
	[ -x "$dest/$f" ] || bad="$bad $f not executable;"
done
"$dest/usr/bin/pfstat" --version > /dev/null 2>&1 || bad="$bad pfstat --version failed;"
# The tools run by their "#!" line, as Debian's own /usr/sbin/*.bt do.
for t in "${tools[@]}"; do
	cmp -s "$top/trace-plugins/bpftrace/$t" "$dest/usr/sbin/$t" || bad="$bad $t differs from its source;"
	[ "$(head -1 "$dest/usr/sbin/$t")" = "#!/usr/bin/env bpftrace" ] || bad="$bad $t has no bpftrace #! line;"
done
tap_result "$([ -z "$bad" ]; echo $?)" "every installed file is there; the plugin went to libtraceevent's own directory ($sysplugins), the bpftrace tools to /usr/sbin" "$bad"

# 4. pfstat(2)'s example, from the man page, against the installed
# header and nothing else of pfstat's (no kernel uapi header).
sed -n '/^\.\\" SRC BEGIN/,/^\.\\" SRC END/p' "$top/debugfs-reader/pfstat.2" |
	sed '1,2d; $d' | sed '$d' |
	sed 's/^\\&$//; s/\\-/-/g; s/\\e/\\/g' > "$tmp/example.c"
if echo '#include <linux/pfstat.h>' | cc -E -x c - > /dev/null 2>&1; then
	note="(this machine has <linux/pfstat.h>: the header uses it)"
else
	note="(no <linux/pfstat.h> here)"
fi
cc -Wall -Werror -I"$dest/usr/include" -o "$tmp/example" "$tmp/example.c" > "$tmp/cc.out" 2>&1
rc=$?
tap_result $rc "pfstat(2)'s example compiles against the installed <pfstat_syscall.h> $note" \
	"$(cat "$tmp/cc.out")" "$(head -5 "$tmp/example.c")"

# 5. uninstall removes every file, and says so.
mk -s uninstall PREFIX=/usr DESTDIR="$dest" > "$tmp/uninstall.out" 2>&1
rc=$?
left=$(find "$dest" -type f)
n=$(grep -c '^uninstall: removed ' "$tmp/uninstall.out")
tap_result "$([ $rc = 0 ] && [ -z "$left" ] && [ "$n" = ${#files[@]} ]; echo $?)" \
	"make uninstall removes all ${#files[@]} files and lists them" "exit $rc, $n listed; left: $left"

# 6-8. A user install, PREFIX under $HOME: the plugin goes to the
# per-user directory, where trace-cmd finds it.  The plugin prints
# "addr=", the kernel's own format "address=".
mkdir -p "$home"
report() { HOME=$home trace-cmd report -i "$fixture" 2> /dev/null | grep -m1 'mm_pfstat'; }
if [ -e "$sysplugins/plugin_pfstat.so" ]; then
	tap_skip "trace-cmd decodes without the plugin before the user install" \
		"a plugin_pfstat.so is installed system-wide here"
else
	line=$(report)
	tap_result "$([[ $line == *" address="* ]]; echo $?)" \
		"without the plugin trace-cmd prints the kernel's own format" "got: $line"
fi
HOME=$home mk -s install PREFIX="$home/.local" > "$tmp/user.out" 2>&1
rc=$?
plugin=$home/.local/lib/traceevent/plugins/plugin_pfstat.so
tap_result "$([ $rc = 0 ] && [ -x "$plugin" ] && [ -x "$home/.local/bin/pfstat" ] &&
		[ -x "$home/.local/sbin/pfstat-top.bt" ] &&
		grep -qx "install: $plugin" "$tmp/user.out"; echo $?)" \
	"make install PREFIX=\$HOME/.local puts the plugin in ~/.local/lib/traceevent/plugins, the bpftrace tools in ~/.local/sbin" \
	"exit $rc:" "$(cat "$tmp/user.out")"
line=$(report)
tap_result "$([[ $line == *" addr="* ]]; echo $?)" \
	"trace-cmd report finds the user's plugin and decodes with it" "got: $line"

# 9-10. A user install says what root does not see, and how: trace-cmd
# under sudo looks in root's HOME, not the user's; the bpftrace tools need
# root, whose PATH has no ~/.local/sbin.
pdir=$home/.local/lib/traceevent/plugins
want_notes="sudo TRACEEVENT_PLUGIN_DIR=$pdir trace-cmd report
sudo $home/.local/sbin/pfstat-top.bt"
miss=$(while IFS= read -r l; do grep -qF -- "$l" "$tmp/user.out" || echo "$l"; done <<<"$want_notes")
tap_result "$([ -z "$miss" ]; echo $?)" \
	"a user install says how to run trace-cmd report and the bpftrace tools as root" \
	"missing:" "$miss" "got:" "$(cat "$tmp/user.out")"
# What sudo does to HOME (root's), with and without the variable the
# note gives: libtraceevent's TRACEEVENT_PLUGIN_DIR.
mkdir -p "$tmp/roothome"
bare=$(HOME=$tmp/roothome trace-cmd report -i "$fixture" 2> /dev/null | grep -m1 'mm_pfstat')
withvar=$(HOME=$tmp/roothome TRACEEVENT_PLUGIN_DIR=$pdir trace-cmd report -i "$fixture" 2> /dev/null |
	grep -m1 'mm_pfstat')
if [ -e "$sysplugins/plugin_pfstat.so" ]; then
	tap_skip "with root's HOME trace-cmd finds the user's plugin only through TRACEEVENT_PLUGIN_DIR" \
		"a plugin_pfstat.so is installed system-wide here"
else
	tap_result "$([[ $bare == *" address="* && $withvar == *" addr="* ]]; echo $?)" \
		"with root's HOME trace-cmd finds the user's plugin only through TRACEEVENT_PLUGIN_DIR" \
		"without: $bare" "with: $withvar"
fi

# 11. make uninstall with the same PREFIX takes it all back, the
# directories it created too: ~ is as it was, empty.
HOME=$home mk -s uninstall PREFIX="$home/.local" > "$tmp/uninstall-user.out" 2>&1
rc=$?
left=$(find "$home" -mindepth 1)
tap_result "$([ $rc = 0 ] && [ -z "$left" ]; echo $?)" \
	"make uninstall PREFIX=\$HOME/.local leaves ~ as it was: no file, no directory of the install" \
	"exit $rc; left:" "$left" "said:" "$(cat "$tmp/uninstall-user.out")"

# 12. ... and nothing else: directories that were there before stay,
# empty or not, and so do other programs' files.
h2=$tmp/home2
mkdir -p "$h2/.local/bin" "$h2/.local/share/man" "$h2/.local/lib"
echo other > "$h2/.local/bin/other-tool"
before=$(cd "$h2" && find . | sort)
HOME=$h2 mk -s install PREFIX="$h2/.local" > /dev/null 2>&1 &&
	HOME=$h2 mk -s uninstall PREFIX="$h2/.local" > "$tmp/uninstall-h2.out" 2>&1
rc=$?
after=$(cd "$h2" && find . | sort)
tap_result "$([ $rc = 0 ] && [ "$before" = "$after" ]; echo $?)" \
	"make uninstall keeps the directories that were there before the install, empty or not, and others' files" \
	"exit $rc; before:" "$before" "after:" "$after" "said:" "$(cat "$tmp/uninstall-h2.out")"

# 13. Nothing to uninstall: say so (exit 0: uninstall is idempotent).
HOME=$home mk -s uninstall PREFIX="$home/.local" > "$tmp/again.out" 2>&1
rc=$?
tap_result "$([ $rc = 0 ] && grep -q "^uninstall: nothing of pfstat installed under $home/.local" "$tmp/again.out"; echo $?)" \
	"make uninstall with nothing installed under PREFIX says so" "exit $rc:" "$(cat "$tmp/again.out")"

# 14. PREFIX=~/.local from a shell that passes "~" on: refused at once,
# with PREFIX=$HOME/.local to use, before anything is installed.
# pkg-config's libtraceevent directory is a throw-away one here: an
# install that ignored the PREFIX would put the plugin there.
fakepc=$tmp/pkg-config
printf '%s\n' '#!/bin/sh' \
	"case \"\$*\" in *--variable=libdir*) echo '$tmp/syslib' ;; *) exec pkg-config \"\$@\" ;; esac" > "$fakepc"
chmod +x "$fakepc"
mkdir -p "$tmp/home3" "$tmp/syslib"
HOME=$tmp/home3 mk -s install 'PREFIX=~/.local' PKG_CONFIG="$fakepc" > "$tmp/tilde.out" 2>&1
rc=$?
left=$(find "$tmp/home3" "$tmp/syslib" -mindepth 1)
tap_result "$([ $rc != 0 ] && [ -z "$left" ] &&
		grep -q 'PREFIX=~/.local is not an absolute path' "$tmp/tilde.out" &&
		grep -qF 'PREFIX=$HOME/.local' "$tmp/tilde.out"; echo $?)" \
	"make install PREFIX=~/.local (~ unexpanded) fails at once, names PREFIX=\$HOME/.local, installs nothing" \
	"exit $rc; installed:" "$left" "said:" "$(cat "$tmp/tilde.out")"

# 15-16. A relative PREFIX or DESTDIR is refused, by install and
# uninstall alike (make -n: no file is touched whatever happens).
bad=
for args in "install PREFIX=rel" "uninstall PREFIX=rel" "install PREFIX=/usr DESTDIR=stage" \
	    "uninstall PREFIX=/usr DESTDIR=stage"; do
	# shellcheck disable=SC2086
	out=$(mk -n $args 2>&1)
	rc=$?
	var=${args##* }
	[ $rc != 0 ] && [[ $out == *"$var is not an absolute path"* ]] ||
		bad="$bad [make $args: exit $rc: $(echo "$out" | tail -1)]"
done
tap_result "$([ -z "$bad" ]; echo $?)" "make install and uninstall refuse a relative PREFIX or DESTDIR" "$bad"
for sub in debugfs-reader trace-plugins; do
	out=$(make -n -C "$top/$sub" OUT="$tmp/build/$sub" install 'PREFIX=~/.local' 2>&1)
	rc=$?
	[ $rc != 0 ] && [[ $out == *"is not an absolute path"* ]] || bad="$bad [$sub: exit $rc]"
done
tap_result "$([ -z "$bad" ]; echo $?)" "so do make -C debugfs-reader install and make -C trace-plugins install" "$bad"

tap_finish
