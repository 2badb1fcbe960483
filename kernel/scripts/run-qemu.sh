#!/bin/sh
# run-qemu.sh - boot the test guest under qemu TCG and read its verdict
#
# Usage: run-qemu.sh KERNEL INITRD DISK WORKDIR [TIMEOUT_SECONDS]
#
# The console goes to WORKDIR/serial.log, the test's result lines to
# WORKDIR/results.log (a second serial port). The guest reports through
# isa-debug-exit: qemu exits 1 for a pass, 3 for a fail. Any other exit
# (panic, poweroff before a verdict, timeout 124) is a failure. Prints the
# result lines, then "check-kernel: N passed, M failed"; on failure also
# the console log. Exit status 0 only for a pass; 77 when qemu is missing.
set -u

[ $# -ge 4 ] || { echo "usage: $0 KERNEL INITRD DISK WORKDIR [TIMEOUT]" >&2; exit 2; }
KERNEL=$1 INITRD=$2 DISK=$3 WORK=$4 TIMEOUT=${5:-150}
QEMU=${QEMU:-qemu-system-x86_64}

command -v "$QEMU" >/dev/null 2>&1 ||
	{ echo "run-qemu: SKIP: $QEMU not found (apt-get install --no-install-recommends qemu-system-x86)"; exit 77; }
command -v timeout >/dev/null 2>&1 ||
	{ echo "run-qemu: SKIP: timeout not found (coreutils)"; exit 77; }

SERIAL=$WORK/serial.log
RESULTS=$WORK/results.log
rm -f "$SERIAL" "$RESULTS"
start=$(date +%s.%N)
# TCG only: the /dev/kvm of these machines cannot run a stock kernel.
# snapshot=on: the guest may write to the disk, the image stays as made.
# init_on_alloc=0: Debian turns it on, which would zero every page and hide
# an engine that forgets to clear the tail past EOF or a len allocation.
timeout --foreground -k 5 "$TIMEOUT" "$QEMU" -accel tcg -m 1536 -smp 2 \
	-nodefaults -display none -no-reboot \
	-kernel "$KERNEL" -initrd "$INITRD" \
	-append "console=ttyS0 loglevel=5 panic=-1 init_on_alloc=0 rdinit=/init" \
	-drive "file=$DISK,format=raw,if=virtio,snapshot=on,cache=unsafe" \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-serial "file:$SERIAL" -serial "file:$RESULTS" </dev/null
rc=$?
end=$(date +%s.%N)
secs=$(awk "BEGIN { printf \"%.1f\", $end - $start }")

touch "$RESULTS"
cat "$RESULTS"
passed=$(grep -c '^PASS ' "$RESULTS")
failed=$(grep -c '^FAIL ' "$RESULTS")
why=
case $rc in
1) ;;
3) why="the guest reported a failure" ;;
124|137) why="timeout after ${TIMEOUT} s (hang)" ;;
0) why="the guest stopped without a verdict (panic or crash)" ;;
*) why="qemu exited with status $rc" ;;
esac
[ "$rc" = 1 ] && [ "$failed" -gt 0 ] && why="FAIL lines despite a pass verdict"
[ "$rc" = 1 ] && [ "$passed" = 0 ] && why="no check ran"
if ! grep -q '^RESULT ' "$RESULTS"; then
	[ -n "$why" ] || why="no RESULT line"
	failed=$((failed + 1))
fi
echo "run-qemu: guest run took $secs s (qemu exit status $rc)"
if [ -n "$why" ]; then
	echo "run-qemu: FAILED: $why; console log ($SERIAL):"
	sed 's/^/  | /' "$SERIAL"
	[ "$failed" -gt 0 ] || failed=1
fi
echo "check-kernel: $passed passed, $failed failed"
[ -z "$why" ]
