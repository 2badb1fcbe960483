/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbench.h - the seed's schemes measured in a booted kernel (shared parts)
 *
 * The static program heapread_kbench runs as the guest's workload: for
 * every repetition, size and scheme (interleaved), it drops the page cache,
 * loads the file the scheme's way, times each phase, checks a sample of the
 * content and prints one result line on the results port (/dev/ttyS1):
 *
 *   R scheme=KEY size=BYTES rep=N total=NS PHASE=NS ... [cpu=NS mem=BYTES] [gathers= reads= short=]
 *   NA scheme=KEY reason="..."
 *   E scheme=KEY size=BYTES rep=N err="..."
 *   M key=value            (facts about the guest)
 *
 * On the host, "heapread_kbench gen DIR" writes the test files.
 */
#ifndef KBENCH_H
#define KBENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "guest.h"

#define KB_DATA		"/mnt"		/* ext4 on virtio-blk */
#define KB_HEAPREAD	"/dev/heapread"	/* a real heap at /dev/dma_heap/heapread on 7.x refuses the flag */
#define KB_SYSTEM_HEAP	"/dev/dma_heap/system"
#define KB_UDMABUF	"/dev/udmabuf"
#define KB_PAGE		4096UL
#define KB_GATHER	(128UL << 20)	/* the reviewers' and heapread's batch */
#define KB_GATHER_MIN	(8UL << 20)	/* heapread's ramp: its smallest batch (the default) */
#define KB_ORDERS_9	((1UL << 9) | (1UL << 8) | (1UL << 4) | 1UL)	/* 2 MiB chunks first */
#define KB_MAX_PHASES	6

struct kb_file {
	const char *name;
	size_t size;
};

/* The files, smallest first; "gen" writes them, the guest reads them. */
extern const struct kb_file kb_files[];

struct kb_result {
	uint64_t total_ns;
	unsigned int nr_phases;
	struct {
		const char *name;
		uint64_t ns;
	} phase[KB_MAX_PHASES];
	unsigned int gathers, reads, short_reads;	/* heapread loads: counts */
	/*
	 * What the load cost (kb_begin() to kb_end()): CPU time of the whole
	 * guest from /proc/stat (user, nice, system, irq, softirq of every CPU:
	 * kernel workers included; the guest runs nothing else), and the
	 * memory the guest uses (MemTotal - MemFree: the buffer, its page
	 * cache, page tables, slab) at the end of the load over what it used
	 * at the start. Nothing is freed during a load, so that is its peak.
	 */
	uint64_t cpu_ns, mem_bytes;
	bool have_cost;
	char err[160];		/* set on failure */
};

struct kb_scheme;
typedef int (*kb_run_fn)(const struct kb_scheme *s, const struct kb_file *f,
			 struct kb_result *r);

struct kb_scheme {
	const char *key;
	kb_run_fn run;
	bool direct;		/* O_DIRECT reads */
	bool sync;		/* heapread: the seed's patch 1 */
	unsigned long gather;	/* heapread gather_limit; 0: the default */
	unsigned int qd;	/* heapread queue_depth; 0: the default */
	bool no_ramp;		/* heapread gather_min=0: fixed gathers */
	unsigned long orders;	/* heapread order_mask; 0: the engine's (8, 4, 0) */
	bool beside;		/* O_DIRECT read: heapread's zeroed len alloc runs beside it */
	const char *na;		/* not runnable: why (printed as NA) */
};

/* sys.c */
uint64_t kb_now_ns(void);
/* Start of a timed load: the clock (ns), after a cost snapshot. */
uint64_t kb_begin(struct kb_result *r);
/* End of the timed load begun at @t0: r->total_ns and the cost. */
void kb_end(struct kb_result *r, uint64_t t0);
int kb_kmsg_open(void);
int kb_kmsg_stats(int kmsg, bool sync, struct kb_result *r);
void kb_phase(struct kb_result *r, const char *name, uint64_t ns);
int kb_fail(struct kb_result *r, const char *what, int err);
int kb_read_full(int fd, uint8_t *p, size_t len, size_t size);
int kb_open_file(const struct kb_file *f, bool direct);

/* pattern.c */
int kb_generate(const char *dir);
int kb_check(const uint8_t *p, size_t size, struct kb_result *r);

/* The schemes: heap.c, udmabuf.c, dio.c. */
int kb_normal(const struct kb_scheme *s, const struct kb_file *f, struct kb_result *r);
int kb_heapread(const struct kb_scheme *s, const struct kb_file *f, struct kb_result *r);
int kb_alloc_only(const struct kb_scheme *s, const struct kb_file *f, struct kb_result *r);
/* Set heapread's module parameters to @s's: 0 or -errno. */
int kb_heapread_params(const struct kb_scheme *s);
/* heapread's zeroed len allocation of @len bytes, freed at once: 0 or -errno. */
int kb_len_alloc(size_t len);
const char *kb_sendfile_probe(void);
int kb_udmabuf(const struct kb_scheme *s, const struct kb_file *f, struct kb_result *r);
int kb_udmabuf_overlap(const struct kb_scheme *s, const struct kb_file *f,
		       struct kb_result *r);
int kb_dio_read(const struct kb_scheme *s, const struct kb_file *f, struct kb_result *r);

/* report.c */
void kb_out(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kb_report(const struct kb_scheme *s, const struct kb_file *f, unsigned int rep,
	       const struct kb_result *r);

#endif /* KBENCH_H */
