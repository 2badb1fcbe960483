/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The simulator's physical parameters: one profile describes one machine
 * (storage device, page cache, memory, CPU). Every scheme of the simulator
 * is computed from the same profile; no parameter belongs to one scheme.
 * Profiles are read from "key = value  # where it comes from" files and
 * single keys can be overridden with --set key=value. Plain libc.
 */
#ifndef HEAPREAD_MODEL_PROFILE_H
#define HEAPREAD_MODEL_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct sim_profile {
	char name[64];
	/* storage device */
	double dev_gbps;	/* sequential transfer rate, GB/s (10^9 B/s) */
	double dev_lat_ns;	/* per request; overlaps other requests' transfer */
	double dev_max_req;	/* bytes per request (the block layer splits) */
	double dev_qd;		/* requests one read keeps in flight */
	double dev_align;	/* direct I/O granule, bytes */
	double short_read;	/* if > 0, a read call returns at most this many bytes */
	/* page cache (buffered reads) */
	double ra_bytes;	/* readahead window */
	double ra_io_pages;	/* 1: reads larger than ra_bytes read ahead up to dev_max_req (Linux io_pages) */
	double pc_page_ns;	/* allocate + insert one page-cache page */
	/* CPU */
	double copy_gbps;	/* memcpy page cache -> destination, GB/s */
	double ncpu;		/* CPUs that can work at once */
	/* memory */
	double chunk_ns;	/* one alloc_pages() call that succeeds */
	double page_ns;		/* per 4 KiB page of a chunk (split, accounting) */
	double fail_ns;		/* one high-order attempt that fails */
	double zero_gbps;	/* clearing pages, GB/s */
	double heap_zeroes;	/* 1: the dma-heap zeroes every page it hands out */
	double init_on_alloc;	/* 1: the page allocator clears every page (Linux init_on_alloc=1) */
	double fail_rate;	/* probability a high-order attempt fails */
	double exhaust_bytes;	/* high-order memory available (0: unlimited) */
	double cold_page_ns;	/* first touch of a page the host has to back */
	double shmem_page_ns;	/* memfd (shmem) page allocation, per page */
	double dio_page_ns;	/* direct I/O: per page CPU on the submitter */
	double pin_page_ns;	/* pinning one user page (GUP) for direct I/O */
	double vmap_page_ns;	/* vmap() per page */
	double remap_page_ns;	/* dma-buf mmap: remap_pfn_range() per page */
	double fault_ns;	/* one user page fault on a shmem mapping */
	double user_copy_page_ns;	/* extra per page when a read copies into a user mapping */
	double pipe_bytes;	/* sendfile's pipe */
	double splice_ns;	/* one pipe round of sendfile: two splices */
	double syscall_ns;	/* one system call that sets up or maps (open, mmap, ioctl) */
	/* the run: a guest on a shared host (model_cpu.h) */
	double cpu_rate;	/* CPU speed of this run over the profile's; CPU costs are / it */
	double host_cores;	/* host cores the vCPUs and the disk's I/O thread share (0: none) */
	double io_host_cores;	/* host cores the device's transfers take while they run */
	double file_readers;	/* CPUs the buffered reads of one file may use at once (0: no limit) */
};

struct sim_param_desc {
	const char *key;
	size_t offset;
	const char *unit;
	const char *what;
	double lo, hi;		/* bounds sim_profile_check() holds the value to */
};

extern const struct sim_param_desc sim_params[];
extern const unsigned int sim_nr_params;

/* The built-in profile: ufs4-phone as calibrated (sim/profiles/ufs4-phone.conf). */
void sim_profile_default(struct sim_profile *p);
const struct sim_param_desc *sim_param_find(const char *key);
double *sim_param_ptr(struct sim_profile *p, const struct sim_param_desc *d);
double sim_param_get(const struct sim_profile *p, const struct sim_param_desc *d);

/*
 * "key=value" (value: a number, optionally with a K/M/G binary suffix).
 * 0, -ENOENT for an unknown key, -EINVAL for a bad value.
 */
int sim_profile_set(struct sim_profile *p, const char *assignment);
/* Read a profile file on top of @p. 0 or -errno; *line gets the bad line. */
int sim_profile_load(struct sim_profile *p, const char *path, unsigned int *line);
/* Write every key with its unit and meaning. */
void sim_profile_write(const struct sim_profile *p, FILE *out);
int sim_profile_check(const struct sim_profile *p, const char **why);

#endif /* HEAPREAD_MODEL_PROFILE_H */
