#!/bin/sh
# heapread load benchmark (a benchmark the repo keeps, not a timed test).
#
# In one run, interleaved, REPS times, page cache dropped before every step:
#   fio      O_DIRECT io_uring sequential read of FILE, 4 MiB blocks, 8 in
#            flight (= heapread's 2 workers x qd 4 x 4 MiB): the device's time
#   alloc    allocation alone of the same memfd pages (heapread load --alloc-only)
#   heapread heapread load --direct (allocation overlapped with the reads)
#   naive    allocate the memfd, then buffered read() (heapread compare --schemes naive)
# with 4 KiB pages, and again with 2 MiB hugetlb pages when a pool can be had
# (root: the pool is grown for the run and given back at the end; fio then
# reads into a huge-page buffer too, --iomem=shmhuge).
#
# The bound of an overlapped load is max(fio, alloc) + first gather; the
# script prints every sample, then min / median / max of the times and of the
# ratios heapread/bound, heapread/fio, naive/heapread, and the page cache a
# direct load left.
#
# Host state (docs/notes/perf.md B.0): these VMs hand freed memory back to the host
# a few seconds after it is freed, which makes the next allocation several
# times slower. BENCH_HOST=warm (default) makes every timed step follow an
# untimed allocation and free of the same size, so the host backs the memory;
# BENCH_HOST=cold sleeps BENCH_COLD_SLEEP (10) seconds before every timed step
# instead. The state is printed with the results.
#
# Environment: HEAPREAD (the program), BENCH_FILE (default
# $BENCH_DIR/heapread-bench-4g.bin, made with fio if missing and removed at
# the end unless BENCH_KEEP=1), BENCH_DIR (default .), BENCH_SIZE (4G),
# BENCH_REPS (5), BENCH_HUGE (auto|no|only), BENCH_HOST (warm|cold),
# BENCH_SETTLE (5).
set -u

HEAPREAD=${HEAPREAD:-./heapread}
BENCH_DIR=${BENCH_DIR:-.}
BENCH_SIZE=${BENCH_SIZE:-4G}
BENCH_REPS=${BENCH_REPS:-5}
BENCH_HUGE=${BENCH_HUGE:-auto}
BENCH_HOST=${BENCH_HOST:-warm}
BENCH_COLD_SLEEP=${BENCH_COLD_SLEEP:-10}
BENCH_SETTLE=${BENCH_SETTLE:-5}
FILE=${BENCH_FILE:-$BENCH_DIR/heapread-bench-4g.bin}
RAW=$(mktemp "${TMPDIR:-/tmp}/heapread-bench.XXXXXX")
made_file=no
huge_saved=

die() { echo "load-bench: $*" >&2; exit 1; }

command -v fio >/dev/null || die "fio is needed (apt-get install fio)"
[ -x "$HEAPREAD" ] || die "no heapread program at $HEAPREAD (make first)"

cleanup() {
	[ -n "$huge_saved" ] && echo "$huge_saved" >/proc/sys/vm/nr_hugepages
	[ "$made_file" = yes ] && [ "${BENCH_KEEP:-0}" != 1 ] && rm -f "$FILE"
	rm -f "$RAW"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

if [ ! -f "$FILE" ]; then
	echo "making $FILE ($BENCH_SIZE) with fio..."
	fio --name=make --filename="$FILE" --rw=write --bs=4M --size="$BENCH_SIZE" --direct=1 \
	    --ioengine=io_uring --iodepth=8 --output=/dev/null || die "cannot write $FILE"
	made_file=yes
fi
size=$(stat -c %s "$FILE")

drop_cache() {
	sync
	if [ "$(id -u)" -eq 0 ]; then
		echo 3 >/proc/sys/vm/drop_caches
	else
		dd if="$FILE" iflag=nocache count=0 2>/dev/null
	fi
}

# Put the host in the stated state right before a timed step ($1: the step).
# A step that allocates (alloc, heapread, naive: its page cache too) follows
# an untimed allocation and free of 4 KiB pages of the file's size, which it
# then reuses before the guest reports them to the host. fio allocates
# nothing: it waits BENCH_SETTLE seconds instead, so that the previous step's
# freed memory is not being reported to the host (which slows the virtual
# disk) while it reads. hugetlb pages stay in their pool, always host-backed:
# hugetlb steps that take no page cache wait the same way.
prepare() {	# step kind
	drop_cache
	if [ "$BENCH_HOST" = cold ]; then
		sleep "$BENCH_COLD_SLEEP"
	elif [ "$1" = fio ] || { [ "$2" = hugetlb ] && [ "$1" != naive ]; }; then
		sleep "$BENCH_SETTLE"
	else
		"$HEAPREAD" load --alloc-only --pages 4k "$FILE" >/dev/null || die "warm-up allocation failed"
	fi
}

# json_field NAME < JSON: the number after "NAME":
json_field() { sed -n "s/.*\"$1\":\([0-9.]*\).*/\1/p"; }

record() { echo "$1 $2 $3" >>"$RAW"; }	# kind metric value

run_fio() {	# kind iomem
	out=$(fio --name=read --filename="$FILE" --rw=read --bs=4M --size="$size" --direct=1 \
	      --ioengine=io_uring --iodepth=8 --numjobs=1 --iomem="$2" --output-format=json) ||
		die "fio failed"
	ms=$(echo "$out" | tr -d ' \n' | sed -n 's/.*"read":{[^}]*"runtime":\([0-9]*\).*/\1/p')
	record "$1" fio_s "$(echo "$ms" | awk '{printf "%.4f", $1 / 1000}')"
}

run_alloc() {	# kind
	ns=$("$HEAPREAD" load --alloc-only --json --pages "$1" "$FILE" | json_field alloc_ns)
	[ -n "$ns" ] || die "heapread load --alloc-only failed"
	record "$1" alloc_s "$(echo "$ns" | awk '{printf "%.4f", $1 / 1e9}')"
}

run_heapread() {	# kind
	out=$("$HEAPREAD" load --direct --json --pages "$1" "$FILE") || die "heapread load failed"
	for f in total_ns first_gather_ns alloc_ns io_ns cache_after; do
		v=$(echo "$out" | json_field "$f")
		case $f in
		cache_after) record "$1" cache_left_bytes "$v" ;;
		*) record "$1" "heapread_${f%_ns}_s" "$(echo "$v" | awk '{printf "%.4f", $1 / 1e9}')" ;;
		esac
	done
}

run_naive() {	# kind
	ns=$("$HEAPREAD" compare --schemes naive --reps 1 --csv --pages "$1" "$FILE" |
	     awk -F, 'NR == 2 {print $(NF - 1)}')
	[ -n "$ns" ] || die "heapread compare --schemes naive failed"
	record "$1" naive_s "$(echo "$ns" | awk '{printf "%.4f", $1 / 1e9}')"
}

# Huge pages: a hugetlb pool for the memfd (2048 pages for 4 GiB) and fio's buffer.
kinds=4k
[ "$BENCH_HUGE" = only ] && kinds=
if [ "$BENCH_HUGE" != no ]; then
	need=$(( (size + 2097151) / 2097152 + 32 ))
	free_huge=$(awk '/HugePages_Free/ {print $2}' /proc/meminfo)
	if [ "$free_huge" -lt "$need" ] && [ "$(id -u)" -eq 0 ]; then
		huge_saved=$(cat /proc/sys/vm/nr_hugepages)
		echo $(( huge_saved + need - free_huge )) >/proc/sys/vm/nr_hugepages
		free_huge=$(awk '/HugePages_Free/ {print $2}' /proc/meminfo)
	fi
	if [ "$free_huge" -ge "$need" ]; then
		kinds="$kinds hugetlb"
		# The first use of a fresh pool pays the host's faults once: not a sample.
		"$HEAPREAD" load --alloc-only --pages hugetlb "$FILE" >/dev/null
	else
		echo "huge pages: skipped (need $need free 2 MiB pages, have $free_huge; run as root)"
	fi
fi

echo "heapread load bench: $FILE ($size bytes), $BENCH_REPS reps, host $BENCH_HOST, page kinds: $kinds"
echo "machine: $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo), kernel $(uname -r)," \
     "device $(df --output=source "$FILE" | tail -1) ($(df --output=fstype "$FILE" | tail -1)), fio $(fio --version)"
for rep in $(seq 1 "$BENCH_REPS"); do
	for kind in $kinds; do
		iomem=malloc
		[ "$kind" = hugetlb ] && iomem=shmhuge
		# Interleaved, the order rotated per rep so that none always goes first.
		steps="fio alloc heapread naive"
		for i in $(seq 2 "$rep"); do
			steps="$(echo "$steps" | cut -d' ' -f2-) $(echo "$steps" | cut -d' ' -f1)"
		done
		for step in $steps; do
			prepare "$step" "$kind"
			case $step in
			fio) run_fio "$kind" "$iomem" ;;
			alloc) run_alloc "$kind" ;;
			heapread) run_heapread "$kind" ;;
			naive) run_naive "$kind" ;;
			esac
		done
		echo "rep $rep $kind: $(awk -v k="$kind" -v n="$rep" '$1 == k {v[$2] = $3} END {
			printf "fio %.3f s, alloc %.3f s, heapread %.3f s (first gather %.4f s), naive %.3f s, cache left %d B",
			       v["fio_s"], v["alloc_s"], v["heapread_total_s"], v["heapread_first_gather_s"], v["naive_s"], v["cache_left_bytes"] }' "$RAW")"
	done
done

# Per-rep ratios, then min / median / max of everything.
awk '
function sortn(a, n,    i, j, t) { for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t } }
function stat(key, label,    n, a, i, med) {
	n = cnt[key]; if (!n) return
	for (i = 1; i <= n; i++) a[i] = val[key, i]
	sortn(a, n)
	med = n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	printf "  %-44s %10.4f %10.4f %10.4f  (n=%d)\n", label, a[1], med, a[n], n
}
{ k = $1; m = $2; i = ++seen[k, m]; row[k, m, i] = $3; if (i > reps[k]) reps[k] = i; kinds[k] = 1 }
END {
	for (k in kinds) {
		for (i = 1; i <= reps[k]; i++) {
			fio = row[k, "fio_s", i]; al = row[k, "alloc_s", i]; hr = row[k, "heapread_total_s", i]
			fg = row[k, "heapread_first_gather_s", i]; nv = row[k, "naive_s", i]
			bound = (fio > al ? fio : al) + fg
			add(k, "fio_s", fio); add(k, "alloc_s", al); add(k, "heapread_s", hr); add(k, "naive_s", nv)
			add(k, "first_gather_s", fg); add(k, "bound_s", bound)
			add(k, "cache_left", row[k, "cache_left_bytes", i])
			if (bound > 0) add(k, "r_bound", hr / bound)
			if (fio > 0) add(k, "r_fio", hr / fio)
			if (hr > 0) add(k, "r_naive", nv / hr)
		}
		printf "\n%s pages: min / median / max\n", k
		stat(k SUBSEP "fio_s", "fio O_DIRECT read (s)")
		stat(k SUBSEP "alloc_s", "allocation alone (s)")
		stat(k SUBSEP "first_gather_s", "heapread first gather (s)")
		stat(k SUBSEP "bound_s", "bound = max(fio, alloc) + first gather (s)")
		stat(k SUBSEP "heapread_s", "heapread load --direct (s)")
		stat(k SUBSEP "naive_s", "naive: alloc, then buffered read (s)")
		stat(k SUBSEP "r_bound", "heapread / bound")
		stat(k SUBSEP "r_fio", "heapread / fio")
		stat(k SUBSEP "r_naive", "naive / heapread (speed-up)")
		stat(k SUBSEP "cache_left", "page cache left by heapread (bytes)")
	}
}
function add(k, key, v) { val[k SUBSEP key, ++cnt[k SUBSEP key]] = v }
' "$RAW"
