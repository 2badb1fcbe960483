# lib: the real userspace loader (libheapread to be): memfd pages filled by
# io_uring reads through the core/ engine. This half is the kshim side: a page
# backend and a struct file over lib/sys/, and one load. docs/loader.md.
noinst_LTLIBRARIES += libhrloader.la
libhrloader_la_SOURCES = \
	lib/backend_memfd.c lib/backend_memfd.h \
	lib/backend_uring.c lib/backend_uring.h \
	lib/loader.c lib/loader.h
libhrloader_la_CPPFLAGS = $(AM_CPPFLAGS) $(LIB_CPPFLAGS)

# What a program links for one real load, in link order.
LOADER_LIBS = libhrloader.la libhrcore.la libkshim.la libhrsys.la $(URING_LIBS)

EXTRA_DIST += docs/loader.md
