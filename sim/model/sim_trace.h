/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A timeline of one simulated load: spans on tracks ("alloc", "worker 0",
 * ...), each with a label ("gather 3"), in virtual ns. Written as Chrome
 * trace-event JSON (Perfetto and chrome://tracing open it) or as an SVG
 * picture. Consecutive spans with the same track and label are merged, so
 * a 3 GB load stays a few hundred spans. Plain libc.
 */
#ifndef HEAPREAD_SIM_TRACE_H
#define HEAPREAD_SIM_TRACE_H

#include <stdint.h>
#include <stdio.h>

#define SIM_TRACE_TRACKS	16

struct sim_span {
	uint64_t start, end;
	unsigned int track;
	char label[24];
};

struct sim_trace {
	struct sim_span *spans;
	unsigned int nr, cap;
	unsigned int nr_tracks;
	char tracks[SIM_TRACE_TRACKS][24];
	char title[192];
};

void sim_trace_init(struct sim_trace *t, const char *title);
void sim_trace_release(struct sim_trace *t);
/* The index of the track named @name, made on first use (the last one if full). */
unsigned int sim_trace_track(struct sim_trace *t, const char *name);
/* Add a span; merged with the previous one on the track when it continues it. */
void sim_trace_span(struct sim_trace *t, unsigned int track, const char *label,
		    uint64_t start, uint64_t end);
void sim_trace_write_json(const struct sim_trace *t, FILE *out);
void sim_trace_write_svg(const struct sim_trace *t, FILE *out);

#endif /* HEAPREAD_SIM_TRACE_H */
