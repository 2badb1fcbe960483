#!/bin/sh
# check-kernel.sh - the heapread module's test in booted Debian kernels
#
# Usage: check-kernel.sh SRCDIR WORKDIR [KERNEL...]
#
# For each kernel (default: all of kernel-lib.sh's, 6.1 6.12 7.3; "all" too):
# fetch Debian's image, modules and headers (cached), build heapread.ko from
# the gathered module tree, make an initramfs and an ext4 disk with the test
# files, boot qemu (TCG) and read the verdict. The static test program is
# built once. A kernel that cannot be had here is skipped with its reason.
# Exit status: 0 when every kernel that ran passed and at least one ran,
# 77 when all were skipped, else 1. Logs in WORKDIR/KERNEL/. The module is
# built in KMOD_OUT/build-KERNEL (default WORKDIR), with make module's flags:
# make check-kernel after make module rebuilds nothing.
set -eu

[ $# -ge 2 ] || { echo "usage: $0 SRCDIR WORKDIR [KERNEL...]" >&2; exit 2; }
SRCDIR=$(cd "$1" && pwd)
WORK=$2
shift 2
HERE=$(cd "$(dirname "$0")" && pwd)
CC=${KTEST_CC:-gcc}
PROG=check-kernel
skip() { echo "$PROG: SKIP: $*"; exit 77; }
log() { echo "$PROG: $*"; }
. "$HERE/kernel-lib.sh"

KERNELS=$(kernel_args "$@")

command -v qemu-system-x86_64 >/dev/null 2>&1 ||
	skip "qemu-system-x86_64 not found (apt-get install --no-install-recommends qemu-system-x86)"
[ "$(uname -m)" = x86_64 ] || skip "needs an x86_64 host (the guest runs the static test program built here)"
[ "$($CC -print-file-name=libc.a)" != libc.a ] ||
	skip "no static libc for $CC (apt-get install libc6-dev)"

mkdir -p "$WORK" "${KMOD_OUT:-$WORK}"
WORK=$(cd "$WORK" && pwd)
MODOUT=$(cd "${KMOD_OUT:-$WORK}" && pwd)
# Scratch files on tmpfs when possible (this VM's ext4 is slow to create files on).
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
	SCRATCH=$(mktemp -d /dev/shm/heapread-check-kernel.XXXXXX)
else
	SCRATCH=$WORK/scratch
	rm -rf "$SCRATCH"
	mkdir -p "$SCRATCH"
fi
trap 'rm -rf "$SCRATCH"' EXIT

# The userspace loader as built (HEAPREAD_LOADER): the guest runs its
# --udmabuf with the host's libraries.
LOADER=
if [ -n "${HEAPREAD_LOADER:-}" ] && [ -x "$HEAPREAD_LOADER" ]; then
	LOADER=$SCRATCH/heapread
	cp "$HEAPREAD_LOADER" "$LOADER"
fi
# libheapread's dma-buf targets tested directly (HEAPREAD_LIBTEST, the
# host's tests/lib/lib_targets): the guest runs it as /lib_targets.
LIBTEST=
if [ -n "${HEAPREAD_LIBTEST:-}" ] && [ -x "$HEAPREAD_LIBTEST" ]; then
	LIBTEST=$SCRATCH/lib_targets
	cp "$HEAPREAD_LIBTEST" "$LIBTEST"
fi
log "building the static test program"
$CC -O2 -Wall -Wextra -Werror -static -I"$SRCDIR/kernel" -I"$SRCDIR/tests/guest-lib" \
	-I"$SRCDIR/lib/sys" -o "$SCRATCH/heapread_ktest" "$SRCDIR"/tests/guest-lib/*.c \
	"$SRCDIR"/tests/kernel/*.c

# check_one KERNEL: 0 pass, 77 skip, else fail. Runs in a subshell.
check_one() {
	k=$1
	log "=== Debian $k"
	S=$SCRATCH/$k
	mkdir -p "$S" "$WORK/$k"
	t0=$(date +%s)
	set +e
	env=$(KERNEL=$k sh "$HERE/fetch-kernel.sh" 2>&1 >"$S/env")
	rc=$?
	set -e
	[ -z "$env" ] || echo "$env" | sed "s/^/[$k] /"
	[ $rc = 0 ] || { [ $rc = 77 ] && echo "[$k] SKIP: cannot fetch Debian's $k kernel (see above)"; return $rc; }
	. "$S/env"
	t1=$(date +%s)
	echo "[$k] building heapread.ko against $KV"
	set +e
	KH=$KH KDIR=$KDIR KBROOT=$KBROOT KCC=$KCC KERNEL=$k \
		sh "$HERE/build-module.sh" "$SRCDIR" "$MODOUT/build-$k" -s W=1 KCFLAGS=-Werror \
		>"$S/build.log" 2>&1
	rc=$?
	set -e
	grep -v '^Skipping BTF' "$S/build.log" | sed "s/^/[$k] /" || true
	[ $rc = 0 ] || return $rc
	extra=
	# The userspace loader, for its --udmabuf in the guest.
	[ -z "${HEAPREAD_LOADER:-}" ] || [ ! -x "$HEAPREAD_LOADER" ] || extra=$LOADER
	[ -z "$LIBTEST" ] || extra="$extra $LIBTEST"
	kernel_conf "$k"
	if [ "$KHEAPS" = yes ]; then
		# The kernel's own dmabuf-heap selftest, as /dmabuf-heap in the guest.
		set +e
		KERNEL=$k sh "$HERE/fetch-selftest.sh" "$S/dmabuf-heap" 2>&1 | sed "s/^/[$k] /"
		set -e
		if [ -x "$S/dmabuf-heap" ]; then
			extra="$extra $S/dmabuf-heap"
		else
			echo "[$k] the dmabuf-heap selftest could not be built: the guest skips it"
		fi
	fi
	t2=$(date +%s)
	# shellcheck disable=SC2086
	sh "$HERE/make-initramfs.sh" "$S" "$KMODS" "$HERE/guest-init.sh" \
		"$MODOUT/build-$k/heapread.ko" "$SCRATCH/heapread_ktest" $extra
	t3=$(date +%s)
	echo "[$k] fetched in $((t1 - t0)) s, module and selftest built in $((t2 - t1)) s, initramfs and disk in $((t3 - t2)) s; booting $KV under qemu TCG"
	set +e
	sh "$HERE/run-qemu.sh" "$KIMAGE" "$S/initrd.gz" "$S/disk.img" "$S" \
		"${CHECK_KERNEL_TIMEOUT:-150}" > "$S/run.log" 2>&1
	rc=$?
	set -e
	sed "s/^/[$k] /" "$S/run.log"
	cp "$S/serial.log" "$S/results.log" "$S/run.log" "$WORK/$k/" 2>/dev/null || true
	return $rc
}

# shellcheck disable=SC2086
kernel_each check_one $KERNELS
kernel_verdict kernels "(logs in $WORK/KERNEL/)"
exit 0
