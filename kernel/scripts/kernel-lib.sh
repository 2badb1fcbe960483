# kernel-lib.sh - what the kernel scripts share: the Debian kernels heapread
# is tested on, where each one comes from, a private apt state per kernel,
# the cache lock, and the run over the kernels asked for with its verdict.
# Sourced (not run); the caller defines skip() and log().
#
# A kernel is named by its series: 6.1 (Debian 12), 6.12 (bookworm-backports,
# built with gcc-12 like the host) and 7.3 (trixie-backports, built with
# gcc-14; its kbuild tools need glibc 2.38, so its modules are built inside a
# trixie build root, buildroot.sh).

HEAPREAD_KERNELS="6.1 6.12 7.3"
KCACHE=${HEAPREAD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/heapread/kernel}

# kernel_conf SERIES: sets KSUITES (the apt suites, as "repo:suite" where
# repo is main or security), KBUILDROOT (empty, or the Debian release of the
# build root), KCC (the compiler the headers ask for) and KHEAPS (yes when
# the stock kernel has dma-heaps: the kernel's dmabuf-heap selftest runs in
# its guest).
kernel_conf() {
	case $1 in
	6.1) KSUITES="main:bookworm security:bookworm-security" KBUILDROOT= KCC=gcc-12 KHEAPS=no ;;
	6.12) KSUITES="main:bookworm-backports" KBUILDROOT= KCC=gcc-12 KHEAPS=yes ;;
	7.3) KSUITES="main:trixie-backports" KBUILDROOT=trixie KCC=gcc-14 KHEAPS=yes ;;
	*) return 1 ;;
	esac
}

# kernel_list [SERIES]: the series asked for (all when empty), or exit 2.
kernel_list() {
	if [ -z "${1:-}" ] || [ "$1" = all ]; then
		echo "$HEAPREAD_KERNELS"
		return 0
	fi
	kernel_conf "$1" || { echo "unknown KERNEL=$1 (known: $HEAPREAD_KERNELS)" >&2; exit 2; }
	echo "$1"
}

# kernel_args [SERIES...]: the kernels a script's arguments name (all when
# none), or exit 2 on an unknown one: KERNELS=$(kernel_args "$@").
kernel_args() {
	for a in "${@:-all}"; do
		kernel_list "$a"
	done
}

# kernel_each FUNCTION SERIES...: run FUNCTION SERIES in a subshell for each
# kernel, errexit off (the function's status is the verdict: 0 passed, 77
# skipped, else failed). Sets KPASSED, KSKIPPED and KFAILED, the kernels of
# each verdict as " 6.1 7.3" (empty when none).
kernel_each() {
	each_fn=$1
	shift
	KPASSED=
	KSKIPPED=
	KFAILED=
	for each_k in "$@"; do
		set +e
		("$each_fn" "$each_k")
		each_rc=$?
		set -e
		case $each_rc in
		0) KPASSED="$KPASSED $each_k" ;;
		77) KSKIPPED="$KSKIPPED $each_k" ;;
		*) KFAILED="$KFAILED $each_k" ;;
		esac
	done
}

# kernel_verdict WHAT [NOTE]: log "WHAT passed: ...; skipped: ...; failed:
# ... NOTE" after kernel_each, then exit 1 when a kernel failed, 77 when
# none passed (all skipped); return 0 when every kernel that ran passed.
kernel_verdict() {
	log "$1 passed:${KPASSED:- none}; skipped:${KSKIPPED:- none}; failed:${KFAILED:- none}${2:+ $2}"
	[ -z "$KFAILED" ] || exit 1
	[ -n "$KPASSED" ] || exit 77
}

# kernel_mirror main|security: the mirror the system's own apt sources use
# (HEAPREAD_MIRROR / HEAPREAD_SECURITY_MIRROR win), else Debian's CDN.
kernel_mirror() {
	uri=
	case $1 in
	main) uri=${HEAPREAD_MIRROR:-} ;;
	security) uri=${HEAPREAD_SECURITY_MIRROR:-} ;;
	esac
	if [ -z "$uri" ]; then
		# deb822 records (URIs: / Suites:) and one-line "deb URI SUITE ..." entries.
		uri=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk -v kind="$1" '
			function flush() {
				if (u != "" && ((kind == "security") == (s ~ /-security/)) && !found) {
					print u; found = 1
				}
				u = ""; s = ""
			}
			/^[ \t]*$/ { flush(); next }
			/^URIs:/ { u = $2 }
			/^Suites:/ { s = $0 }
			END { flush() }')
		[ -n "$uri" ] || uri=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
			awk -v kind="$1" '$1 == "deb" && $2 !~ /^\[/ &&
				((kind == "security") == ($3 ~ /-security/)) { print $2; exit }')
	fi
	if [ -z "$uri" ]; then
		uri=http://deb.debian.org/debian
		[ "$1" = security ] && uri=http://deb.debian.org/debian-security
	fi
	echo "$uri"
}

# kernel_lock NAME: take an exclusive lock on $KCACHE/NAME.lock for the rest
# of the calling (sub)shell, on fd 9. Helpers share the cache.
kernel_lock() {
	mkdir -p "$KCACHE"
	command -v flock >/dev/null 2>&1 || skip "flock not found (util-linux)"
	exec 9>"$KCACHE/$1.lock"
	flock 9
}

# kernel_apt SERIES: a private apt state for the kernel's suites, leaving the
# system's sources and lists alone; sets APT_OPTS. The lists are refreshed
# when older than 6 hours (kernel_apt_update forces it).
kernel_apt() {
	APT_DIR=$KCACHE/apt/$1
	mkdir -p "$APT_DIR/lists/partial" "$APT_DIR/cache/archives/partial"
	: > "$APT_DIR/sources.list.new"
	for s in $KSUITES; do
		echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $(kernel_mirror "${s%%:*}") ${s#*:} main" \
			>> "$APT_DIR/sources.list.new"
	done
	mv "$APT_DIR/sources.list.new" "$APT_DIR/sources.list"
	APT_OPTS="-o Dir::Etc::sourcelist=$APT_DIR/sources.list -o Dir::Etc::sourceparts=/dev/null
		-o Dir::State::Lists=$APT_DIR/lists -o Dir::Cache=$APT_DIR/cache
		-o Dir::State::status=/dev/null -o APT::Get::List-Cleanup=0"
	if [ -z "$(find "$APT_DIR/lists" -maxdepth 1 -name '*_Packages*' -mmin -360 2>/dev/null)" ]; then
		kernel_apt_update || true
	fi
}

kernel_apt_update() {
	log "apt-get update ($KSUITES) into $APT_DIR"
	# shellcheck disable=SC2086
	apt-get $APT_OPTS -q update >/dev/null 2>"$APT_DIR/update.err" || {
		sed 's/^/  /' "$APT_DIR/update.err" >&2
		return 1
	}
}

# kernel_deb PACKAGE: the newest cached .deb of PACKAGE.
kernel_deb() {
	ls "$KCACHE/debs/${1}"_*.deb 2>/dev/null | sort -V | tail -n 1
}

# kernel_download PACKAGE...: into $KCACHE/debs, what is not there yet.
# Called with the debs lock held.
kernel_download() {
	missing=
	for p in "$@"; do
		[ -n "$(kernel_deb "$p")" ] || missing="$missing $p"
	done
	[ -n "$missing" ] || return 0
	log "downloading$missing"
	# apt-get download as root into a dir _apt cannot read warns; harmless.
	# shellcheck disable=SC2086
	(cd "$KCACHE/debs" && apt-get $APT_OPTS -q download $missing >/dev/null 2>&1) && return 0
	# Stale lists name a version the archive dropped: refresh once.
	kernel_apt_update || return 1
	# shellcheck disable=SC2086
	(cd "$KCACHE/debs" && apt-get $APT_OPTS -q download $missing >&2)
}

# kernel_depends PACKAGE PATTERN: the names in PACKAGE's Depends: that match
# the (grep -E) PATTERN, one per line.
kernel_depends() {
	# shellcheck disable=SC2086
	apt-cache $APT_OPTS show "$1" 2>/dev/null | sed -n 's/^Depends: //p' | head -n 1 |
		tr ',|' '\n\n' | sed 's/^ *//; s/ .*//' | grep -E "$2" | sort -u
}

# kernel_chroot ROOT COMMAND...: run COMMAND in the build root with /proc
# (objtool reads it) and $KCHROOT_BIND (a host directory, seen as /mnt/build
# inside) mounted in a private mount namespace: nothing stays mounted when
# it exits, and two builds at once each see their own /mnt/build.
kernel_chroot() {
	croot=$1
	shift
	command -v unshare >/dev/null 2>&1 || skip "unshare not found (util-linux)"
	unshare --mount --propagation private sh -c '
		root=$1; shift
		mount -t proc proc "$root/proc" || exit 1
		if [ -n "${KCHROOT_BIND:-}" ]; then
			mount --bind "$KCHROOT_BIND" "$root/mnt/build" || exit 1
		fi
		exec chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
			HOME=/root LC_ALL=C.UTF-8 "$@"' sh "$croot" "$@"
}
