# bench: benchmarks the project keeps. None runs in make check.
#   make bench-engine FILE=/path/to/big.bin [BENCH_ARGS="--direct --qds 1,2,4"]
#   make bench-load   fio vs allocation alone vs heapread load, 4 GiB (docs/loader.md)
#   make bench-sim    the whole default table must simulate in under 2 s
#   make bench-kernel the seed's table in a booted kernel (bench/kernel/local.mk)
EXTRA_PROGRAMS += bench/engine_bench
bench_engine_bench_SOURCES = bench/engine_bench.c
bench_engine_bench_CPPFLAGS = $(AM_CPPFLAGS) $(CORE_CPPFLAGS)
bench_engine_bench_LDADD = libhrcore.la libkshim.la
CLEANFILES += bench/engine_bench

PHONY_TARGETS += bench-engine
bench-engine: bench/engine_bench$(EXEEXT)
	@test -n "$(FILE)" || { echo "usage: make bench-engine FILE=big-file [BENCH_ARGS=...]"; exit 2; }
	bench/engine_bench$(EXEEXT) $(FILE) $(BENCH_ARGS)

EXTRA_DIST += bench/load-bench.sh bench/sim-speed.sh
PHONY_TARGETS += bench-load bench-sim
bench-load: heapread$(EXEEXT)
	HEAPREAD=$(abs_top_builddir)/heapread$(EXEEXT) $(SHELL) $(srcdir)/bench/load-bench.sh
bench-sim: heapread$(EXEEXT)
	HEAPREAD=$(abs_top_builddir)/heapread$(EXEEXT) $(SHELL) $(srcdir)/bench/sim-speed.sh

# make bench-shards: four shards of awkward sizes (1 GiB) into one buffer by one
# load, against one load after another (bench/shards.sh; issue 14).
EXTRA_DIST += bench/shards.sh
PHONY_TARGETS += bench-shards
bench-shards: heapread$(EXEEXT)
	HEAPREAD=$(abs_top_builddir)/heapread$(EXEEXT) $(SHELL) $(srcdir)/bench/shards.sh
