#!/bin/sh
# build-dmabuf.sh - the kernel's own dma-heap framework, system heap and
# udmabuf as out-of-tree modules for Debian's 6.1 (which builds neither)
#
# Usage: build-dmabuf.sh BUILDDIR
#
# Takes drivers/dma-buf/{dma-heap.c,heaps/system_heap.c,udmabuf.c} from
# Debian's linux-source-6.1 package (downloaded into the cache by
# kernel/scripts/fetch-checkpatch.sh; the three files are extracted once and
# cached beside it), applies bench/kernel/patches/*.patch and builds
# BUILDDIR/drivers/dma-buf/{dma-heap,udmabuf,heaps/system_heap}.ko against
# the headers fetch-kernel.sh extracted ($KH, or fetched here).
# Exit status 77 with a one-line reason when something cannot be had.
set -eu

[ $# -eq 1 ] || { echo "usage: $0 BUILDDIR" >&2; exit 2; }
BUILD=$1
HERE=$(cd "$(dirname "$0")" && pwd)
SCRIPTS=$HERE/../../kernel/scripts
log() { echo "build-dmabuf: $*" >&2; }
skip() { echo "build-dmabuf: SKIP: $*" >&2; exit 77; }

if [ -z "${KH:-}" ]; then
	env=$("$SCRIPTS/fetch-kernel.sh") || exit $?
	eval "$env"
fi
command -v xz >/dev/null 2>&1 || skip "xz not found (apt-get install xz-utils)"
if command -v patch >/dev/null 2>&1; then
	apply() { patch -s -p1 -d "$1" < "$2"; }
elif command -v git >/dev/null 2>&1; then
	apply() { (cd "$1" && git apply -p1 "$2"); }
else
	skip "neither patch nor git found (apt-get install patch)"
fi

# fetch-checkpatch.sh downloads linux-source-6.1 into the cache (and
# extracts checkpatch.pl, which we do not need): reuse its .deb.
"$SCRIPTS/fetch-checkpatch.sh" >/dev/null || exit $?
CACHE=${HEAPREAD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/heapread/kernel}
DEB=$(ls "$CACHE"/debs/linux-source-6.1_*.deb | sort -V | tail -n 1)
SRC=$CACHE/dmabuf-src/$(basename "$DEB" .deb)
FILES="drivers/dma-buf/dma-heap.c drivers/dma-buf/heaps/system_heap.c drivers/dma-buf/udmabuf.c"

if [ ! -f "$SRC/.complete" ]; then
	log "extracting the dma-buf heap and udmabuf sources from $(basename "$DEB")"
	rm -rf "$SRC"
	mkdir -p "$SRC"
	dpkg-deb --fsys-tarfile "$DEB" |
		tar -xO ./usr/src/linux-source-6.1.tar.xz |
		xz -dc |
		tar -x -C "$SRC" --strip-components=1 --wildcards --no-wildcards-match-slash \
			"*/drivers/dma-buf/dma-heap.c" "*/drivers/dma-buf/heaps/system_heap.c" \
			"*/drivers/dma-buf/udmabuf.c"
	touch "$SRC/.complete"
fi

# A fresh copy every time, so that edited patches always apply to pristine files.
rm -rf "$BUILD"
mkdir -p "$BUILD"
BUILD=$(cd "$BUILD" && pwd)
(cd "$SRC" && cp --parents $FILES "$BUILD/")
for p in "$HERE"/patches/*.patch; do
	apply "$BUILD" "$p" || { echo "build-dmabuf: $p does not apply" >&2; exit 1; }
done
cat > "$BUILD/drivers/dma-buf/Kbuild" <<'EOF'
obj-m := dma-heap.o udmabuf.o heaps/system_heap.o
EOF
command -v gcc-12 >/dev/null 2>&1 ||
	skip "gcc-12 not found (Debian's 6.1 kernel is built with it: apt-get install gcc-12)"
make -s -C "$KH" M="$BUILD/drivers/dma-buf" modules 2>&1 | grep -v '^Skipping BTF' >&2 || true
for m in dma-heap udmabuf heaps/system_heap; do
	[ -f "$BUILD/drivers/dma-buf/$m.ko" ] || { echo "build-dmabuf: $m.ko was not built" >&2; exit 1; }
done
