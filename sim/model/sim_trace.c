// SPDX-License-Identifier: GPL-2.0
/* Timelines of simulated loads: Chrome trace JSON and SVG (see sim_trace.h). */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_svg.h"
#include "sim_trace.h"
#include "trace.h"

void sim_trace_init(struct sim_trace *t, const char *title)
{
	memset(t, 0, sizeof(*t));
	snprintf(t->title, sizeof(t->title), "%s", title ? title : "");
}

void sim_trace_release(struct sim_trace *t)
{
	free(t->spans);
	t->spans = NULL;
	t->nr = t->cap = 0;
}

unsigned int sim_trace_track(struct sim_trace *t, const char *name)
{
	for (unsigned int i = 0; i < t->nr_tracks; i++)
		if (!strcmp(t->tracks[i], name))
			return i;
	if (t->nr_tracks == SIM_TRACE_TRACKS)
		return SIM_TRACE_TRACKS - 1;
	snprintf(t->tracks[t->nr_tracks], sizeof(t->tracks[0]), "%s", name);
	return t->nr_tracks++;
}

static struct sim_span *last_on_track(struct sim_trace *t, unsigned int track)
{
	for (unsigned int i = t->nr; i-- > 0;)
		if (t->spans[i].track == track)
			return &t->spans[i];
	return NULL;
}

void sim_trace_span(struct sim_trace *t, unsigned int track, const char *label,
		    uint64_t start, uint64_t end)
{
	struct sim_span *last = last_on_track(t, track);

	if (last && last->end == start && !strcmp(last->label, label)) {
		last->end = end;
		return;
	}
	if (t->nr == t->cap) {
		unsigned int cap = t->cap ? t->cap * 2 : 64;
		struct sim_span *s = realloc(t->spans, cap * sizeof(*s));

		if (!s)
			return;		/* a timeline is an extra: drop spans rather than fail the run */
		t->spans = s;
		t->cap = cap;
	}
	t->spans[t->nr] = (struct sim_span) { .start = start, .end = end, .track = track };
	snprintf(t->spans[t->nr].label, sizeof(t->spans[0].label), "%s", label);
	t->nr++;
}

/* Through the project's one Chrome trace writer (lib/sys/trace.h): a thread per track. */
void sim_trace_write_json(const struct sim_trace *t, FILE *out)
{
	struct hr_trace_writer w;

	hr_trace_write_begin(&w, out, t->title);
	for (unsigned int i = 0; i < t->nr_tracks; i++)
		hr_trace_write_thread_name(&w, 1, (int)i, t->tracks[i]);
	for (unsigned int i = 0; i < t->nr; i++) {
		const struct sim_span *s = &t->spans[i];

		hr_trace_write_event(&w, &(struct hr_trace_event) {
			.name = s->label, .cat = t->tracks[s->track], .pid = 1, .tid = (int)s->track,
			.ts_ns = s->start, .dur_ns = s->end - s->start,
		});
	}
	hr_trace_write_end(&w);
}

static const char *const colours[] = { "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948" };

void sim_trace_write_svg(const struct sim_trace *t, FILE *out)
{
	const double left = 110, width = 900, row = 28, top = 40;
	double scale, bottom = top + row * t->nr_tracks;
	char text[256], title[256];
	uint64_t end = 1;

	for (unsigned int i = 0; i < t->nr; i++)
		if (t->spans[i].end > end)
			end = t->spans[i].end;
	scale = width / (double)end;
	hr_svg_begin(out, left + width + 20, bottom + 40, 11);
	snprintf(text, sizeof(text), "%s (total %.3f ms)", t->title, end / 1e6);
	hr_svg_text(out, 10, 20, NULL, 13, text);
	for (unsigned int i = 0; i < t->nr_tracks; i++)
		hr_svg_text(out, 10, top + row * i + 17, NULL, 0, t->tracks[i]);
	for (unsigned int i = 0; i < t->nr; i++) {
		const struct sim_span *s = &t->spans[i];
		const char *digits = strpbrk(s->label, "0123456789");
		unsigned int colour = digits ? (unsigned int)atoi(digits) : 0;
		double x = left + s->start * scale, w = (s->end - s->start) * scale;

		snprintf(title, sizeof(title), "%s: %s %.3f-%.3f ms", t->tracks[s->track], s->label,
			 s->start / 1e6, s->end / 1e6);
		hr_svg_rect(out, x, top + row * s->track + 4, w < 0.5 ? 0.5 : w, row - 8,
			    colours[colour % (sizeof(colours) / sizeof(colours[0]))], title);
	}
	for (int k = 0; k <= 4; k++) {
		double x = left + width * k / 4;

		hr_svg_line(out, x, bottom, x, bottom + 6, "#999");
		snprintf(text, sizeof(text), "%.1f ms", end / 1e6 * k / 4);
		hr_svg_text(out, x, bottom + 20, "middle", 0, text);
	}
	hr_svg_end(out);
}
