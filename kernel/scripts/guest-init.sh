#!/bin/busybox sh
# guest-init.sh - /init of the test initramfs: mount what the test needs,
# load the disk's modules, run heapread_ktest (which loads heapread.ko and
# reports the verdict through isa-debug-exit).
/bin/busybox mkdir -p /bin /proc /sys /dev /mnt /tmp
/bin/busybox --install -s /bin
mount -t devtmpfs dev /dev
exec </dev/console >/dev/console 2>&1
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t tmpfs tmp /tmp
echo "init: up after $(cut -d' ' -f1 /proc/uptime) s"
for m in $(cat /mods/list); do
	insmod "/mods/$m" || echo "init: insmod $m failed"
done
for m in $(cat /mods/extra); do
	insmod "/mods/$m" || echo "init: insmod $m failed (the checks that need it skip)"
done
mount -t cgroup2 none /sys/fs/cgroup || echo "init: no cgroup2"
mount -t debugfs none /sys/kernel/debug 2>/dev/null
echo 15 > /proc/sys/kernel/hung_task_timeout_secs 2>/dev/null
if mount -t ext4 /dev/vda /mnt; then
	/heapread_ktest run
	echo "init: heapread_ktest exited with $? at $(cut -d' ' -f1 /proc/uptime) s"
else
	echo "FAIL mount-test-disk: cannot mount /dev/vda" > /dev/ttyS1
fi
dmesg | tail -n 30
# Reached only when the test did not report a verdict itself.
/heapread_ktest verdict-fail
poweroff -f
