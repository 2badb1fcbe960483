# bench: benchmarks the project keeps. None runs in make check.
#   make bench-engine FILE=/path/to/big.bin [BENCH_ARGS="--direct --qds 1,2,4"]
EXTRA_PROGRAMS += bench/engine_bench
bench_engine_bench_SOURCES = bench/engine_bench.c
bench_engine_bench_LDADD = libhrcore.la libkshim.la
CLEANFILES += bench/engine_bench

PHONY_TARGETS += bench-engine
bench-engine: bench/engine_bench$(EXEEXT)
	@test -n "$(FILE)" || { echo "usage: make bench-engine FILE=big-file [BENCH_ARGS=...]"; exit 2; }
	bench/engine_bench$(EXEEXT) $(FILE) $(BENCH_ARGS)
