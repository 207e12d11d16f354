# SPDX-License-Identifier: GPL-2.0
#
# Included by the Makefiles that install (debugfs-reader/, trace-plugins/),
# after PREFIX and DESTDIR are set.
#
# INSTALL_SH installs and removes the files (scripts/install-files.sh);
# INSTALL_RECORD lists the directories an install created, for uninstall
# (none when DESTDIR stages a package).

INSTALL_SH	:= $(abspath $(dir $(lastword $(MAKEFILE_LIST))))/install-files.sh
INSTALL_RECORD	= $(if $(DESTDIR),,$(PREFIX)/share/pfstat/installed-dirs)
