#!/bin/sh
# heapread load with several FILEs, --offset, --length and --max-buffer: every
# segment verified byte by byte against its file and every byte no segment
# covers zero (--verify), the placements the report and --json give, and the
# errors of bad ranges and caps.

srcdir=${srcdir:-$(dirname "$0")/../..}
. "$srcdir/tests/cli/cli_lib.sh"

if [ ! -x "$HEAPREAD" ]; then
	echo "no heapread program at $HEAPREAD"
	exit 99
fi
tmp=$(mktemp -d "${TMPDIR_CLI:-.}/cli-test.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
no_uring=$(uring_missing)
if [ -n "$no_uring" ]; then
	echo "SKIP: $no_uring"
	exit 77
fi

# Four shards of awkward sizes.
head -c 1048577 /dev/urandom >"$tmp/a"
head -c 777 /dev/urandom >"$tmp/b"
head -c 4095 /dev/urandom >"$tmp/c"
head -c 3145729 /dev/urandom >"$tmp/d"

expect_ok "four files into one buffer, verified" 'verify +ok' \
	load --verify --gather 64K "$tmp/a" "$tmp/b" "$tmp/c" "$tmp/d"
grep -q "4 files: .* into 1 buffer" "$tmp/out" && ok "the report says one buffer" ||
	not_ok "the report says one buffer"
# a is 1048577 bytes: b starts at the next page, 1052672.
grep -Eq "segment 1 .*777 bytes .* offset 1052672" "$tmp/out" && ok "b lands at the page after a" ||
	not_ok "b lands at the page after a" "$(cat "$tmp/out")"
expect_ok "four files, buffered" 'verify +ok' load --buffered --verify "$tmp/a" "$tmp/b" "$tmp/c" "$tmp/d"
expect_ok "four files, sync" 'verify +ok' load --sync --verify "$tmp/a" "$tmp/b" "$tmp/c" "$tmp/d"
for off in 0 1 511 4095 4096 4097 65535; do
	expect_ok "--offset $off --length 70001, verified" 'verify +ok' \
		load --verify --gather 64K --offset "$off" --length 70001 "$tmp/a" "$tmp/d"
done
expect_ok "--offset alone: up to the end" 'verify +ok' load --verify --offset 1000000 "$tmp/a"
grep -Eq "48577 bytes from 1000000" "$tmp/out" && ok "--offset alone: the rest of the file" ||
	not_ok "--offset alone: the rest of the file"
expect_ok "--max-buffer: two buffers" 'into 2 buffers' \
	load --verify --max-buffer 4M "$tmp/a" "$tmp/b" "$tmp/c" "$tmp/d"
grep -Eq 'verify +ok' "$tmp/out" && ok "--max-buffer: verified" || not_ok "--max-buffer: verified"
run load --json "$tmp/a" "$tmp/b"
if [ "$rc" -eq 0 ] && grep -q '"segments":\[{"file":"[^"]*/a","offset":0,"length":1048577,"buffer":0,"buffer_offset":0},{"file":"[^"]*/b","offset":0,"length":777,"buffer":0,"buffer_offset":1052672}\]' "$tmp/out"; then
	ok "--json lists the segments"
else
	not_ok "--json lists the segments" "$(cat "$tmp/out")"
fi

expect_error "--length past the end of one file" 1 'b: .*out of range' \
	load --length 1000 "$tmp/a" "$tmp/b"
expect_error "--offset past the end" 1 'No such device or address' load --offset 5000 "$tmp/c"
expect_error "a file above --max-buffer" 1 'File too large' load --max-buffer 1M "$tmp/a" "$tmp/d"
expect_error "--max-buffer not a page multiple" 2 'max-buffer' load --max-buffer 1000 "$tmp/a"

finish
