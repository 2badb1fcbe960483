/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * `heapread load --trace OUT`: every allocation and read as a span in the
 * Chrome trace event format (open OUT in ui.perfetto.dev or about:tracing).
 * Thread-safe; spans are kept in memory and written by hr_trace_close(), so
 * tracing costs no I/O during the load. Plain libc.
 */
#ifndef HEAPREAD_TRACE_H
#define HEAPREAD_TRACE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/*
 * The one writer of the Chrome trace event format in the project: `heapread
 * load --trace` below and the simulator's timelines (sim/model/sim_trace.c)
 * both write through it. Events are "X" (complete) events; times in ns are
 * written as exact microseconds with three decimals.
 */
struct hr_trace_writer {
	FILE *out;
	unsigned long events;
};

struct hr_trace_event {
	const char *name;
	const char *cat;	/* category, or NULL */
	int pid, tid;
	uint64_t ts_ns, dur_ns;
	bool range;		/* args {"offset": offset, "len": len} */
	uint64_t offset, len;
};

/* Start the document; @title (may be NULL) goes to otherData. */
void hr_trace_write_begin(struct hr_trace_writer *w, FILE *out, const char *title);
/* Name thread @tid of @pid (a track of the timeline). */
void hr_trace_write_thread_name(struct hr_trace_writer *w, int pid, int tid, const char *name);
void hr_trace_write_event(struct hr_trace_writer *w, const struct hr_trace_event *e);
/* End the document. */
void hr_trace_write_end(struct hr_trace_writer *w);

struct hr_trace;

/* NULL and *err = -errno when OUT cannot be created. */
struct hr_trace *hr_trace_open(const char *path, int *err);
/* One span of the calling thread; times from hr_now_ns(). No-op on NULL. */
void hr_trace_span(struct hr_trace *t, const char *name, uint64_t start_ns, uint64_t end_ns,
		   uint64_t offset, uint64_t len);
/* Write and free; 0 or -errno. NULL is fine. */
int hr_trace_close(struct hr_trace *t);

#endif /* HEAPREAD_TRACE_H */
