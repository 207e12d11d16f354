#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Print a hash of kernel-patches/series and the patches it names: what
# kernel-tree.sh last applied is recorded as this hash.
# Usage: series-hash.sh PATCHDIR
set -euo pipefail
cd "$1"
if [ -f series ]; then
	{ cat series; grep -v '^#' series | grep . | xargs -r cat; } | sha1sum | cut -d' ' -f1
else
	echo empty
fi
