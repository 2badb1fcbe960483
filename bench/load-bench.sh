#!/bin/sh
# heapread load benchmark (a benchmark the repo keeps, not a timed test).
#
# In one run, interleaved, REPS times, page cache dropped before every step:
#   fio      O_DIRECT io_uring sequential read of FILE, 4 MiB blocks, in several
#            configurations (BENCH_FIO: iodepth x numjobs, default 8x1 16x1
#            4x2; numjobs 2 reads the two halves): the device's time is the
#            fastest of them, rep by rep
#   alloc    allocation alone of the same memfd pages (heapread load --alloc-only)
#   heapread heapread load --direct (allocation overlapped with the reads; the
#            gathers ramp from 2 MiB up to 128 MiB and down again)
#   noramp   the same with fixed 128 MiB gathers (--gather-min 0)
#   sync     heapread load --direct --sync: its read phase, into pages allocated
#            before it, is heapread's own "I/O alone"
#   naive    allocate the memfd, then buffered read() (heapread compare --schemes naive)
#   beside   fio's configurations again, each while the same allocation
#            (heapread load --alloc-only) runs beside it: the I/O's time when
#            it shares the machine with the allocation, which an overlapped
#            load cannot beat; max(I/O alone, alloc alone) assumes they share
#            nothing (on a VM both use the memory bus and the host's cores)
# with 4 KiB pages, and again with 2 MiB hugetlb pages when a pool can be had
# (root: the pool is grown for the run and given back at the end; fio then
# reads into a huge-page buffer too, --iomem=shmhuge).
#
# I/O alone = min(fio's configurations, the sync load's read phase), per rep.
# Targets (issue 15), each printed beside its ratio with met / MISSED, on the
# ratio of the medians (the median of the per-rep ratios beside it):
#   4 KiB pages: heapread <= 1.05 x max(I/O alone, alloc alone);
#                naive / heapread >= 3
#   hugetlb:     heapread <= 1.02 x I/O alone
# Cost, per step: CPU seconds per GiB (heapread and naive: getrusage of the
# process over the load, every thread; fio: its own, /usr/bin/time's user +
# system of the fio process and its job processes) and the peak of memory +
# page cache (heapread, naive: peak RSS + hugetlb + the file's page cache the
# load added; fio: its peak RSS, plus its 32 MiB shmhuge buffer with huge
# pages, which RSS does not count).
#
# Host state (docs/notes/perf.md B.0): these VMs hand freed memory back to the host
# a few seconds after it is freed, which makes the next allocation several
# times slower. BENCH_HOST=warm (default) makes every timed step follow an
# untimed allocation and free of the same size, so the host backs the memory;
# BENCH_HOST=cold sleeps BENCH_COLD_SLEEP (10) seconds before every timed step
# instead. The state is printed with the results, and so is the load average.
#
# Environment: HEAPREAD (the program), BENCH_FILE (default
# $BENCH_DIR/heapread-bench-4g.bin, made with fio if missing and removed at
# the end unless BENCH_KEEP=1), BENCH_DIR (default .), BENCH_SIZE (4G),
# BENCH_REPS (5), BENCH_HUGE (auto|no|only), BENCH_HOST (warm|cold),
# BENCH_SETTLE (5), BENCH_FIO ("8x1 16x1 4x2"), BENCH_STEPS (all of
# "fio alloc heapread noramp sync naive beside").
set -u

HEAPREAD=${HEAPREAD:-./heapread}
BENCH_DIR=${BENCH_DIR:-.}
BENCH_SIZE=${BENCH_SIZE:-4G}
BENCH_REPS=${BENCH_REPS:-5}
BENCH_HUGE=${BENCH_HUGE:-auto}
BENCH_HOST=${BENCH_HOST:-warm}
BENCH_COLD_SLEEP=${BENCH_COLD_SLEEP:-10}
BENCH_SETTLE=${BENCH_SETTLE:-5}
BENCH_FIO=${BENCH_FIO:-8x1 16x1 4x2}
BENCH_STEPS=${BENCH_STEPS:-fio alloc heapread noramp sync naive beside}
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
json_field() { sed -n "s/.*\"$1\":\([0-9.-]*\).*/\1/p"; }

record() { echo "$1 $2 $3" >>"$RAW"; }	# kind metric value

ns_to_s() { awk -v v="$1" 'BEGIN {printf "%.4f", v / 1e9}'; }
per_gib() { awk -v v="$1" -v sz="$size" 'BEGIN {printf "%.4f", v / (sz / 1073741824)}'; }

# One fio configuration: "QDxJOBS". Time = bytes / aggregate bandwidth; CPU
# and peak RSS of fio and its job processes from /usr/bin/time. The metrics
# are named PREFIX_CONFIG (fio by default).
run_fio() {	# kind iomem config [prefix]
	pfx=${4:-fio}
	qd=${3%x*}
	jobs=${3#*x}
	tfile=$(mktemp "${TMPDIR:-/tmp}/heapread-bench-time.XXXXXX")
	out=$(/usr/bin/time -f '%U %S %M' -o "$tfile" fio --name=read --filename="$FILE" --rw=read --bs=4M \
	      --size=$((size / jobs)) --offset_increment=$((size / jobs)) --direct=1 --ioengine=io_uring \
	      --iodepth="$qd" --numjobs="$jobs" --group_reporting --iomem="$2" --output-format=json) ||
		{ rm -f "$tfile"; die "fio failed"; }
	set -- "$1" "$2" "$3" $(echo "$out" | tr -d ' \n' |
		sed -n 's/.*"read":{"io_bytes":\([0-9]*\),"io_kbytes":[0-9]*,"bw_bytes":\([0-9]*\).*/\1 \2/p')
	[ -n "${5:-}" ] && [ "$5" -gt 0 ] || { rm -f "$tfile"; die "fio: no read bandwidth in its output"; }
	record "$1" "${pfx}_${3}_s" "$(awk -v b="$4" -v bw="$5" 'BEGIN {printf "%.4f", b / bw}')"
	read -r u sy maxkb < "$tfile"
	rm -f "$tfile"
	extra=0
	[ "$1" = hugetlb ] && extra=$((qd * jobs * 4194304))
	[ "$pfx" = fio ] || return 0
	record "$1" "cpu_fio_${3}" "$(awk -v u="$u" -v s="$sy" -v sz="$size" 'BEGIN {printf "%.4f", (u + s) / (sz / 1073741824)}')"
	record "$1" "mem_fio_${3}" "$((maxkb * 1024 + extra))"
}

# fio while the same allocation runs beside it (started together, as a load
# starts reading after its first gather); the allocation is not timed here.
run_fio_beside_alloc() {	# kind iomem config
	"$HEAPREAD" load --alloc-only --pages "$1" "$FILE" >/dev/null &
	apid=$!
	run_fio "$1" "$2" "$3" beside
	wait "$apid" || die "heapread load --alloc-only beside fio failed"
}

run_alloc() {	# kind
	ns=$("$HEAPREAD" load --alloc-only --json --pages "$1" "$FILE" | json_field alloc_ns)
	[ -n "$ns" ] || die "heapread load --alloc-only failed"
	record "$1" alloc_s "$(ns_to_s "$ns")"
}

# heapread load: total, phases, page cache left, CPU and peak (name: the step).
run_heapread() {	# kind step extra-options...
	kind=$1
	step=$2
	shift 2
	out=$("$HEAPREAD" load --direct --json --no-progress --pages "$kind" "$@" "$FILE") || die "heapread load failed"
	for f in total_ns first_gather_ns alloc_ns io_ns cache_after cpu_ns peak_bytes; do
		v=$(echo "$out" | json_field "$f")
		[ -n "$v" ] || die "heapread load --json: no $f"
		case $f in
		cache_after) record "$kind" "cache_left_$step" "$v" ;;
		cpu_ns) record "$kind" "cpu_$step" "$(per_gib "$(ns_to_s "$v")")" ;;
		peak_bytes) record "$kind" "mem_$step" "$v" ;;
		*) record "$kind" "${step}_${f%_ns}_s" "$(ns_to_s "$v")" ;;
		esac
	done
}

# naive through heapread compare: its three tables (time ns, CPU ms/GiB, peak MiB).
run_naive() {	# kind
	set -- "$1" $("$HEAPREAD" compare --schemes naive --reps 1 --pages "$1" "$FILE" |
		awk -F'|' '/^\| naive/ {gsub(/[ ,]/, "", $3); printf "%s ", $3}')
	[ -n "${4:-}" ] || die "heapread compare --schemes naive failed"
	record "$1" naive_s "$(ns_to_s "$2")"
	record "$1" cpu_naive "$(awk -v v="$3" 'BEGIN {printf "%.4f", v / 1000}')"
	record "$1" mem_naive "$(($4 * 1048576))"
}

# Huge pages: a hugetlb pool for the memfd (2048 pages for 4 GiB) and fio's buffer.
kinds=4k
[ "$BENCH_HUGE" = only ] && kinds=
if [ "$BENCH_HUGE" != no ]; then
	# The memfd's pages, and fio's buffers (qd x jobs x 4 MiB) beside them
	# (the beside step holds both at once), with a little to spare.
	fio_pages=0
	for cfg in $BENCH_FIO; do
		p=$(( ${cfg%x*} * ${cfg#*x} * 2 ))
		[ "$p" -le "$fio_pages" ] || fio_pages=$p
	done
	need=$(( (size + 2097151) / 2097152 + fio_pages + 8 ))
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

echo "heapread load bench: $FILE ($size bytes), $BENCH_REPS reps, host $BENCH_HOST, page kinds: $kinds, fio $BENCH_FIO"
echo "machine: $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo), kernel $(uname -r)," \
     "device $(df --output=source "$FILE" | tail -1) ($(df --output=fstype "$FILE" | tail -1)), fio $(fio --version)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for rep in $(seq 1 "$BENCH_REPS"); do
	for kind in $kinds; do
		iomem=malloc
		[ "$kind" = hugetlb ] && iomem=shmhuge
		# Interleaved, the order rotated per rep so that none always goes first.
		steps=$BENCH_STEPS
		for i in $(seq 2 "$rep"); do
			steps="$(echo "$steps" | cut -d' ' -f2-) $(echo "$steps" | cut -d' ' -f1)"
		done
		for step in $steps; do
			case $step in
			fio)
				for cfg in $BENCH_FIO; do
					prepare fio "$kind"
					run_fio "$kind" "$iomem" "$cfg"
				done ;;
			alloc) prepare alloc "$kind"; run_alloc "$kind" ;;
			heapread) prepare heapread "$kind"; run_heapread "$kind" heapread ;;
			noramp) prepare heapread "$kind"; run_heapread "$kind" noramp --gather-min 0 ;;
			sync) prepare heapread "$kind"; run_heapread "$kind" sync --sync ;;
			naive) prepare naive "$kind"; run_naive "$kind" ;;
			beside)
				for cfg in $BENCH_FIO; do
					prepare heapread "$kind"
					run_fio_beside_alloc "$kind" "$iomem" "$cfg"
				done ;;
			esac
		done
		echo "rep $rep $kind ($(cut -d' ' -f1 /proc/loadavg) load): $(awk -v k="$kind" '$1 == k {v[$2] = $3} END {
			for (m in v) if (m ~ /^fio_.*_s$/) printf "%s %.3f s, ", m, v[m]
			printf "alloc %.3f s, heapread %.3f s (first gather %.4f s), noramp %.3f s, sync read %.3f s, naive %.3f s",
			       v["alloc_s"], v["heapread_total_s"], v["heapread_first_gather_s"], v["noramp_total_s"],
			       v["sync_io_s"] - v["sync_alloc_s"], v["naive_s"] }' "$RAW")"
	done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

# Per-rep ratios, then min / median / max of everything, and the targets.
awk -v fios="$BENCH_FIO" '
function sortn(a, n,    i, j, t) { for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t } }
function med(key,    n, a, i) {
	n = cnt[key]; if (!n) return ""
	for (i = 1; i <= n; i++) a[i] = val[key, i]
	sortn(a, n)
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
function stat(key, label,    n, a, i) {
	n = cnt[key]; if (!n) return
	for (i = 1; i <= n; i++) a[i] = val[key, i]
	sortn(a, n)
	printf "| %s | %.4f | %.4f | %.4f | %d |\n", label, a[1], med(key), a[n], n
}
# A target on the ratio of the medians (num / den, or num / max(den, den2)),
# the median of the per-rep ratios (key) beside it for the spread.
function target(k, num, den, den2, key, label, limit, le,    m, d, r, ok) {
	m = med(k SUBSEP num); d = iomed[k]
	if (den != "io") d = med(k SUBSEP den)
	if (den2 == "alloc" && med(k SUBSEP "alloc_s") > d) d = med(k SUBSEP "alloc_s")
	if (m == "" || d == "" || d <= 0) return
	if (le) r = m / d; else r = d / m
	ok = le ? r <= limit : r >= limit
	printf "| %s | %.3f | %.3f | %s %.2f | %s |\n", label, r, med(k SUBSEP key), le ? "<=" : ">=", limit, ok ? "met" : "MISSED"
}
function add(k, key, v) { if (v != "") val[k SUBSEP key, ++cnt[k SUBSEP key]] = v }
{ k = $1; m = $2; i = ++seen[k, m]; row[k, m, i] = $3; if (i > reps[k]) reps[k] = i; kinds[k] = 1; metric[m] = 1 }
END {
	nf = split(fios, cfg, " ")
	for (k in kinds) {
		for (i = 1; i <= reps[k]; i++) {
			fio = ""; fiocfg = ""
			for (c = 1; c <= nf; c++) {
				v = row[k, "fio_" cfg[c] "_s", i]
				add(k, "fio_" cfg[c] "_s", v)
				if (v != "" && (fio == "" || v < fio)) { fio = v; fiocfg = cfg[c] }
			}
			al = row[k, "alloc_s", i]; hr = row[k, "heapread_total_s", i]; nr = row[k, "noramp_total_s", i]
			fg = row[k, "heapread_first_gather_s", i]; nv = row[k, "naive_s", i]
			sr = ""
			if (row[k, "sync_io_s", i] != "") sr = row[k, "sync_io_s", i] - row[k, "sync_alloc_s", i]
			io = fio; if (sr != "" && (io == "" || sr < io)) io = sr
			bs = ""
			for (c = 1; c <= nf; c++) {
				v = row[k, "beside_" cfg[c] "_s", i]
				if (v != "" && (bs == "" || v < bs)) bs = v
			}
			add(k, "io_beside_s", bs)
			if (hr != "" && bs > 0) add(k, "r_beside", hr / bs)
			if (bs != "" && io > 0) add(k, "r_interference", bs / io)
			if (io != "" && sr != "" && io == sr) fromsync[k]++
			mx = (io > al ? io : al)
			add(k, "fio_s", fio); add(k, "sync_read_s", sr); add(k, "io_alone_s", io); add(k, "alloc_s", al)
			add(k, "heapread_s", hr); add(k, "noramp_s", nr); add(k, "naive_s", nv); add(k, "first_gather_s", fg)
			add(k, "noramp_first_gather_s", row[k, "noramp_first_gather_s", i])
			add(k, "cache_left", row[k, "cache_left_heapread", i])
			if (hr != "" && mx > 0) add(k, "r_max", hr / mx)
			if (nr != "" && mx > 0) add(k, "r_max_noramp", nr / mx)
			if (hr != "" && io > 0) add(k, "r_io", hr / io)
			if (nr != "" && io > 0) add(k, "r_io_noramp", nr / io)
			if (hr != "" && nr != "") add(k, "r_ramp", hr / nr)
			if (hr > 0 && nv != "") add(k, "r_naive", nv / hr)
			for (m in metric) if (m ~ /^(cpu|mem)_/) add(k, m, row[k, m, i])
		}
		printf "\n%s pages: seconds, min / median / max\n\n| | min | median | max | n |\n| --- | ---: | ---: | ---: | ---: |\n", k
		for (c = 1; c <= nf; c++) stat(k SUBSEP "fio_" cfg[c] "_s", "fio O_DIRECT read, iodepth x jobs " cfg[c])
		stat(k SUBSEP "sync_read_s", "heapread --sync: its read phase (pages allocated before)")
		stat(k SUBSEP "io_alone_s", "I/O alone: fastest of the above, per rep")
		stat(k SUBSEP "alloc_s", "allocation alone")
		stat(k SUBSEP "io_beside_s", "I/O beside the allocation: fastest fio configuration while it runs")
		stat(k SUBSEP "first_gather_s", "heapread first gather (ramp)")
		stat(k SUBSEP "noramp_first_gather_s", "heapread first gather (no ramp)")
		stat(k SUBSEP "heapread_s", "heapread load --direct (ramp, the default)")
		stat(k SUBSEP "noramp_s", "heapread load --direct --gather-min 0 (no ramp)")
		stat(k SUBSEP "naive_s", "naive: alloc, then buffered read")
		stat(k SUBSEP "r_max", "heapread / max(I/O alone, alloc alone)")
		stat(k SUBSEP "r_max_noramp", "no ramp / max(I/O alone, alloc alone)")
		stat(k SUBSEP "r_io", "heapread / I/O alone")
		stat(k SUBSEP "r_io_noramp", "no ramp / I/O alone")
		stat(k SUBSEP "r_ramp", "heapread / no ramp")
		stat(k SUBSEP "r_naive", "naive / heapread (speed-up)")
		stat(k SUBSEP "r_interference", "I/O beside the allocation / I/O alone (what sharing costs)")
		stat(k SUBSEP "r_beside", "heapread / I/O beside the allocation")
		stat(k SUBSEP "cache_left", "page cache left by heapread (bytes)")
		printf "\nI/O alone came from the sync load in %d of %d reps, from fio otherwise.\n", fromsync[k], reps[k]
		printf "\n%s pages: cost per step, min / median / max\n\n| step | CPU s/GiB min | median | max | peak memory + page cache GiB min | median | max |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n", k
		split("heapread noramp sync naive", st, " ")
		for (c = 1; c <= nf; c++) st[4 + c] = "fio_" cfg[c]
		for (j = 1; j <= 4 + nf; j++) {
			ck = k SUBSEP "cpu_" st[j]; mk = k SUBSEP "mem_" st[j]
			if (!cnt[ck]) continue
			n = cnt[ck]; for (i = 1; i <= n; i++) a[i] = val[ck, i]; sortn(a, n); c1 = a[1]; c3 = a[n]
			n = cnt[mk]; for (i = 1; i <= n; i++) b[i] = val[mk, i] / 1073741824; sortn(b, n)
			printf "| %s | %.3f | %.3f | %.3f | %.2f | %.2f | %.2f |\n", st[j], c1, med(ck), c3, b[1], med(mk) / 1073741824, b[n]
		}
		# I/O alone for the targets: the fastest median among the fio configurations
		# and the read phase of the sync load. The fastest of the four in each
		# rep is biased low (the least of four noisy draws against one draw of
		# heapread), so the targets take ratios of medians.
		iomed[k] = med(k SUBSEP "sync_read_s"); iofrom[k] = "the read phase of heapread --sync"
		for (c = 1; c <= nf; c++) {
			v = med(k SUBSEP "fio_" cfg[c] "_s")
			if (v != "" && (iomed[k] == "" || v < iomed[k])) { iomed[k] = v; iofrom[k] = "fio " cfg[c] }
		}
		printf "\n%s pages: targets (issue 15), ratio of the medians; I/O alone = %s (median %.4f s)\n\n| ratio | of medians | median of per-rep ratios | target | |\n| --- | ---: | ---: | ---: | --- |\n", k, iofrom[k], iomed[k]
		if (k == "hugetlb") {
			target(k, "heapread_s", "io", "", "r_io", "heapread / I/O alone", 1.02, 1)
			target(k, "noramp_s", "io", "", "r_io_noramp", "no ramp / I/O alone (for comparison)", 1.02, 1)
			target(k, "heapread_s", "io_beside_s", "", "r_beside", "heapread / I/O beside the allocation (for comparison)", 1.02, 1)
		} else {
			target(k, "heapread_s", "io", "alloc", "r_max", "heapread / max(I/O alone, alloc alone)", 1.05, 1)
			target(k, "noramp_s", "io", "alloc", "r_max_noramp", "no ramp / max(I/O alone, alloc alone) (for comparison)", 1.05, 1)
			target(k, "heapread_s", "naive_s", "", "r_naive", "naive / heapread", 3, 0)
		}
	}
}
' "$RAW"
