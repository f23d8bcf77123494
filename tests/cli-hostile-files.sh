#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Files that are not files: a FIFO as the config, a template, a word list or the state
# database must end run, status and check-config at once with the FIFO named, not hang
# them (each command is bounded by timeout(1): 124 would be a hang). No network: every
# case stops before the IMAP session.
. "${srcdir:-$(dirname "$0")/..}/tests/lib.sh"
trap av_cleanup_tmp EXIT

export XDG_STATE_HOME=$AV_TMP/state
mkdir -p "$XDG_STATE_HOME"
conf=$AV_TMP/config
tpl=$AV_TMP/tpl
words=$AV_TMP/words.txt
mkdir -p "$tpl"
cp "$srcdir/contrib/templates/casual.txt" "$tpl/"
printf 'onsite loop\n' >"$words"
write_conf() {
	sed -e 's|^password_cmd = .*|password_cmd = echo unused|' \
		-e "s|^; templates = .*|templates = $tpl|" \
		-e "s|^; words_interview = .*|${1:-}|" "$srcdir/contrib/afterview.conf.sample" >"$conf"
	chmod 600 "$conf"
}
# bounded CODE DESC ARGS...: afterview ARGS must exit CODE within 5 s (a hang is 124)
bounded() {
	local want=$1 desc=$2
	shift 2
	expect_exit "$want" "$desc" timeout 5 $AV_VALGRIND "$AFTERVIEW" "$@"
}

# a FIFO as formal.txt in the templates directory
mkfifo "$tpl/formal.txt"
write_conf
bounded 78 "check-config with a FIFO template" -c "$conf" check-config
expect_grep "... names the FIFO" "$AV_TMP/err" "$tpl/formal.txt: a FIFO (named pipe), not a regular file"
bounded 78 "run with a FIFO template" -c "$conf" run
expect_grep "... names the FIFO" "$AV_TMP/err" "$tpl/formal.txt: a FIFO (named pipe)"
rm "$tpl/formal.txt"
cp "$srcdir/contrib/templates/formal.txt" "$tpl/"

# a FIFO as the config itself
mkfifo "$AV_TMP/fifo.conf"
bounded 78 "check-config with a FIFO config" -c "$AV_TMP/fifo.conf" check-config
expect_grep "... names the FIFO" "$AV_TMP/err" "$AV_TMP/fifo.conf: cannot open: a FIFO (named pipe)"
bounded 78 "status with a FIFO config" -c "$AV_TMP/fifo.conf" status
bounded 78 "run with a FIFO config" -c "$AV_TMP/fifo.conf" run

# a FIFO as a word list: refused as the config names it
rm "$words"
mkfifo "$words"
write_conf "words_interview = $words"
bounded 78 "check-config with a FIFO word list" -c "$conf" check-config
expect_grep "... names the file" "$AV_TMP/err" "$words"
bounded 78 "run with a FIFO word list" -c "$conf" run
rm "$words"

# a FIFO as the state database
write_conf
mkdir -p -m 700 "$XDG_STATE_HOME/afterview"
rm -f "$XDG_STATE_HOME/afterview/state.db"*
mkfifo "$XDG_STATE_HOME/afterview/state.db"
bounded 73 "status with a FIFO database" -c "$conf" status
expect_grep "... names the FIFO" "$AV_TMP/err" "state.db: cannot open: a FIFO (named pipe)"
bounded 73 "run with a FIFO database" -c "$conf" run
rm "$XDG_STATE_HOME/afterview/state.db"
mkfifo "$XDG_STATE_HOME/afterview/state.db-wal"
bounded 73 "status with a FIFO as the database's -wal" -c "$conf" status
expect_grep "... names it" "$AV_TMP/err" "state.db-wal: a FIFO (named pipe)"
rm "$XDG_STATE_HOME/afterview/state.db-wal"

# the state directory: a symlinked parent is fine, one others can write is not
mv "$XDG_STATE_HOME" "$AV_TMP/real-state"
ln -s "$AV_TMP/real-state" "$XDG_STATE_HOME"
bounded 0 "status through a symlinked state directory" -c "$conf" status
chmod 777 "$AV_TMP/real-state/afterview"
bounded 73 "status with a world-writable state directory" -c "$conf" status
expect_grep "... says how to fix it" "$AV_TMP/err" "run chmod go-w $AV_TMP/real-state/afterview"
finish
