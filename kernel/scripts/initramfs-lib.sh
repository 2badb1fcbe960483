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
# dependency order in IR/mods/list: fetch-kernel.sh wrote that order, from
# the kernel's modules.dep, in KMODS/heapread-disk.list (crc32c_generic is
# not in ext4's depends= on 6.1 but metadata_csum needs it there, and the
# guest has no modprobe helper).
initramfs_disk_modules() {
	initramfs_modules "$1" "$2" disk list
}

# initramfs_modules IR KMODS SET LIST: the modules of KMODS/heapread-SET.list
# into IR/mods/, their names in load order into IR/mods/LIST.
initramfs_modules() {
	[ -f "$2/heapread-$3.list" ] || { echo "$PROG: $2/heapread-$3.list missing (kernel/scripts/guest-modules.sh writes it)" >&2; exit 1; }
	: > "$1/mods/$4"
	for m in $(cat "$2/heapread-$3.list"); do
		[ -f "$2/$m" ] || { echo "$PROG: $2/$m missing" >&2; exit 1; }
		cp "$2/$m" "$1/mods/"
		basename "$m" >> "$1/mods/$4"
	done
}

# initramfs_pack IR OUT: the cpio archive the kernel unpacks.
initramfs_pack() {
	(cd "$1" && find . | cpio -o -H newc --quiet | gzip -1) > "$2"
}
