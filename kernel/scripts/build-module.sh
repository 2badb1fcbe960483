#!/bin/sh
# build-module.sh - build heapread.ko for one of Debian's kernels (or any
# kernel build tree), from the source tree stage-source.sh gathers.
#
# Usage: [KERNEL=6.1|6.12|7.3] build-module.sh SRCDIR BUILDDIR [make args...]
#   SRCDIR    top of the heapread source tree (holds kernel/ and core/)
#   BUILDDIR  the module's gathered source tree, where Kbuild also builds
#   make args e.g. C=2 for sparse, W=1
#
# The kernel: KH (a build tree, e.g. /lib/modules/$(uname -r)/build) when
# set, with KBROOT/KDIR when it lives in a build root; else the Debian
# kernel KERNEL (default 6.1), fetched by fetch-kernel.sh. Kernels whose
# tools need a newer libc are built inside their build root (chroot).
# The module ends up as BUILDDIR/heapread.ko. Exit status 77 when the
# kernel or its compiler cannot be had.
set -eu

PROG=build-module
skip() { echo "$PROG: SKIP: $*" >&2; exit 77; }
log() { echo "$PROG: $*" >&2; }
[ $# -ge 2 ] || { echo "usage: $0 SRCDIR BUILDDIR [make args]" >&2; exit 2; }
SRCDIR=$(cd "$1" && pwd)
BUILD=$2
shift 2
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/kernel-lib.sh"

if [ -z "${KH:-}" ]; then
	env=$(sh "$HERE/fetch-kernel.sh") || exit $?
	eval "$env"
fi
KBROOT=${KBROOT:-}
KDIR=${KDIR:-$KH}
if [ -z "$KBROOT" ] && [ -n "${KCC:-}" ]; then
	command -v "$KCC" >/dev/null 2>&1 ||
		skip "$KCC not found (Debian's ${KERNEL:-} kernel is built with it: apt-get install $KCC)"
fi

mkdir -p "$BUILD"
BUILD=$(cd "$BUILD" && pwd)
sh "$HERE/stage-source.sh" "$SRCDIR" "$BUILD"
if [ -n "$KBROOT" ]; then
	KCHROOT_BIND=$BUILD kernel_chroot "$KBROOT" make -C /mnt/build KDIR="$KDIR" "$@" modules
else
	make -C "$BUILD" KDIR="$KDIR" "$@" modules
fi
