// SPDX-License-Identifier: GPL-2.0
/*
 * heapread load: files, or byte ranges of them, into one fresh buffer (or
 * several) and where the time went. A thin client of libheapread
 * (lib/include/libheapread.h): options in, the library's result out.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_cost.h"
#include "cli_util.h"
#include "commands.h"
#include "libheapread.h"
#include "loader.h"
#include "memfd_buf.h"
#include "module_load.h"
#include "uring_read.h"

struct load_cli {
	struct hrl_opts o;
	char **paths;
	unsigned int nr_paths;
	uint64_t offset, length;
	bool verify, json, alloc_only, progress;
};

static void load_usage(FILE *out)
{
	fprintf(out,
		"usage: heapread load FILE... [OPTIONS]\n"
		"Load FILE (or a byte range of it) into a fresh buffer through libheapread:\n"
		"allocation overlapped with io_uring reads; several FILEs go into one buffer,\n"
		"each at a page boundary, in the order given. Reports where the time went.\n\n"
		"  --offset N          start each FILE's range at byte N (default 0)\n"
		"  --length N          N bytes of each FILE (default: up to its end)\n"
		"  --max-buffer SIZE   spread the FILEs over buffers of at most SIZE bytes\n"
		"  --direct            O_DIRECT reads (default)\n"
		"  --buffered          buffered reads (RWF_DONTCACHE where the kernel has it)\n"
		"  --auto              buffered if the files are mostly in the page cache, else direct;\n"
		"                      buffered also when the file system refuses O_DIRECT\n"
		"  --gather SIZE       largest batch handed to a reader (default 128M)\n"
		"  --gather-min SIZE   step in which the allocation is handed to the readers, who\n"
		"                      read what is ready up to --gather at once (default 8M; 0: steps of --gather)\n"
		"  --workers N         batches read at once (default 2)\n"
		"  --qd N              io_uring requests in flight per batch (default %u)\n"
		"  --io-size SIZE      bytes per request (default 4M)\n"
		"  --pages KIND        4k (default), thp (shmem huge pages), hugetlb (MFD_HUGETLB)\n"
		"  --regbuf            io_uring registered buffers\n"
		"  --sync              allocate everything first, then read (no overlap)\n"
		"  --verify            compare the buffer with the files afterwards\n"
		"  --udmabuf           a dma-buf made of the memfd by /dev/udmabuf\n"
		"  --module            a dma-buf filled by the kernel module instead\n"
		"                      (" HR_MODULE_DEVICE ", DMA_HEAP_ALLOC_AND_READ_FILE);\n"
		"                      --direct/--buffered and --verify apply, the module's\n"
		"                      parameters set gather and queue depth\n"
		"  --target KIND       memfd (default), udmabuf, module, or best (the first of\n"
		"                      module, udmabuf, memfd that this machine has)\n"
		"  --trace OUT         write every allocation and read as a Chrome trace to OUT\n"
		"  --alloc-only        only allocate the same pages, no I/O (for benchmarks)\n"
		"  --json              one JSON object on stdout instead of the text report\n"
		"  --no-progress       no progress bar (it only appears on a terminal anyway)\n"
		"  -h, --help          this text\n"
		"SIZE takes K, M, G suffixes (binary); --offset and --length take them too.\n",
		HR_URING_DEFAULT_QD);
}

enum {
	OPT_DIRECT = 256, OPT_BUFFERED, OPT_AUTO, OPT_GATHER, OPT_WORKERS, OPT_QD, OPT_IO_SIZE,
	OPT_PAGES, OPT_REGBUF, OPT_SYNC, OPT_VERIFY, OPT_UDMABUF, OPT_TRACE, OPT_ALLOC_ONLY,
	OPT_JSON, OPT_NO_PROGRESS, OPT_MODULE, OPT_TARGET, OPT_OFFSET, OPT_LENGTH, OPT_MAX_BUFFER,
	OPT_GATHER_MIN,
};

static const struct option load_options[] = {
	{ "direct", no_argument, NULL, OPT_DIRECT },
	{ "buffered", no_argument, NULL, OPT_BUFFERED },
	{ "auto", no_argument, NULL, OPT_AUTO },
	{ "gather", required_argument, NULL, OPT_GATHER },
	{ "gather-min", required_argument, NULL, OPT_GATHER_MIN },
	{ "workers", required_argument, NULL, OPT_WORKERS },
	{ "qd", required_argument, NULL, OPT_QD },
	{ "io-size", required_argument, NULL, OPT_IO_SIZE },
	{ "pages", required_argument, NULL, OPT_PAGES },
	{ "regbuf", no_argument, NULL, OPT_REGBUF },
	{ "sync", no_argument, NULL, OPT_SYNC },
	{ "verify", no_argument, NULL, OPT_VERIFY },
	{ "udmabuf", no_argument, NULL, OPT_UDMABUF },
	{ "trace", required_argument, NULL, OPT_TRACE },
	{ "alloc-only", no_argument, NULL, OPT_ALLOC_ONLY },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "no-progress", no_argument, NULL, OPT_NO_PROGRESS },
	{ "module", no_argument, NULL, OPT_MODULE },
	{ "target", required_argument, NULL, OPT_TARGET },
	{ "offset", required_argument, NULL, OPT_OFFSET },
	{ "length", required_argument, NULL, OPT_LENGTH },
	{ "max-buffer", required_argument, NULL, OPT_MAX_BUFFER },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* The size options: 4 KiB multiples, positive. */
static int parse_size_opt(const char *opt, const char *arg, uint64_t *out)
{
	int err = hr_parse_size(arg, out);

	if (!err && (!*out || *out % 4096))
		err = -EINVAL;
	if (err) {
		hr_errmsg("%s: %s '%s' (a positive multiple of 4K, e.g. 128M)", opt,
			  err == -ERANGE ? "value out of range" : "invalid size", arg);
		return HR_EXIT_USAGE;
	}
	return 0;
}

/* --offset and --length: any byte count. */
static int parse_bytes_opt(const char *opt, const char *arg, uint64_t *out)
{
	int err = hr_parse_size(arg, out);

	return err ? hr_bad_value(opt, arg, err) : 0;
}

static int parse_target(const char *arg, enum hrl_target *t)
{
	static const enum hrl_target all[] = {
		HRL_TARGET_BEST, HRL_TARGET_MEMFD, HRL_TARGET_UDMABUF, HRL_TARGET_MODULE,
	};

	for (unsigned int i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (!strcmp(arg, hrl_target_name(all[i]))) {
			*t = all[i];
			return 0;
		}
	hr_errmsg("--target: invalid value '%s' (memfd, udmabuf, module or best)", arg);
	return HR_EXIT_USAGE;
}

static int parse_one(struct load_cli *c, int opt, const char *arg)
{
	enum hr_page_kind kind;
	unsigned int u;
	int err;

	switch (opt) {
	case OPT_DIRECT: c->o.io = HRL_IO_DIRECT; return 0;
	case OPT_BUFFERED: c->o.io = HRL_IO_BUFFERED; return 0;
	case OPT_AUTO: c->o.io = HRL_IO_AUTO; return 0;
	case OPT_GATHER: return parse_size_opt("--gather", arg, &c->o.gather);
	case OPT_GATHER_MIN:
		if (!strcmp(arg, "0")) {
			c->o.gather_min = UINT64_MAX;	/* no ramp */
			return 0;
		}
		return parse_size_opt("--gather-min", arg, &c->o.gather_min);
	case OPT_IO_SIZE:
		err = parse_size_opt("--io-size", arg, &c->o.request_size);
		if (!err && c->o.request_size > (1ULL << 30))
			return hr_bad_value("--io-size", arg, -ERANGE);
		return err;
	case OPT_MAX_BUFFER: return parse_size_opt("--max-buffer", arg, &c->o.max_buffer_size);
	case OPT_OFFSET: return parse_bytes_opt("--offset", arg, &c->offset);
	case OPT_LENGTH: return parse_bytes_opt("--length", arg, &c->length);
	case OPT_WORKERS:
		err = hr_parse_uint(arg, 1, 64, &u);
		if (err)
			return hr_bad_value("--workers", arg, err);
		c->o.workers = u;
		return 0;
	case OPT_QD:
		err = hr_parse_uint(arg, 1, HR_URING_MAX_QD, &u);
		if (err)
			return hr_bad_value("--qd", arg, err);
		c->o.queue_depth = u;
		return 0;
	case OPT_PAGES:
		if (hr_page_kind_parse(arg, &kind)) {
			hr_errmsg("--pages: invalid value '%s' (4k, thp or hugetlb)", arg);
			return HR_EXIT_USAGE;
		}
		c->o.pages = (enum hrl_pages)kind;
		return 0;
	case OPT_REGBUF: c->o.flags |= HRL_F_REGISTERED_BUFS; return 0;
	case OPT_SYNC: c->o.flags |= HRL_F_SYNC; return 0;
	case OPT_VERIFY: c->verify = true; return 0;
	case OPT_UDMABUF: c->o.target = HRL_TARGET_UDMABUF; return 0;
	case OPT_MODULE: c->o.target = HRL_TARGET_MODULE; return 0;
	case OPT_TARGET: return parse_target(arg, &c->o.target);
	case OPT_TRACE: c->o.trace_path = arg; return 0;
	case OPT_ALLOC_ONLY: c->alloc_only = true; return 0;
	case OPT_JSON: c->json = true; return 0;
	case OPT_NO_PROGRESS: c->progress = false; return 0;
	default: return HR_EXIT_USAGE;
	}
}

static int parse_args(struct load_cli *c, int argc, char **argv)
{
	int opt, ret;

	hrl_opts_init(&c->o);
	c->progress = true;
	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, ":h", load_options, NULL)) != -1) {
		if (opt == 'h') {
			load_usage(stdout);
			return -1;
		}
		if (opt == '?' || opt == ':') {
			hr_errmsg("load: %s option '%s'", opt == ':' ? "missing value for" : "unknown",
				  argv[optind - 1]);
			return HR_EXIT_USAGE;
		}
		ret = parse_one(c, opt, optarg);
		if (ret)
			return ret;
	}
	if (optind >= argc) {
		hr_errmsg("load: no FILE given (usage: heapread load FILE... [OPTIONS]; --help)");
		return HR_EXIT_USAGE;
	}
	if (argc - optind > HRL_MAX_SEGMENTS) {
		hr_errmsg("load: %d FILEs given (at most %d)", argc - optind, HRL_MAX_SEGMENTS);
		return HR_EXIT_USAGE;
	}
	c->paths = argv + optind;
	c->nr_paths = (unsigned int)(argc - optind);
	if (c->json)
		c->progress = false;
	return 0;
}

/* Compare @len bytes at @buf with @path from @off on (without leaving cache when direct). */
static int verify_range(const char *path, bool direct, const unsigned char *buf, uint64_t off,
			uint64_t len, uint64_t *bad_at)
{
	const size_t step = 8UL << 20;
	int fd = open(path, O_RDONLY | O_CLOEXEC | (direct ? O_DIRECT : 0));
	uint64_t pos = off - off % 4096, end = off + len;
	char *tmp;
	int err = 0;

	if (fd < 0)
		return -errno;
	if (posix_memalign((void **)&tmp, 4096, step)) {
		close(fd);
		return -ENOMEM;
	}
	/* O_DIRECT reads from a block boundary; the bytes before @off are skipped. */
	while (pos < end && *bad_at == UINT64_MAX) {
		ssize_t n = pread(fd, tmp, step, (off_t)pos);
		uint64_t from, to;

		if (n <= 0) {
			err = n < 0 ? -errno : -ENODATA;
			break;
		}
		from = pos < off ? off : pos;
		to = pos + (uint64_t)n < end ? pos + (uint64_t)n : end;
		if (memcmp(tmp + (from - pos), buf + (from - off), to - from))
			for (uint64_t k = from; k < to; k++)
				if ((unsigned char)tmp[k - pos] != buf[k - off]) {
					*bad_at = k - off;
					break;
				}
		pos += (uint64_t)n;
	}
	free(tmp);
	close(fd);
	return err;
}

/* Bytes of buffer @b that no segment covers must be zero: the first that is not. */
static uint64_t first_stray_byte(const struct hrl_result *r, unsigned int b)
{
	const unsigned char *base = r->buffers[b].addr;
	uint64_t from = 0;

	for (unsigned int k = 0; k <= r->nr_segments; k++) {
		const struct hrl_placement *p = k < r->nr_segments ? &r->placements[k] : NULL;
		uint64_t to = p ? p->offset : r->buffers[b].len;

		if (p && p->buffer != b)
			continue;
		for (uint64_t i = from; i < to; i++)
			if (base[i])
				return i;
		if (p)
			from = p->offset + p->length;
	}
	return UINT64_MAX;
}

/* Check every segment and every gap; the verdict goes to @msg. 0 when all is right. */
static int verify_result(const struct load_cli *c, const struct hrl_result *r, char *msg,
			 size_t len)
{
	int err = 0;

	for (unsigned int b = 0; b < r->nr_buffers; b++)
		if (!r->buffers[b].addr) {
			snprintf(msg, len, "could not map buffer %u", b);
			return -1;
		} else if (r->buffers[b].target != HRL_TARGET_MEMFD) {
			hr_dmabuf_cpu_access(r->buffers[b].fd, true);
		}
	snprintf(msg, len, "ok");
	for (unsigned int k = 0; k < r->nr_segments && !err; k++) {
		const struct hrl_placement *p = &r->placements[k];
		uint64_t bad = UINT64_MAX;

		err = verify_range(c->paths[k], r->stats.direct,
				   (const unsigned char *)r->buffers[p->buffer].addr + p->offset,
				   c->offset, p->length, &bad);
		if (err) {
			snprintf(msg, len, "could not read %s: %s", c->paths[k], strerror(-err));
		} else if (bad != UINT64_MAX) {
			snprintf(msg, len, "MISMATCH at byte %" PRIu64 " of %s (buffer %u byte %"
				 PRIu64 ")", c->offset + bad, c->paths[k], p->buffer, p->offset + bad);
			err = -1;
		}
	}
	for (unsigned int b = 0; b < r->nr_buffers && !err; b++) {
		uint64_t bad = first_stray_byte(r, b);

		if (bad != UINT64_MAX) {
			snprintf(msg, len, "MISMATCH: buffer %u byte %" PRIu64
				 " is covered by no segment and not zero", b, bad);
			err = -1;
		}
	}
	for (unsigned int b = 0; b < r->nr_buffers; b++)
		if (r->buffers[b].target != HRL_TARGET_MEMFD)
			hr_dmabuf_cpu_access(r->buffers[b].fd, false);
	return err;
}

static double gbps(uint64_t bytes, uint64_t ns)
{
	return ns ? (double)bytes / (double)ns : 0.0;
}

/* What the load cost besides time (cli_cost.h), over the load itself. */
static struct hr_cost load_cost;

/* Peak resident + hugetlb memory plus the page cache the load added. */
static uint64_t load_peak_bytes(const struct hrl_stats *st)
{
	int64_t added = st->cached_after - st->cached_before;

	return load_cost.peak_rss + load_cost.hugetlb +
	       (st->cached_before >= 0 && added > 0 ? (uint64_t)added : 0);
}

static const char *where(const struct hrl_result *r)
{
	switch (r->target) {
	case HRL_TARGET_UDMABUF: return "a dma-buf (udmabuf over a memfd)";
	case HRL_TARGET_MODULE: return "a dma-buf by " HR_MODULE_DEVICE;
	default: return "a memfd";
	}
}

static void print_text(const struct load_cli *c, const struct hrl_result *r, const char *verify)
{
	const struct hrl_stats *st = &r->stats;
	char size[32], gather[32], io[32], before[32], after[32];

	hr_format_size(size, sizeof(size), st->bytes);
	hr_format_size(gather, sizeof(gather), c->o.gather ? c->o.gather : (uint64_t)128 << 20);
	hr_format_size(io, sizeof(io), c->o.request_size ? c->o.request_size : HR_URING_DEFAULT_IO);
	hr_format_size(before, sizeof(before), st->cached_before > 0 ? (uint64_t)st->cached_before : 0);
	hr_format_size(after, sizeof(after), st->cached_after > 0 ? (uint64_t)st->cached_after : 0);
	if (c->nr_paths == 1)
		printf("%s: %s into %s of %s pages\n", c->paths[0], size, where(r),
		       hr_page_kind_name((enum hr_page_kind)c->o.pages));
	else
		printf("%u files: %s into %u buffer%s (%s) of %s pages\n", c->nr_paths, size,
		       r->nr_buffers, r->nr_buffers == 1 ? "" : "s", where(r),
		       hr_page_kind_name((enum hr_page_kind)c->o.pages));
	if (c->nr_paths > 1 || c->offset || c->length)
		for (unsigned int k = 0; k < r->nr_segments; k++)
			printf("  segment %-4u %s: %" PRIu64 " bytes from %" PRIu64
			       " at buffer %u offset %" PRIu64 "\n", k, c->paths[k],
			       r->placements[k].length, c->offset, r->placements[k].buffer,
			       r->placements[k].offset);
	printf("  mode          %s%s%s%s\n", st->direct ? "direct (O_DIRECT)" :
	       st->dontcache ? "buffered (RWF_DONTCACHE)" : "buffered",
	       c->o.flags & HRL_F_SYNC ? ", sync: allocate all, then read" :
					 ", async: allocation overlapped",
	       st->mode_why ? "; " : "", st->mode_why ? st->mode_why : "");
	if (r->target != HRL_TARGET_MODULE) {
		printf("  reads         io_uring, %u x %s in flight, %u gathers of up to %s, %u workers%s\n",
		       c->o.queue_depth ? c->o.queue_depth : HR_URING_DEFAULT_QD, io, st->gathers,
		       gather, c->o.workers ? c->o.workers : HR_LOAD_DEFAULT_WORKERS,
		       st->registered_bufs ? ", registered buffers" : "");
		printf("  first gather  %10.3f ms\n", (double)st->first_gather_ns / 1e6);
		printf("  allocation    %10.3f ms\n", (double)st->alloc_done_ns / 1e6);
		printf("  I/O done      %10.3f ms\n", (double)st->io_done_ns / 1e6);
	}
	printf("  total         %10.3f ms  %.3f GB/s%s\n", (double)st->total_ns / 1e6,
	       gbps(st->bytes, st->total_ns),
	       r->target == HRL_TARGET_MODULE ? " (one ioctl: allocation and reads)" : "");
	if (r->target != HRL_TARGET_MODULE) {
		printf("  requests      %" PRIu64 " (%" PRIu64 " short), engine reads %u (%u short)\n",
		       st->requests, st->short_requests, st->reads, st->short_reads);
		printf("  page cache    %s of the file%s before, %s after the load\n", before,
		       c->nr_paths > 1 ? "s" : "", after);
	}
	printf("  CPU           %10.3f ms  %.3f s/GiB (the process: every thread)\n",
	       (double)load_cost.cpu_ns / 1e6,
	       (double)load_cost.cpu_ns / 1e9 / ((double)st->bytes / (1u << 30)));
	printf("  peak memory   %10.1f MiB (resident + hugetlb + page cache added)\n",
	       (double)load_peak_bytes(st) / (1u << 20));
	if (c->o.pages != HRL_PAGES_4K && st->huge_bytes >= 0) {
		hr_format_size(before, sizeof(before), (uint64_t)st->huge_bytes);
		printf("  huge pages    %s of the buffer mapped huge%s\n", before,
		       st->huge_bytes ? "" : " (shmem THP gave none: khugepaged may collapse later)");
	}
	if (verify)
		printf("  verify        %s\n", verify);
	for (unsigned int b = 0; b < r->nr_buffers && r->target == HRL_TARGET_UDMABUF; b++)
		printf("  udmabuf       dma-buf fd %d over the memfd\n", r->buffers[b].fd);
}

static void json_string(const char *s)
{
	putchar('"');
	for (; *s; s++)
		printf(*s == '"' || *s == '\\' ? "\\%c" : "%c", *s);
	putchar('"');
}

static void print_json(const struct load_cli *c, const struct hrl_result *r, const char *verify)
{
	const struct hrl_stats *st = &r->stats;

	printf("{\"file\":");
	json_string(c->paths[0]);
	printf(",\"size\":%" PRIu64 ",\"target\":\"%s\",\"mode\":\"%s\",\"dontcache\":%s,"
	       "\"sync\":%s,\"pages\":\"%s\",\"gather\":%" PRIu64 ",\"workers\":%u,\"qd\":%u,"
	       "\"io_size\":%" PRIu64 ",\"regbuf\":%s,\"first_gather_ns\":%" PRIu64
	       ",\"alloc_ns\":%" PRIu64 ",\"io_ns\":%" PRIu64 ",\"total_ns\":%" PRIu64
	       ",\"gbps\":%.4f,\"gathers\":%u,\"requests\":%" PRIu64 ",\"short_requests\":%" PRIu64
	       ",\"cache_before\":%" PRId64 ",\"cache_after\":%" PRId64 ",\"buffers\":%u",
	       st->bytes, hrl_target_name(r->target), st->direct ? "direct" : "buffered",
	       st->dontcache ? "true" : "false", c->o.flags & HRL_F_SYNC ? "true" : "false",
	       hr_page_kind_name((enum hr_page_kind)c->o.pages),
	       c->o.gather ? c->o.gather : (uint64_t)128 << 20,
	       c->o.workers ? c->o.workers : HR_LOAD_DEFAULT_WORKERS,
	       c->o.queue_depth ? c->o.queue_depth : HR_URING_DEFAULT_QD,
	       c->o.request_size ? c->o.request_size : (uint64_t)HR_URING_DEFAULT_IO,
	       st->registered_bufs ? "true" : "false", st->first_gather_ns, st->alloc_done_ns,
	       st->io_done_ns, st->total_ns, gbps(st->bytes, st->total_ns), st->gathers,
	       st->requests, st->short_requests, st->cached_before, st->cached_after,
	       r->nr_buffers);
	printf(",\"segments\":[");
	for (unsigned int k = 0; k < r->nr_segments; k++) {
		printf("%s{\"file\":", k ? "," : "");
		json_string(c->paths[k]);
		printf(",\"offset\":%" PRIu64 ",\"length\":%" PRIu64 ",\"buffer\":%u,"
		       "\"buffer_offset\":%" PRIu64 "}", c->offset, r->placements[k].length,
		       r->placements[k].buffer, r->placements[k].offset);
	}
	printf("]");
	if (st->mode_why)
		printf(",\"mode_why\":\"%s\"", st->mode_why);
	if (st->huge_bytes >= 0)
		printf(",\"huge_bytes\":%" PRId64, st->huge_bytes);
	if (verify)
		printf(",\"verify\":\"%s\"", verify);
	if (r->target == HRL_TARGET_UDMABUF)
		printf(",\"udmabuf\":true");
	printf(",\"cpu_ns\":%" PRIu64 ",\"peak_bytes\":%" PRIu64 "}\n", load_cost.cpu_ns,
	       load_peak_bytes(st));
}

static int alloc_only(const struct load_cli *c)
{
	struct hr_load_opts o;
	uint64_t size;
	int64_t ns;
	int fd = hr_open_regular(c->paths[0], &size);

	if (fd < 0)
		return HR_EXIT_FAIL;
	close(fd);
	hr_load_opts_init(&o);
	o.pages = (enum hr_page_kind)c->o.pages;
	ns = hr_alloc_only(size, &o);
	if (ns < 0) {
		hr_err("memfd", (int)-ns);
		return HR_EXIT_FAIL;
	}
	if (c->json)
		printf("{\"size\":%" PRIu64 ",\"pages\":\"%s\",\"alloc_ns\":%" PRId64 ",\"gbps\":%.4f}\n",
		       size, hr_page_kind_name(o.pages), ns, gbps(size, (uint64_t)ns));
	else
		printf("%s: allocating %" PRIu64 " bytes of %s memfd pages took %.3f ms (%.3f GB/s)\n",
		       c->paths[0], size, hr_page_kind_name(o.pages), (double)ns / 1e6,
		       gbps(size, (uint64_t)ns));
	return 0;
}

/* The progress bar reads what the library's callback last reported. */
struct bar_state {
	atomic_uint_fast64_t done;
};

static int on_progress(uint64_t done, uint64_t total, void *arg)
{
	struct bar_state *b = arg;

	atomic_store(&b->done, done);
	return 0;
}

static uint64_t bar_done(void *arg)
{
	return atomic_load(&((struct bar_state *)arg)->done);
}

static uint64_t total_bytes(const struct load_cli *c)
{
	uint64_t total = 0, size;

	for (unsigned int k = 0; k < c->nr_paths; k++) {
		int fd = open(c->paths[k], O_RDONLY | O_CLOEXEC | O_NONBLOCK);
		off_t end = fd >= 0 ? lseek(fd, 0, SEEK_END) : 0;

		if (fd >= 0)
			close(fd);
		size = end > 0 && (uint64_t)end > c->offset ? (uint64_t)end - c->offset : 0;
		total += c->length && c->length < size ? c->length : size;
	}
	return total;
}

static int load_and_report(struct load_cli *c)
{
	struct hrl_segment *segs = calloc(c->nr_paths, sizeof(*segs));
	struct bar_state bs = { 0 };
	struct hr_progress bar;
	struct hrl_result *r;
	struct hrl_error e;
	struct hr_cost_mark m;
	char verify_msg[160];
	const char *verify = NULL;
	int ret = 0, err;

	if (!segs) {
		hr_err("load", ENOMEM);
		return HR_EXIT_FAIL;
	}
	for (unsigned int k = 0; k < c->nr_paths; k++)
		segs[k] = (struct hrl_segment) {
			.path = c->paths[k], .fd = -1, .offset = c->offset, .length = c->length,
		};
	if (c->progress) {
		c->o.progress = on_progress;
		c->o.progress_arg = &bs;
		hr_progress_start(&bar, "loading", total_bytes(c), bar_done, &bs);
	}
	hr_cost_begin(&m);
	err = hrl_load(segs, c->nr_paths, &c->o, &r, &e);
	hr_cost_end(&m, &load_cost);
	if (c->progress)
		hr_progress_stop(&bar);
	free(segs);
	if (err) {
		hr_errmsg("%s", e.message);
		return HR_EXIT_FAIL;
	}
	if (c->verify) {
		if (verify_result(c, r, verify_msg, sizeof(verify_msg)))
			ret = HR_EXIT_FAIL;
		verify = verify_msg;
	}
	if (c->json)
		print_json(c, r, verify);
	else
		print_text(c, r, verify);
	if (ret == HR_EXIT_FAIL && verify)
		hr_errmsg("verify: %s", verify);
	hrl_result_free(r);
	return ret;
}

static int cmd_load(int argc, char **argv)
{
	struct load_cli c = { 0 };
	int ret;

	ret = parse_args(&c, argc, argv);
	if (ret)
		return ret < 0 ? 0 : ret;
	if (c.alloc_only)
		return alloc_only(&c);
	return load_and_report(&c);
}

HEAPREAD_COMMAND(load, cmd_load, "load files or byte ranges into a fresh buffer and report times");
