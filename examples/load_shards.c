// SPDX-License-Identifier: MIT
/*
 * load_shards: a model in shards (model-00001-of-00004.safetensors ...) into
 * one buffer, or into several below a per-allocation cap, as a runtime that
 * hands the buffer to a GPU would. It prints where each shard landed and
 * checks every shard against its file; a second thread could cancel the load
 * with hrl_cancel() (here the progress callback only counts).
 *
 *	./load_shards [--cap BYTES] SHARD...
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libheapread.h>

static int progress(uint64_t done, uint64_t total, void *arg)
{
	unsigned int *calls = arg;

	(*calls)++;
	return done > total;	/* never: done never passes total */
}

static int same_as_file(const char *path, const unsigned char *buf, uint64_t len)
{
	unsigned char tmp[65536];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	uint64_t done = 0;
	int ret = 0;

	if (fd < 0)
		return 0;
	while (done < len && !ret) {
		size_t want = len - done < sizeof(tmp) ? (size_t)(len - done) : sizeof(tmp);
		ssize_t n = pread(fd, tmp, want, (off_t)done);

		ret = n <= 0 || memcmp(tmp, buf + done, (size_t)n);
		done += n > 0 ? (uint64_t)n : 0;
	}
	close(fd);
	return !ret;
}

int main(int argc, char **argv)
{
	struct hrl_segment segs[64];
	unsigned int nr = 0, calls = 0, bad = 0;
	struct hrl_result *r;
	struct hrl_error err;
	struct hrl_opts o;
	int i = 1;

	hrl_opts_init(&o);
	o.io = HRL_IO_AUTO;
	o.progress = progress;
	o.progress_arg = &calls;
	if (argc > 2 && !strcmp(argv[1], "--cap")) {
		o.max_buffer_size = strtoull(argv[2], NULL, 0);
		i = 3;
	}
	for (; i < argc && nr < 64; i++)
		segs[nr++] = (struct hrl_segment) { .path = argv[i], .fd = -1 };
	if (!nr) {
		fprintf(stderr, "usage: %s [--cap BYTES] SHARD...\n", argv[0]);
		return 2;
	}
	if (hrl_load(segs, nr, &o, &r, &err) < 0) {
		fprintf(stderr, "load_shards: %s\n", err.message);
		return 1;
	}
	printf("%u shards, %" PRIu64 " bytes, into %u %s buffer(s) in %.3f ms\n", nr,
	       r->stats.bytes, r->nr_buffers, hrl_target_name(r->target),
	       (double)r->stats.total_ns / 1e6);
	for (unsigned int k = 0; k < nr; k++) {
		const struct hrl_placement *p = &r->placements[k];
		const unsigned char *base = r->buffers[p->buffer].addr;
		int ok = same_as_file(segs[k].path, base + p->offset, p->length);

		printf("  %-40s buffer %u offset %10" PRIu64 " length %10" PRIu64 " %s\n",
		       segs[k].path, p->buffer, p->offset, p->length, ok ? "ok" : "DIFFERS");
		bad += !ok;
	}
	hrl_result_free(r);
	if (!calls)
		fprintf(stderr, "load_shards: the progress callback was never called\n");
	return bad || !calls;
}
