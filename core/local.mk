# core: the engine, kernel C. The same files are compiled into kernel/heapread.ko.
noinst_LTLIBRARIES += libhrcore.la
libhrcore_la_SOURCES = \
	core/alloc.c \
	core/gather.c \
	core/heapread.h \
	core/heapread_segment.h \
	core/internal.h \
	core/load.c \
	core/read.c \
	core/segment.c
libhrcore_la_CPPFLAGS = $(AM_CPPFLAGS) $(CORE_CPPFLAGS)
libhrcore_la_CFLAGS = $(AM_CFLAGS) $(KERNEL_CFLAGS)
