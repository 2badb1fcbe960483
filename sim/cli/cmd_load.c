// SPDX-License-Identifier: GPL-2.0
/* heapread load: a file into a fresh memfd, and where the time went. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_cost.h"
#include "cli_util.h"
#include "commands.h"
#include "loader.h"
#include "module_load.h"
#include "trace.h"

struct load_cli {
	struct hr_load_opts o;
	const char *path;
	const char *trace_path;
	bool verify, json, udmabuf, alloc_only, module;
};

static void load_usage(FILE *out)
{
	fprintf(out,
		"usage: heapread load FILE [OPTIONS]\n"
		"Load FILE into a fresh memfd through the heapread engine (allocation overlapped\n"
		"with io_uring reads) and report where the time went.\n\n"
		"  --direct            O_DIRECT reads (default)\n"
		"  --buffered          buffered reads (RWF_DONTCACHE where the kernel has it)\n"
		"  --auto              buffered if the file is mostly in the page cache, else direct;\n"
		"                      buffered also when the file system refuses O_DIRECT\n"
		"  --gather SIZE       largest batch handed to a reader (default 128M)\n"
		"  --gather-min SIZE   smallest batch: batches start at it, double up to --gather\n"
		"                      and halve again at the end (default 2M; 0: no ramp)\n"
		"  --workers N         batches read at once (default 2)\n"
		"  --qd N              io_uring requests in flight per batch (default %u)\n"
		"  --io-size SIZE      bytes per request (default 4M)\n"
		"  --pages KIND        4k (default), thp (shmem huge pages), hugetlb (MFD_HUGETLB)\n"
		"  --regbuf            io_uring registered buffers\n"
		"  --sync              allocate everything first, then read (no overlap)\n"
		"  --verify            compare the buffer with the file afterwards\n"
		"  --udmabuf           turn the filled memfd into a dma-buf (needs /dev/udmabuf)\n"
		"  --module            load into a dma-buf through the kernel module instead\n"
		"                      (" HR_MODULE_DEVICE ", DMA_HEAP_ALLOC_AND_READ_FILE);\n"
		"                      --direct/--buffered and --verify apply, the module's\n"
		"                      parameters set gather and queue depth\n"
		"  --trace OUT         write every allocation and read as a Chrome trace to OUT\n"
		"  --alloc-only        only allocate the same pages, no I/O (for benchmarks)\n"
		"  --json              one JSON object on stdout instead of the text report\n"
		"  --no-progress       no progress bar (it only appears on a terminal anyway)\n"
		"  -h, --help          this text\n"
		"SIZE takes K, M, G suffixes (binary).\n", HR_URING_DEFAULT_QD);
}

enum {
	OPT_DIRECT = 256, OPT_BUFFERED, OPT_AUTO, OPT_GATHER, OPT_WORKERS, OPT_QD, OPT_IO_SIZE,
	OPT_PAGES, OPT_REGBUF, OPT_SYNC, OPT_VERIFY, OPT_UDMABUF, OPT_TRACE, OPT_ALLOC_ONLY,
	OPT_JSON, OPT_NO_PROGRESS, OPT_MODULE, OPT_GATHER_MIN,
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

static int parse_one(struct load_cli *c, int opt, const char *arg)
{
	unsigned int u;
	int err;

	switch (opt) {
	case OPT_DIRECT: c->o.mode = HR_IO_DIRECT; return 0;
	case OPT_BUFFERED: c->o.mode = HR_IO_BUFFERED; return 0;
	case OPT_AUTO: c->o.mode = HR_IO_AUTO; return 0;
	case OPT_GATHER: return parse_size_opt("--gather", arg, &c->o.gather);
	case OPT_GATHER_MIN:
		if (!strcmp(arg, "0")) {
			c->o.gather_min = UINT64_MAX;	/* no ramp */
			return 0;
		}
		return parse_size_opt("--gather-min", arg, &c->o.gather_min);
	case OPT_IO_SIZE:
		err = parse_size_opt("--io-size", arg, &c->o.io_size);
		if (!err && c->o.io_size > (1ULL << 30))
			return hr_bad_value("--io-size", arg, -ERANGE);
		return err;
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
		c->o.qd = u;
		return 0;
	case OPT_PAGES:
		if (hr_page_kind_parse(arg, &c->o.pages)) {
			hr_errmsg("--pages: invalid value '%s' (4k, thp or hugetlb)", arg);
			return HR_EXIT_USAGE;
		}
		return 0;
	case OPT_REGBUF: c->o.fixed = true; return 0;
	case OPT_SYNC: c->o.sync = true; return 0;
	case OPT_VERIFY: c->verify = true; return 0;
	case OPT_UDMABUF: c->udmabuf = true; return 0;
	case OPT_TRACE: c->trace_path = arg; return 0;
	case OPT_ALLOC_ONLY: c->alloc_only = true; return 0;
	case OPT_JSON: c->json = true; return 0;
	case OPT_NO_PROGRESS: c->o.progress = false; return 0;
	case OPT_MODULE: c->module = true; return 0;
	default: return HR_EXIT_USAGE;
	}
}

static int parse_args(struct load_cli *c, int argc, char **argv)
{
	int opt, ret;

	hr_load_opts_init(&c->o);
	c->o.progress = true;
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
	if (optind != argc - 1) {
		hr_errmsg("load: %s (usage: heapread load FILE [OPTIONS]; --help)",
			  optind >= argc ? "no FILE given" : "more than one FILE given");
		return HR_EXIT_USAGE;
	}
	c->path = argv[optind];
	if (c->json)
		c->o.progress = false;
	return 0;
}

/* Compare the buffer with the file (read without leaving cache when direct) and the zero tail. */
static int verify_buffer(const char *path, const struct hr_load_result *r, uint64_t *bad_at)
{
	const size_t step = 8UL << 20;
	int fd = open(path, O_RDONLY | O_CLOEXEC | (r->direct ? O_DIRECT : 0));
	uint64_t off = 0;
	char *tmp;
	int err = 0;

	if (fd < 0)
		return -errno;
	if (posix_memalign((void **)&tmp, 4096, step)) {
		close(fd);
		return -ENOMEM;
	}
	*bad_at = UINT64_MAX;
	while (off < r->size) {
		ssize_t n = pread(fd, tmp, step, (off_t)off);

		if (n <= 0) {
			err = n < 0 ? -errno : -ENODATA;
			break;
		}
		if ((uint64_t)n > r->size - off)
			n = (ssize_t)(r->size - off);
		if (memcmp(tmp, r->mem.base + off, (size_t)n)) {
			for (ssize_t i = 0; i < n; i++)
				if (tmp[i] != r->mem.base[off + i]) {
					*bad_at = off + (uint64_t)i;
					break;
				}
			break;
		}
		off += (uint64_t)n;
	}
	for (uint64_t i = r->size; !err && *bad_at == UINT64_MAX && i < r->mem.map_len; i++)
		if (r->mem.base[i])
			*bad_at = i;
	free(tmp);
	close(fd);
	return err;
}

static double gbps(uint64_t bytes, uint64_t ns)
{
	return ns ? (double)bytes / (double)ns : 0.0;
}

/* What the load cost besides time (cli_cost.h), over the load itself. */
static struct hr_cost load_cost;

/* Peak resident + hugetlb memory plus the page cache the load added. */
static uint64_t load_peak_bytes(const struct hr_load_result *r)
{
	int64_t added = r->cached_after - r->cached_before;

	return load_cost.peak_rss + load_cost.hugetlb +
	       (r->cached_before >= 0 && added > 0 ? (uint64_t)added : 0);
}

static void print_text(const struct load_cli *c, const struct hr_load_result *r,
		       const char *verify, int udmabuf_fd)
{
	char size[32], gather[32], io[32], before[32], after[32];

	hr_format_size(size, sizeof(size), r->size);
	hr_format_size(gather, sizeof(gather), c->o.gather ? c->o.gather : (uint64_t)128 << 20);
	hr_format_size(io, sizeof(io), c->o.io_size);
	hr_format_size(before, sizeof(before), r->cached_before > 0 ? (uint64_t)r->cached_before : 0);
	hr_format_size(after, sizeof(after), r->cached_after > 0 ? (uint64_t)r->cached_after : 0);
	printf("%s: %s into a memfd of %s pages\n", c->path, size, hr_page_kind_name(c->o.pages));
	printf("  mode          %s%s%s%s\n", r->direct ? "direct (O_DIRECT)" :
	       r->io.dontcache ? "buffered (RWF_DONTCACHE)" : "buffered",
	       c->o.sync ? ", sync: allocate all, then read" : ", async: allocation overlapped",
	       r->mode_why ? "; " : "", r->mode_why ? r->mode_why : "");
	printf("  reads         io_uring, %u x %s in flight, %u gathers of up to %s, %u workers%s\n",
	       c->o.qd, io, r->nr_gathers, gather, c->o.workers,
	       r->io.fixed ? ", registered buffers" : "");
	printf("  first gather  %10.3f ms\n", (double)r->first_gather_ns / 1e6);
	printf("  allocation    %10.3f ms\n", (double)r->alloc_done_ns / 1e6);
	printf("  I/O done      %10.3f ms\n", (double)r->io_done_ns / 1e6);
	printf("  total         %10.3f ms  %.3f GB/s\n", (double)r->total_ns / 1e6,
	       gbps(r->size, r->total_ns));
	printf("  requests      %" PRIu64 " (%" PRIu64 " short), engine reads %u (%u short)\n",
	       r->io.requests, r->io.short_reads, r->nr_reads, r->nr_short_reads);
	printf("  page cache    %s of the file before, %s after the load\n", before, after);
	printf("  CPU           %10.3f ms  %.3f s/GiB (the process: every thread)\n",
	       (double)load_cost.cpu_ns / 1e6, (double)load_cost.cpu_ns / 1e9 / ((double)r->size / (1u << 30)));
	printf("  peak memory   %10.1f MiB (resident + hugetlb + page cache added)\n",
	       (double)load_peak_bytes(r) / (1u << 20));
	if (c->o.pages != HR_PAGES_4K && r->huge_bytes >= 0) {
		hr_format_size(before, sizeof(before), (uint64_t)r->huge_bytes);
		printf("  huge pages    %s of the buffer mapped huge%s\n", before,
		       r->huge_bytes ? "" : " (shmem THP gave none: khugepaged may collapse later)");
	}
	if (verify)
		printf("  verify        %s\n", verify);
	if (udmabuf_fd >= 0)
		printf("  udmabuf       dma-buf fd %d over the memfd\n", udmabuf_fd);
}

static void print_json(const struct load_cli *c, const struct hr_load_result *r,
		       const char *verify, int udmabuf_fd)
{
	printf("{\"file\":\"");
	for (const char *s = c->path; *s; s++)
		printf(*s == '"' || *s == '\\' ? "\\%c" : "%c", *s);
	printf("\",\"size\":%" PRIu64 ",\"mode\":\"%s\",\"dontcache\":%s,\"sync\":%s,"
	       "\"pages\":\"%s\",\"gather\":%" PRIu64 ",\"workers\":%u,\"qd\":%u,\"io_size\":%" PRIu64 ","
	       "\"regbuf\":%s,\"first_gather_ns\":%" PRIu64 ",\"alloc_ns\":%" PRIu64 ",\"io_ns\":%" PRIu64 ","
	       "\"total_ns\":%" PRIu64 ",\"gbps\":%.4f,\"gathers\":%u,\"requests\":%" PRIu64 ","
	       "\"short_requests\":%" PRIu64 ",\"cache_before\":%" PRId64 ",\"cache_after\":%" PRId64,
	       r->size, r->direct ? "direct" : "buffered", r->io.dontcache ? "true" : "false",
	       c->o.sync ? "true" : "false", hr_page_kind_name(c->o.pages),
	       c->o.gather ? c->o.gather : (uint64_t)128 << 20, c->o.workers, c->o.qd,
	       c->o.io_size, r->io.fixed ? "true" : "false", r->first_gather_ns, r->alloc_done_ns,
	       r->io_done_ns, r->total_ns, gbps(r->size, r->total_ns), r->nr_gathers, r->io.requests,
	       r->io.short_reads, r->cached_before, r->cached_after);
	if (r->mode_why)
		printf(",\"mode_why\":\"%s\"", r->mode_why);
	if (r->huge_bytes >= 0)
		printf(",\"huge_bytes\":%lld", r->huge_bytes);
	if (verify)
		printf(",\"verify\":\"%s\"", verify);
	if (udmabuf_fd >= 0)
		printf(",\"udmabuf\":true");
	printf(",\"cpu_ns\":%" PRIu64 ",\"peak_bytes\":%" PRIu64 "}\n", load_cost.cpu_ns,
	       load_peak_bytes(r));
}

static int alloc_only(const struct load_cli *c)
{
	uint64_t size;
	int64_t ns;
	int fd = hr_open_regular(c->path, &size);

	if (fd < 0)
		return HR_EXIT_FAIL;
	close(fd);
	ns = hr_alloc_only(size, &c->o);
	if (ns < 0) {
		hr_err("memfd", (int)-ns);
		return HR_EXIT_FAIL;
	}
	if (c->json)
		printf("{\"size\":%" PRIu64 ",\"pages\":\"%s\",\"alloc_ns\":%" PRId64 ",\"gbps\":%.4f}\n",
		       size, hr_page_kind_name(c->o.pages), ns, gbps(size, (uint64_t)ns));
	else
		printf("%s: allocating %" PRIu64 " bytes of %s memfd pages took %.3f ms (%.3f GB/s)\n",
		       c->path, size, hr_page_kind_name(c->o.pages), (double)ns / 1e6,
		       gbps(size, (uint64_t)ns));
	return 0;
}

static int udmabuf_available(void)
{
	if (access("/dev/udmabuf", R_OK | W_OK) == 0)
		return 0;
	hr_errmsg("/dev/udmabuf: %s (--udmabuf needs the udmabuf driver: modprobe udmabuf)",
		  strerror(errno));
	return HR_EXIT_FAIL;
}

static int load_and_report(struct load_cli *c)
{
	struct hr_load_result r;
	const char *verify = NULL;
	char verify_msg[96];
	uint64_t bad_at = UINT64_MAX;
	struct hr_cost_mark m;
	int dmabuf = -1, ret;

	hr_cost_begin(&m);
	ret = hr_load_file(c->path, &c->o, &r);
	if (ret)
		return ret;
	hr_cost_end(&m, &load_cost);
	if (c->verify) {
		int err = verify_buffer(c->path, &r, &bad_at);

		if (err) {
			snprintf(verify_msg, sizeof(verify_msg), "could not read the file: %s", strerror(-err));
			ret = HR_EXIT_FAIL;
		} else if (bad_at != UINT64_MAX) {
			snprintf(verify_msg, sizeof(verify_msg), "MISMATCH at byte %" PRIu64, bad_at);
			ret = HR_EXIT_FAIL;
		} else {
			snprintf(verify_msg, sizeof(verify_msg), "ok");
		}
		verify = verify_msg;
	}
	if (c->udmabuf) {
		dmabuf = hr_memfd_to_udmabuf(&r.mem);
		if (dmabuf < 0) {
			hr_errmsg("udmabuf: %s", strerror(-dmabuf));
			ret = HR_EXIT_FAIL;
		}
	}
	if (c->json)
		print_json(c, &r, verify, dmabuf);
	else
		print_text(c, &r, verify, dmabuf);
	if (ret == HR_EXIT_FAIL && verify && strcmp(verify, "ok"))
		hr_errmsg("%s: verify: %s", c->path, verify);
	if (dmabuf >= 0)
		close(dmabuf);
	hr_load_release(&r);
	if (r.pages.live) {
		hr_errmsg("internal error: %ld pages not given back", r.pages.live);
		ret = HR_EXIT_FAIL;
	}
	return ret;
}

/* --module: one ioctl on the kernel module's heap; the dma-buf is dropped after the report. */
static int module_load_and_report(const struct load_cli *c)
{
	bool direct = c->o.mode != HR_IO_BUFFERED;
	struct hr_module_result r;
	const char *what, *verdict = NULL;
	int err;

	err = hr_module_load(NULL, c->path, direct, c->verify, &r, &what);
	if (err == -ENOENT && !strcmp(what, HR_MODULE_DEVICE)) {
		hr_errmsg("%s: no such device (load the module first: insmod kernel/heapread.ko)",
			  HR_MODULE_DEVICE);
		return HR_EXIT_FAIL;
	}
	if (err) {
		hr_err(what, -err);
		if (r.dmabuf_fd >= 0)
			close(r.dmabuf_fd);
		return HR_EXIT_FAIL;
	}
	if (c->verify)
		verdict = r.verify_bad_at == UINT64_MAX ? "ok" : "MISMATCH";
	if (c->json)
		printf("{\"file\":\"%s\",\"size\":%" PRIu64 ",\"mode\":\"%s\",\"module\":true,"
		       "\"total_ns\":%" PRIu64 ",\"gbps\":%.4f%s%s%s}\n", c->path, r.size,
		       direct ? "direct" : "buffered", r.ioctl_ns, gbps(r.size, r.ioctl_ns),
		       verdict ? ",\"verify\":\"" : "", verdict ? verdict : "", verdict ? "\"" : "");
	else
		printf("%s: %" PRIu64 " bytes into a dma-buf by %s, %s reads\n"
		       "  total         %10.3f ms  %.3f GB/s (one ioctl: allocation and reads)\n%s%s%s",
		       c->path, r.size, HR_MODULE_DEVICE, direct ? "direct" : "buffered",
		       (double)r.ioctl_ns / 1e6, gbps(r.size, r.ioctl_ns),
		       verdict ? "  verify        " : "", verdict ? verdict : "", verdict ? "\n" : "");
	close(r.dmabuf_fd);
	if (verdict && r.verify_bad_at != UINT64_MAX) {
		hr_errmsg("%s: verify: MISMATCH at byte %" PRIu64, c->path, r.verify_bad_at);
		return HR_EXIT_FAIL;
	}
	return 0;
}

static int cmd_load(int argc, char **argv)
{
	struct load_cli c = { 0 };
	int ret, err;

	ret = parse_args(&c, argc, argv);
	if (ret)
		return ret < 0 ? 0 : ret;
	if (c.alloc_only)
		return alloc_only(&c);
	if (c.module)
		return module_load_and_report(&c);
	if (c.udmabuf && (ret = udmabuf_available()))
		return ret;
	if (c.trace_path) {
		c.o.trace = hr_trace_open(c.trace_path, &err);
		if (!c.o.trace) {
			hr_err(c.trace_path, -err);
			return HR_EXIT_FAIL;
		}
	}
	ret = load_and_report(&c);
	err = hr_trace_close(c.o.trace);
	if (err && !ret) {
		hr_err(c.trace_path, -err);
		ret = HR_EXIT_FAIL;
	}
	return ret;
}

HEAPREAD_COMMAND(load, cmd_load, "load a file into a fresh memfd buffer and report times");
