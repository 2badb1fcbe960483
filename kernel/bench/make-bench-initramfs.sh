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

BUSYBOX=
for b in /bin/busybox /usr/bin/busybox; do
	if [ -x "$b" ] && [ "$(LC_ALL=C readelf -d "$b" 2>/dev/null | grep -c NEEDED)" = 0 ]; then
		BUSYBOX=$b
		break
	fi
done
[ -n "$BUSYBOX" ] || skip "no static busybox (apt-get install busybox-static)"
for t in cpio gzip readelf; do
	command -v $t >/dev/null 2>&1 || skip "$t not found (apt-get install cpio gzip binutils)"
done

IR=$WORK/bench-initramfs
rm -rf "$IR"
mkdir -p "$IR/bin" "$IR/dev" "$IR/mods" "$IR/kmods" "$IR/proc" "$IR/sys" "$IR/mnt"
cp "$BUSYBOX" "$IR/bin/busybox"
cp "$INIT" "$IR/init"
chmod 755 "$IR/init"
cp "$KBENCH" "$IR/kbench"
cp "$KO" "$DMABUF/dma-heap.ko" "$DMABUF/udmabuf.ko" "$DMABUF/heaps/system_heap.ko" "$IR/kmods/"
# /dev/console must exist before devtmpfs is mounted, or /init has no stdio.
mknod -m 600 "$IR/dev/console" c 5 1 2>/dev/null || true

# The disk's modules in dependency order (as kernel/scripts/make-initramfs.sh:
# crc32c_generic is not in ext4's depends= but metadata_csum needs it).
: > "$IR/mods/list"
for m in drivers/virtio/virtio_ring.ko drivers/virtio/virtio_pci_modern_dev.ko \
	 drivers/virtio/virtio_pci_legacy_dev.ko drivers/virtio/virtio.ko \
	 drivers/virtio/virtio_pci.ko drivers/block/virtio_blk.ko \
	 crypto/crc32c_generic.ko fs/jbd2/jbd2.ko fs/mbcache.ko lib/crc16.ko \
	 fs/ext4/ext4.ko; do
	[ -f "$KMODS/$m" ] || { echo "make-bench-initramfs: $KMODS/$m missing" >&2; exit 1; }
	cp "$KMODS/$m" "$IR/mods/"
	basename "$m" >> "$IR/mods/list"
done
(cd "$IR" && find . | cpio -o -H newc --quiet | gzip -1) > "$WORK/initrd.gz"
