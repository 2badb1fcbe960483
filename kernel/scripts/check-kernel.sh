#!/bin/sh
# check-kernel.sh - the heapread module's test in a booted Debian 6.1 kernel
#
# Usage: check-kernel.sh SRCDIR WORKDIR
#
# Fetches Debian's kernel image and headers (cached), builds heapread.ko from
# kernel/ and core/ and the static test program, makes an initramfs and an
# ext4 disk with the test files, boots qemu (TCG) and reads the verdict.
# Exit status: 0 pass, 77 skip (with a one-line reason), else fail.
set -eu

[ $# -eq 2 ] || { echo "usage: $0 SRCDIR WORKDIR" >&2; exit 2; }
SRCDIR=$(cd "$1" && pwd)
WORK=$2
HERE=$(cd "$(dirname "$0")" && pwd)
CC=${KTEST_CC:-gcc}

skip() { echo "check-kernel: SKIP: $*"; exit 77; }

command -v qemu-system-x86_64 >/dev/null 2>&1 ||
	skip "qemu-system-x86_64 not found (apt-get install --no-install-recommends qemu-system-x86)"
[ "$(uname -m)" = x86_64 ] || skip "needs an x86_64 host (the guest runs the static test program built here)"

mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
# Scratch files on tmpfs when possible (this VM's ext4 is slow to create files on).
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
	SCRATCH=$(mktemp -d /dev/shm/heapread-check-kernel.XXXXXX)
else
	SCRATCH=$WORK/scratch
	rm -rf "$SCRATCH"
	mkdir -p "$SCRATCH"
fi
trap 'rm -rf "$SCRATCH"' EXIT

t0=$(date +%s)
set +e
env=$(sh "$HERE/fetch-kernel.sh")
rc=$?
set -e
[ $rc = 0 ] || { [ $rc = 77 ] && skip "cannot fetch the Debian 6.1 kernel (see above)"; exit $rc; }
eval "$env"

echo "check-kernel: building heapread.ko against $KV"
KH=$KH sh "$HERE/build-module.sh" "$SRCDIR" "$SCRATCH/module" -s
echo "check-kernel: building the static test program"
[ "$($CC -print-file-name=libc.a)" != libc.a ] ||
	skip "no static libc for $CC (apt-get install libc6-dev)"
$CC -O2 -Wall -Wextra -Werror -static -I"$SRCDIR/kernel" -I"$SRCDIR/tests/guest-lib" \
	-I"$SRCDIR/lib/sys" -o "$SCRATCH/heapread_ktest" "$SRCDIR"/tests/guest-lib/*.c \
	"$SRCDIR"/tests/kernel/*.c
echo "check-kernel: making the initramfs and the test disk"
sh "$HERE/make-initramfs.sh" "$SCRATCH" "$KMODS" "$HERE/guest-init.sh" \
	"$SCRATCH/module/heapread.ko" "$SCRATCH/heapread_ktest"
t1=$(date +%s)
echo "check-kernel: prepared in $((t1 - t0)) s; booting $KV under qemu TCG"
set +e
sh "$HERE/run-qemu.sh" "$KIMAGE" "$SCRATCH/initrd.gz" "$SCRATCH/disk.img" "$SCRATCH" \
	"${CHECK_KERNEL_TIMEOUT:-150}"
rc=$?
set -e
cp "$SCRATCH/serial.log" "$SCRATCH/results.log" "$WORK/" 2>/dev/null || true
echo "check-kernel: logs in $WORK/serial.log and $WORK/results.log; total $(($(date +%s) - t0)) s"
exit $rc
