#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot the pfstat guest under QEMU and decide whether it reported.
#
# The verdict defaults to failure: the run passes only when the guest wrote
# RESULTS/guest-done through the 9p share.  A panic (panic=-1 and
# -no-reboot turn it into a QEMU exit), a hang (the outer timeout), or a
# guest that powers off early all leave that file missing, and the reason is
# printed from the console log.  The console is also kept in
# RESULTS/console.log; nothing is parsed from it to decide success.
#
# The host's root directory is shared read-only too (mount tag "hostroot"),
# as virtme-ng shares it: the guest runs the host's perf, bpftrace and
# trace-cmd from there (rootfs/hostrun), with the libraries of the host's
# packages, so nothing of theirs is copied into the initramfs.
#
# PFSTAT_ARCH (scripts/arch.sh) picks the guest's architecture: x86_64
# (the default) or arm64, which qemu-system-aarch64 -M virt boots under
# TCG, its console on the PL011 (ttyAMA0), the same 9p shares on
# virtio-pci.
# PFSTAT_HOSTROOT is the directory shared as "hostroot", / by default:
# for an arm64 guest, a root of Debian's arm64 perf, bpftrace and
# trace-cmd (scripts/foreign-root.sh), since the host's do not run there.
#
# Usage: qemu-run.sh -k BZIMAGE -i INITRD -r RESULTS [-t SECONDS] [-m MIB]
#                    [-c CPUS] [-a KERNEL-ARGS] [-q QEMU-ARGS] [-s] [-I]
#   -q   more arguments for QEMU, split at white space (the bench's
#        "-icount shift=0,sleep=on"); may be given more than once
#   -s   under TCG, run every vCPU on one host thread (thread=single), for
#        guests that live-patch kernel text while the other vCPU runs it
#        (see below); no effect under KVM
#   -I   interactive: serial console on this terminal, no timeout, no verdict

set -uo pipefail
. "$(dirname "$0")/../scripts/arch.sh"

kernel= initrd= results= timeout=600 mem=1024 cpus=2 append= interactive=0 single=0
more=()
usage="usage: $0 -k BZIMAGE -i INITRD -r RESULTS [-t S] [-m MIB] [-c CPUS] [-a ARGS] [-q QEMU-ARGS] [-s] [-I]"
while getopts "k:i:r:t:m:c:a:q:sI" opt; do
	case "$opt" in
	k) kernel=$OPTARG ;;
	i) initrd=$OPTARG ;;
	r) results=$OPTARG ;;
	t) timeout=$OPTARG ;;
	m) mem=$OPTARG ;;
	c) cpus=$OPTARG ;;
	a) append=$OPTARG ;;
	q) read -ra words <<< "$OPTARG"; more+=("${words[@]}") ;;
	s) single=1 ;;
	I) interactive=1 ;;
	*) echo "$usage" >&2; exit 2 ;;
	esac
done
for f in "$kernel" "$initrd"; do
	[ -f "$f" ] || { echo "qemu-run: error: '$f' not found (make kernel rootfs)" >&2; exit 2; }
done
[ -n "$results" ] || { echo "qemu-run: error: -r RESULTS is required" >&2; exit 2; }

hostroot=${PFSTAT_HOSTROOT:-/}
[ -d "$hostroot" ] || { echo "qemu-run: error: PFSTAT_HOSTROOT '$hostroot' is not a directory" >&2; exit 2; }

rm -rf "$results"
mkdir -p "$results"
results=$(realpath "$results")
log=$results/console.log

# KVM only when it works: on some hosts /dev/kvm opens but guests never
# run, so probe once (a few seconds, cached for this host boot) for the
# kernel's first console line under KVM, and use TCG otherwise.
kvm_works() {
	local cache=/tmp/pfstat-kvm-probe.$(id -u)
	if [ ! -f "$cache" ] || [ "$(cat /proc/sys/kernel/random/boot_id)" != "$(head -1 "$cache")" ]; then
		local r=no
		if [ -r /dev/kvm ] && [ -w /dev/kvm ] &&
		   timeout 8 qemu-system-x86_64 -accel kvm -cpu host -m 128 -kernel "$kernel" \
			-append "console=ttyS0 earlyprintk=serial" -nodefaults -display none \
			-serial stdio -monitor none < /dev/null 2>/dev/null | grep -q -m1 'Linux version'; then
			r=yes
		fi
		{ cat /proc/sys/kernel/random/boot_id; echo "$r"; } > "$cache"
	fi
	[ "$(tail -1 "$cache")" = yes ]
}
# acpi=noirq: PCI interrupts come from the PIIX router, not from ACPI's
# _PRT method, which a debug kernel (KASAN, lockdep) under TCG interprets
# too slowly: AE_AML_LOOP_TIMEOUT, then virtio-pci gets no IRQ and the
# 9p share never answers.  ACPI stays on for poweroff.
# Another architecture's guest (arm64) runs under TCG, on its own machine.
accel=${PFSTAT_ACCEL:-}
if [ "$karch" != x86_64 ]; then
	accel=${accel:-tcg}
	machine=("${qemu_machine[@]}")
else
	if [ -z "$accel" ]; then
		if kvm_works; then accel=kvm; else accel=tcg; fi
	fi
	cpu=max
	[ "$accel" = kvm ] && cpu=host
	machine=(-cpu "$cpu")
fi
# QEMU 7.2's multi-threaded TCG can run a translation of kernel text that
# another vCPU has since patched: the x86 guest then takes an int3 that
# text_poke_bp() has already removed and dies ("Oops: int3", "Fatal
# exception in interrupt").  Enabling a trace event with a pid filter
# (trace-cmd record -F) patches the scheduler's tracepoint calls while
# they run, and it happened there, in the small guest.  One thread for
# all vCPUs keeps the guest SMP but retires each patch before another
# vCPU runs.
[ "$single" = 1 ] && [ "$accel" = tcg ] && accel=tcg,thread=single

# Two NUMA nodes on x86, so a NUMA kernel can migrate pages between them
# (tests/guest/frames_migration_test): the vCPUs and half the memory on
# node 0, the other half on node 1.  A kernel without CONFIG_NUMA sees one
# node of all the memory.
numa=()
if [ "$karch" = x86_64 ]; then
	numa=(-object "memory-backend-ram,id=mem0,size=$((mem / 2))M"
	      -object "memory-backend-ram,id=mem1,size=$((mem - mem / 2))M"
	      -numa "node,nodeid=0,cpus=0-$((cpus - 1)),memdev=mem0"
	      -numa "node,nodeid=1,memdev=mem1")
fi

# Under TCG on a loaded host a vCPU can make no progress for tens of
# seconds (seen: 22 s in clear_page_erms under stress_oom_test, and an
# RCU grace-period timer 29 s late, with two guests and a kernel build on
# two cores), which the soft-lockup and RCU stall detectors report,
# failing the clean-dmesg check.  Thresholds of 120 s still report a
# task that really spins or a grace period that never ends; a guest
# that hangs fails on its timeout anyway.
watchdog=
[ "$accel" != kvm ] && watchdog="watchdog_thresh=60 rcupdate.rcu_cpu_stall_timeout=120"

qemu=("$qemu_bin" -accel "$accel" "${machine[@]}" -smp "$cpus" -m "$mem" "${numa[@]}"
	-kernel "$kernel" -initrd "$initrd"
	-append "console=$qemu_console panic=-1 ${qemu_append:+$qemu_append }$watchdog loglevel=4 $append"
	-virtfs "local,path=$results,mount_tag=results,security_model=none,id=results"
	-virtfs "local,path=$hostroot,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap,id=hostroot"
	-no-reboot -nodefaults -display none "${more[@]}")

if [ "$interactive" = 1 ]; then
	qemu+=(-serial mon:stdio)
	echo "qemu-run: ${qemu[*]}"
	echo "qemu-run: Ctrl-A X quits QEMU"
	exec "${qemu[@]}"
fi

qemu+=(-serial stdio -monitor none)
echo "qemu-run: timeout $timeout ${qemu[*]}"
start=$(date +%s)
timeout -k 5 "$timeout" "${qemu[@]}" < /dev/null 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
secs=$(($(date +%s) - start))

if [ "$(cat "$results/guest-done" 2>/dev/null)" = pfstat-guest-done ]; then
	echo "qemu-run: guest reported after $secs s"
	exit 0
fi

if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
	why="no report within the ${timeout} s timeout: the guest hung"
elif grep -q "Kernel panic" "$log"; then
	why="the guest kernel panicked: $(grep -m1 'Kernel panic' "$log" | tr -d '\r')"
elif [ "$rc" != 0 ]; then
	why="QEMU failed with exit status $rc"
else
	why="the guest powered off without reporting"
fi
echo "qemu-run: FAIL: $why (after $secs s; console: $log)" >&2
# The kernel's own report, so that it outlives the console log (a CI
# clone is gone when its log is read): from the first oops line before
# the panic (or the 20 lines before it), at most 80 lines.
if grep -q "Kernel panic" "$log"; then
	tr -d '\r' < "$log" | awk '
		{ line[NR] = $0 }
		!first && /(BUG:|Oops|general protection|Unable to handle|kernel BUG|WARNING:)/ { first = NR }
		/Kernel panic/ {
			from = first ? first : (NR > 20 ? NR - 20 : 1)
			if (NR - from >= 80)
				from = NR - 79
			for (i = from; i <= NR; i++)
				print "qemu-run: | " line[i]
			exit
		}' >&2
fi
exit 1
