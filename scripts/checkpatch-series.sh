#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# checkpatch.pl --strict on one patch, in the kernel tree.  Clean means no
# error, warning or check at all, with one exception: the false positives
# that checkpatch reports for the EM()/EMe() list idiom of the trace
# headers (include/trace/events/migrate.h gets the same):
#   - "Macros with complex values should be enclosed in parentheses" on a
#     list of EM()/EMe() (or EMf()/EMfe()) entries, which cannot be
#     parenthesised because it is expanded inside enum, array and
#     __print_flags() bodies;
#   - "macros should not use a trailing semicolon" on the EM() that
#     expands to TRACE_DEFINE_ENUM(a);, whose expansions are file-scope
#     declarations and need it.
# Each allowed report is printed as "# allowed: ...", so it stays visible.
#
# Usage: checkpatch-series.sh KSRC PATCH   (exit 0 when clean)

set -uo pipefail

ksrc=$1
patch=$(realpath "$2")

# Debian's python3 has the modules spdxcheck.py needs (python3-ply, -git).
out=$(cd "$ksrc" && PATH=/usr/bin:$PATH perl scripts/checkpatch.pl --strict --no-color "$patch" 2>&1)
echo "$out" | awk '
	function flush() {
		if (msg == "")
			return
		if (msg ~ /^ERROR: Macros with complex values/ && src ~ /^\+#define [A-Z_]+[ \t]*\\$/ && next_src ~ /^\+[ \t]+EMf?e?\(/)
			print "# allowed: " msg " (" file ": EM()/EMe() list)"
		else if (msg ~ /^WARNING: macros should not use a trailing semicolon/ && src ~ /^\+#define EMe?\(a, (b|\.\.\.)\)[ \t]*TRACE_DEFINE_ENUM\(a\);$/)
			print "# allowed: " msg " (" file ": EM() for TRACE_DEFINE_ENUM)"
		else {
			print "# " msg; print "# " file; print "# " src
			bad++
		}
		msg = ""
	}
	/^(ERROR|WARNING|CHECK):/ { flush(); msg = $0; file = ""; src = ""; next_src = ""; next }
	msg != "" && /^#[0-9]+: FILE:/ { file = $0; next }
	msg != "" && file != "" && src == "" && /^\+/ { src = $0; next }
	msg != "" && src != "" && next_src == "" && /^\+/ { next_src = $0; next }
	/^total:/ { flush(); total = $0 }
	END { flush(); print "# checkpatch " total; exit bad > 0 || total == "" }
'
