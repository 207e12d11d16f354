#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The top-level README as a new user reads it: it starts with what runs on
# their own machine (the tool, installed without root), before the test
# bed's QEMU and kernel build; the commands of that start work as written
# (make install PREFIX=$HOME/.local, into a throw-away HOME and build/),
# and what it quotes of pfstat on a kernel without the series is what
# pfstat prints; no "PREFIX=~" (a shell may pass the ~ on); make shell and
# make help are there; LICENSE holds the GPL-2.0 the SPDX lines name, and
# the README says so.  TAP on stdout.

set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/tap.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset MAKEFLAGS MFLAGS MAKELEVEL
readme=$top/README.md

tap_plan 7

# The first fenced block of each kind, and the line of a heading.
first_block() { awk -v want="$1" '$0 == want { on = 1; next } on && /^```/ { exit } on' "$readme"; }
line_of() { grep -n -m1 -- "$1" "$readme" | cut -d: -f1; }

# 1. The first commands: the tool installed for the user, no test bed.
cmds=$(first_block '```sh')
inst=$(line_of 'make install PREFIX=\$HOME/.local')
bed=$(line_of '^make test ')
tap_result "$([[ $cmds == *'make install PREFIX=$HOME/.local'* ]] &&
		! grep -qE 'make (run|test|deps)' <<<"$cmds" &&
		[ -n "$inst" ] && [ -n "$bed" ] && [ "$inst" -lt "$bed" ]; echo $?)" \
	"the README's first commands install the tool (PREFIX=\$HOME/.local), before make run/test" \
	"first commands:" "$cmds" "make install at line ${inst:-none}, make test at line ${bed:-none}"

# 2. ... and they work as written: the install line, in a HOME of its own.
home=$tmp/home
mkdir -p "$home"
line=$(grep -m1 '^make install PREFIX=\$HOME/.local' <<<"$cmds" | sed 's/ *#.*//')
out=$(cd "$top" && HOME=$home bash -c "$line B=$tmp/build" 2>&1)
rc=$?
tap_result "$([ $rc = 0 ] && [ -x "$home/.local/bin/pfstat" ] &&
		[ -f "$home/.local/lib/traceevent/plugins/plugin_pfstat.so" ]; echo $?)" \
	"'$line' installs pfstat and the plugin under \$HOME/.local" "exit $rc:" "$out"

# 3. What the README quotes pfstat saying on a stock kernel, it says:
# the verdict, from "this kernel has no pfstat" on (what comes before it
# depends on the kernel).
quoted=$(first_block '```' | grep '^pfstat: ' | grep -o 'this kernel has no pfstat.*')
said=$("$home/.local/bin/pfstat" run -- true 2>&1)
rc=$?
if [ $rc = 0 ]; then
	tap_skip "the README quotes what pfstat says on a kernel without the series" "this kernel has pfstat"
else
	miss=$(while IFS= read -r l; do grep -qF -- ": $l" <<<"$said" || echo "$l"; done <<<"$quoted")
	tap_result "$([ -n "$quoted" ] && [ -z "$miss" ] && [ $rc = 125 ] &&
			grep -q 'exit status 125' "$readme"; echo $?)" \
		"the README quotes what pfstat says on a kernel without the series (exit 125)" \
		"quoted:" "$quoted" "pfstat said (exit $rc):" "$said"
fi

# 4. No PREFIX=~ to copy: PREFIX=~/.local only where the README warns of it.
bad=$(grep -n 'PREFIX=~' "$readme" | grep -v 'not an absolute path\|with the `~`')
tap_result "$([ -z "$bad" ]; echo $?)" "the README gives PREFIX=\$HOME/.local, never PREFIX=~ to copy" "$bad"

# 5. A user install and root: the commands that work.
bad=
for want in 'sudo TRACEEVENT_PLUGIN_DIR=$HOME/.local/lib/traceevent/plugins trace-cmd report' \
	    'sudo ~/.local/sbin/pfstat-top.bt'; do
	grep -qF -- "$want" "$readme" || bad="$bad [$want]"
done
tap_result "$([ -z "$bad" ]; echo $?)" \
	"the README says how root reaches a user install's plugin and bpftrace tools" "missing:$bad"

# 6. make shell and make help.
bad=
for want in 'make shell' 'make help'; do
	grep -q "^$want " "$readme" || bad="$bad [$want]"
done
tap_result "$([ -z "$bad" ]; echo $?)" "the README lists make shell and make help with the test bed's commands" \
	"missing:$bad"

# 7. The licence: the GPL-2.0 text, and a line in the README.
if [ -f /usr/share/common-licenses/GPL-2 ]; then
	same=$(cmp -s "$top/LICENSE" /usr/share/common-licenses/GPL-2; echo $?)
else
	same=$(grep -q 'Version 2, June 1991' "$top/LICENSE" 2> /dev/null; echo $?)
fi
tap_result "$([ "$same" = 0 ] && grep -q '^## Licence' "$readme" &&
		grep -q 'GPL-2.0 (`LICENSE`)' "$readme"; echo $?)" \
	"LICENSE holds the GNU GPL version 2, and the README names it"

tap_finish
