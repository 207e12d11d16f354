#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "make install" and "make uninstall" of debugfs-reader/ and trace-plugins/:
# install or remove files, one "install: PATH" or "uninstall: removed PATH"
# line a file, and take back the directories an install created.
#
#   install-files.sh install RECORD SRC=DST:MODE...
#   install-files.sh uninstall RECORD DST...
#
# DST is absolute (DESTDIR and PREFIX included).  RECORD is the file that
# lists the directories install created (none existed before it), one a
# line, so that uninstall removes those, once empty, and never one that
# was there before: PREFIX/share/pfstat/installed-dirs.  Both Makefiles
# add to the same record.  An empty RECORD (DESTDIR set: a staging tree
# for a package, which must not ship a record) records nothing and
# removes no directory.  Uninstall only ever runs rmdir on a directory:
# one that holds anything else stays, listed in the record.

set -uo pipefail
export LC_ALL=C

mode=$1 record=$2
shift 2

# The directories missing on the way to $1, deepest first.
missing_dirs() {
	local d=$1
	while [ ! -d "$d" ]; do
		echo "$d"
		d=$(dirname "$d")
	done
}

case $mode in
install)
	created=()
	for spec in "$@"; do
		src=${spec%%=*} rest=${spec#*=}
		dst=${rest%:*} perm=${rest##*:}
		mapfile -t new < <(missing_dirs "$(dirname "$dst")")
		install -D -m "$perm" "$src" "$dst" || exit 1
		echo "install: $dst"
		created+=("${new[@]}")
	done
	[ -n "$record" ] && [ ${#created[@]} -gt 0 ] || exit 0
	mapfile -t new < <(missing_dirs "$(dirname "$record")")
	mkdir -p "$(dirname "$record")" || exit 1
	[ -f "$record" ] || echo "install: $record (the directories it created, for make uninstall)"
	{
		[ -f "$record" ] && cat "$record"
		printf '%s\n' "${created[@]}" "${new[@]}"
	} | sed '/^$/d' | sort -u > "$record.new" && mv "$record.new" "$record" || exit 1
	;;
uninstall)
	for dst in "$@"; do
		if [ -e "$dst" ] || [ -L "$dst" ]; then
			rm -f "$dst" || exit 1
			echo "uninstall: removed $dst"
		fi
	done
	[ -n "$record" ] && [ -f "$record" ] || exit 0
	recdir=$(dirname "$record")
	# Deepest first: a child sorts after its parent.  The record's own
	# directory and those above it go last, with the record.
	keep=() last=()
	while IFS= read -r d; do
		[ -n "$d" ] || continue
		case $recdir in
		"$d" | "$d"/*) last+=("$d"); continue ;;
		esac
		[ -d "$d" ] || continue
		if rmdir "$d" 2> /dev/null; then
			echo "uninstall: rmdir $d"
		else
			keep+=("$d")
		fi
	done < <(sort -r "$record")
	if [ ${#keep[@]} -gt 0 ]; then
		# Another part's files (make -C trace-plugins uninstall runs
		# next) or someone else's: their directories stay recorded.
		printf '%s\n' "${keep[@]}" "${last[@]}" | sort -u > "$record.new" &&
			mv "$record.new" "$record" || exit 1
		exit 0
	fi
	rm -f "$record" || exit 1
	echo "uninstall: removed $record"
	for d in "${last[@]}"; do
		[ -d "$d" ] && rmdir "$d" 2> /dev/null && echo "uninstall: rmdir $d"
	done
	exit 0
	;;
*)
	echo "install-files.sh: install or uninstall, not '$mode'" >&2
	exit 2
	;;
esac
