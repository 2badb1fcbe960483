# examples: programs that use the installed libheapread as any program would,
# through pkg-config. make installcheck (which make distcheck runs on its
# staged install) builds them against the installed header and library and
# runs them on files it writes; they are not built otherwise.
EXAMPLES_DIST = examples/load_file.c examples/load_shards.c examples/cxx_header.cc
EXTRA_DIST += $(EXAMPLES_DIST) examples/run-examples.sh
CLEANFILES += examples/load_file examples/load_shards examples/cxx_header \
	examples/shard-*.bin

installcheck-local: installcheck-examples
PHONY_TARGETS += installcheck-examples
installcheck-examples:
	@$(MKDIR_P) examples
	$(AM_V_at)DESTDIR="$(DESTDIR)" prefix="$(prefix)" libdir="$(libdir)" \
		pkgconfigdir="$(pkgconfigdir)" CC="$(CC)" CFLAGS="$(CFLAGS)" \
		PKG_CONFIG="$(PKG_CONFIG)" \
		$(SHELL) $(srcdir)/examples/run-examples.sh $(srcdir)/examples examples
