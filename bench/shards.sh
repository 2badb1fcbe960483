#!/bin/sh
# make bench-shards: a model in four shards of awkward sizes (1 GiB in all)
# loaded into one buffer by one heapread load (the engine's segments: one
# allocation overlapped with the reads of every shard), against the same
# shards loaded one after another (four loads, four buffers: what a program
# does with a one-file loader), O_DIRECT, 4 KiB memfd pages.
#
# BENCH_REPS runs of each, interleaved (the order alternates every run), the
# page cache of the shards dropped before every run, and every timed run
# preceded by an untimed allocation of the same size so that the host backs
# the memory (docs/notes/perf.md B.0). Reported: the library's total time of
# each scheme (one buffer: the load; one after another: the sum of the four),
# min / median / max, and the median of the per-run ratios.
#
# Environment: HEAPREAD (the program), BENCH_DIR (where the shards are made,
# default .), BENCH_REPS (5), BENCH_KEEP=1 keeps the shards.
set -eu
HEAPREAD=${HEAPREAD:-./heapread}
DIR=${BENCH_DIR:-.}
REPS=${BENCH_REPS:-5}
die() { echo "bench-shards: $*" >&2; exit 1; }
[ -x "$HEAPREAD" ] || die "no heapread program at $HEAPREAD (make first)"

# 1 GiB in four awkward pieces: none a multiple of a page, of a block or of a gather.
sizes="419442745 314568703 209715711 130014665"
shards=
i=1
for s in $sizes; do
	f="$DIR/model-0000$i-of-00004.bin"
	if [ ! -f "$f" ] || [ "$(stat -c %s "$f")" != "$s" ]; then
		echo "making $f ($s bytes)"
		head -c "$s" /dev/urandom >"$f" || die "cannot write $f"
	fi
	shards="$shards $f"
	i=$((i + 1))
done
RAW=$(mktemp "${TMPDIR:-/tmp}/heapread-shards.XXXXXX")
cleanup() {
	rm -f "$RAW"
	[ "${BENCH_KEEP:-0}" = 1 ] || for f in $shards; do rm -f "$f"; done
}
trap cleanup EXIT
trap 'exit 1' INT TERM

drop_cache() {
	sync
	for f in $shards; do
		dd if="$f" iflag=nocache count=0 2>/dev/null
	done
	if [ "$(id -u)" -eq 0 ]; then
		echo 3 >/proc/sys/vm/drop_caches
	fi
}

# The host backs 1 GiB again before the timed step (untimed).
warm() {
	# shellcheck disable=SC2086
	set -- $shards
	"$HEAPREAD" load --alloc-only "$1" >/dev/null
	"$HEAPREAD" load --alloc-only "$2" >/dev/null
	"$HEAPREAD" load --alloc-only "$3" >/dev/null
	"$HEAPREAD" load --alloc-only "$4" >/dev/null
}

json_field() { sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p"; }

one_buffer() {
	drop_cache
	warm
	# shellcheck disable=SC2086
	out=$("$HEAPREAD" load --direct --json --verify $shards) || die "one-buffer load failed"
	echo "$out" | grep -q '"verify":"ok"' || die "one-buffer load: verify failed"
	echo "$out" | json_field total_ns
}

one_after_another() {
	drop_cache
	warm
	total=0
	for f in $shards; do
		ns=$("$HEAPREAD" load --direct --json "$f" | json_field total_ns) || die "load of $f failed"
		[ -n "$ns" ] || die "load of $f failed"
		total=$((total + ns))
	done
	echo "$total"
}

echo "bench-shards: 4 shards, $(echo $sizes | tr ' ' '+' | bc) bytes, $REPS interleaved runs, O_DIRECT, 4k pages, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
for rep in $(seq 1 "$REPS"); do
	if [ $((rep % 2)) -eq 1 ]; then
		a=$(one_buffer); b=$(one_after_another)
	else
		b=$(one_after_another); a=$(one_buffer)
	fi
	printf '%s %s %s\n' "$rep" "$a" "$b" | tee -a "$RAW"
done | awk '{ printf "  run %d: one buffer %8.1f ms, one after another %8.1f ms, ratio %.3f\n", $1, $2 / 1e6, $3 / 1e6, $3 / $2 }'

awk '
function sort(a, n,   i, j, t) { for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t } }
function med(a, n) { return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
{ n++; one[n] = $2 / 1e6; seq[n] = $3 / 1e6; r[n] = $3 / $2 }
END {
	sort(one, n); sort(seq, n); sort(r, n)
	printf "\n| scheme (1 GiB in 4 shards, O_DIRECT) | min ms | median ms | max ms |\n|---|---:|---:|---:|\n"
	printf "| one buffer, one load (segments) | %.1f | %.1f | %.1f |\n", one[1], med(one, n), one[n]
	printf "| one after another, four loads | %.1f | %.1f | %.1f |\n", seq[1], med(seq, n), seq[n]
	printf "\none after another / one buffer, per run: min %.3f, median %.3f, max %.3f\n", r[1], med(r, n), r[n]
}' "$RAW"
