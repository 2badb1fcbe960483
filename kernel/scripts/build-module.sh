#!/bin/sh
# build-module.sh - build heapread.ko from kernel/ and core/ against Debian's
# 6.1 headers, which fetch-kernel.sh downloads and extracts.
#
# Usage: build-module.sh SRCDIR BUILDDIR [make args...]
#   SRCDIR    top of the heapread source tree (holds kernel/ and core/)
#   BUILDDIR  scratch directory for Kbuild (created; links to the sources)
#   make args e.g. C=1 for sparse, W=1
# The module ends up as BUILDDIR/heapread.ko. Exit status 77 when the
# kernel headers cannot be had.
set -eu

[ $# -ge 2 ] || { echo "usage: $0 SRCDIR BUILDDIR [make args]" >&2; exit 2; }
SRCDIR=$(cd "$1" && pwd)
BUILD=$2
shift 2
HERE=$(cd "$(dirname "$0")" && pwd)

# KH: a kernel build tree (e.g. /lib/modules/$(uname -r)/build); default:
# Debian's 6.1 headers, fetched and extracted by fetch-kernel.sh.
if [ -z "${KH:-}" ]; then
	env=$(sh "$HERE/fetch-kernel.sh") || exit $?
	eval "$env"
	command -v gcc-12 >/dev/null 2>&1 ||
		{ echo "build-module: SKIP: gcc-12 not found (Debian's 6.1 kernel is built with it: apt-get install gcc-12)" >&2; exit 77; }
fi

[ -d "$SRCDIR/core" ] && ls "$SRCDIR"/core/*.c >/dev/null 2>&1 ||
	{ echo "build-module: no core/*.c under $SRCDIR" >&2; exit 1; }

mkdir -p "$BUILD"
BUILD=$(cd "$BUILD" && pwd)
# Links to the sources: refreshed every time, so removed files disappear.
find "$BUILD" -maxdepth 1 -type l -delete
[ ! -L "$BUILD/core" ] || rm -f "$BUILD/core"
for f in "$SRCDIR"/kernel/*.c "$SRCDIR"/kernel/*.h "$SRCDIR/kernel/Kbuild"; do
	ln -s "$f" "$BUILD/"
done
mkdir -p "$BUILD/core"
find "$BUILD/core" -maxdepth 1 -type l -delete
for f in "$SRCDIR"/core/*.c "$SRCDIR"/core/*.h; do
	[ -e "$f" ] && ln -s "$f" "$BUILD/core/"
done

make -C "$KH" M="$BUILD" "$@" modules
