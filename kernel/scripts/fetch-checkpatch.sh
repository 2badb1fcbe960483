#!/bin/sh
# fetch-checkpatch.sh - get scripts/checkpatch.pl (and the data files it
# reads) from Debian's linux-source-6.1 package: neither linux-kbuild-6.1 nor
# the linux-headers packages ship it.
#
# The .deb is cached in $HEAPREAD_CACHE (default ~/.cache/heapread/kernel);
# the few extracted files are cached there as well. Prints the path of
# checkpatch.pl on stdout; exits 77 with a one-line reason when it cannot.
set -eu

skip() { echo "fetch-checkpatch: SKIP: $*" >&2; exit 77; }
log() { echo "fetch-checkpatch: $*" >&2; }

CACHE=${HEAPREAD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/heapread/kernel}
mkdir -p "$CACHE/debs"
cd "$CACHE/debs"
if ! ls linux-source-6.1_*.deb >/dev/null 2>&1; then
	command -v apt-get >/dev/null 2>&1 || skip "apt-get not found (need a Debian host)"
	log "downloading linux-source-6.1 (about 140 MB) into $CACHE/debs"
	apt-get download linux-source-6.1 >&2 ||
		skip "apt-get download linux-source-6.1 failed (no network or no apt lists?)"
fi
DEB=$(ls linux-source-6.1_*.deb | sort -V | tail -n 1)
VER=$(basename "$DEB" .deb)
OUT=$CACHE/checkpatch/$VER
if [ ! -f "$OUT/scripts/checkpatch.pl" ]; then
	command -v xz >/dev/null 2>&1 || skip "xz not found (apt-get install xz-utils)"
	log "extracting checkpatch.pl from $DEB"
	rm -rf "$OUT.tmp"
	mkdir -p "$OUT.tmp"
	dpkg-deb --fsys-tarfile "$DEB" |
		tar -xO ./usr/src/linux-source-6.1.tar.xz |
		xz -dc |
		tar -x -C "$OUT.tmp" --strip-components=1 --wildcards \
			'*/scripts/checkpatch.pl' '*/scripts/spelling.txt' \
			'*/scripts/const_structs.checkpatch'
	rm -rf "$OUT"
	mv "$OUT.tmp" "$OUT"
fi
echo "$OUT/scripts/checkpatch.pl"
