# lib/sys: the libc/uapi half of the real I/O (liburing, memfd, udmabuf, page
# cache, the module's ioctl, the Chrome trace, messages and the clock). No kshim
# include path here: the <linux/...> headers liburing pulls in are the system's.
noinst_LTLIBRARIES += libhrsys.la
libhrsys_la_SOURCES = \
	lib/sys/cli_util.c lib/sys/cli_util.h \
	lib/sys/memfd_buf.c lib/sys/memfd_buf.h \
	lib/sys/module_load.c lib/sys/module_load.h \
	lib/sys/pagecache.c lib/sys/pagecache.h \
	lib/sys/pattern.h \
	lib/sys/trace.c lib/sys/trace.h \
	lib/sys/uring_read.c lib/sys/uring_read.h
libhrsys_la_CPPFLAGS = $(AM_CPPFLAGS) $(SYS_CPPFLAGS) $(UAPI_CPPFLAGS) $(URING_CFLAGS)
libhrsys_la_LIBADD = $(URING_LIBS)
