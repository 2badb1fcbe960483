#!/bin/sh
# Build the examples against the installed libheapread (pkg-config, the
# installed header and library only) and run them on files written here.
# Called by make installcheck with the install's directories in the
# environment: DESTDIR prefix libdir pkgconfigdir CC CFLAGS PKG_CONFIG.
#   run-examples.sh SRCDIR OUTDIR
set -eu
src=$1
out=$2
PKG_CONFIG=${PKG_CONFIG:-pkg-config}

# The .pc file names $prefix; with DESTDIR the files are under it.
export PKG_CONFIG_PATH="${DESTDIR:-}$pkgconfigdir"
pc="$PKG_CONFIG --define-variable=prefix=${DESTDIR:-}$prefix"
$pc --exists heapread || { echo "installcheck: heapread.pc not found in $PKG_CONFIG_PATH"; exit 1; }
cflags=$($pc --cflags heapread)
libs=$($pc --libs heapread)
echo "installcheck: pkg-config heapread $($pc --modversion heapread): $cflags $libs"
export LD_LIBRARY_PATH="${DESTDIR:-}$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

for prog in load_file load_shards; do
	# shellcheck disable=SC2086
	$CC $CFLAGS $cflags -o "$out/$prog" "$src/$prog.c" $libs
done
# The program must use the installed library, not one of the build tree.
lib=$(ldd "$out/load_file" | sed -n 's/.*libheapread[^ ]* => \([^ ]*\).*/\1/p')
case $lib in
"${DESTDIR:-}$libdir"/*) echo "installcheck: load_file uses $lib" ;;
*) echo "installcheck: load_file does not use the installed library (ldd: '$lib')"; exit 1 ;;
esac
# Only the API is exported.
if command -v nm >/dev/null; then
	extra=$(nm -D --defined-only "$lib" | awk '$2 == "T" && $3 !~ /^hrl_/ { print $3 }')
	[ -z "$extra" ] || { echo "installcheck: libheapread exports more than hrl_*: $extra"; exit 1; }
	echo "installcheck: libheapread exports $(nm -D --defined-only "$lib" | awk '$2 == "T"' | wc -l) functions, all hrl_*"
fi
if command -v c++ >/dev/null; then
	# shellcheck disable=SC2086
	c++ $cflags -o "$out/cxx_header" "$src/cxx_header.cc" $libs
	"$out/cxx_header"
fi

# Files of awkward sizes, a deterministic pattern.
mk() {
	awk -v n="$2" 'BEGIN { srand(7); for (i = 0; i < n; i += 16) printf "%08x:%06x\n", i, int(rand() * 16777216) }' |
		head -c "$2" > "$1"
}
mk "$out/shard-1.bin" 1048577
mk "$out/shard-2.bin" 777
mk "$out/shard-3.bin" 2101247
"$out/load_file" "$out/shard-1.bin"
"$out/load_file" "$out/shard-3.bin" 4097 1048576
"$out/load_shards" "$out/shard-1.bin" "$out/shard-2.bin" "$out/shard-3.bin"
"$out/load_shards" --cap 2101248 "$out/shard-1.bin" "$out/shard-2.bin" "$out/shard-3.bin"
rm -f "$out"/shard-*.bin
echo "installcheck: examples ok"
