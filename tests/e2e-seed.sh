#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# e2e-seed.sh - the test machinery itself: a throwaway Dovecot (tests/dovecot.sh),
# the seeding tool (av-seed) and the read-only dump (av-dump), and the TLS fixture.
# It is also the pattern later IMAP tests follow: tests/lib.sh for pass/fail and
# $AV_TMP, tests/dovecot.sh for the server, the tools from $AV_SEED/$AV_DUMP.
#
# Run by `make check` (from the build dir), or by hand from the build dir:
#	bash tests/e2e-seed.sh
# Exit: 0 pass, 1 fail, 77 skip, 99 hard error (tools not built).
# shellcheck disable=SC2016,SC2119,SC2120 # eval '...' on purpose; dump takes options
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -eu

here=$(cd "$(dirname "$0")" && pwd)
. "${srcdir:-$here/..}/tests/lib.sh"	# sets srcdir, AV_TMP, AV_VALGRIND, pass/fail
trap av_cleanup_tmp EXIT		# dovecot.sh keeps it and runs it last
. "$srcdir/tests/dovecot.sh"

# Print the path of test tool $1, from $2 (AV_SEED/AV_DUMP) or the usual places.
find_tool()
{
	local name="$1" override="$2" d
	if [ -n "$override" ]; then
		printf '%s\n' "$override"
		return 0
	fi
	for d in "${builddir:+$builddir/tests/tools}" tests/tools ../tests/tools "$here/tools"; do
		if [ -n "$d" ] && [ -x "$d/$name" ]; then
			printf '%s\n' "$d/$name"
			return 0
		fi
	done
	echo "ERROR: $name not found: build it (make check) or set its path in the environment" >&2
	exit 99
}

dovecot_skip_unless_available
AV_SEED=$(find_tool av-seed "${AV_SEED:-}")
AV_DUMP=$(find_tool av-dump "${AV_DUMP:-}")
if [ ! -x "$AV_SEED" ] || [ ! -x "$AV_DUMP" ]; then
	echo "ERROR: $AV_SEED or $AV_DUMP is not built" >&2
	exit 99
fi
command -v sha256sum >/dev/null || { echo "SKIP: sha256sum not installed"; exit 77; }

# check DESC CMD...: pass when CMD succeeds.
check()
{
	local desc="$1"
	shift
	if "$@"; then
		pass "$desc"
	else
		fail "$desc"
	fi
}

work=$AV_TMP
show_log_on_failure()
{
	if [ "$AV_TEST_FAILS" != 0 ] && [ -n "${DOVECOT_LOG:-}" ] && [ -f "$DOVECOT_LOG" ]; then
		echo "--- $DOVECOT_LOG (last 30 lines)"
		tail -n 30 "$DOVECOT_LOG"
	fi
}
dovecot_on_exit show_log_on_failure

t0=$(date +%s.%N)
dovecot_start
t1=$(date +%s.%N)
echo "dovecot started in $(awk "BEGIN { printf \"%.2f\", $t1 - $t0 }") s on ports $IMAP_PORT (STARTTLS) and $IMAPS_PORT (TLS), dir $DOVECOT_DIR"

conn=(--host 127.0.0.1 --port "$IMAP_PORT" --user "$IMAP_USER" --password-file "$IMAP_PASSWORD_FILE")
# The tools run under valgrind too when the build asks for it (--enable-valgrind).
# shellcheck disable=SC2086
seed() { $AV_VALGRIND "$AV_SEED" "${conn[@]}" "$@"; }
# shellcheck disable=SC2086
dump() { $AV_VALGRIND "$AV_DUMP" "${conn[@]}" "$@"; }

# --- fixtures: one message with bare LF, one already in CRLF
printf '%s\n' \
	'From: Bob <bob@example.org>' \
	'To: Alice <alice@example.org>' \
	'Subject: Project kickoff' \
	'Date: Sun, 15 Mar 2026 09:30:00 -0700' \
	'Message-ID: <seed-1@example.org>' \
	'' \
	'Thanks for joining.' >"$work/m1.eml"
printf '%s\r\n' \
	'From: Carol <carol@example.org>' \
	'To: Alice <alice@example.org>' \
	'Subject: Second' \
	'Message-ID: <seed-2@example.org>' \
	'' \
	'Already CRLF.' >"$work/m2.eml"
# What the server must hold: bare LF turned into CRLF, CRLF left alone.
h1=$(sed 's/$/\r/' "$work/m1.eml" | sha256sum | cut -d' ' -f1)
h2=$(sha256sum <"$work/m2.eml" | cut -d' ' -f1)
date1='15-Mar-2026 09:30:00 -0700'
epoch1=1773592200	# 2026-03-15 16:30:00 UTC
check "the chosen date is $epoch1 in UTC" [ "$(date -u -d '2026-03-15 16:30:00' +%s)" = "$epoch1" ]

# --- before
dump >"$work/dump0"
check "fresh account: INBOX, Drafts, Sent and no message" \
	[ "$(cut -d' ' -f1-2 "$work/dump0" | tr '\n' ' ')" = "folder Drafts folder INBOX folder Sent " ]

# --- seed
now=$(date +%s)
seed --date "$date1" --flags '\Seen' INBOX "$work/m1.eml" >"$work/seed1"
seed --create --flags '\Flagged $Label1' 'Projects/Kick off' "$work/m2.eml" >"$work/seed2"
check "av-seed prints FOLDER UID (INBOX)" [ "$(cat "$work/seed1")" = "INBOX 1" ]
check "av-seed prints FOLDER UID (new folder)" [ "$(cat "$work/seed2")" = "Projects/Kick off 1" ]
check "--create on an existing folder is fine" \
	seed --create 'Projects/Kick off' "$work/m2.eml" >/dev/null
expect_exit 1 "appending to a missing folder fails" seed NoSuchFolder "$work/m1.eml"
expect_grep "... and says why, naming the file" "$work/err" "m1.eml: APPEND to NoSuchFolder failed"
expect_exit 2 "an unknown system flag is refused" seed --flags '\Recent' INBOX "$work/m1.eml"
expect_exit 2 "a malformed --date is refused" seed --date '2026-03-15 09:30' INBOX "$work/m1.eml"
expect_exit 1 "a wrong password is refused" \
	"$AV_DUMP" --port "$IMAP_PORT" --user "$IMAP_USER" --password-file "$DOVECOT_CA"

# --- after
dump >"$work/dump1"
awk '/^folder /{ p = ($2 == "INBOX") } p' "$work/dump1" >"$work/inbox"
check "INBOX holds one message: UID 1, (\\Seen), the chosen date, the CRLF body" \
	grep -qFx "1 (\\Seen) $epoch1 $h1" "$work/inbox"
check "INBOX holds nothing else" [ "$(grep -c '^[0-9]' "$work/inbox")" = 1 ]
line2=$(sed -n '/^folder Projects\/Kick off /{n;p;}' "$work/dump1")
read -r uid2 flags2a flags2b epoch2 hash2 <<<"$line2"
check "new folder: UID 1 with (\$Label1 \\Flagged), no \\Seen" \
	[ "$uid2 $flags2a $flags2b" = '1 ($Label1 \Flagged)' ]
check "new folder: body is the file as sent" [ "$hash2" = "$h2" ]
check "no --date: INTERNALDATE is about now ($epoch2 vs $now)" \
	eval '[ "$epoch2" -ge $((now - 300)) ] && [ "$epoch2" -le $((now + 300)) ]'
check "the uidvalidity of a folder does not change" \
	[ "$(grep '^folder INBOX ' "$work/dump0")" = "$(grep '^folder INBOX ' "$work/dump1")" ]
check "av-dump --folder dumps just that folder" \
	eval 'dump --folder INBOX | cmp -s - "$work/inbox"'

# --- dumping changes nothing
dump >"$work/dump2"
check "a second dump equals the first (no \\Seen appears, nothing moves)" \
	cmp -s "$work/dump1" "$work/dump2"

# --- TLS fixture: verification succeeds with ca.pem, fails with wrong-ca.pem
tls()	# tls CAFILE [s_client options...]: prints s_client's output
{
	local ca="$1"
	shift
	timeout 10 openssl s_client -connect "127.0.0.1:$1" -servername localhost \
		-verify_hostname localhost -CAfile "$ca" -verify_return_error "${@:2}" \
		</dev/null 2>&1 || true
}
check "IMAPS: certificate verifies with \$DOVECOT_CA" \
	eval 'tls "$DOVECOT_CA" "$IMAPS_PORT" | grep -q "Verify return code: 0 (ok)"'
check "STARTTLS: certificate verifies with \$DOVECOT_CA" \
	eval 'tls "$DOVECOT_CA" "$IMAP_PORT" -starttls imap | grep -q "Verify return code: 0 (ok)"'
refused()	# s_client output on stdin: the chain was rejected for its issuer
{
	local out
	out=$(cat)
	! grep -q "Verify return code: 0 (ok)" <<<"$out" &&
		grep -q "verify error:num=20:unable to get local issuer certificate" <<<"$out"
}
check "IMAPS: verification fails with wrong-ca.pem" \
	eval 'tls "$DOVECOT_DIR/wrong-ca.pem" "$IMAPS_PORT" | refused'
check "STARTTLS: verification fails with wrong-ca.pem" \
	eval 'tls "$DOVECOT_WRONG_CA" "$IMAP_PORT" -starttls imap | refused'
check "the server certificate is for localhost and 127.0.0.1, serverAuth" \
	eval 'openssl verify -CAfile "$DOVECOT_CA" -purpose sslserver -verify_hostname localhost \
		-verify_ip 127.0.0.1 "$DOVECOT_SERVER_CERT" >/dev/null 2>&1'
check "the expired certificate is signed by ca.pem and refused as expired" \
	eval 'openssl verify -CAfile "$DOVECOT_CA" "$DOVECOT_EXPIRED_CERT" 2>&1 | grep -q "certificate has expired"'
check "the expired key matches the expired certificate" \
	eval '[ "$(openssl x509 -in "$DOVECOT_EXPIRED_CERT" -noout -pubkey)" = \
		"$(openssl pkey -in "$DOVECOT_EXPIRED_KEY" -pubout)" ]'
check "the password file is mode 600" [ "$(stat -c %a "$IMAP_PASSWORD_FILE")" = 600 ]
check "the log has the logout byte counts" grep -q 'Logged out in=[0-9]* out=[0-9]*' "$DOVECOT_LOG"

# --- stop, then a second instance without TLS
dir1=$DOVECOT_DIR
t0=$(date +%s.%N)
dovecot_stop
t1=$(date +%s.%N)
echo "dovecot stopped in $(awk "BEGIN { printf \"%.2f\", $t1 - $t0 }") s"
check "dovecot_stop leaves no process" eval '! pgrep -f "$dir1" >/dev/null'
check "dovecot_stop removes the dir" [ ! -e "$dir1" ]
check "dovecot_stop is idempotent" dovecot_stop

dovecot_start --no-ssl
check "--no-ssl: a new dir" [ "$DOVECOT_DIR" != "$dir1" ]
check "--no-ssl: no IMAPS port" [ -z "$IMAPS_PORT" ]
conn=(--host 127.0.0.1 --port "$IMAP_PORT" --user "$IMAP_USER" --password-file "$IMAP_PASSWORD_FILE")
check "--no-ssl: seeding works" eval 'seed INBOX "$work/m2.eml" >/dev/null'
check "--no-ssl: no STARTTLS offered" \
	eval 'tls "$DOVECOT_CA" "$IMAP_PORT" -starttls imap | grep -q "Didn.t find STARTTLS"'

finish
