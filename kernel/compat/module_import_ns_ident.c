// SPDX-License-Identifier: GPL-2.0
/*
 * compat: HAVE_MODULE_IMPORT_NS_IDENT compile
 * MODULE_IMPORT_NS() takes a bare identifier (a string since 6.13).
 */
#include <linux/module.h>

MODULE_IMPORT_NS(DMA_BUF);
MODULE_LICENSE("GPL");
