# initramfs-lib.sh - what the test guest and the benchmark guest share:
# sourced (not run) by make-initramfs.sh and bench/kernel/make-bench-initramfs.sh.
# The caller defines skip() (print a reason, exit 77) and PROG (its name).

# Print the path of a static busybox, or skip (call as BUSYBOX=$(initramfs_busybox) || exit $?).
initramfs_busybox() {
	for b in /bin/busybox /usr/bin/busybox; do
		if [ -x "$b" ] && [ "$(LC_ALL=C readelf -d "$b" 2>/dev/null | grep -c NEEDED)" = 0 ]; then
			echo "$b"
			return 0
		fi
	done
	skip "no static busybox (apt-get install busybox-static)"
}

# initramfs_base IR BUSYBOX INIT: a fresh tree with busybox, /init and /dev/console.
initramfs_base() {
	ir=$1
	rm -rf "$ir"
	mkdir -p "$ir/bin" "$ir/dev" "$ir/mods" "$ir/proc" "$ir/sys" "$ir/mnt"
	cp "$2" "$ir/bin/busybox"
	cp "$3" "$ir/init"
	chmod 755 "$ir/init"
	# /dev/console must exist before devtmpfs is mounted, or /init has no stdio.
	mknod -m 600 "$ir/dev/console" c 5 1 2>/dev/null || true
}

# initramfs_disk_modules IR KMODS: the virtio disk's and ext4's modules, in
# dependency order in IR/mods/list; crc32c_generic is not in ext4's depends=
# but metadata_csum needs it (no modprobe helper in the guest).
initramfs_disk_modules() {
	: > "$1/mods/list"
	for m in drivers/virtio/virtio_ring.ko drivers/virtio/virtio_pci_modern_dev.ko \
		 drivers/virtio/virtio_pci_legacy_dev.ko drivers/virtio/virtio.ko \
		 drivers/virtio/virtio_pci.ko drivers/block/virtio_blk.ko \
		 crypto/crc32c_generic.ko fs/jbd2/jbd2.ko fs/mbcache.ko lib/crc16.ko \
		 fs/ext4/ext4.ko; do
		[ -f "$2/$m" ] || { echo "$PROG: $2/$m missing" >&2; exit 1; }
		cp "$2/$m" "$1/mods/"
		basename "$m" >> "$1/mods/list"
	done
}

# initramfs_pack IR OUT: the cpio archive the kernel unpacks.
initramfs_pack() {
	(cd "$1" && find . | cpio -o -H newc --quiet | gzip -1) > "$2"
}
