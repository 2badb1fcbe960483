# The heapread program. Subcommands add their sources from sim/sim.mk (the
# simulator) and sim/loader.mk (real backends, load and compare).
bin_PROGRAMS += heapread
heapread_SOURCES = sim/heapread.c sim/commands.h
heapread_LDADD = libhrcore.la libkshim.la
