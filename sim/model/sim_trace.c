// SPDX-License-Identifier: GPL-2.0
/* Timelines of simulated loads: Chrome trace JSON and SVG (see sim_trace.h). */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "sim_trace.h"

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

/* Trace-event "X" (complete) events; ts and dur are in microseconds. */
void sim_trace_write_json(const struct sim_trace *t, FILE *out)
{
	fprintf(out, "{\"displayTimeUnit\":\"ms\",\"otherData\":{\"title\":\"%s\"},\"traceEvents\":[\n",
		t->title);
	for (unsigned int i = 0; i < t->nr_tracks; i++)
		fprintf(out, "{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":1,\"tid\":%u,"
			"\"args\":{\"name\":\"%s\"}},\n", i, t->tracks[i]);
	for (unsigned int i = 0; i < t->nr; i++) {
		const struct sim_span *s = &t->spans[i];

		fprintf(out, "{\"name\":\"%s\",\"cat\":\"%s\",\"ph\":\"X\",\"pid\":1,\"tid\":%u,"
			"\"ts\":%" PRIu64 ".%03u,\"dur\":%" PRIu64 ".%03u}%s\n",
			s->label, t->tracks[s->track], s->track,
			s->start / 1000, (unsigned int)(s->start % 1000),
			(s->end - s->start) / 1000, (unsigned int)((s->end - s->start) % 1000),
			i + 1 < t->nr ? "," : "");
	}
	fprintf(out, "]}\n");
}

static const char *const colours[] = { "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948" };

void sim_trace_write_svg(const struct sim_trace *t, FILE *out)
{
	const double left = 110, width = 900, row = 28, top = 40;
	uint64_t end = 1;
	double scale;

	for (unsigned int i = 0; i < t->nr; i++)
		if (t->spans[i].end > end)
			end = t->spans[i].end;
	scale = width / (double)end;
	fprintf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
		"font-family=\"sans-serif\" font-size=\"11\">\n", left + width + 20,
		top + row * t->nr_tracks + 40);
	fprintf(out, "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n");
	fprintf(out, "<text x=\"10\" y=\"20\" font-size=\"13\">%s (total %.3f ms)</text>\n",
		t->title, end / 1e6);
	for (unsigned int i = 0; i < t->nr_tracks; i++)
		fprintf(out, "<text x=\"10\" y=\"%.0f\">%s</text>\n", top + row * i + 17, t->tracks[i]);
	for (unsigned int i = 0; i < t->nr; i++) {
		const struct sim_span *s = &t->spans[i];
		const char *digits = strpbrk(s->label, "0123456789");
		unsigned int colour = digits ? (unsigned int)atoi(digits) : 0;
		double x = left + s->start * scale, w = (s->end - s->start) * scale;

		fprintf(out, "<rect x=\"%.2f\" y=\"%.0f\" width=\"%.2f\" height=\"%.0f\" fill=\"%s\">"
			"<title>%s: %s %.3f-%.3f ms</title></rect>\n",
			x, top + row * s->track + 4, w < 0.5 ? 0.5 : w, row - 8,
			colours[colour % (sizeof(colours) / sizeof(colours[0]))],
			t->tracks[s->track], s->label, s->start / 1e6, s->end / 1e6);
	}
	for (int k = 0; k <= 4; k++) {
		double x = left + width * k / 4;

		fprintf(out, "<line x1=\"%.1f\" y1=\"%.0f\" x2=\"%.1f\" y2=\"%.0f\" stroke=\"#999\"/>"
			"<text x=\"%.1f\" y=\"%.0f\" text-anchor=\"middle\">%.1f ms</text>\n",
			x, top + row * t->nr_tracks, x, top + row * t->nr_tracks + 6,
			x, top + row * t->nr_tracks + 20, end / 1e6 * k / 4);
	}
	fprintf(out, "</svg>\n");
}
