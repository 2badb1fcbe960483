/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* kshim (dup): min()/max() evaluate their arguments once, as the kernel's do. */
#ifndef _LINUX_MINMAX_H
#define _LINUX_MINMAX_H

#define min(a, b)	({ __typeof__(a) _a = (a); __typeof__(b) _b = (b); _a < _b ? _a : _b; })
#define max(a, b)	({ __typeof__(a) _a = (a); __typeof__(b) _b = (b); _a > _b ? _a : _b; })
#define min3(a, b, c)	({ __typeof__(a) _m3 = min(a, b); min(_m3, c); })
#define min_t(t, a, b)	min((t)(a), (t)(b))
#define max_t(t, a, b)	max((t)(a), (t)(b))

#endif /* _LINUX_MINMAX_H */
