#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The pfstat command-line tool (debugfs-reader/): its host tests ("make
# check": argument parsing, output formats against fixture debugfs trees,
# pfstat(2) through a preloaded fake, timeline on a recorded trace.dat,
# man pages, install) as one TAP stream with one plan.  Builds into
# build/debugfs-reader; installs nothing.
#
# Needs gcc, make, pkg-config, libtracecmd-dev and trace-cmd ("make deps").
# Exit status: 0 when every result passed, 1 otherwise.

top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/host/make-tap.sh"

tap_make "make check" -C "$top/debugfs-reader" check OUT="$top/build/debugfs-reader"
tap_finish
