#!/bin/busybox sh
# guest-init.sh - /init of the debug kernel's guest (make check-kernel-debug):
# everything the test needs is built into the kernel; mount, then run
# heapread_kdebug, which runs the steps and reports the verdict itself.
/bin/busybox mkdir -p /bin /proc /sys /dev /mnt /tmp
/bin/busybox --install -s /bin
mount -t devtmpfs dev /dev
exec </dev/console >/dev/console 2>&1
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t tmpfs tmp /tmp
mount -t cgroup2 none /sys/fs/cgroup || echo "init: no cgroup2"
mount -t debugfs none /sys/kernel/debug || echo "init: no debugfs"
echo "init: up after $(cut -d' ' -f1 /proc/uptime) s"
if mount -t ext4 /dev/vda /mnt; then
	/heapread_kdebug run
	echo "init: heapread_kdebug exited with $? at $(cut -d' ' -f1 /proc/uptime) s"
else
	echo "FAIL mount-test-disk: cannot mount /dev/vda" > /dev/ttyS1
fi
dmesg | tail -n 40
# Reached only when heapread_kdebug did not report a verdict itself.
/heapread_kdebug verdict-fail
poweroff -f
