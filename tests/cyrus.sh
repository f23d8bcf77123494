# SPDX-License-Identifier: GPL-3.0-or-later
# tests/cyrus.sh - a throwaway Cyrus IMAP 3.6 server for tests (bash library).
#
# Source it after tests/dovecot.sh (it uses that file's free-port, process-tree and exit
# machinery):
#
#	. "$srcdir/tests/dovecot.sh"
#	. "$srcdir/tests/cyrus.sh"
#	cyrus_skip_unless_available	# exit 77, saying why, where Cyrus cannot run
#	cyrus_start --special-use	# Drafts and Sent made with CREATE ... (USE (\Drafts))
#	cyrus_start --no-special-use	# Drafts and Sent made by a plain CREATE
#	... talk to 127.0.0.1:$IMAP_PORT (plain LOGIN) as $IMAP_USER ...
#	cyrus_stop			# optional: also runs at exit
#
# Cyrus is never installed as a package (cyrus-imapd Conflicts with dovecot-imapd):
# contrib/install-deps.sh unpacks it into $AV_TEST_SERVERS/cyrus-VERSION/ (default
# /var/cache/afterview-test-servers); CYRUS_ROOT names another such tree.
#
# cyrus_start makes a fresh directory (mktemp -d) holding imapd.conf, cyrus.conf, the
# sasldb with alice's and an admin's random passwords, the configuration directory and
# the spool; runs `master` in the foreground (imapd spawned per connection on a free
# loopback port); as the admin creates user/alice; as alice creates Drafts and Sent.
# Nothing outside the temp dir is written. Cyrus refuses to run as root: when the tests
# run as root the services run as `nobody`, which owns the temp dir. The default
# namespace of Cyrus 3.6 (altnamespace, separator "/") is kept: alice sees INBOX, Drafts
# and Sent at the top level. Cyrus logs only to syslog: there is no log file.
#
# Exports: CYRUS_DIR, CYRUS_PID, IMAP_HOST (127.0.0.1), IMAP_PORT, IMAPS_PORT (empty),
# IMAP_USER (alice), IMAP_PASSWORD_FILE; cyrus_admin_imap runs python3 code as the admin.
# Environment read: CYRUS_ROOT, AV_TEST_SERVERS, KEEP_CYRUS=1 (keep the temp dir).

_cyrus_instances=() # "pid dir"

# Print the unpacked tree holding usr/lib/cyrus/bin/master, or nothing.
_cyrus_root()
{
	local r
	for r in "${CYRUS_ROOT:-}" "${AV_TEST_SERVERS:-/var/cache/afterview-test-servers}"/cyrus-*; do
		if [ -n "$r" ] && [ -x "$r/usr/lib/cyrus/bin/master" ] &&
		   [ -x "$r/usr/sbin/saslpasswd2" ]; then
			printf '%s\n' "$r"
			return 0
		fi
	done
	return 1
}

_cyrus_env()
{
	local r="$1"
	printf '%s\n' "LD_LIBRARY_PATH=$r/usr/lib/x86_64-linux-gnu:$r/usr/lib:$r/usr/lib/$(uname -m)-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
}

cyrus_skip_unless_available()
{
	local r
	if ! r=$(_cyrus_root); then
		echo "SKIP: Cyrus IMAP not unpacked (contrib/install-deps.sh puts it under" \
			"${AV_TEST_SERVERS:-/var/cache/afterview-test-servers}/cyrus-VERSION)"
		exit 77
	fi
	if ! command -v python3 >/dev/null 2>&1; then
		echo "SKIP: python3 is needed to make Cyrus mailboxes"
		exit 77
	fi
	if [ "$(id -u)" = 0 ] && ! id -u nobody >/dev/null 2>&1; then
		echo "SKIP: Cyrus refuses root and there is no 'nobody' user to run it as"
		exit 77
	fi
	if env "$(_cyrus_env "$r")" "$r/usr/lib/cyrus/bin/master" -h 2>&1 |
		grep -q 'error while loading shared libraries'; then
		echo "SKIP: Cyrus in $r lacks shared libraries (run contrib/install-deps.sh):"
		env "$(_cyrus_env "$r")" "$r/usr/lib/cyrus/bin/master" -h 2>&1 | head -n 3
		exit 77
	fi
}

# cyrus_admin_imap PYTHON-CODE: run code with `m`, an imaplib session logged in as the
# admin of the current instance.
cyrus_admin_imap()
{
	python3 - "$IMAP_PORT" "$CYRUS_DIR/admin-password" "$1" <<'PY'
import imaplib, sys
m = imaplib.IMAP4("127.0.0.1", int(sys.argv[1]))
m.login("admin", open(sys.argv[2]).read().strip())
exec(sys.argv[3])
m.logout()
PY
}

# cyrus_user_imap PYTHON-CODE: the same, logged in as $IMAP_USER.
cyrus_user_imap()
{
	python3 - "$IMAP_PORT" "$IMAP_USER" "$IMAP_PASSWORD_FILE" "$1" <<'PY'
import imaplib, sys
m = imaplib.IMAP4("127.0.0.1", int(sys.argv[1]))
m.login(sys.argv[2], open(sys.argv[3]).read().strip())
def ok(r):
    assert r[0] == "OK", r
    return r
exec(sys.argv[4])
m.logout()
PY
}

# cyrus_start --special-use|--no-special-use|--no-folders
cyrus_start()
{
	local how=special-use arg r dir pass apass port runas bin i pid
	for arg in "$@"; do
		case "$arg" in
		--special-use) how=special-use ;;
		--no-special-use) how=plain ;;
		--no-folders) how=none ;;
		*) echo "cyrus_start: unknown option $arg" >&2; return 2 ;;
		esac
	done
	r=$(_cyrus_root) || { echo "cyrus_start: Cyrus not found" >&2; return 1; }
	bin=$r/usr/lib/cyrus/bin
	dir=$(mktemp -d "${TMPDIR:-/tmp}/av-cyrus.XXXXXX") || return 1
	chmod 755 "$dir"
	_cyrus_instances+=("- $dir")
	dovecot_on_exit _cyrus_stop_all

	pass=$(openssl rand -hex 16) || return 1
	apass=$(openssl rand -hex 16) || return 1
	( umask 077; printf '%s\n' "$pass" >"$dir/password"; printf '%s\n' "$apass" >"$dir/admin-password" )
	mkdir -p "$dir/conf/socket" "$dir/conf/proc" "$dir/conf/lock" "$dir/spool" "$dir/run"
	port=$(_dovecot_free_port) || return 1
	if [ "$(id -u)" = 0 ]; then runas=nobody; else runas=$(id -un); fi

	cat >"$dir/imapd.conf" <<EOF
# Throwaway Cyrus made by tests/cyrus.sh
configdirectory: $dir/conf
partition-default: $dir/spool
serverbin: $bin
cyrus_user: $runas
admins: admin
sasl_pwcheck_method: auxprop
sasl_auxprop_plugin: sasldb
sasl_sasldb_path: $dir/sasldb2
sasl_mech_list: PLAIN LOGIN
allowplaintext: yes
unixhierarchysep: yes
altnamespace: yes
virtdomains: off
idlesocket: $dir/conf/socket/idle
lmtpsocket: $dir/conf/socket/lmtp
notifysocket: $dir/conf/socket/notify
syslog_prefix: av-cyrus
EOF
	# master starts commands from its compiled-in path unless they are absolute.
	cat >"$dir/cyrus.conf" <<EOF
START {
  recover cmd="$bin/ctl_cyrusdb -r -C $dir/imapd.conf"
}
SERVICES {
  imap cmd="$bin/imapd -C $dir/imapd.conf" listen="127.0.0.1:$port" prefork=0 maxchild=20
}
EVENTS {
}
EOF
	printf '%s' "$pass" | "$r/usr/sbin/saslpasswd2" -f "$dir/sasldb2" -c -p alice &&
	printf '%s' "$apass" | "$r/usr/sbin/saslpasswd2" -f "$dir/sasldb2" -c -p admin || {
		echo "cyrus_start: saslpasswd2 failed" >&2
		return 1
	}
	if [ "$runas" = nobody ]; then
		chown -R nobody "$dir/conf" "$dir/spool" "$dir/run" "$dir/sasldb2"
	fi

	export CYRUS_DIR="$dir"
	export IMAP_HOST=127.0.0.1
	export IMAP_PORT="$port"
	export IMAPS_PORT=
	export IMAP_USER=alice
	export IMAP_PASSWORD_FILE="$dir/password"

	# Started from a subshell, so that this shell's job control never reports its end.
	pid=$(env "$(_cyrus_env "$r")" "$bin/master" -C "$dir/imapd.conf" -M "$dir/cyrus.conf" \
		-p "$dir/run/master.pid" >>"$dir/master.out" 2>&1 </dev/null & echo $!)
	export CYRUS_PID=$pid
	for i in "${!_cyrus_instances[@]}"; do
		[ "${_cyrus_instances[$i]#* }" = "$dir" ] && _cyrus_instances[i]="$pid $dir"
	done
	for i in $(seq 1 200); do
		_dovecot_port_open "$port" && break
		if ! kill -0 "$pid" 2>/dev/null; then
			echo "cyrus_start: master exited:" >&2
			cat "$dir/master.out" >&2
			return 1
		fi
		sleep 0.05
	done
	_dovecot_port_open "$port" || {
		echo "cyrus_start: Cyrus did not accept on 127.0.0.1:$port within 10 s" >&2
		return 1
	}
	cyrus_admin_imap 'assert m.create("user/alice")[0] == "OK"' || {
		echo "cyrus_start: could not create user/alice" >&2
		return 1
	}
	case "$how" in
	special-use)
		cyrus_user_imap 'ok(m._simple_command("CREATE", "Drafts", "(USE (\\Drafts))"))
ok(m._simple_command("CREATE", "Sent", "(USE (\\Sent))"))'
		;;
	plain)
		cyrus_user_imap 'ok(m.create("Drafts")); ok(m.create("Sent"))'
		;;
	esac
}

_cyrus_stop_one()
{
	local pid="$1" dir="$2" i
	_dovecot_kill_tree "$pid" || true
	if [ -n "$dir" ] && [ -d "$dir" ] && [ "${KEEP_CYRUS:-}" != 1 ]; then
		rm -rf "$dir"
	elif [ -n "$dir" ] && [ -d "$dir" ]; then
		echo "cyrus_stop: kept $dir (KEEP_CYRUS=1)" >&2
	fi
	for i in "${!_cyrus_instances[@]}"; do
		[ "${_cyrus_instances[$i]#* }" = "$dir" ] && unset "_cyrus_instances[$i]"
	done
	return 0
}

# Stop the current instance ($CYRUS_DIR). Idempotent.
cyrus_stop()
{
	local dir="${CYRUS_DIR:-}" e pid=-
	[ -n "$dir" ] || return 0
	for e in "${_cyrus_instances[@]}"; do
		[ "${e#* }" = "$dir" ] && pid="${e%% *}"
	done
	_cyrus_stop_one "$pid" "$dir"
	CYRUS_PID=
	return 0
}

_cyrus_stop_all()
{
	local e
	for e in "${_cyrus_instances[@]}"; do
		_cyrus_stop_one "${e%% *}" "${e#* }"
	done
}
