# kernel/upstream: DMA_HEAP_ALLOC_AND_READ_FILE as a patch series against
# Debian's linux-source-7.3, the engine copied in from core/ when generated.
# Included by the top Makefile.am.
#
#   make upstream-series        regenerate kernel/upstream/*.patch from
#                               kernel/upstream/steps/ and core/; checkpatch
#                               --strict and kernel-doc on the result
#   make upstream-series-check  the same without writing: fail if the
#                               committed series is out of date
#   make upstream-series-bisect regenerate, then build every prefix of the
#                               series in the debug kernel's cached tree

EXTRA_DIST += kernel/upstream

PHONY_TARGETS += upstream-series upstream-series-check upstream-series-bisect

upstream-series:
	@$(SHELL) $(srcdir)/kernel/upstream/make-series.sh $(srcdir)

upstream-series-check:
	@$(SHELL) $(srcdir)/kernel/upstream/make-series.sh $(srcdir) --check

upstream-series-bisect:
	@$(SHELL) $(srcdir)/kernel/upstream/make-series.sh $(srcdir) --bisect
