# SPDX-License-Identifier: GPL-2.0
#
# What differs between the architectures the test bed builds and boots,
# in one place.  Sourced (bash) by the kernel scripts and tests/qemu-run.sh
# with PFSTAT_ARCH set (x86_64, the default, or arm64); sets:
#
#   karch        the kernel's ARCH=
#   kmake        make's arguments for that ARCH (ARCH=, CROSS_COMPILE=)
#   kcc          the compiler kbuild runs, through ccache
#   ktarget      the image target ("make bzImage", "make Image")
#   kimage       the image's path under the object directory
#   qemu_bin     the QEMU that boots it
#   qemu_machine its machine arguments (-M, and what TCG needs)
#   qemu_console the serial console's name on the kernel command line
#   qemu_append  more kernel command line for that machine
#   guest_cc     the C compiler for the guest's static programs
#
# Other architectures the series wires up (arch/*/syscall*.tbl) are not
# built or booted here.

# shellcheck disable=SC2034 # the variables are for the caller
case "${PFSTAT_ARCH:-x86_64}" in
x86_64|x86|amd64)
	karch=x86_64
	kcross=
	kcc="ccache gcc"
	ktarget=bzImage
	kimage=arch/x86/boot/bzImage
	qemu_bin=qemu-system-x86_64
	qemu_machine=()
	qemu_console=ttyS0
	# acpi=noirq: see tests/qemu-run.sh.
	qemu_append="no_timer_check acpi=noirq"
	guest_cc=gcc
	;;
arm64|aarch64)
	karch=arm64
	kcross=aarch64-linux-gnu-
	kcc="ccache ${kcross}gcc"
	ktarget=Image
	kimage=arch/arm64/boot/Image
	qemu_bin=qemu-system-aarch64
	# -cpu max with the implementation-defined pointer authentication:
	# QEMU's architected one (QARMA) makes TCG several times slower.
	qemu_machine=(-M virt -cpu max,pauth-impdef=on)
	qemu_console=ttyAMA0
	qemu_append=
	guest_cc=${kcross}gcc
	;;
*)
	echo "arch.sh: unknown PFSTAT_ARCH '$PFSTAT_ARCH' (x86_64 or arm64)" >&2
	exit 2
	;;
esac
kmake=(ARCH="$karch" ${kcross:+CROSS_COMPILE="$kcross"})
