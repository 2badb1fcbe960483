# lib: libheapread, the userspace loader as a library (docs/loader.md,
# man 3 libheapread). Its public header is lib/include/libheapread.h; api.c
# is the public functions, loader.c one load through the core/ engine, the
# backend_* files the kshim page allocator and struct file over lib/sys/.
#
# libhrloader.la is the whole library as a convenience library: the heapread
# program and the tests link it in (no libtool wrapper, valgrind sees the
# program itself). libheapread.la is the same code installed as a shared
# library that exports only the hrl_* API (lib/libheapread.sym).
noinst_LTLIBRARIES += libhrloader.la
libhrloader_la_SOURCES = \
	lib/api.c \
	lib/backend_memfd.c lib/backend_memfd.h \
	lib/backend_uring.c lib/backend_uring.h \
	lib/loader.c lib/loader.h
libhrloader_la_CPPFLAGS = $(AM_CPPFLAGS) $(LIB_CPPFLAGS)

# What a program links for one real load, in link order.
LOADER_LIBS = libhrloader.la libhrcore.la libkshim.la libhrsys.la $(URING_LIBS)

# The installed library. Version: libtool's current:revision:age; bump it
# as https://www.gnu.org/software/libtool/manual/html_node/Updating-version-info.html says.
lib_LTLIBRARIES += libheapread.la
libheapread_la_SOURCES =
# Link with the C compiler (automake picks the linker from the sources).
nodist_EXTRA_libheapread_la_SOURCES = lib/dummy.c
libheapread_la_LIBADD = libhrloader.la libhrcore.la libkshim.la libhrsys.la \
	$(URING_LIBS) $(PTHREAD_LIBS)
libheapread_la_LDFLAGS = -version-info 0:0:0 -no-undefined \
	-Wl,--version-script=$(srcdir)/lib/libheapread.sym
EXTRA_libheapread_la_DEPENDENCIES = $(srcdir)/lib/libheapread.sym
include_HEADERS += lib/include/libheapread.h
pkgconfig_DATA += lib/heapread.pc
DISTCLEANFILES += lib/heapread.pc

EXTRA_DIST += docs/loader.md lib/libheapread.sym lib/heapread.pc.in

# Section 3: the overview, one page per function group, and .so links for
# the other names.
dist_man_MANS += man/man3/libheapread.3 \
	man/man3/hrl_load.3 man/man3/hrl_load_file.3 man/man3/hrl_load_range.3 \
	man/man3/hrl_result_free.3 man/man3/hrl_opts_init.3 \
	man/man3/hrl_cancel.3 man/man3/hrl_cancel_new.3 man/man3/hrl_cancel_free.3 \
	man/man3/hrl_target_available.3 man/man3/hrl_target_name.3 man/man3/hrl_version.3
