#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/bench/run.sh - the IMAP benchmark: `afterview sync` and the whole `afterview run`
# (issues 4 and 12; `make bench`; see tests/bench/README).
#
#	tests/bench/run.sh [--update-readme] [--size 10k|100k|SENT,INBOX,INVITES]... [--now TIME]
#			   [--repeat N] [--own-drafts N] [--no-relay] [--keep]
#
# For each size: start a throwaway Dovecot (tests/dovecot.sh), write the mailbox straight
# into its Maildir (genmail.py), let Dovecot index it (doveadm mailbox status); then, each
# under /usr/bin/time with Dovecot's logout line read after it:
#   sync     `afterview sync` from a fresh state, N times (--repeat, default 3), then N
#            reruns with no new mail
#   run0     `afterview run` with window_hours = 1: nothing pending, 0 drafts; first run,
#            then N reruns (0 tracked drafts)
#   run      `afterview run` as configured (window_hours = 24: 16 drafts to make); N first
#            runs (Drafts emptied, fresh state each), then N reruns (16 tracked drafts)
#   relay    `run` again through relay.py (25 ms each way): one first run, N reruns
#   run30    `afterview run` with window_hours = 48: 30 drafts; first run, N reruns
#   own      genmail.py --own-drafts 5000 into Drafts, then N reruns of run30's state
# Every first run (sync or run) starts with Dovecot's cache cold (dovecot.index.cache
# removed). Finally the reference figures (imapref.py) and the tables (report.py);
# --update-readme also writes them into tests/bench/README. Environment: AFTERVIEW (the
# binary; default ./afterview of the build tree), srcdir, DOVECOT, BENCH_WORK (a dir for
# the results; default a temp dir).
set -eu

: "${srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
bench=$srcdir/tests/bench
: "${AFTERVIEW:=$(pwd)/afterview}"
now=2026-11-25T12:00:00Z
horizon=60
update=0
repeat=3
n_own=5000
relay=1
sizes=()
while [ $# -gt 0 ]; do
	case "$1" in
	--update-readme) update=1 ;;
	--size) sizes+=("$2"); shift ;;
	--now) now=$2; shift ;;
	--repeat) repeat=$2; shift ;;
	--own-drafts) n_own=$2; shift ;;
	--no-relay) relay=0 ;;
	--keep) export KEEP_DOVECOT=1 ;;
	-h|--help) sed -n '2,27p' "$0"; exit 0 ;;
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
# the source tree's data and templates, as `make check` uses them
: "${AFTERVIEW_DATADIR:=$srcdir/data}"
: "${AFTERVIEW_TEMPLATES:=$srcdir/contrib/templates}"
export AFTERVIEW_DATADIR AFTERVIEW_TEMPLATES

work=${BENCH_WORK:-}
if [ -z "$work" ]; then
	work=$(mktemp -d "${TMPDIR:-/tmp}/av-bench.XXXXXX")
	dovecot_on_exit rm -rf "$work"
fi
mkdir -p "$work"
relay_pid=
stop_relay() {
	if [ -n "$relay_pid" ]; then
		kill "$relay_pid" 2>/dev/null || true
		wait "$relay_pid" 2>/dev/null || true
		relay_pid=
	fi
}
dovecot_on_exit stop_relay

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

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# Dovecot's cache of parsed messages (ENVELOPE, BODYSTRUCTURE, headers) goes: the next
# session finds it cold, as a new user's first run does. No session is open now.
cold_cache() { find "$maildir" -name dovecot.index.cache -delete; }

# Afterview's drafts (and anything else) out of Drafts, before a first run.
empty_drafts() {
	doveadm -c "$DOVECOT_CONF" expunge -u "$IMAP_USER" mailbox Drafts all
}

fix_owner() {
	if [ "$(id -u)" = 0 ]; then
		chown -R dovecot:dovecot "$DOVECOT_DIR/mail"
	fi
}

# write_conf FILE PORT WINDOW_HOURS
write_conf() {
	cat >"$1" <<CONF
[me]
name = Sam Rivera
addresses = sam.rivera@example.net, samr@example.net
timezone = America/New_York
[afterview]
horizon_days = $horizon
window_hours = $3
$(dovecot_account bench | sed "s/^port = .*/port = $2/")
timeout = 60
CONF
	chmod 600 "$1"
}

# measure LABEL CONF STATE sync|run: one afterview session, its figures into $res as
# LABEL_KEY=VALUE lines. `run -v` prints the same one-line stats as sync (commands,
# bytes_in) after its report.
measure() {
	local label=$1 conf=$2 state=$3 what=$4 mark line rc=0 wall rss user sys load
	local out=$work/$size-$label
	load=$(loadavg)
	mark=$(wc -l <"$DOVECOT_LOG")
	if [ "$what" = sync ]; then
		XDG_STATE_HOME=$state /usr/bin/time -f '%e %M %U %S' -o "$out.time" \
			"$AFTERVIEW" -c "$conf" sync --now "$now" >"$out.out" 2>"$out.err" || rc=$?
	else
		XDG_STATE_HOME=$state /usr/bin/time -f '%e %M %U %S' -o "$out.time" \
			"$AFTERVIEW" -v -c "$conf" run --now "$now" >"$out.out" 2>"$out.err" || rc=$?
	fi
	line=$(logout_line "$mark")
	if [ "$rc" != 0 ]; then
		echo "run.sh: $size $label: afterview $what exited $rc" >&2
		tail -5 "$out.err" >&2
	fi
	# the last line: on failure /usr/bin/time prints "Command exited with ..." first
	read -r wall rss user sys < <(tail -1 "$out.time")
	{
		echo "${label}_rc=$rc"
		echo "${label}_wall=$wall"
		echo "${label}_rss_kb=$rss"
		echo "${label}_cpu=$(awk "BEGIN { print $user + $sys }")"
		echo "${label}_load=$load"
		sed -n 's/^\(sync\|run\) account=[^ ]* //p' "$out.out" | tail -1 | tr ' ' '\n' |
			sed "s/^/${label}_/"
		for k in in out body_count body_bytes hdr_count hdr_bytes; do
			echo "${label}_dc_$k=$(printf '%s\n' "$line" | sed -n "s/.* $k=\\([0-9]*\\).*/\\1/p")"
		done
		echo "${label}_logout=$line"
	} >>"$res"
	echo "  $label: $(grep -E '^(sync|run) account=' "$out.out" | tail -1) wall=${wall:-?}s;" \
		"dovecot: ${line#*Disconnected: }"
}

# firsts NAME CONF sync|run N: N first runs from a fresh state (Drafts emptied, cold cache)
# labelled NAME-first.1 ...; the state of the last one is left in $work/$size-NAME.state.
firsts() {
	local name=$1 conf=$2 what=$3 n=$4 i state=$work/$size-$1.state
	for i in $(seq 1 "$n"); do
		rm -rf "$state"
		[ "$what" = run ] && empty_drafts
		cold_cache
		measure "$name-first.$i" "$conf" "$state" "$what"
	done
}

# reruns NAME CONF sync|run N [LABEL]: N reruns with no new mail on NAME's state.
reruns() {
	local name=$1 conf=$2 what=$3 n=$4 label=${5:-$1-rerun} i
	for i in $(seq 1 "$n"); do
		measure "$label.$i" "$conf" "$work/$size-$name.state" "$what"
	done
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
		--horizon-days "$horizon" --stats "$work/$size-gen.json" >/dev/null
	t1=$(date +%s.%N)
	fix_owner
	# Dovecot scans the new Maildir once (UIDs, index) before the first client: a server
	# has its index already; the cache (ENVELOPE, BODYSTRUCTURE) stays cold.
	doveadm -c "$DOVECOT_CONF" mailbox status -u "$IMAP_USER" "messages uidnext" INBOX Sent \
		>"$work/$size-status.txt"
	t2=$(date +%s.%N)
	{
		echo "size=$size"
		echo "started=$(date -u -d "@${t0%.*}" '+%Y-%m-%d %H:%M:%S UTC')"
		echo "n_sent=$n_sent"
		echo "n_inbox=$n_inbox"
		echo "n_invites=$n_inv"
		echo "repeat=$repeat"
		echo "gen_seconds=$(awk "BEGIN { printf \"%.1f\", $t1 - $t0 }")"
		echo "index_seconds=$(awk "BEGIN { printf \"%.1f\", $t2 - $t1 }")"
		echo "disk_kb=$(du -sk "$maildir" | cut -f1)"
		echo "load_start=$(loadavg)"
	} >>"$res"
	sed 's/^/  dovecot: /' "$work/$size-status.txt"

	for w in 1 24 48; do
		write_conf "$work/$size-w$w.conf" "$IMAP_PORT" "$w"
	done

	firsts sync "$work/$size-w24.conf" sync "$repeat"
	reruns sync "$work/$size-w24.conf" sync "$repeat"
	firsts run0 "$work/$size-w1.conf" run 1
	reruns run0 "$work/$size-w1.conf" run "$repeat"
	firsts run "$work/$size-w24.conf" run "$repeat"
	reruns run "$work/$size-w24.conf" run "$repeat"
	if [ "$relay" = 1 ]; then
		rm -f "$work/relay.port"
		python3 "$bench/relay.py" --target "127.0.0.1:$IMAP_PORT" --delay 0.025 \
			--port-file "$work/relay.port" >/dev/null 2>"$work/$size-relay.err" &
		relay_pid=$!
		for _ in $(seq 1 100); do
			[ -s "$work/relay.port" ] && break
			sleep 0.05
		done
		write_conf "$work/$size-relay.conf" "$(cat "$work/relay.port")" 24
		firsts relay "$work/$size-relay.conf" run 1
		reruns relay "$work/$size-relay.conf" run "$repeat"
		stop_relay
	fi
	firsts run30 "$work/$size-w48.conf" run 1
	reruns run30 "$work/$size-w48.conf" run "$repeat"
	if [ "$n_own" -gt 0 ]; then
		python3 "$bench/genmail.py" --maildir "$maildir" --now "$now" --own-drafts "$n_own" \
			--stats "$work/$size-own.json" >/dev/null
		fix_owner
		# indexed, as a server has its folders; Dovecot's cache stays cold for them
		doveadm -c "$DOVECOT_CONF" mailbox status -u "$IMAP_USER" "messages" Drafts \
			>>"$work/$size-status.txt"
		echo "own_drafts=$n_own" >>"$res"
		reruns run30 "$work/$size-w48.conf" run "$repeat" own-rerun
	fi
	echo "load_end=$(loadavg)" >>"$res"

	python3 "$bench/imapref.py" --port "$IMAP_PORT" --user "$IMAP_USER" \
		--password-file "$IMAP_PASSWORD_FILE" --now "$now" --horizon-days "$horizon" \
		--gen-stats "$work/$size-gen.json" --out "$work/$size-ref.json" >/dev/null
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
