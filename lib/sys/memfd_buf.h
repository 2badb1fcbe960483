/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * A memfd mapped once, whose pages are populated range by range while a load
 * runs: the memory udmabuf turns into a dma-buf. Plain libc (the kshim page
 * backend over it is lib/backend_memfd.c).
 */
#ifndef HEAPREAD_MEMFD_BUF_H
#define HEAPREAD_MEMFD_BUF_H

#include <stdbool.h>
#include <stddef.h>

enum hr_page_kind {
	HR_PAGES_4K,		/* ordinary shmem pages */
	HR_PAGES_THP,		/* shmem transparent huge pages (MADV_HUGEPAGE) */
	HR_PAGES_HUGETLB,	/* MFD_HUGETLB, from the hugetlb pool */
};

struct hr_memfd {
	int fd;
	char *base;		/* the whole buffer, map_len bytes */
	size_t size;		/* bytes asked for */
	size_t map_len;		/* size rounded up to the page kind */
	size_t page;		/* 4 KiB or the huge page size */
	size_t populated;	/* [0, populated) is populated */
	enum hr_page_kind kind;
	bool touch;		/* MADV_POPULATE_WRITE rejected: touch pages */
	void *reserve;		/* the aligned reservation around base */
	size_t reserve_len;
};

int hr_page_kind_parse(const char *s, enum hr_page_kind *kind);
const char *hr_page_kind_name(enum hr_page_kind kind);
/* The huge page size for THP/hugetlb (2 MiB here), PAGE_SIZE for 4k. */
size_t hr_page_kind_size(enum hr_page_kind kind);

/*
 * Is @kind usable for @size bytes? 0, or -errno with a one-line reason in
 * @why (for example shmem THP disabled, or too few free hugetlb pages).
 */
int hr_page_kind_check(enum hr_page_kind kind, size_t size, char *why, size_t why_len);

/* Create the memfd (sealable), size it and map it; nothing populated yet. -errno. */
int hr_memfd_create(struct hr_memfd *m, size_t size, enum hr_page_kind kind);
/* Make [off, off + len) resident (rounded out to the page kind). -errno. */
int hr_memfd_populate(struct hr_memfd *m, size_t off, size_t len);
/*
 * Bytes of the buffer mapped with huge pages: all of it for hugetlb, the
 * process's ShmemPmdMapped for THP (the memfd is its only shmem mapping that
 * heapread makes), 0 for 4k; -errno if unknown.
 */
long long hr_memfd_huge_bytes(const struct hr_memfd *m);
/* Unmap and close (releases every page). Safe after a failed create and twice. */
void hr_memfd_destroy(struct hr_memfd *m);

/*
 * Turn the memfd into a dma-buf through /dev/udmabuf (seals it against
 * shrinking first, as udmabuf requires). Returns the dma-buf fd or -errno
 * (-ENOENT when /dev/udmabuf does not exist).
 */
int hr_memfd_to_udmabuf(struct hr_memfd *m);

#endif /* HEAPREAD_MEMFD_BUF_H */
