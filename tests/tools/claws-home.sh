#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/tools/claws-home.sh - a throwaway HOME for Claws Mail 4.1 that skips the first-run
# wizard: one IMAP account on 127.0.0.1 and a local MH mailbox.
#
#	claws-home.sh HOME IMAP_PORT USER PASSWORD_FILE SMTP_PORT
#
# The account sends through 127.0.0.1:SMTP_PORT (a capture sink in the tests: never
# a real server).
# Writes HOME/.claws-mail/{accountrc,folderlist.xml,clawsrc}, HOME/Mail/* and HOME/run
# (for XDG_RUNTIME_DIR: Claws' single-instance socket lives there, and `claws-mail
# --exit` finds the running instance through it).
#
# What Claws needs and why (Claws 4.1.1, see main.c and prefs_account.c):
# - The wizard is skipped only when folderlist.xml parses AND accountrc has an account.
# - config_version=4 in accountrc: without it Claws migrates from version 0, whose
#   protocol numbers differ, and protocol=1 (IMAP) silently becomes POP3.
# - password= in accountrc (TEST ONLY): without a stored password Claws opens a modal
#   "Input password" dialog at startup. Claws moves it into passwordstorerc itself.
# - folderlist.xml lists only the MH mailbox; Claws adds the IMAP account's tree.
set -eu
H=${1:?home dir}
PORT=${2:?imap port}
USER_ID=${3:?imap user}
PWFILE=${4:?password file}
SMTP_PORT=${5:?smtp port}
mkdir -p "$H"
H=$(cd "$H" && pwd)
RC=$H/.claws-mail
mkdir -p "$RC" "$H/Mail/inbox" "$H/Mail/sent" "$H/Mail/queue" "$H/Mail/draft" \
	"$H/Mail/trash" "$H/run"
chmod 700 "$RC" "$H/run"

cat >"$RC/accountrc" <<CONF
[Account: 1]
account_name=afterview-test
is_default=1
name=Sam Rivera
address=sam.rivera@example.net
protocol=1
receive_server=127.0.0.1
smtp_server=127.0.0.1
set_smtpport=1
smtp_port=$SMTP_PORT
user_id=$USER_ID
password=$(cat "$PWFILE")
ssl_imap=0
ssl_smtp=0
set_imapport=1
imap_port=$PORT
imap_auth_method=0
use_tls_sni=1
ssl_certs_auto_accept=0
set_draft_folder=0
set_sent_folder=0
save_message=0
account_id=1
config_version=4
CONF
chmod 600 "$RC/accountrc"

cat >"$RC/folderlist.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<folderlist config_version="4">
  <folder type="mh" name="Mailbox" path="Mail" collapsed="0">
    <folderitem type="inbox" name="inbox" path="inbox"/>
    <folderitem type="outbox" name="sent" path="sent"/>
    <folderitem type="queue" name="queue" path="queue"/>
    <folderitem type="draft" name="draft" path="draft"/>
    <folderitem type="trash" name="trash" path="trash"/>
  </folder>
</folderlist>
XML

# [Common]: no splash, no mail check of its own, no questions at exit; no spell checker
# (without dictionaries it opens an error dialog with every composer); no autosave, so
# that the draft is saved when the test says so; a main window and message list wide
# enough to show a whole recipient. The empty [Plugins_GTK3] loads no plugin.
cat >"$RC/clawsrc" <<'CONF'
[Common]
config_version=4
show_splash_screen=0
autochk_newmail=0
check_on_startup=0
ask_on_clean=0
warn_queued_on_exit=0
confirm_on_exit=0
enable_aspell=0
check_while_typing=0
autosave=0
mainwin_width=1180
mainwin_height=720
summary_col_size_subject=300
summary_col_size_from=260
summary_col_size_to=260

[Plugins_GTK3]

CONF
