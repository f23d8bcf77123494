#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The design's layering rule, checked: each third-party library is included by one
# file only (invite.c libical, store.c sqlite3, tls.c GnuTLS, conf.c inih, report.c
# jansson), and headers include none of them. libetpan stays inside the IMAP driver,
# which is imap.c and its stream guard imap-guard.c, and mime.c (its MIME parser).
. "${srcdir:-$(dirname "$0")/..}/tests/lib.sh"
trap av_cleanup_tmp EXIT
cd "$srcdir"

check() { # LIB-REGEX ALLOWED-FILES...
	local re=$1 bad
	shift
	bad=$(grep -lE "^#[[:space:]]*include[[:space:]]*<($re)" plugin/*.c plugin/*.h include/afterview/*.h 2>/dev/null |
		grep -vxF -f <(printf '%s\n' "$@") || true)
	if [ -z "$bad" ]; then
		pass "only $* include <$re>"
	else
		fail "<$re> included outside $*: $bad"
	fi
}

check 'libetpan/' plugin/imap.c plugin/imap-guard.c plugin/mime.c
check 'libical/|ical\.h' plugin/invite.c
check 'sqlite3\.h' plugin/store.c
check 'gnutls/' plugin/tls.c
check 'ini\.h' plugin/conf.c
check 'jansson\.h' plugin/report.c

# The Claws Mail plugin (plugin/claws/) is the only place for GLib, GTK and Claws' own
# headers; the core (plugin/*.c, include/afterview/) stays free of them, and the plugin
# reaches the other libraries only through the core.
bad=$(grep -lE '^#[[:space:]]*include[[:space:]]*[<"](glib|gtk|gdk|gio|claws-features|common/|gtk/|folder\.h|procmsg\.h|account\.h|prefs_)' \
	plugin/*.c plugin/*.h include/afterview/*.h 2>/dev/null || true)
if [ -z "$bad" ]; then
	pass "GLib, GTK and Claws headers only in plugin/claws/"
else
	fail "GLib, GTK or Claws headers outside plugin/claws/: $bad"
fi
bad=$(grep -lE '^#[[:space:]]*include[[:space:]]*<(libetpan/|libical/|ical\.h|sqlite3\.h|gnutls/|ini\.h|jansson\.h)' \
	plugin/claws/*.c plugin/claws/*.h 2>/dev/null || true)
if [ -z "$bad" ]; then
	pass "plugin/claws/ uses the other libraries only through the core"
else
	fail "plugin/claws/ includes a library the core wraps: $bad"
fi
finish
