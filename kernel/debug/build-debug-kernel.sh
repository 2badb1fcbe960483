#!/bin/sh
# build-debug-kernel.sh - build heapread's debug kernel from Debian's
# linux-source-7.3 (KASAN, lockdep, kmemleak, KFENCE, fault injection; the
# config is kernel/debug/debug.config) with kernel/upstream/'s series applied.
#
# Usage: build-debug-kernel.sh SRCDIR [--patches N] [--no-series] [--source-only]
#   SRCDIR         top of the heapread source tree
#   --patches N    apply only the series' first N patches (the bisect check)
#   --no-series    apply none (same as --patches 0)
#   --source-only  only fetch and unpack; print KDSRC (the git tree, whose
#                  tag "base" is the source as shipped) and nothing else
#
# Cache: $HEAPREAD_DEBUG_CACHE (default ~/.cache/heapread/debug-7.3) holds the
# .deb, the unpacked source as a git tree (commit "base" is Debian's source as
# shipped), one build directory obj-<hash of debug.config>/ per config (make
# O=...) and in it a stamp naming what it was built from: a hash of the config
# files and the applied patches. A matching
# stamp is a cache hit (no make at all); anything else is an incremental make
# after resetting the source to base and applying the patches again. The whole
# script holds an exclusive flock on the cache; readers (check-debug-kernel.sh)
# take it shared.
#
# On success, prints shell assignments on stdout, for eval:
#   KDSRC=<source> KDOBJ=<build dir, also the M= target for modules>
#   KDIMAGE=<bzImage> KDHDR=<installed uapi headers> KDVER=<kernelrelease>
# Exit status 77 (skip) with a reason when a tool or the network is missing.
set -eu

skip() { echo "build-debug-kernel: SKIP: $*" >&2; exit 77; }
log() { echo "build-debug-kernel: $*" >&2; }
die() { echo "build-debug-kernel: $*" >&2; exit 1; }

[ $# -ge 1 ] || { echo "usage: $0 SRCDIR [--patches N|--no-series]" >&2; exit 2; }
TOP=$(cd "$1" && pwd)
shift
NPATCH=all
SOURCE_ONLY=0
while [ $# -gt 0 ]; do
	case $1 in
	--patches) NPATCH=$2; shift 2 ;;
	--no-series) NPATCH=0; shift ;;
	--source-only) SOURCE_ONLY=1; shift ;;
	*) echo "build-debug-kernel: unknown argument $1" >&2; exit 2 ;;
	esac
done

for t in apt-get dpkg-deb tar xz git make gcc flex bison bc flock sha256sum perl; do
	command -v "$t" >/dev/null 2>&1 || skip "$t not found (apt-get install flex bison bc libssl-dev libelf-dev)"
done
[ -f /usr/include/libelf.h ] || [ -f /usr/include/gelf.h ] || skip "libelf headers not found (apt-get install libelf-dev)"
[ -f /usr/include/openssl/ssl.h ] || skip "openssl headers not found (apt-get install libssl-dev)"

FRAG=$TOP/kernel/debug/debug.config
# Options that exist only once the series is applied: set and checked when
# the applied patches define them (see configure()).
SFRAG=$TOP/kernel/debug/series.config
CACHE=${HEAPREAD_DEBUG_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/heapread/debug-7.3}
JOBS=${HEAPREAD_DEBUG_JOBS:-$(nproc 2>/dev/null || echo 2)}
PKG=linux-source-7.3
SUITE=trixie-backports
SRC=$CACHE/src
# One build directory per debug.config: a config change (CONFIG_NET turns
# most objects stale) builds a new one from scratch instead of rebuilding the
# one that an older checkout (or another branch) still uses; going back is a
# cache hit. A build directory from before this scheme ($CACHE/obj) is not
# used.
OBJ=$CACHE/obj-$(sha256sum < "$FRAG" | cut -c1-12)
mkdir -p "$CACHE"
# The tree's "base" never changes once made: readers of it need no lock.
if [ "$SOURCE_ONLY" = 1 ] && git -C "$SRC" rev-parse -q --verify base >/dev/null 2>&1; then
	echo "KDSRC=$SRC"
	exit 0
fi
exec 9>"$CACHE/lock"
flock 9

# The series' patches in order (the cover letter is not a patch).
PATCHES=$(ls "$TOP"/kernel/upstream/*.patch 2>/dev/null | grep -v '/0000-' || true)
if [ "$NPATCH" != all ]; then
	PATCHES=$(printf '%s\n' $PATCHES | head -n "$NPATCH")
fi

# What obj/ is built from. The format version bumps when this script changes
# how it builds.
KEY=$({ echo "format 1"; cat "$FRAG" "$SFRAG"; for p in $PATCHES; do echo "== $(basename "$p")"; cat "$p"; done; } |
	sha256sum | cut -c1-16)

emit() {
	echo "KDSRC=$SRC"
	echo "KDOBJ=$OBJ"
	echo "KDIMAGE=$OBJ/arch/x86/boot/bzImage"
	echo "KDHDR=$OBJ/usr/include"
	echo "KDVER=$(cat "$OBJ/include/config/kernel.release")"
	echo "KDKEY=$KEY"
}

if [ "$SOURCE_ONLY" = 0 ] && [ -f "$OBJ/.heapread-key" ] && [ "$(cat "$OBJ/.heapread-key")" = "$KEY" ] &&
	[ -f "$OBJ/arch/x86/boot/bzImage" ]; then
	log "cache hit ($KEY, $(printf '%s\n' $PATCHES | grep -c . || true) patches)"
	emit
	exit 0
fi
t0=$(date +%s)

# 1. The source package, from trixie-backports through a private apt state
# (the system's sources stay as they are), with the system's own mirror.
fetch_deb() {
	ls "$CACHE"/debs/${PKG}_*.deb >/dev/null 2>&1 && return 0
	mirror=$(sed -n 's/^URIs: *\([^ ]*debian\)$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1)
	[ -n "$mirror" ] || mirror=$(sed -n 's/^deb \(http[^ ]*debian\) .*/\1/p' /etc/apt/sources.list 2>/dev/null | head -n 1)
	[ -n "$mirror" ] || mirror=http://deb.debian.org/debian
	A=$CACHE/apt
	mkdir -p "$A/lists/partial" "$A/cache/archives/partial" "$A/etc" "$CACHE/debs"
	echo "deb $mirror $SUITE main" > "$A/etc/sources.list"
	set -- -o Dir::Etc::sourcelist="$A/etc/sources.list" -o Dir::Etc::sourceparts=/dev/null \
		-o Dir::State::Lists="$A/lists" -o Dir::Cache="$A/cache"
	log "downloading $PKG from $mirror $SUITE"
	apt-get -q "$@" update >&2 2>/dev/null || skip "apt-get update of $SUITE failed (network?)"
	(cd "$CACHE/debs" && apt-get -q "$@" download $PKG >&2 2>/dev/null) ||
		skip "apt-get download $PKG failed"
}

# 2. Unpacked once into a git tree whose commit "base" is the source as
# shipped: applying another series is a reset plus git apply, and make only
# rebuilds what the patches touch.
unpack() {
	git -C "$SRC" rev-parse -q --verify base >/dev/null 2>&1 && return 0
	log "unpacking $PKG into $SRC"
	rm -rf "$SRC" "$CACHE/unpack"
	mkdir -p "$CACHE/unpack"
	dpkg-deb --fsys-tarfile "$(ls "$CACHE"/debs/${PKG}_*.deb | sort -V | tail -n 1)" |
		tar -xO ./usr/src/$PKG.tar.xz | xz -dc -T2 | tar -x -C "$CACHE/unpack"
	mv "$CACHE/unpack/$PKG" "$SRC"
	rmdir "$CACHE/unpack"
	git -C "$SRC" init -q
	# No background gc: it would outlive us holding the lock (fd 9).
	git -C "$SRC" config gc.auto 0
	# -f: Debian's top-level .gitignore ignores everything ("/*").
	git -C "$SRC" add -f -A .
	git -C "$SRC" -c user.name=heapread -c user.email=heapread@localhost \
		commit -q -m "Debian $PKG as shipped"
	git -C "$SRC" tag base
}

apply_series() {
	git -C "$SRC" reset -q --hard base
	# -x: files the patches add are "ignored" too (see above); obj/ is elsewhere.
	git -C "$SRC" clean -q -fdx
	for p in $PATCHES; do
		log "applying $(basename "$p")"
		git -C "$SRC" apply --whitespace=error-all "$p" || die "$(basename "$p") does not apply"
	done
}

# 3. The config: tinyconfig, the fragment, olddefconfig; then every line of
# the fragment must hold, or the build stops and names the lines that do not.
# The lines of debug.config, then those of series.config whose symbol the
# applied patches define.
config_lines() {
	grep -e '^CONFIG_' -e '^# CONFIG_.* is not set' "$FRAG" || true
	grep -e '^CONFIG_' -e '^# CONFIG_.* is not set' "$SFRAG" 2>/dev/null |
	while read -r line; do
		o=${line#\# }; o=${o%%[= ]*}
		if git -C "$SRC" grep -q -e "^config ${o#CONFIG_}\$" -- '*Kconfig*' 2>/dev/null; then
			echo "$line"
		fi
	done
}

configure() {
	config_lines > "$CACHE/config-lines"
	fkey=$(sha256sum "$CACHE/config-lines" | cut -c1-16)
	if [ -f "$OBJ/.config" ] && [ "$(cat "$OBJ/.heapread-config" 2>/dev/null)" = "$fkey" ]; then
		return 0
	fi
	log "configuring (tinyconfig + kernel/debug/debug.config + what the series adds)"
	mkdir -p "$OBJ"
	make -s -C "$SRC" O="$OBJ" tinyconfig >&2
	set --
	while read -r line; do
		case $line in
		CONFIG_*=y) set -- "$@" -e "${line%%=*}" ;;
		CONFIG_*=*) set -- "$@" --set-val "${line%%=*}" "${line#*=}" ;;
		"# CONFIG_"*" is not set") o=${line#\# }; set -- "$@" -d "${o%% *}" ;;
		esac
	done < "$CACHE/config-lines"
	"$SRC/scripts/config" --file "$OBJ/.config" "$@"
	make -s -C "$SRC" O="$OBJ" olddefconfig >&2
	bad=
	while read -r line; do
		case $line in
		CONFIG_*=*) grep -qx "$line" "$OBJ/.config" || bad="$bad ${line%%=*}" ;;
		"# CONFIG_"*" is not set")
			o=${line#\# }; o=${o%% *}
			! grep -q "^$o=" "$OBJ/.config" || bad="$bad !$o" ;;
		esac
	done < "$CACHE/config-lines"
	[ -z "$bad" ] || die "these config lines did not survive olddefconfig (missing dependencies?):$bad"
	log "config: all $(wc -l < "$CACHE/config-lines") lines of debug.config (and series.config) hold"
	echo "$fkey" > "$OBJ/.heapread-config"
}

fetch_deb
unpack
if [ "$SOURCE_ONLY" = 1 ]; then
	echo "KDSRC=$SRC"
	exit 0
fi
rm -f "$OBJ/.heapread-key"
apply_series
configure
log "make -j$JOBS bzImage modules headers (gcc $(gcc -dumpversion))"
tb=$(date +%s)
make -s -C "$SRC" O="$OBJ" -j"$JOBS" bzImage modules >&2 || die "kernel build failed"
make -s -C "$SRC" O="$OBJ" headers >&2 || die "make headers failed"
echo "$KEY" > "$OBJ/.heapread-key"
log "built in $(( $(date +%s) - tb )) s (whole script $(( $(date +%s) - t0 )) s)"
emit
