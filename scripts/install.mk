# SPDX-License-Identifier: GPL-2.0
#
# Included by the Makefiles that install (the top level, debugfs-reader/,
# trace-plugins/), after PREFIX and DESTDIR are set.
#
# "make install" and "make uninstall" refuse a PREFIX or a DESTDIR that is
# not an absolute path, before doing anything: "PREFIX=~/.local" from a
# shell that leaves "~" alone would install the tool under ~/.local (the
# recipes' shell expands it) and the plugin in the system's directory
# (make does not), and a relative path would land under the source tree.
#
# INSTALL_SH installs and removes the files (scripts/install-files.sh);
# INSTALL_RECORD lists the directories an install created, for uninstall
# (none when DESTDIR stages a package).

INSTALL_SH	:= $(abspath $(dir $(lastword $(MAKEFILE_LIST))))/install-files.sh
INSTALL_RECORD	= $(if $(DESTDIR),,$(PREFIX)/share/pfstat/installed-dirs)

ifneq ($(filter install uninstall,$(MAKECMDGOALS)),)
install_did	:= $(if $(filter install,$(MAKECMDGOALS)),nothing installed,nothing removed)
install_tilde	:= the shell passed ~ unexpanded: write PREFIX=$$HOME/.local
install_abs	:= give an absolute path
ifneq ($(words $(PREFIX)) $(filter /%,$(PREFIX)),1 $(PREFIX))
$(error PREFIX=$(PREFIX) is not an absolute path ($(install_did)); $(if $(filter ~%,$(PREFIX)),$(install_tilde),$(install_abs)))
endif
ifneq ($(DESTDIR),)
ifneq ($(words $(DESTDIR)) $(filter /%,$(DESTDIR)),1 $(DESTDIR))
$(error DESTDIR=$(DESTDIR) is not an absolute path ($(install_did)); $(install_abs))
endif
endif
endif
