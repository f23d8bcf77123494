#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# e2e-imap-tls.sh - certificate checks and STARTTLS policy of the IMAP driver against a
# throwaway Dovecot: a wrong CA, a wrong host name, an expired certificate, a server
# without STARTTLS and a wrong fingerprint pin are all refused (AV_ERR_AUTH) before any
# credential is sent — proved from Dovecot's log (auth_verbose: it names the user of
# every login or auth attempt, which the positive controls below show); the right CA,
# the right name and the right pin are accepted.
#
# Run by `make check`, or by hand from the build dir: bash tests/e2e-imap-tls.sh
# Exit: 0 pass, 1 fail, 77 skip, 99 hard error.
# shellcheck disable=SC2016,SC2119 # eval '...' on purpose; dovecot_start, dump take options
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "${srcdir:-$here/..}/tests/e2e-imap-lib.sh"

dovecot_start
grep -q '^auth_verbose = yes' "$DOVECOT_CONF" || echo 'auth_verbose = yes' >>"$DOVECOT_CONF"

# Listen on 127.0.0.2 too (Linux routes all of 127/8 to lo): the certificate names
# localhost and 127.0.0.1 only, so 127.0.0.2 is a wrong host name for it.
sed -i -e 's/^listen = 127\.0\.0\.1$/listen = 127.0.0.1, 127.0.0.2/' \
	-e 's/address = 127\.0\.0\.1$/address = 127.0.0.1, 127.0.0.2/' "$DOVECOT_CONF"
dovecot_restart
other_host=127.0.0.2
if ! (exec 3<>"/dev/tcp/$other_host/$IMAPS_PORT") 2>/dev/null; then
	other_host=
	echo "note: Dovecot does not answer on 127.0.0.2; the wrong-name test is skipped"
fi

# --- positive controls: what Dovecot logs when credentials do arrive
use tls
log_mark
expect_probe 0 "IMAPS with ca_file = the test CA" examine INBOX
check "control: a login is logged with the user's name (so the checks below can fail)" \
	eval 'log_wait_disconnect; log_since_mark | grep -q "user=<alice>"'
printf 'wrong-password\n' >"$AV_TMP/wrongpw"
log_mark
expect_exit 77 "control: a wrong password" "$AV_IMAP_PROBE" --port "$IMAPS_PORT" \
	--security tls --ca-file "$DOVECOT_CA" --user alice --password-file "$AV_TMP/wrongpw" \
	examine INBOX
check "control: a failed login attempt is logged with the user's name too" \
	eval 'log_wait_disconnect; log_since_mark | grep -q "alice"'

# --- the refusals
use tls
conn+=(--host 127.0.0.1)
log_mark
expect_probe 77 "IMAPS, certificate from an unknown CA" --ca-file "$DOVECOT_WRONG_CA" examine INBOX
expect_grep "... says: unknown issuer, which one, against what" "$AV_TMP/err" \
	'unknown issuer: "CN=afterview test CA" is not trusted by'
no_credentials_sent "... refused before any credential was sent"

expect_probe 78 "a ca_file without a certificate is a configuration error" \
	--ca-file /dev/null examine INBOX
expect_grep "... naming the file" "$AV_TMP/err" "ca_file /dev/null: "
log_mark
conn=(--port "$IMAPS_PORT" --security tls --user alice --password-file "$IMAP_PASSWORD_FILE")
expect_probe 77 "IMAPS with the system trust store" examine INBOX
expect_grep "... unknown issuer against the system store" "$AV_TMP/err" \
	"is not trusted by the system trust store"
no_credentials_sent "... refused before any credential was sent"

use starttls
log_mark
expect_probe 77 "STARTTLS, certificate from an unknown CA" --ca-file "$DOVECOT_WRONG_CA" \
	examine INBOX
expect_grep "... unknown issuer" "$AV_TMP/err" "unknown issuer"
no_credentials_sent "... refused before any credential was sent (after STARTTLS, before LOGIN)"

if [ -n "$other_host" ]; then
	for mode in tls starttls; do
		use "$mode"
		log_mark
		expect_probe 77 "$mode to $other_host: the certificate is for another name" \
			--host "$other_host" examine INBOX
		expect_grep "... says which names it is for" "$AV_TMP/err" \
			"wrong host name: the certificate is for localhost, 127.0.0.1, not 127.0.0.2"
		no_credentials_sent "... refused before any credential was sent"
	done
fi

use tls
expect_probe 0 "IMAPS to localhost: the DNS name matches (SNI sent)" --host localhost examine INBOX
expect_probe 0 "IMAPS to 127.0.0.1: the IP address name matches" --host 127.0.0.1 examine INBOX

# --- pinning
fp=$(openssl x509 -in "$DOVECOT_SERVER_CERT" -noout -fingerprint -sha256 | sed 's/.*=//')
fp_plain=$(printf '%s' "$fp" | tr -d ':' | tr 'A-F' 'a-f')
conn=(--port "$IMAPS_PORT" --security tls --user alice --password-file "$IMAP_PASSWORD_FILE")
expect_probe 0 "a pinned fingerprint (upper case, colons) replaces the CA" --fingerprint "$fp" \
	--debug imap,tls examine INBOX
expect_grep "... and says what it skipped" "$AV_TMP/err" \
	"chain, dates and host name not checked"
if [ -n "$other_host" ]; then
	expect_probe 0 "... (lower case, no colons) also to another name" \
		--fingerprint "$fp_plain" --host "$other_host" examine INBOX
fi
# the real pin with its first digit changed (0 becomes 1, anything else 0)
case $fp_plain in
0*) wrong_fp=1${fp_plain#?} ;;
*) wrong_fp=0${fp_plain#?} ;;
esac
log_mark
expect_probe 77 "a wrong pin is refused" --fingerprint "$wrong_fp" examine INBOX
expect_grep "... naming the certificate's real fingerprint" "$AV_TMP/err" \
	"$(printf '%s' "$fp" | tr 'A-F' 'a-f')"
no_credentials_sent "... refused before any credential was sent"
log_mark
expect_probe 77 "a pin is checked with STARTTLS too" --port "$IMAP_PORT" --security starttls \
	--fingerprint "$wrong_fp" examine INBOX
no_credentials_sent "... refused before any credential was sent"

# --- an expired certificate
sed -i -e "s|^ssl_cert = <.*|ssl_cert = <$DOVECOT_EXPIRED_CERT|" \
	-e "s|^ssl_key = <.*|ssl_key = <$DOVECOT_EXPIRED_KEY|" "$DOVECOT_CONF"
dovecot_restart
for mode in tls starttls; do
	use "$mode"
	log_mark
	expect_probe 77 "$mode: an expired certificate (signed by the right CA)" examine INBOX
	expect_grep "... says when it expired" "$AV_TMP/err" \
		"the server certificate expired on 2001-01-01T00:00:00Z"
	no_credentials_sent "... refused before any credential was sent"
done

# --- a server without STARTTLS
dovecot_stop
dovecot_start --no-ssl
grep -q '^auth_verbose = yes' "$DOVECOT_CONF" || { echo 'auth_verbose = yes' >>"$DOVECOT_CONF"; dovecot_restart; }
conn=(--port "$IMAP_PORT" --security starttls --ca-file "$DOVECOT_CA" --user alice
	--password-file "$IMAP_PASSWORD_FILE")
log_mark
expect_probe 77 "security = starttls against a server without STARTTLS" examine INBOX
expect_grep "... refuses to go on in plain text" "$AV_TMP/err" \
	"does not offer STARTTLS; refusing to send the password in plain text"
no_credentials_sent "... and sent no credential"
use plain
expect_probe 0 "control: the same server with security = plain (loopback)" examine INBOX

no_forbidden_commands
finish
