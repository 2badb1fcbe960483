// SPDX-License-Identifier: GPL-2.0
/* Spans in the Chrome trace event format (see trace.h). */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "trace.h"

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
	int err;

	if (!t)
		return 0;
	fprintf(t->out, "{\"displayTimeUnit\":\"ms\",\"traceEvents\":[");
	for (size_t i = 0; i < t->n; i++) {
		const struct span *s = &t->spans[i];

		fprintf(t->out, "%s\n{\"name\":\"%s\",\"ph\":\"X\",\"pid\":%d,\"tid\":%d,"
			"\"ts\":%.3f,\"dur\":%.3f,\"args\":{\"offset\":%" PRIu64 ",\"len\":%" PRIu64 "}}",
			i ? "," : "", s->name, (int)getpid(), (int)s->tid,
			(double)(s->start_ns - t->origin_ns) / 1e3,
			(double)(s->end_ns - s->start_ns) / 1e3, s->offset, s->len);
	}
	fprintf(t->out, "\n]}\n");
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
