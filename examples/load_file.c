// SPDX-License-Identifier: MIT
/*
 * load_file: the smallest program that uses libheapread. It loads a file, or
 * a byte range of it, into a memfd buffer and checks the buffer against the
 * file read with pread(2).
 *
 *	cc -o load_file load_file.c $(pkg-config --cflags --libs heapread)
 *	./load_file model.bin [OFFSET LENGTH]
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libheapread.h>

/* Compare @len bytes of the buffer with the file from @off on; 0 when equal. */
static int check(const char *path, const unsigned char *buf, uint64_t off, uint64_t len)
{
	unsigned char tmp[65536];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	uint64_t done = 0;

	if (fd < 0)
		return -1;
	while (done < len) {
		size_t want = len - done < sizeof(tmp) ? (size_t)(len - done) : sizeof(tmp);
		ssize_t n = pread(fd, tmp, want, (off_t)(off + done));

		if (n <= 0 || memcmp(tmp, buf + done, (size_t)n)) {
			close(fd);
			return -1;
		}
		done += (uint64_t)n;
	}
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	struct hrl_result *r;
	struct hrl_error err;
	struct hrl_opts o;
	uint64_t off = 0, len = 0;
	const struct hrl_placement *p;
	const struct hrl_buffer *b;

	if (argc != 2 && argc != 4) {
		fprintf(stderr, "usage: %s FILE [OFFSET LENGTH]\n", argv[0]);
		return 2;
	}
	if (argc == 4) {
		off = strtoull(argv[2], NULL, 0);
		len = strtoull(argv[3], NULL, 0);
	}
	hrl_opts_init(&o);
	o.io = HRL_IO_AUTO;	/* direct where the file system takes it */
	if (hrl_load_range(argv[1], off, len, &o, &r, &err) < 0) {
		fprintf(stderr, "load_file: %s\n", err.message);
		return 1;
	}
	p = &r->placements[0];
	b = &r->buffers[p->buffer];
	printf("%s: %" PRIu64 " bytes at offset %" PRIu64 " into a %s of %" PRIu64
	       " bytes in %.3f ms (%s), libheapread %s\n", argv[1], p->length, off,
	       hrl_target_name(b->target), b->len, (double)r->stats.total_ns / 1e6,
	       r->stats.direct ? "direct" : "buffered", hrl_version());
	if (check(argv[1], (const unsigned char *)b->addr + p->offset, off, p->length)) {
		fprintf(stderr, "load_file: the buffer differs from the file\n");
		hrl_result_free(r);
		return 1;
	}
	printf("content ok\n");
	hrl_result_free(r);
	return 0;
}
