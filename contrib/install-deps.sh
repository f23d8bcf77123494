#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Install what afterview needs to build and test on Debian 12 (run as root or with sudo),
# including the real mail clients the tests drive (NeoMutt in tmux, Claws Mail under Xvfb).
# Does nothing (and needs no network) when everything is already there.
set -eu

PKGS="build-essential pkg-config autoconf automake libtool
libetpan-dev libical-dev libsqlite3-dev libgnutls28-dev libinih-dev libjansson-dev tzdata
dovecot-imapd dovecot-core openssl valgrind clang libclang-rt-14-dev clang-format python3 time procps
neomutt tmux claws-mail xvfb xdotool imagemagick dbus
libclaws-mail-dev libgtk-3-dev xauth dbus-x11"

# The other IMAP servers the suite runs (tests/cyrus.sh, tests/courier.sh). Debian's
# cyrus-imapd and courier-imap Conflict with dovecot-imapd (all three provide imap-server):
# installing either would remove Dovecot. So neither is installed: they and the parts whose
# maintainer scripts would add users, write /etc, start services or pull in a mail transport
# agent (cyrus-common, courier-base, ...) are unpacked with dpkg-deb into a private tree per
# server, $AV_TEST_SERVERS/<server>-<version>/, which the tests find; only the shared
# libraries those binaries link are installed as packages.
AV_TEST_SERVERS=${AV_TEST_SERVERS:-/var/cache/afterview-test-servers}
SERVER_LIBS="libclamav12 libzephyr4 libxapian30 libicu72 libpq5 libwrap0 libcom-err2 libical3
libjansson4 libkrb5-3 libldap-2.5-0 libpcre3 libxml2 libsasl2-2 libsasl2-modules libdb5.3
libcourier-unicode4 libgamin0 libgdbm6 libidn12 libltdl7 libpam0g libcrypt1 perl"
CYRUS_DEBS="cyrus-imapd cyrus-common sasl2-bin"
COURIER_DEBS="courier-imap courier-base courier-authlib courier-authlib-userdb"
PKGS="$PKGS $SERVER_LIBS"

# unpack_server NAME MAIN-PACKAGE PACKAGES...: $AV_TEST_SERVERS/NAME-VERSION/ (VERSION
# that of MAIN-PACKAGE), made once; .complete marks a finished tree.
unpack_server()
{
	name=$1 main=$2
	shift 2
	version=$(apt-cache policy "$main" 2>/dev/null | awk '/Candidate:/ { print $2 }')
	if [ -z "$version" ] || [ "$version" = "(none)" ]; then
		echo "install-deps: $main not known to apt; the $name tests will skip" >&2
		return 0
	fi
	dest="$AV_TEST_SERVERS/$name-$(printf '%s' "$version" | tr ':/' '__')"
	[ -e "$dest/.complete" ] && return 0
	echo "install-deps: unpacking $* into $dest"
	$SUDO mkdir -p "$AV_TEST_SERVERS"
	dl=$(mktemp -d)
	chmod 777 "$dl" # apt-get download drops to the _apt user
	(cd "$dl" && apt-get download -qq "$@") || { rm -rf "$dl"; return 1; }
	$SUDO rm -rf "$dest.tmp"
	$SUDO mkdir -p "$dest.tmp"
	for deb in "$dl"/*.deb; do
		$SUDO dpkg-deb -x "$deb" "$dest.tmp"
	done
	rm -rf "$dl"
	$SUDO touch "$dest.tmp/.complete"
	$SUDO mv "$dest.tmp" "$dest"
}

SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
if [ -z "$missing" ]; then
	unpack_server cyrus cyrus-imapd $CYRUS_DEBS
	unpack_server courier courier-imap $COURIER_DEBS
	echo "install-deps: all packages present"
	exit 0
fi
echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
# The Debian dovecot packages start a system Dovecot on port 143/993 where services run;
# the tests never use it (they start their own on free ports), so keep it from starting.
if [ ! -e /usr/sbin/policy-rc.d ]; then
	printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
	$SUDO chmod 755 /usr/sbin/policy-rc.d
	trap '$SUDO rm -f /usr/sbin/policy-rc.d' EXIT
fi
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
unpack_server cyrus cyrus-imapd $CYRUS_DEBS
unpack_server courier courier-imap $COURIER_DEBS
