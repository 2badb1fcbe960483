#!/bin/sh
# heapread compare on small files: the table has one row per scheme and one
# column per file (sorted by size), CSV and JSON carry n = --reps samples per
# cell, and every cell is a positive number of ns.

srcdir=${srcdir:-$(dirname "$0")/../..}
. "$srcdir/tests/cli/cli_lib.sh"

[ -x "$HEAPREAD" ] || { echo "no heapread program at $HEAPREAD"; exit 99; }
tmp=$(mktemp -d "${TMPDIR_CLI:-.}/cli-test.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM

no_uring=$(uring_missing)
head -c 3000000 /dev/urandom >"$tmp/big"
head -c 5000 /dev/urandom >"$tmp/small"

if uring_skip "compare: the tables (every scheme, CSV, JSON)"; then
	:
else
	run compare --reps 2 --stats "$tmp/big" "$tmp/small"
	if [ "$rc" -eq 0 ] && grep -q '^| scheme-size | 4.9KB(ns) min / median / max | 2.9MB(ns) min / median / max |$' "$tmp/out" &&
	   [ "$(grep -c '^| \(naive\|mmap+read\|O_DIRECT after\|heapread async\)' "$tmp/out")" -eq 12 ] &&
	   [ ! -s "$tmp/err" ]; then
		ok "table: 4 scheme rows in each of the 3 tables, size columns sorted"
	else
		not_ok "table: 4 scheme rows in each of the 3 tables, size columns sorted" "exit $rc"
		sed 's/^/     out: /' "$tmp/out"
	fi
	# The cost tables: CPU per GiB and peak memory + page cache; the naive
	# scheme's peak holds at least its memfd and the file's page cache (2 x 2.9 MB).
	if grep -q '^| scheme-size | 4.9KB(CPU ms/GiB) min / median / max | 2.9MB(CPU ms/GiB) min / median / max |$' "$tmp/out" &&
	   grep -q '^| scheme-size | 4.9KB(peak MiB) min / median / max | 2.9MB(peak MiB) min / median / max |$' "$tmp/out" &&
	   awk -F'|' '/^\| naive/ {n++} /^\| naive/ && n == 3 {split($4, a, " / "); exit !(a[2] + 0 >= 5)}' "$tmp/out"; then
		ok "cost tables: CPU ms/GiB and peak MiB, naive holds memfd + page cache"
	else
		not_ok "cost tables: CPU ms/GiB and peak MiB, naive holds memfd + page cache" "exit $rc"
		sed 's/^/     out: /' "$tmp/out"
	fi

	run compare --reps 3 --csv --schemes naive,async "$tmp/small"
	if [ "$rc" -eq 0 ] && [ "$(sed -n 1p "$tmp/out")" = "scheme,size_bytes,n,min_ns,median_ns,max_ns" ] &&
	   [ "$(awk -F, 'NR > 1 && $(NF-4) == 5000 && $(NF-3) == 3 && $(NF-2) > 0 && $(NF-2) <= $(NF-1) && $(NF-1) <= $NF' "$tmp/out" | wc -l)" -eq 2 ]; then
		ok "csv: n = reps, 0 < min <= median <= max, only the schemes asked for"
	else
		not_ok "csv: n = reps, 0 < min <= median <= max, only the schemes asked for" "exit $rc"
		sed 's/^/     out: /' "$tmp/out"
	fi

	run compare --reps 2 --json --schemes sync "$tmp/small"
	if [ "$rc" -eq 0 ] && grep -q '"unit":"ns"' "$tmp/out" && grep -q '"samples_ns":\[[0-9]*,[0-9]*\]' "$tmp/out"; then
		ok "json: every sample"
	else
		not_ok "json: every sample" "exit $rc"
	fi
fi

expect_error "compare: no FILE" 2 'no FILE' compare
expect_error "compare: unknown scheme" 2 'schemes' compare --schemes naive,fast "$tmp/small"
: >"$tmp/empty"
expect_error "compare: empty file" 1 'empty' compare "$tmp/small" "$tmp/empty"
finish
