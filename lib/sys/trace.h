/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `heapread load --trace OUT`: every allocation and read as a span in the
 * Chrome trace event format (open OUT in ui.perfetto.dev or about:tracing).
 * Thread-safe; spans are kept in memory and written by hr_trace_close(), so
 * tracing costs no I/O during the load. Plain libc.
 */
#ifndef HEAPREAD_TRACE_H
#define HEAPREAD_TRACE_H

#include <stdint.h>

struct hr_trace;

/* NULL and *err = -errno when OUT cannot be created. */
struct hr_trace *hr_trace_open(const char *path, int *err);
/* One span of the calling thread; times from hr_now_ns(). No-op on NULL. */
void hr_trace_span(struct hr_trace *t, const char *name, uint64_t start_ns, uint64_t end_ns,
		   uint64_t offset, uint64_t len);
/* Write and free; 0 or -errno. NULL is fine. */
int hr_trace_close(struct hr_trace *t);

#endif /* HEAPREAD_TRACE_H */
