/* SPDX-License-Identifier: GPL-2.0 */
/*
 * heapread_compat.h - the kernel API differences heapread.ko meets, one
 * wrapper per difference. heapread_config.h, written by compat/compat.sh
 * from a feature test built against the target kernel, says which side of
 * each difference that kernel is on.
 */
#ifndef HEAPREAD_COMPAT_H
#define HEAPREAD_COMPAT_H

#include <linux/mm.h>
#include <linux/module.h>
#include <linux/stringify.h>

#include "heapread_config.h"

/*
 * The @n-th page after @page within one allocation. 7.x removed nth_page():
 * the struct pages of one allocation are contiguous in the memmap there.
 */
#ifdef HAVE_NTH_PAGE
#define heapread_nth_page(page, n)	nth_page(page, n)
#else
#define heapread_nth_page(page, n)	((page) + (n))
#endif

/* MODULE_IMPORT_NS() took a bare identifier before 6.13, a string since. */
#ifdef HAVE_MODULE_IMPORT_NS_IDENT
#define HEAPREAD_IMPORT_NS(ns)	MODULE_IMPORT_NS(ns)
#else
#define HEAPREAD_IMPORT_NS(ns)	MODULE_IMPORT_NS(__stringify(ns))
#endif

#endif /* HEAPREAD_COMPAT_H */
