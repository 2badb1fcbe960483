#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# guest_fit: sim/calibrate/guest-fit.sh on the bench-kernel runs kept in
# sim/calibrate/data/ gives the held-out scores docs/sim-calibration.md states
# ("The guest"), and the full run's host fit is what
# sim/profiles/qemu-tcg-guest.conf carries. A change of the model that moves
# a score changes the page and this test together.
srcdir=${srcdir:-$(dirname "$0")/../..}
HEAPREAD=${HEAPREAD:-./heapread}
[ -x "$HEAPREAD" ] || { echo "no heapread program at $HEAPREAD"; exit 99; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/guest-fit-test.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
data=$srcdir/sim/calibrate/data
doc=$srcdir/docs/sim-calibration.md
fail=0

# check NAME IOA1 IOA0 SCORE
check() {
	if ! HEAPREAD=$HEAPREAD FIT_OUT="$tmp/$1.fit" sh "$srcdir/sim/calibrate/guest-fit.sh" "$2" "$3" \
		>"$tmp/$1.out" 2>&1; then
		echo "FAIL $1: guest-fit.sh failed"
		sed 's/^/     /' "$tmp/$1.out"
		fail=1
		return
	fi
	got=$(sed -n 's/^held out: //p' "$tmp/$1.out")
	if [ "$got" = "$4" ] && grep -qF "$4" "$doc"; then
		echo "ok   $1: held out $got (as the page says)"
	else
		echo "FAIL $1: held out '$got', the page and this test say '$4'"
		fail=1
	fi
}

check full-run "$data/full-run-medians.txt" "$data/full-run-medians.txt" \
	"12 of 18 heapread cells within 15 %, 20 of 21 other cells within 25 %"
check closing-run "$data/closing-run-ioa1.log" "$data/closing-run-ioa0.log" \
	"10 of 18 heapread cells within 15 %, 10 of 21 other cells within 25 %"

# The profile carries the full run's host, and buffered readers of one file
# that take turns (file_readers = 1: the tables of the page are run with it).
if grep -q "^file_readers *= *1 " "$srcdir/sim/profiles/qemu-tcg-guest.conf"; then
	echo "ok   profile: file_readers=1, as the page's tables"
else
	echo "FAIL profile: qemu-tcg-guest.conf has no file_readers = 1 (the page's tables are run with it)"
	fail=1
fi
for kv in host_cores=1 io_host_cores=0.25; do
	k=${kv%=*}
	v=${kv#*=}
	if grep -q -- "--set $kv\( \|\$\)" "$tmp/full-run.fit" 2>/dev/null &&
	   grep -q "^$k *= *$v " "$srcdir/sim/profiles/qemu-tcg-guest.conf"; then
		echo "ok   profile: $kv, the full run's fit"
	else
		echo "FAIL profile: $kv is not both the full run's fit and qemu-tcg-guest.conf's"
		fail=1
	fi
done
exit $fail
