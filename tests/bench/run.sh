#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/bench/run.sh - the IMAP sync benchmark (issue 4; `make bench`; see tests/bench/README).
#
#	tests/bench/run.sh [--update-readme] [--size 10k|100k|SENT,INBOX,INVITES]... [--now TIME]
#			   [--keep]
#
# For each size: start a throwaway Dovecot (tests/dovecot.sh), write the mailbox straight
# into its Maildir (genmail.py), let Dovecot index it (doveadm mailbox status), then run
# `afterview sync` twice under /usr/bin/time (first run, rerun with no new mail) and read
# Dovecot's logout line of each session; finally measure the reference figures with
# imapref.py and print the tables (report.py). --update-readme also writes them into
# tests/bench/README. Environment: AFTERVIEW (the binary; default ./afterview of the build
# tree), srcdir, DOVECOT, BENCH_WORK (a dir for the results; default a temp dir).
set -eu

: "${srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
bench=$srcdir/tests/bench
: "${AFTERVIEW:=$(pwd)/afterview}"
now=2026-11-25T12:00:00Z
horizon=60
update=0
sizes=()
while [ $# -gt 0 ]; do
	case "$1" in
	--update-readme) update=1 ;;
	--size) sizes+=("$2"); shift ;;
	--now) now=$2; shift ;;
	--keep) export KEEP_DOVECOT=1 ;;
	-h|--help) sed -n '2,12p' "$0"; exit 0 ;;
	*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
	esac
	shift
done
[ ${#sizes[@]} -gt 0 ] || sizes=(10k 100k)

# shellcheck source=tests/dovecot.sh
. "$srcdir/tests/dovecot.sh"
dovecot_skip_unless_available
if [ ! -x "$AFTERVIEW" ]; then
	echo "run.sh: $AFTERVIEW is missing: build it (make) or set AFTERVIEW" >&2
	exit 1
fi
if [ ! -x /usr/bin/time ]; then
	echo "run.sh: /usr/bin/time is missing (apt-get install time): it measures peak RSS" >&2
	exit 1
fi
command -v python3 >/dev/null || { echo "run.sh: python3 is missing" >&2; exit 1; }

work=${BENCH_WORK:-}
if [ -z "$work" ]; then
	work=$(mktemp -d "${TMPDIR:-/tmp}/av-bench.XXXXXX")
	dovecot_on_exit rm -rf "$work"
fi
mkdir -p "$work"

# size -> "sent inbox invites": 100k is the issue's mailbox (100 000 Sent, 20 000 INBOX,
# 500 invites); 10k is the same mix scaled to 10 000 messages.
counts() {
	case "$1" in
	10k) echo "8333 1667 42" ;;
	100k) echo "100000 20000 500" ;;
	*,*,*) echo "$1" | tr , ' ' ;;	# SENT,INBOX,INVITES: for trying the script
	*) echo "run.sh: unknown size $1 (10k, 100k or SENT,INBOX,INVITES)" >&2; return 1 ;;
	esac
}

# The Dovecot log line of the session that ended after line $1 of the log.
logout_line() {
	local mark=$1 line=
	for _ in $(seq 1 200); do
		line=$(tail -n +"$((mark + 1))" "$DOVECOT_LOG" | grep 'imap(' | grep 'Disconnected' | tail -1 || true)
		[ -n "$line" ] && break
		sleep 0.05
	done
	printf '%s\n' "$line"
}

# run_sync LABEL: one `afterview sync`, its figures into $res (key=value lines).
run_sync() {
	local label=$1 mark line rc=0 wall rss user sys
	mark=$(wc -l <"$DOVECOT_LOG")
	/usr/bin/time -f '%e %M %U %S' -o "$work/$size-$label.time" \
		"$AFTERVIEW" -c "$conf" sync --now "$now" >"$work/$size-$label.out" \
		2>"$work/$size-$label.err" || rc=$?
	line=$(logout_line "$mark")
	if [ "$rc" != 0 ]; then
		echo "run.sh: $size $label: afterview sync exited $rc" >&2
		tail -5 "$work/$size-$label.err" >&2
	fi
	{
		echo "${label}_rc=$rc"
		# the last line: on failure /usr/bin/time prints "Command exited with ..." first
		read -r wall rss user sys < <(tail -1 "$work/$size-$label.time")
		echo "${label}_wall=$wall"
		echo "${label}_rss_kb=$rss"
		echo "${label}_cpu=$(awk "BEGIN { print $user + $sys }")"
		sed -n 's/^sync //p' "$work/$size-$label.out" | tr ' ' '\n' |
			grep -v '^account=' | sed "s/^/${label}_/"
		for k in in out body_count body_bytes hdr_count hdr_bytes; do
			echo "${label}_dc_$k=$(printf '%s\n' "$line" | sed -n "s/.* $k=\\([0-9]*\\).*/\\1/p")"
		done
		echo "${label}_logout=$line"
	} >>"$res"
	echo "  $label: $(cat "$work/$size-$label.out") wall=${wall:-?}s; dovecot: ${line#*Disconnected: }"
}

for size in "${sizes[@]}"; do
	read -r n_sent n_inbox n_inv < <(counts "$size")
	res=$work/$size.res
	: >"$res"
	echo "== $size: $n_sent Sent, $n_inbox INBOX ($n_inv invites)"
	# shellcheck disable=SC2119 # no options: STARTTLS and implicit TLS
	dovecot_start >/dev/null
	maildir=$DOVECOT_DIR/mail/$IMAP_USER
	t0=$(date +%s.%N)
	python3 "$bench/genmail.py" --maildir "$maildir" --now "$now" --sent "$n_sent" \
		--inbox "$n_inbox" --invites "$n_inv" --fixtures "$srcdir/tests/data/invites" \
		--stats "$work/$size-gen.json" >/dev/null
	t1=$(date +%s.%N)
	if [ "$(id -u)" = 0 ]; then
		chown -R dovecot:dovecot "$DOVECOT_DIR/mail"
	fi
	# Dovecot scans the new Maildir once (UIDs, index) before the first client: a server
	# has its index already; the cache (ENVELOPE, BODYSTRUCTURE) stays cold.
	doveadm -c "$DOVECOT_CONF" mailbox status -u "$IMAP_USER" "messages uidnext" INBOX Sent \
		>"$work/$size-status.txt"
	t2=$(date +%s.%N)
	{
		echo "size=$size"
		echo "n_sent=$n_sent"
		echo "n_inbox=$n_inbox"
		echo "n_invites=$n_inv"
		echo "gen_seconds=$(awk "BEGIN { printf \"%.1f\", $t1 - $t0 }")"
		echo "index_seconds=$(awk "BEGIN { printf \"%.1f\", $t2 - $t1 }")"
		echo "disk_kb=$(du -sk "$maildir" | cut -f1)"
	} >>"$res"
	sed 's/^/  dovecot: /' "$work/$size-status.txt"

	conf=$work/$size.conf
	cat >"$conf" <<CONF
[me]
addresses = sam.rivera@example.net, samr@example.net
timezone = America/New_York
[afterview]
horizon_days = $horizon
$(dovecot_account bench)
timeout = 60
CONF
	chmod 600 "$conf"
	export XDG_STATE_HOME=$work/$size-state
	rm -rf "$XDG_STATE_HOME"

	run_sync first
	run_sync rerun

	python3 "$bench/imapref.py" --port "$IMAP_PORT" --user "$IMAP_USER" \
		--password-file "$IMAP_PASSWORD_FILE" --now "$now" --horizon-days "$horizon" \
		--out "$work/$size-ref.json" >/dev/null
	echo "  reference: $(cat "$work/$size-ref.json")"
	dovecot_stop
done

args=()
for size in "${sizes[@]}"; do
	args+=("$work/$size.res")
done
report=(python3 "$bench/report.py" --work "$work")
[ "$update" = 1 ] && report+=(--readme "$bench/README")
"${report[@]}" "${args[@]}"
