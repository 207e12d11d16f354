#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The libtraceevent plugin (trace-plugins/): its unit tests ("make check")
# and its fuzz pass under ASan/UBSan ("make fuzz"), as one TAP stream with
# one plan.  Builds into build/trace-plugins; installs nothing.
#
# Needs gcc, make, pkg-config and libtraceevent-dev ("make deps").
# Exit status: 0 when every result passed, 1 otherwise.

top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/host/make-tap.sh"

tap_make "make check" -C "$top/trace-plugins" check OUT="$top/build/trace-plugins"
tap_make "make fuzz" -C "$top/trace-plugins" fuzz OUT="$top/build/trace-plugins"
tap_finish
