# The heapread program. Subcommands add their sources from sim/sim.mk (the
# simulator) and sim/loader.mk (real backends, load and compare).
bin_PROGRAMS += heapread
heapread_SOURCES = sim/heapread.c sim/commands.h
heapread_LDADD = libhrcore.la libkshim.la

# heapread load --module: the kernel module's ioctl (libc and uapi only).
noinst_LTLIBRARIES += libhrmod.la
libhrmod_la_SOURCES = sim/module_load.c sim/module_load.h
libhrmod_la_CPPFLAGS = -I$(top_srcdir)/sim -I$(top_srcdir)/kernel
heapread_LDADD += libhrmod.la
