/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * libheapread's inside: one load of a list of opened byte ranges into a fresh
 * memfd through the engine and the real backends. The public API
 * (include/libheapread.h, api.c) opens the files, checks the ranges, groups
 * them into buffers and calls hr_load_srcs() once per buffer. Nothing here
 * prints: every failure is a -errno and a line in a struct hrl_error.
 *
 * hr_load_file() and hr_alloc_only() are what `heapread compare` still uses.
 */
#ifndef HEAPREAD_LOADER_H
#define HEAPREAD_LOADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "libheapread.h"
#include "backend_memfd.h"
#include "memfd_buf.h"
#include "uring_read.h"

struct hr_trace;

enum hr_io_mode {
	HR_IO_DIRECT,
	HR_IO_BUFFERED,
	HR_IO_AUTO,	/* buffered when the file is mostly cached, direct otherwise */
};

/*
 * Gathers read at once by the loader. Its own default, not the engine's: each
 * worker already keeps --qd io_uring requests in flight, and 2 x 4 x 4 MiB was
 * as fast as any other setting in the sweep of docs/loader.md.
 */
#define HR_LOAD_DEFAULT_WORKERS	2

struct hr_load_opts {
	enum hr_io_mode mode;
	uint64_t gather;	/* 0: the engine's default */
	uint64_t gather_min;	/* the ramp's smallest gather; 0: the engine's; UINT64_MAX: no ramp */
	unsigned int workers;	/* gathers read at once (engine queue_depth); 0: the engine's */
	unsigned int qd;	/* io_uring requests in flight per worker */
	uint64_t io_size;	/* bytes per request */
	enum hr_page_kind pages;
	bool sync;		/* allocate everything, then read (the seed's patch 1) */
	bool fixed;		/* registered buffers */
	bool progress;		/* progress bar (hr_load_file only, on a terminal) */
	struct hr_trace *trace;
	/* The library's: */
	hrl_progress_fn progress_fn;
	void *progress_arg;
	uint64_t progress_base;	/* bytes of earlier buffers of the same load */
	uint64_t progress_total;
	struct hrl_cancel *cancel;
};

/* One byte range, opened by the caller of hr_load_srcs(). */
struct hr_src {
	const char *name;	/* for messages */
	int fd;			/* the load's own open file description */
	uint64_t file_size;	/* when it was opened */
	uint64_t offset;	/* first byte */
	uint64_t length;	/* bytes, resolved (never 0) */
	bool direct;		/* O_DIRECT is set on fd */
	uint64_t buf_offset;	/* out: where it starts in the buffer */
};

struct hr_load_result {
	uint64_t size;			/* bytes of content: end of the last range */
	bool direct;			/* what was used (every range) */
	const char *mode_why;		/* why, for --auto; NULL otherwise */
	int64_t cached_before;		/* bytes of the ranges in the page cache before */
	int64_t cached_after;		/* ... and after the load */
	long long huge_bytes;		/* of the buffer mapped with huge pages (-errno: unknown) */
	uint64_t first_gather_ns, alloc_done_ns, io_done_ns, total_ns;
	unsigned int nr_gathers, nr_reads, nr_short_reads;
	struct hr_uring_stats io;
	struct hr_memfd mem;		/* the buffer: mem.base holds the content */
	struct hr_memfd_backend pages;	/* hands out mem's pages; pages.live after release: 0 */
	void *buf;			/* the engine's struct heapread_buffer */
};

void hr_load_opts_init(struct hr_load_opts *o);

/* Fill @e (if not NULL) with @code and a formatted line; returns @code. */
int hr_fail(struct hrl_error *e, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Open @path for reading and check it is a loadable regular file: the fd
 * (O_CLOEXEC, without O_NONBLOCK), its size in *size, or -errno with @e set.
 * @empty_ok: an empty file is no error here (a range decides).
 */
int hr_open_src(const char *path, uint64_t *size, bool empty_ok, struct hrl_error *e);

/* hr_open_src() printing the message (heapread compare). */
int hr_open_regular(const char *path, uint64_t *size);

/*
 * Decide direct or buffered for every range (o->mode; auto looks at the page
 * cache of all of them) and set O_DIRECT on their fds. 0 or -errno.
 */
int hr_choose_mode(struct hr_src *srcs, unsigned int nr, const struct hr_load_opts *o,
		   struct hr_load_result *r, struct hrl_error *e);

/*
 * Load @srcs (mode already chosen) into one fresh memfd, in order, each range
 * at a page boundary (its buf_offset is set). 0 or -errno with @e set; on
 * success release @r with hr_load_release().
 */
int hr_load_srcs(struct hr_src *srcs, unsigned int nr, const struct hr_load_opts *o,
		 struct hr_load_result *r, struct hrl_error *e);

/* Load @path whole; 0, or an exit status (1) after printing one line. */
int hr_load_file(const char *path, const struct hr_load_opts *o, struct hr_load_result *r);
/* Free the buffer (through the same page backend) and the memfd. */
void hr_load_release(struct hr_load_result *r);

/* Allocation alone: the same memfd pages, chunk by chunk as a load takes them; ns, or -errno. */
int64_t hr_alloc_only(uint64_t size, const struct hr_load_opts *o);

/* The cancel token's side the loader uses (api.c). */
int hr_cancel_attach(struct hrl_cancel *c, void *task);
void hr_cancel_detach(struct hrl_cancel *c);

#endif /* HEAPREAD_LOADER_H */
