#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The command line as a person meets it first: --help, --version, check-config.
. "${srcdir:-$(dirname "$0")/..}/tests/lib.sh"
trap av_cleanup_tmp EXIT

conf=$AV_TMP/config
sed -e 's|^password_cmd = .*|password_cmd = printf hunter2-s3cret|' \
	"$srcdir/contrib/afterview.conf.sample" >"$conf"
chmod 600 "$conf"

expect_exit 0 "--version" av --version
expect_grep "--version names the program" "$AV_TMP/out" "afterview "
expect_exit 0 "--help" av --help
expect_grep "--help lists check-config" "$AV_TMP/out" "check-config"
expect_exit 64 "unknown command is a usage error" av frobnicate
expect_grep "unknown command is named" "$AV_TMP/err" "unknown command 'frobnicate'"
expect_exit 64 "unknown debug category" av -D imap,nonsense check-config
expect_grep "the bad category is named" "$AV_TMP/err" "'nonsense'"

expect_exit 0 "the shipped sample config is valid" av -c "$conf" check-config
expect_grep "effective config shows defaults" "$AV_TMP/out" "port = 993"
expect_grep "password_cmd is masked" "$AV_TMP/out" "password_cmd = ******** (set; not shown)"
expect_no_grep "the command is not shown" "$AV_TMP/out" "hunter2"

XDG_CONFIG_HOME=$AV_TMP/xdg
mkdir -p "$XDG_CONFIG_HOME/afterview"
cp -p "$conf" "$XDG_CONFIG_HOME/afterview/config"
expect_exit 0 "default path is \$XDG_CONFIG_HOME/afterview/config" \
	env XDG_CONFIG_HOME="$XDG_CONFIG_HOME" $AV_VALGRIND "$AFTERVIEW" check-config

chmod 644 "$conf"
expect_exit 78 "a world-readable config naming a secret is refused (EX_CONFIG)" \
	av -c "$conf" check-config
expect_grep "the refusal says how to fix it" "$AV_TMP/err" "run chmod 600 $conf"

cat >"$conf" <<'CONF'
[me]
addresses = me@example.net
[afterview]
window_hours = forever
[account a]
host = imap.example.net
security = plain
user = me
password_cmd = true
CONF
chmod 600 "$conf"
expect_exit 78 "a bad config exits EX_CONFIG" av -c "$conf" check-config
expect_grep "bad value reported at file:line" "$AV_TMP/err" \
	"$conf:4: window_hours must be a whole number from 1 to 168, not 'forever'"
expect_grep "plain to a remote host reported at the section" "$AV_TMP/err" \
	"$conf:5: account 'a': security = plain is allowed only to a loopback host"

# the templates the config points at are checked too
mkdir -p "$AV_TMP/tpl"
printf 'Subject: Thanks, {{frist_name}}\n\nHello {{first_name}},\n' >"$AV_TMP/tpl/formal.txt"
sed -e 's|^password_cmd = .*|password_cmd = printf hunter2-s3cret|' \
	-e "s|^; templates = .*|templates = $AV_TMP/tpl|" "$srcdir/contrib/afterview.conf.sample" >"$conf"
chmod 600 "$conf"
expect_exit 78 "a template with an unknown placeholder is a config error" av -c "$conf" check-config
expect_grep "... reported as file:line" "$AV_TMP/err" "$AV_TMP/tpl/formal.txt:1: unknown placeholder {{frist_name}}"

expect_exit 78 "a missing config exits EX_CONFIG" av -c "$AV_TMP/none" check-config
expect_grep "missing file is named" "$AV_TMP/err" "$AV_TMP/none: cannot open"
expect_grep "... and the way to start one is shown" "$AV_TMP/err" "no configuration yet: start from afterview.conf.sample"

finish
