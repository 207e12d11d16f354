#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest smoke test of the test bed: debugfs and tracefs are mounted, the
# 9p results share is writable, and trace-cmd records a stock event.  The
# host side (tests/host/smoke-host.sh) then checks that the kernel that
# booted is the one just built and that the trace.dat decodes on the host.

. "$(dirname "$0")/../lib/tap.sh"

tap_plan 5

grep -q '^debugfs /sys/kernel/debug debugfs ' /proc/mounts
tap_result $? "debugfs is mounted on /sys/kernel/debug"

grep -q '^tracefs /sys/kernel/tracing tracefs ' /proc/mounts
tap_result $? "tracefs is mounted on /sys/kernel/tracing"

echo smoke > /results/smoke-write.txt && [ "$(cat /results/smoke-write.txt)" = smoke ]
tap_result $? "the 9p results share is writable"

# A stock event, recorded around an exec of a known program, with the
# host's trace-cmd (hostrun): a trace-cmd that does not run here fails.
trace-cmd record -q -e sched:sched_process_exec -o /tmp/smoke.dat /bin/true > /tmp/record.log 2>&1
rc=$?
[ $rc = 0 ] || sed 's/^/# /' /tmp/record.log
tap_result $rc "trace-cmd record -e sched:sched_process_exec"

cp /tmp/smoke.dat /results/smoke.dat && trace-cmd report -i /tmp/smoke.dat 2>/dev/null | grep -q 'filename=/bin/true'
tap_result $? "the guest's own trace-cmd report shows the exec of /bin/true"

tap_finish
