#!/bin/sh
# make-modules.sh - heapread.ko for each Debian kernel (make module)
#
# Usage: make-modules.sh SRCDIR OUTDIR [KERNEL...] [-- make args...]
#
# For each kernel (default all: 6.1 6.12 7.3) the module's tree is gathered
# and built in OUTDIR/build-KERNEL; the module is copied to
# OUTDIR/heapread-KERNEL.ko. A kernel that cannot be had is skipped with
# its reason. Exit status 0 when every kernel that ran built and one did,
# 77 when all were skipped, else 1.
set -eu

[ $# -ge 2 ] || { echo "usage: $0 SRCDIR OUTDIR [KERNEL...] [-- make args]" >&2; exit 2; }
SRCDIR=$1 OUT=$2
shift 2
HERE=$(cd "$(dirname "$0")" && pwd)
PROG=make-modules
skip() { echo "$PROG: SKIP: $*"; exit 77; }
log() { echo "$PROG: $*"; }
. "$HERE/kernel-lib.sh"

KERNELS=
while [ $# -gt 0 ] && [ "$1" != -- ]; do
	KERNELS="$KERNELS $(kernel_list "$1")"
	shift
done
[ $# = 0 ] || shift
[ -n "$KERNELS" ] || KERNELS=$(kernel_list all)

mkdir -p "$OUT"
built= skipped= failed=
for k in $KERNELS; do
	set +e
	KERNEL=$k sh "$HERE/build-module.sh" "$SRCDIR" "$OUT/build-$k" "$@"
	rc=$?
	set -e
	case $rc in
	0)
		cp "$OUT/build-$k/heapread.ko" "$OUT/heapread-$k.ko"
		built="$built $k"
		;;
	77) skipped="$skipped $k" ;;
	*) failed="$failed $k" ;;
	esac
done
log "built:${built:- none}; skipped:${skipped:- none}; failed:${failed:- none}"
[ -z "$failed" ] || exit 1
[ -n "$built" ] || exit 77
for k in $built; do
	echo "module: $OUT/heapread-$k.ko"
done
