#!/bin/sh
# make-initramfs.sh - build the guest's initramfs and test disk
#
# Usage: make-initramfs.sh WORKDIR KMODS INIT KO KTEST
#   WORKDIR  scratch dir (gets initramfs/, disk/, initrd.gz, disk.img)
#   KMODS    lib/modules/$KV/kernel of the extracted linux-image
#   INIT     the guest /init script
#   KO       heapread.ko
#   KTEST    the static test program (also run here to write the test files)
set -eu

[ $# -eq 5 ] || { echo "usage: $0 WORKDIR KMODS INIT KO KTEST" >&2; exit 2; }
WORK=$1 KMODS=$2 INIT=$3 KO=$4 KTEST=$5
skip() { echo "make-initramfs: SKIP: $*" >&2; exit 77; }

BUSYBOX=
for b in /bin/busybox /usr/bin/busybox; do
	if [ -x "$b" ] && file_is_static=$(LC_ALL=C readelf -d "$b" 2>/dev/null | grep -c NEEDED || true) &&
	   [ "$file_is_static" = 0 ]; then
		BUSYBOX=$b
		break
	fi
done
[ -n "$BUSYBOX" ] || skip "no static busybox (apt-get install busybox-static)"
for t in cpio gzip mke2fs; do
	command -v $t >/dev/null 2>&1 || skip "$t not found (apt-get install cpio gzip e2fsprogs)"
done

IR=$WORK/initramfs
rm -rf "$IR" "$WORK/disk"
mkdir -p "$IR/bin" "$IR/dev" "$IR/mods" "$IR/proc" "$IR/sys" "$IR/mnt" "$WORK/disk"
cp "$BUSYBOX" "$IR/bin/busybox"
cp "$INIT" "$IR/init"
chmod 755 "$IR/init"
cp "$KO" "$IR/heapread.ko"
cp "$KTEST" "$IR/heapread_ktest"
# /dev/console must exist before devtmpfs is mounted, or /init has no stdio.
mknod -m 600 "$IR/dev/console" c 5 1 2>/dev/null || true

# The disk's modules in dependency order; crc32c_generic is not in ext4's
# depends= but metadata_csum needs it (no modprobe helper in the guest).
: > "$IR/mods/list"
for m in drivers/virtio/virtio_ring.ko drivers/virtio/virtio_pci_modern_dev.ko \
	 drivers/virtio/virtio_pci_legacy_dev.ko drivers/virtio/virtio.ko \
	 drivers/virtio/virtio_pci.ko drivers/block/virtio_blk.ko \
	 crypto/crc32c_generic.ko fs/jbd2/jbd2.ko fs/mbcache.ko lib/crc16.ko \
	 fs/ext4/ext4.ko; do
	[ -f "$KMODS/$m" ] || { echo "make-initramfs: $KMODS/$m missing" >&2; exit 1; }
	cp "$KMODS/$m" "$IR/mods/"
	basename "$m" >> "$IR/mods/list"
done
# vgem (with drm, drm_shmem_helper): an importer for the dma-buf test;
# loaded by /init when present, the checks that need it skip otherwise.
: > "$IR/mods/extra"
for m in drivers/gpu/drm/drm.ko drivers/gpu/drm/drm_shmem_helper.ko \
	 drivers/gpu/drm/vgem/vgem.ko; do
	[ -f "$KMODS/$m" ] || continue
	cp "$KMODS/$m" "$IR/mods/"
	basename "$m" >> "$IR/mods/extra"
done
(cd "$IR" && find . | cpio -o -H newc --quiet | gzip -1) > "$WORK/initrd.gz"

# The test files, on ext4 (ramfs has no O_DIRECT).
"$KTEST" gen "$WORK/disk"
rm -f "$WORK/disk.img"
mke2fs -q -t ext4 -F -d "$WORK/disk" "$WORK/disk.img" 320M
