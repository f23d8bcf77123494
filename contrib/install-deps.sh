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

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
if [ -z "$missing" ]; then
	echo "install-deps: all packages present"
	exit 0
fi
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
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
