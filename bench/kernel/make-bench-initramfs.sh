#!/bin/sh
# make-bench-initramfs.sh - the benchmark guest's initramfs
#
# Usage: make-bench-initramfs.sh WORKDIR KMODS INIT KBENCH HEAPREAD_KO DMABUF_DIR
#   WORKDIR      scratch dir (gets bench-initramfs/ and initrd.gz)
#   KMODS        lib/modules/$KV/kernel of the extracted linux-image
#   INIT         the guest /init script (bench-init.sh)
#   KBENCH       the static benchmark program
#   HEAPREAD_KO  heapread.ko
#   DMABUF_DIR   where build-dmabuf.sh left dma-heap.ko, udmabuf.ko and
#                heaps/system_heap.ko
set -eu

[ $# -eq 6 ] || { echo "usage: $0 WORKDIR KMODS INIT KBENCH HEAPREAD_KO DMABUF_DIR" >&2; exit 2; }
WORK=$1 KMODS=$2 INIT=$3 KBENCH=$4 KO=$5 DMABUF=$6
skip() { echo "make-bench-initramfs: SKIP: $*" >&2; exit 77; }

PROG=make-bench-initramfs
. "$(dirname "$0")/../../kernel/scripts/initramfs-lib.sh"
for t in cpio gzip readelf; do
	command -v $t >/dev/null 2>&1 || skip "$t not found (apt-get install cpio gzip binutils)"
done

BUSYBOX=$(initramfs_busybox) || exit $?
IR=$WORK/bench-initramfs
initramfs_base "$IR" "$BUSYBOX" "$INIT"
mkdir -p "$IR/kmods"
cp "$KBENCH" "$IR/kbench"
cp "$KO" "$IR/kmods/"
# The comparison modules of 6.1 (6.12 and 7.3 have their own built in).
for m in dma-heap.ko udmabuf.ko heaps/system_heap.ko; do
	[ ! -f "$DMABUF/$m" ] || cp "$DMABUF/$m" "$IR/kmods/"
done
initramfs_disk_modules "$IR" "$KMODS"
initramfs_pack "$IR" "$WORK/initrd.gz"
