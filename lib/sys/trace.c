// SPDX-License-Identifier: GPL-2.0 OR MIT
/* Spans in the Chrome trace event format (see trace.h). */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "trace.h"

/* A JSON string: quotes, backslashes and control characters escaped. */
static void put_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; s && *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(out, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(out, "\\u%04x", (unsigned char)*s);
		else
			fputc(*s, out);
	}
	fputc('"', out);
}

/* @ns as microseconds, exactly: "1234.567". */
static void put_us(FILE *out, uint64_t ns)
{
	fprintf(out, "%" PRIu64 ".%03u", ns / 1000, (unsigned int)(ns % 1000));
}

static void next_event(struct hr_trace_writer *w)
{
	fputs(w->events++ ? ",\n" : "\n", w->out);
}

void hr_trace_write_begin(struct hr_trace_writer *w, FILE *out, const char *title)
{
	*w = (struct hr_trace_writer) { .out = out };
	fputs("{\"displayTimeUnit\":\"ms\",", out);
	if (title) {
		fputs("\"otherData\":{\"title\":", out);
		put_string(out, title);
		fputs("},", out);
	}
	fputs("\"traceEvents\":[", out);
}

void hr_trace_write_thread_name(struct hr_trace_writer *w, int pid, int tid, const char *name)
{
	next_event(w);
	fprintf(w->out, "{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":%d,\"tid\":%d,"
		"\"args\":{\"name\":", pid, tid);
	put_string(w->out, name);
	fputs("}}", w->out);
}

void hr_trace_write_event(struct hr_trace_writer *w, const struct hr_trace_event *e)
{
	next_event(w);
	fputs("{\"name\":", w->out);
	put_string(w->out, e->name);
	if (e->cat) {
		fputs(",\"cat\":", w->out);
		put_string(w->out, e->cat);
	}
	fprintf(w->out, ",\"ph\":\"X\",\"pid\":%d,\"tid\":%d,\"ts\":", e->pid, e->tid);
	put_us(w->out, e->ts_ns);
	fputs(",\"dur\":", w->out);
	put_us(w->out, e->dur_ns);
	if (e->range)
		fprintf(w->out, ",\"args\":{\"offset\":%" PRIu64 ",\"len\":%" PRIu64 "}",
			e->offset, e->len);
	fputc('}', w->out);
}

void hr_trace_write_end(struct hr_trace_writer *w)
{
	fputs("\n]}\n", w->out);
}

struct span {
	const char *name;
	uint64_t start_ns, end_ns, offset, len;
	pid_t tid;
};

struct hr_trace {
	FILE *out;
	pthread_mutex_t lock;
	struct span *spans;
	size_t n, cap;
	uint64_t origin_ns;
	int err;
};

struct hr_trace *hr_trace_open(const char *path, int *err)
{
	struct hr_trace *t = calloc(1, sizeof(*t));

	if (!t) {
		*err = -ENOMEM;
		return NULL;
	}
	t->out = fopen(path, "w");
	if (!t->out) {
		*err = -errno;
		free(t);
		return NULL;
	}
	pthread_mutex_init(&t->lock, NULL);
	t->origin_ns = UINT64_MAX;
	return t;
}

void hr_trace_span(struct hr_trace *t, const char *name, uint64_t start_ns, uint64_t end_ns,
		   uint64_t offset, uint64_t len)
{
	if (!t)
		return;
	pthread_mutex_lock(&t->lock);
	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 4096;
		struct span *s = realloc(t->spans, cap * sizeof(*s));

		if (!s) {
			t->err = -ENOMEM;
			pthread_mutex_unlock(&t->lock);
			return;
		}
		t->spans = s;
		t->cap = cap;
	}
	t->spans[t->n++] = (struct span) {
		.name = name, .start_ns = start_ns, .end_ns = end_ns,
		.offset = offset, .len = len, .tid = gettid(),
	};
	if (start_ns < t->origin_ns)
		t->origin_ns = start_ns;
	pthread_mutex_unlock(&t->lock);
}

int hr_trace_close(struct hr_trace *t)
{
	struct hr_trace_writer w;
	int err;

	if (!t)
		return 0;
	hr_trace_write_begin(&w, t->out, NULL);
	for (size_t i = 0; i < t->n; i++) {
		const struct span *s = &t->spans[i];

		hr_trace_write_event(&w, &(struct hr_trace_event) {
			.name = s->name, .pid = (int)getpid(), .tid = (int)s->tid,
			.ts_ns = s->start_ns - t->origin_ns, .dur_ns = s->end_ns - s->start_ns,
			.range = true, .offset = s->offset, .len = s->len,
		});
	}
	hr_trace_write_end(&w);
	err = t->err;
	if (ferror(t->out))
		err = -EIO;
	if (fclose(t->out) && !err)
		err = -errno;
	pthread_mutex_destroy(&t->lock);
	free(t->spans);
	free(t);
	return err;
}
