#!/bin/sh
# fetch-selftest.sh - the kernel's own dmabuf-heap selftest for one of Debian's
# kernels, from the matching linux-source package, built static for the guest
#
# Usage: KERNEL=6.12|7.3 fetch-selftest.sh OUT
#
# Downloads linux-source-SERIES of the kernel's suite (cached in
# $HEAPREAD_CACHE/debs), extracts only tools/testing/selftests/dmabuf-heaps/
# kselftest.h and the DRM uapi headers it includes (cached), and builds dmabuf-heap.c as the static program
# OUT with the host's compiler and uapi headers (in the build root where the
# kernel's own modules are built there). Exit status 77 with a reason
# when the package or a static libc cannot be had.
set -eu

PROG=fetch-selftest
skip() { echo "$PROG: SKIP: $*" >&2; exit 77; }
log() { echo "$PROG: $*" >&2; }
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/kernel-lib.sh"

[ $# -eq 1 ] || { echo "usage: KERNEL=... $0 OUT" >&2; exit 2; }
OUT=$1
KERNEL=${KERNEL:-6.12}
kernel_conf "$KERNEL" || { echo "$PROG: unknown KERNEL=$KERNEL" >&2; exit 2; }
CC=${KTEST_CC:-gcc}
[ "$($CC -print-file-name=libc.a)" != libc.a ] || skip "no static libc for $CC (apt-get install libc6-dev)"

kernel_apt "$KERNEL"
PKG=linux-source-$KERNEL
( kernel_lock debs; kernel_download "$PKG" ) || skip "apt-get download $PKG failed (no network?)"
DEB=$(kernel_deb "$PKG")
SRC=$KCACHE/selftest/$(basename "$DEB" .deb)
if [ ! -f "$SRC/.done" ]; then
	(
		kernel_lock "selftest-$KERNEL"
		[ -f "$SRC/.done" ] && exit 0
		log "extracting the dmabuf-heap selftest from $(basename "$DEB")"
		rm -rf "$SRC"
		mkdir -p "$SRC"
		dpkg-deb --fsys-tarfile "$DEB" |
			tar -xO --wildcards './usr/src/linux-source-*.tar.xz' |
			xz -dc -T2 |
			tar -x -C "$SRC" --strip-components=1 --wildcards \
				'*/tools/testing/selftests/dmabuf-heaps/*' \
				'*/tools/testing/selftests/kselftest.h' \
				'*/include/uapi/drm/drm.h' '*/include/uapi/drm/drm_mode.h'
		[ -f "$SRC/tools/testing/selftests/dmabuf-heaps/dmabuf-heap.c" ] ||
			{ echo "$PROG: no dmabuf-heap.c in $DEB" >&2; exit 1; }
		touch "$SRC/.done"
	)
fi
# Its DRM uapi headers from the same source (the host need not have
# libdrm-dev), alone in their own directory: the rest comes from the host's
# installed uapi headers (-D__user= does what headers_install does).
mkdir -p "$SRC/uapi-drm"
[ -e "$SRC/uapi-drm/drm" ] || ln -s ../include/uapi/drm "$SRC/uapi-drm/drm"
T=tools/testing/selftests
FLAGS="-O2 -static -D__user= -I$T -Iuapi-drm"
if [ -n "$KBUILDROOT" ]; then
	# 7.x's DRM uapi wants newer uapi headers than the host's (linux/bits.h):
	# build with the build root's compiler and headers.
	BROOT=$(sh "$HERE/buildroot.sh" "$KBUILDROOT") || exit $?
	KCHROOT_BIND=$SRC kernel_chroot "$BROOT" sh -c \
		"cd /mnt/build && $KCC $FLAGS -o dmabuf-heap.$$ $T/dmabuf-heaps/dmabuf-heap.c" ||
		{ echo "$PROG: building the $KERNEL selftest failed" >&2; exit 1; }
	mv "$SRC/dmabuf-heap.$$" "$OUT"
else
	(cd "$SRC" && $CC $FLAGS -o "$(cd "$(dirname "$OUT")" && pwd)/$(basename "$OUT")" \
		"$T/dmabuf-heaps/dmabuf-heap.c") ||
		{ echo "$PROG: building the $KERNEL selftest failed" >&2; exit 1; }
fi
