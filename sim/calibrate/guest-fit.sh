#!/bin/sh
# guest-fit.sh - fit the simulator's guest profile on part of a bench-kernel
# run and predict the rest (docs/sim-calibration.md, "The guest: fitted on one
# column, predicting the others").
#
# Usage: guest-fit.sh RESULTS-ioa1.log RESULTS-ioa0.log [FIT_SIZE]
#   the result files `make bench-kernel` leaves in bench/kernel/work/ (or, for
#   both, one file of medians "ioa key size ns" as sim/calibrate/data/ keeps
#   for runs whose raw results are gone); FIT_SIZE (bytes, default 1 GiB) is
#   the column fitted, with init_on_alloc=1.
#
# The fit reads the profile's CPU costs off the medians of that one column,
# phase by phase (each value below says which cell it comes from); the
# device's shape (latency, request size, queue, readahead), the guest's
# memcpy rate (printed by the guest before the table) and the allocator's
# costs without clearing (docs/notes/kernel-qemu.md) are kept.
# Then the host: host_cores (the host cores the guest's vCPUs and its disk's
# I/O thread share) and io_host_cores (the host CPU the disk's transfers
# take) from a grid, the pair that brings the fitted column's overlapped
# loads (the run's default async direct and async buffered loads) and its
# sync loads nearest their medians (the largest |log error|).
# Then `heapread sim` with the fitted profile predicts every cell the run
# measured at 1 GiB and up: the fitted column, the other sizes, and the
# init_on_alloc=0 boot (the same profile with init_on_alloc=0: no refit).
# Each cell: measured median, predicted, error, and whether it is within the
# issue's bound (15 % for heapread's loads, 25 % for the others).
#
# Environment: HEAPREAD (./heapread), PROFILE (sim/profiles/qemu-tcg-guest.conf
# under the source tree), FIT_OUT (write the fitted --set list there),
# HOST (the host's --set list instead of the grid, e.g. "--set host_cores=0"
# for a guest whose vCPUs and disk cost no shared host), RATE0 (cpu_rate of the init_on_alloc=0 boot: the guest's CPU speed there over
# the fitted boot's; default 1, the same share of the host; "cell:KEY" reads
# it off that boot's KEY cell at FIT_SIZE, which is then not counted as held out).
set -eu

[ $# -ge 2 ] || { echo "usage: $0 RESULTS-ioa1.log RESULTS-ioa0.log [FIT_SIZE]" >&2; exit 2; }
IOA1=$1
IOA0=$2
FIT=${3:-1073741824}
HERE=$(cd "$(dirname "$0")" && pwd)
HEAPREAD=${HEAPREAD:-./heapread}
PROFILE=${PROFILE:-$HERE/../profiles/qemu-tcg-guest.conf}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/guest-fit.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# medians FILE IOA: "ioa key size median" for every total and phase (key
# scheme or scheme:phase), and "M name value" for the guest's facts.
medians() {
	if ! grep -q '^R ' "$1"; then
		awk -v ioa="$2" '$1 == "M" { print; next } $1 == ioa' "$1"
		return
	fi
	awk -v ioa="$2" '
	function sortn(a, n,    i, j, t) { for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t } }
	/^M / {
		for (i = 2; i <= NF; i++) if (split($i, kv, "=") == 2 && kv[2] ~ /^[0-9.]+$/) print "M", kv[1], kv[2]
	}
	/^R / {
		scheme = ""; size = ""
		for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
		scheme = f["scheme"]; size = f["size"]
		for (i = 2; i <= NF; i++) {
			split($i, kv, "=")
			k = kv[1]
			if (k ~ /^(scheme|size|rep|gathers|reads|short|nostats|cpu|mem)$/) continue
			key = (k == "total") ? scheme : scheme ":" k
			n = ++cnt[key, size]; v[key, size, n] = kv[2]; keys[key, size] = 1
		}
		delete f
	}
	END {
		for (ks in keys) {
			split(ks, p, SUBSEP); n = cnt[ks]
			for (i = 1; i <= n; i++) a[i] = v[ks, i]
			sortn(a, n)
			printf "%s %s %s %.0f\n", ioa, p[1], p[2], n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
		}
	}' "$1"
}
medians "$IOA1" 1 > "$tmp/m1"
medians "$IOA0" 0 > "$tmp/m0"
cat "$tmp/m1" "$tmp/m0" | grep -v '^M ' > "$tmp/med"

# The fit: closed-form, from the FIT_SIZE column of the init_on_alloc=1 boot.
awk -v fit="$FIT" '
function need(k,    v) { v = m[k]; if (v == "") { printf "guest-fit: no median for %s at %d bytes\n", k, fit > "/dev/stderr"; bad = 1; return 0 } return v }
$1 == "M" { fact[$2] = $3; next }
$3 == fit { m[$2] = $4 }
END {
	pages = fit / 4096
	copy = fact["memcpy_gbps"]
	if (copy == "") { print "guest-fit: the boot printed no memcpy rate" > "/dev/stderr"; exit 1 }
	cp = 4096 / copy
	# kept from docs/notes/kernel-qemu.md (init_on_alloc=0 measurements, not this table):
	# an alloc_pages() call and the per-page cost without clearing
	chunk_ns = 590; page_ns = 42
	dev = fit / need("hr-sync-dio:read")
	# allocation phase = chunks of 256 pages (order 8) + per page + the clear: the clearing rate
	clr = need("hr-sync-dio:alloc") / pages - chunk_ns / 256 - page_ns
	zero = 4096 / clr
	remap = need("normal:mmap") / pages
	# a page-cache page: the sync buffered read (into kernel pages) less its clear and its copy
	pc = need("hr-sync-buf:read") / pages - clr - cp
	if (pc < 0) pc = 0
	# a copy into a user mapping costs more than into kernel pages: normal reads into a mapping
	ucopy = (need("normal:read") - need("hr-sync-buf:read")) / pages
	if (ucopy < 0) ucopy = 0
	# udmabuf create: look each page up and pin it
	pin = need("udmabuf-dio:create") / pages
	# udmabuf direct read: fault + shmem page (two clears) + pin + bvec per page; the device overlaps
	dio = 30; fault = 5000
	shmem = need("udmabuf-dio:read") / pages - fault - 2 * clr - pin - dio
	if (shmem < 0) shmem = 0
	if (bad) exit 1
	printf "--set init_on_alloc=1 --set heap_zeroes=1 --set ra_io_pages=1 --set zero_gbps=%.3f --set copy_gbps=%.2f", zero, copy
	printf " --set dev_gbps=%.3f --set chunk_ns=%d --set page_ns=%.0f --set remap_page_ns=%.0f", dev, chunk_ns, page_ns, remap
	printf " --set pc_page_ns=%.0f --set user_copy_page_ns=%.0f --set pin_page_ns=%.0f", pc, ucopy, pin
	printf " --set dio_page_ns=%d --set fault_ns=%d --set shmem_page_ns=%.0f\n", dio, fault, shmem
}' "$tmp/m1" > "$tmp/fit" || exit 1
# bench key -> sim key
simkey() {
	case $1 in
	udmabuf-buf) echo udmabuf-buffered ;;
	udmabuf-dio) echo udmabuf-direct ;;
	udmabuf-overlap) echo memfd-overlap ;;
	*) echo "$1" ;;
	esac
}

# predict IOA KEY SIZES SETS...: "ioa key size total_ns" lines
predict() {
	_ioa=$1 _k=$2 _sizes=$3
	shift 3
	# shellcheck disable=SC2046
	"$HEAPREAD" sim --profile "$PROFILE" $(cat "$tmp/fit") "$@" --set init_on_alloc="$_ioa" \
		--sizes "$_sizes" --schemes "$(simkey "$_k")" --csv |
		awk -F, -v ioa="$_ioa" -v k="$_k" 'NR > 1 {
			print ioa, k, $(NF - 7), $(NF - 2)
			if (k ~ /^hr-async-dio/) print ioa, k ":alloc_done", $(NF - 7), $(NF - 4)
		}'
}

# The host: the grid point whose worst |log error| on the fitted column's
# direct loads is the smallest, in steps of 0.025 (the sync load's and the O_DIRECT reads'
# totals, and the default async load's allocation phase: how much the
# allocation slows while the reads run is what io_host_cores is); among those,
# the one nearest the buffered loads (sync and the default async: the CPU-bound
# cells only host_cores changes, as the vCPUs' share of the host).
grid_keys=$(awk -v fit="$FIT" '$1 == 1 && $3 == fit && $2 ~ /^(hr-(sync-(dio|buf)|async-(dio|buf)(-qd2-noramp)?)|dio-read(-qd4)?)$/ {print $2}' "$tmp/med" | sort -u)
best=
[ -n "${HOST:-}" ] && best=given
for hc in 1 1.25 1.5 1.75 2; do
	[ -n "${HOST:-}" ] && break
	for io in 0 0.125 0.25 0.375 0.5 0.625 0.75 0.875 1; do
		: > "$tmp/g"
		for k in $grid_keys; do
			predict 1 "$k" "$FIT" --set host_cores=$hc --set io_host_cores=$io >> "$tmp/g"
		done
		score=$(awk -v fit="$FIT" 'FILENAME ~ /g$/ { p[$2] = $4; next }
			$1 == 1 && $3 == fit && ($2 in p) && $2 !~ /^hr-async-dio[-a-z0-9]*$/ {
				e = log(p[$2] / $4); if (e < 0) e = -e
				if ($2 ~ /buf/) { if (e > wb) wb = e } else if (e > wd) wd = e
			}
			END { printf "%d %.5f\n", int(wd / 0.025), wb }' "$tmp/g" "$tmp/med")
		if [ -z "$best" ] || echo "$score $best" | awk '{ exit !($1 < $3 || ($1 == $3 && $2 < $4)) }'; then
			best=$score
			host="--set host_cores=$hc --set io_host_cores=$io"
		fi
	done
done
[ -n "${HOST:-}" ] && host=$HOST
echo " $host" >> "$tmp/fit"
tr -d '\n' < "$tmp/fit" > "$tmp/fit1" && mv "$tmp/fit1" "$tmp/fit"
[ -n "${FIT_OUT:-}" ] && cp "$tmp/fit" "$FIT_OUT"
echo "fitted on init_on_alloc=1, $FIT bytes: $(cat "$tmp/fit")"
echo "host grid: worst |log error| (direct, buffered) $best on: $(echo "$grid_keys" | tr '\n' ' ')"

# The other boot's CPU rate.
RATE0=${RATE0:-1}
rate_cell=
case $RATE0 in
cell:*)
	rate_cell=${RATE0#cell:}
	p=$(predict 0 "$rate_cell" "$FIT" | awk '{print $4}')
	m=$(awk -v k="$rate_cell" -v fit="$FIT" '$1 == 0 && $2 == k && $3 == fit {print $4}' "$tmp/med")
	if [ -z "$p" ] || [ -z "$m" ]; then
		echo "guest-fit: no $rate_cell cell at $FIT bytes" >&2
		exit 1
	fi
	RATE0=$(awk -v p="$p" -v m="$m" 'BEGIN { printf "%.3f", p / m }')
	echo "cpu_rate of the init_on_alloc=0 boot: $RATE0 (its $rate_cell cell at $FIT bytes)"
	;;
*)
	echo "cpu_rate of the init_on_alloc=0 boot: $RATE0"
	;;
esac

keys=$(awk '$2 !~ /:/ && $3 >= 1073741824 {print $2}' "$tmp/med" | sort -u)
sizes=$(awk '$2 !~ /:/ && $3 >= 1073741824 {print $3}' "$tmp/med" | sort -un | tr '\n' ',' | sed 's/,$//')
: > "$tmp/sim"
for k in $keys; do
	predict 1 "$k" "$sizes" >> "$tmp/sim"
	predict 0 "$k" "$sizes" --set cpu_rate="$RATE0" >> "$tmp/sim"
done

echo
echo "| init_on_alloc | scheme | size | measured (ms) | predicted (ms) | error | set | bound | |"
echo "| --- | --- | --- | ---: | ---: | ---: | --- | ---: | --- |"
awk -v fit="$FIT" -v rc="$rate_cell" '
FILENAME ~ /sim$/ { s[$1, $2, $3] = $4; next }
$2 !~ /:/ && $3 >= 1073741824 { meas[$1, $2, $3] = $4; rows[$1 " " $2 " " $3] = 1 }
END {
	for (r in rows) {
		split(r, f, " ")
		p = s[f[1], f[2], f[3]]; mv = meas[f[1], f[2], f[3]]
		if (p == "" || mv == "") continue
		err = (p - mv) / mv
		bound = (f[2] ~ /^hr-/) ? 0.15 : 0.25
		set = (f[1] == 1 && f[3] == fit) ? "fitted" : (f[1] == 0 && f[2] == rc && f[3] == fit) ? "rate" : "held out"
		ok = (err < 0 ? -err : err) <= bound
		printf "| %s | %s | %.0f MiB | %.1f | %.1f | %+.1f %% | %s | %.0f %% | %s |\n", f[1], f[2], f[3] / 1048576,
		       mv / 1e6, p / 1e6, 100 * err, set, 100 * bound, ok ? "within" : "OUTSIDE"
		if (set == "held out") { hr = (f[2] ~ /^hr-/); n[hr]++; w[hr] += ok }
	}
	printf "\nheld out: %d of %d heapread cells within 15 %%, %d of %d other cells within 25 %%\n",
	       w[1], n[1], w[0], n[0] > "/dev/stderr"
}' "$tmp/sim" "$tmp/med" | sort -t'|' -k2,2r -k3,3 -k4,4
