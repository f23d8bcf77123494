# SPDX-License-Identifier: GPL-3.0-or-later
# tests/dovecot.sh - a throwaway Dovecot IMAP server for tests (bash library).
#
# Source it from a bash test script:
#
#	. "$srcdir/tests/dovecot.sh"
#	dovecot_skip_unless_available		# exit 77 when Dovecot is missing
#	dovecot_start				# or: dovecot_start --no-ssl
#	... talk to 127.0.0.1:$IMAP_PORT / $IMAPS_PORT as $IMAP_USER ...
#	dovecot_stop				# optional: also runs at exit
#
# dovecot_start makes a fresh directory (mktemp -d) holding the configuration,
# the TLS fixture, the mail store and the log, and exports:
#
#	DOVECOT_DIR		the temp dir (removed by dovecot_stop unless KEEP_DOVECOT=1)
#	DOVECOT_CONF		$DOVECOT_DIR/dovecot.conf
#	DOVECOT_LOG		$DOVECOT_DIR/dovecot.log (logins, errors, logout in=/out= bytes)
#	DOVECOT_PID		pid of the Dovecot master process
#	IMAP_HOST		127.0.0.1
#	IMAP_PORT		plain IMAP with STARTTLS (no STARTTLS with --no-ssl)
#	IMAPS_PORT		implicit TLS (empty with --no-ssl)
#	IMAP_USER		alice
#	IMAP_PASSWORD_FILE	$DOVECOT_DIR/password: alice's random password and a
#				newline, mode 600
#	DOVECOT_CA		$DOVECOT_DIR/ca.pem: the CA that signed the server cert
#	DOVECOT_WRONG_CA	$DOVECOT_DIR/wrong-ca.pem: an unrelated CA
#	DOVECOT_EXPIRED_CERT	$DOVECOT_DIR/expired-cert.pem: expired, signed by ca.pem,
#	DOVECOT_EXPIRED_KEY	$DOVECOT_DIR/expired-key.pem	for localhost/127.0.0.1
#	DOVECOT_SERVER_CERT	$DOVECOT_DIR/server-cert.pem (valid, the one in use)
#	DOVECOT_SERVER_KEY	$DOVECOT_DIR/server-key.pem
#
# To serve the expired certificate instead, edit ssl_cert/ssl_key in
# $DOVECOT_CONF and call dovecot_restart (same dir, ports and mail store).
#
# Mailboxes: INBOX, Drafts (\Drafts) and Sent (\Sent), separator "/".
#
# Exit handling: dovecot_start installs an EXIT trap (and INT/TERM/HUP traps that
# exit, so that the EXIT trap runs) which stops every instance this shell started.
# An EXIT trap set before (tests/lib.sh's `trap av_cleanup_tmp EXIT`) is kept and
# runs after the servers are stopped. Do not set an EXIT trap after dovecot_start
# or dovecot_on_exit: register cleanup commands with `dovecot_on_exit CMD...`
# instead (run in order, before the servers are stopped; the script's exit status
# is kept).
#
# Needs bash (arrays); works with `set -eu`.
#
# Several instances: each dovecot_start uses a fresh dir and fresh ports; the
# variables above describe the most recent one, which is the one dovecot_stop
# stops. Instances still running at exit are stopped by the trap.
#
# Environment read: DOVECOT (path of the dovecot binary, default /usr/sbin/dovecot
# or the one on PATH), KEEP_DOVECOT=1 (keep the temp dir), TMPDIR.

_dovecot_instances=()		# "pid dir" of every instance started here
_dovecot_exit_hooks=()

# Print the dovecot binary, or nothing.
_dovecot_bin()
{
	local b
	for b in "${DOVECOT:-}" /usr/sbin/dovecot "$(command -v dovecot 2>/dev/null || true)"; do
		if [ -n "$b" ] && [ -x "$b" ]; then
			printf '%s\n' "$b"
			return 0
		fi
	done
	return 1
}

# Dovecot's libexec dir (imap, imap-login, ...), from the binary's build settings.
_dovecot_libexec()
{
	local d
	for d in /usr/lib/dovecot /usr/libexec/dovecot /usr/local/libexec/dovecot; do
		if [ -x "$d/imap" ]; then
			printf '%s\n' "$d"
			return 0
		fi
	done
	return 1
}

dovecot_skip_unless_available()
{
	local bin
	if ! bin=$(_dovecot_bin) || ! _dovecot_libexec "$bin" >/dev/null; then
		echo "SKIP: dovecot not installed (apt-get install dovecot-imapd)"
		exit 77
	fi
	if ! command -v openssl >/dev/null 2>&1; then
		echo "SKIP: openssl not installed (apt-get install openssl)"
		exit 77
	fi
}

# Print a free TCP port on 127.0.0.1 that is not in the list given.
_dovecot_free_port()
{
	local p i u used
	if command -v python3 >/dev/null 2>&1; then
		for i in 1 2 3 4 5; do
			p=$(python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])' 2>/dev/null) || break
			used=0
			for u in "$@"; do [ "$u" = "$p" ] && used=1; done
			if [ "$used" = 0 ]; then
				printf '%s\n' "$p"
				return 0
			fi
		done
	fi
	# Fallback: a random high port where nothing accepts.
	for i in $(seq 1 200); do
		p=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
		used=0
		for u in "$@"; do [ "$u" = "$p" ] && used=1; done
		[ "$used" = 1 ] && continue
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			printf '%s\n' "$p"
			return 0
		fi
	done
	echo "dovecot.sh: no free port found" >&2
	return 1
}

# True when 127.0.0.1:$1 accepts a connection.
_dovecot_port_open()
{
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Make the TLS fixture in $1: ca.pem/ca-key.pem, server-cert.pem/server-key.pem
# (localhost, 127.0.0.1), wrong-ca.pem/wrong-ca-key.pem, expired-cert.pem/
# expired-key.pem (signed by ca.pem, valid 2000-2001).
_dovecot_make_certs()
{
	local d="$1" san="subjectAltName=DNS:localhost,IP:127.0.0.1"
	local ec="-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes"

	# shellcheck disable=SC2086
	{
	openssl req -x509 $ec -keyout "$d/ca-key.pem" -out "$d/ca.pem" -days 3650 \
		-subj "/CN=afterview test CA" \
		-addext "basicConstraints=critical,CA:TRUE" \
		-addext "keyUsage=critical,keyCertSign,cRLSign" &&
	openssl req -x509 $ec -keyout "$d/wrong-ca-key.pem" -out "$d/wrong-ca.pem" -days 3650 \
		-subj "/CN=afterview wrong CA" \
		-addext "basicConstraints=critical,CA:TRUE" \
		-addext "keyUsage=critical,keyCertSign,cRLSign" &&
	cat >"$d/server.ext" <<EOF &&
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
$san
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF
	openssl req -new $ec -keyout "$d/server-key.pem" -out "$d/server.csr" \
		-subj "/CN=localhost" &&
	openssl x509 -req -in "$d/server.csr" -CA "$d/ca.pem" -CAkey "$d/ca-key.pem" \
		-CAcreateserial -days 825 -extfile "$d/server.ext" -out "$d/server-cert.pem" &&
	# OpenSSL 3.0's x509 cannot back-date: `openssl ca` takes explicit dates.
	mkdir -p "$d/ca-db" &&
	: >"$d/ca-db/index.txt" &&
	echo 1000 >"$d/ca-db/serial" &&
	cat >"$d/ca.cnf" <<EOF &&
[ca]
default_ca = test_ca
[test_ca]
dir = $d/ca-db
database = \$dir/index.txt
serial = \$dir/serial
new_certs_dir = \$dir
certificate = $d/ca.pem
private_key = $d/ca-key.pem
default_md = sha256
policy = policy_any
unique_subject = no
copy_extensions = none
[policy_any]
commonName = supplied
[server_ext]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
$san
EOF
	openssl req -new $ec -keyout "$d/expired-key.pem" -out "$d/expired.csr" \
		-subj "/CN=localhost" &&
	openssl ca -batch -notext -config "$d/ca.cnf" -extensions server_ext \
		-startdate 20000101000000Z -enddate 20010101000000Z \
		-in "$d/expired.csr" -out "$d/expired-cert.pem"
	} >"$d/openssl.log" 2>&1 || {
		cat "$d/openssl.log" >&2
		echo "dovecot.sh: making the TLS fixture failed" >&2
		return 1
	}
	rm -f "$d/server.csr" "$d/expired.csr"
	chmod 600 "$d"/*-key.pem
}

# dovecot_start [--no-ssl]
dovecot_start()
{
	local ssl=yes arg bin dir pass uid gid user port1 port2
	for arg in "$@"; do
		case "$arg" in
		--no-ssl) ssl=no ;;
		*) echo "dovecot_start: unknown option $arg" >&2; return 2 ;;
		esac
	done
	bin=$(_dovecot_bin) || { echo "dovecot_start: dovecot not found" >&2; return 1; }

	dir=$(mktemp -d "${TMPDIR:-/tmp}/av-dovecot.XXXXXX") || return 1
	chmod 755 "$dir"
	_dovecot_instances+=("- $dir")
	_dovecot_install_trap

	# The TLS fixture is made with --no-ssl too, so that the paths always exist.
	_dovecot_make_certs "$dir" || return 1

	pass=$(openssl rand -hex 16) || return 1
	( umask 077; printf '%s\n' "$pass" >"$dir/password" )
	mkdir -p "$dir/mail" "$dir/home/alice" "$dir/run" "$dir/state"

	if [ "$(id -u)" = 0 ]; then
		user=dovecot
		if ! uid=$(id -u dovecot) || ! gid=$(id -g dovecot); then
			echo "dovecot_start: no 'dovecot' user (dovecot-core sets it up)" >&2
			return 1
		fi
		chown dovecot:dovecot "$dir/mail" "$dir/home" "$dir/home/alice"
		cat >"$dir/users.conf" <<EOF
default_login_user = dovenull
default_internal_user = dovecot
mail_uid = dovecot
mail_gid = dovecot
first_valid_uid = 1
EOF
	else
		user=$(id -un)
		uid=$(id -u)
		gid=$(id -g)
		cat >"$dir/users.conf" <<EOF
default_login_user = $user
default_internal_user = $user
default_internal_group = $(id -gn)
mail_uid = $uid
mail_gid = $gid
first_valid_uid = 1
service imap-login {
  chroot =
}
service anvil {
  chroot =
}
EOF
	fi
	( umask 077; printf 'alice:{PLAIN}%s::::%s/home/alice::\n' "$pass" "$dir" >"$dir/passwd" )
	if [ "$user" = dovecot ]; then
		# The auth process reads it as the internal user.
		chown dovecot:dovecot "$dir/passwd"
	fi

	port1=$(_dovecot_free_port) || return 1
	if [ "$ssl" = yes ]; then
		port2=$(_dovecot_free_port "$port1") || return 1
	else
		port2=
	fi

	{
		cat <<EOF
# Throwaway Dovecot made by tests/dovecot.sh
base_dir = $dir/run
state_dir = $dir/state
instance_name = $(basename "$dir")
log_path = $dir/dovecot.log
info_log_path = $dir/dovecot.log
debug_log_path = $dir/dovecot.log
protocols = imap
listen = 127.0.0.1
shutdown_clients = yes
verbose_proctitle = yes
mail_debug = no
auth_verbose = yes
mail_fsync = never

disable_plaintext_auth = no
auth_mechanisms = plain login xoauth2 oauthbearer
auth_failure_delay = 0

!include $dir/users.conf

passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $dir/passwd
}
userdb {
  driver = passwd-file
  args = username_format=%u $dir/passwd
}

mail_location = maildir:$dir/mail/%u
namespace inbox {
  inbox = yes
  separator = /
  mailbox Drafts {
    special_use = \\Drafts
    auto = subscribe
  }
  mailbox Sent {
    special_use = \\Sent
    auto = subscribe
  }
}

protocol imap {
  mail_plugins =
}

EOF
		if [ "$ssl" = yes ]; then
			cat <<EOF
ssl = yes
ssl_cert = <$dir/server-cert.pem
ssl_key = <$dir/server-key.pem
ssl_min_protocol = TLSv1.2
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $port1
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $port2
    ssl = yes
  }
}
EOF
		else
			cat <<EOF
ssl = no
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $port1
  }
  inet_listener imaps {
    port = 0
  }
}
EOF
		fi
	} >"$dir/dovecot.conf"

	export DOVECOT_DIR="$dir"
	export DOVECOT_CONF="$dir/dovecot.conf"
	export DOVECOT_LOG="$dir/dovecot.log"
	export IMAP_HOST=127.0.0.1
	export IMAP_PORT="$port1"
	export IMAPS_PORT="$port2"
	export IMAP_USER=alice
	export IMAP_PASSWORD_FILE="$dir/password"
	export DOVECOT_CA="$dir/ca.pem"
	export DOVECOT_WRONG_CA="$dir/wrong-ca.pem"
	export DOVECOT_EXPIRED_CERT="$dir/expired-cert.pem"
	export DOVECOT_EXPIRED_KEY="$dir/expired-key.pem"
	export DOVECOT_SERVER_CERT="$dir/server-cert.pem"
	export DOVECOT_SERVER_KEY="$dir/server-key.pem"
	export DOVECOT_PID=

	_dovecot_launch
}

# Start the master for the current $DOVECOT_DIR and wait until it accepts.
_dovecot_launch()
{
	local bin dir="$DOVECOT_DIR" i pid=
	bin=$(_dovecot_bin) || return 1
	rm -f "$dir/run/master.pid"
	if ! "$bin" -c "$DOVECOT_CONF" >>"$dir/dovecot.out" 2>&1; then
		echo "dovecot_start: dovecot failed to start:" >&2
		cat "$dir/dovecot.out" "$DOVECOT_LOG" >&2 2>/dev/null
		return 1
	fi
	# The master daemonizes and writes its pid; then wait for the listeners.
	for i in $(seq 1 200); do
		if [ -z "$pid" ] && [ -s "$dir/run/master.pid" ]; then
			pid=$(cat "$dir/run/master.pid")
			DOVECOT_PID=$pid
			_dovecot_register "$pid" "$dir"
		fi
		if [ -n "$pid" ] && _dovecot_port_open "$IMAP_PORT" &&
		   { [ -z "$IMAPS_PORT" ] || _dovecot_port_open "$IMAPS_PORT"; }; then
			export DOVECOT_PID
			return 0
		fi
		if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
			break
		fi
		sleep 0.05
	done
	echo "dovecot_start: Dovecot did not accept on 127.0.0.1:$IMAP_PORT within 10 s; its log:" >&2
	cat "$dir/dovecot.out" "$DOVECOT_LOG" >&2 2>/dev/null
	export DOVECOT_PID
	return 1
}

_dovecot_register()
{
	local i
	for i in "${!_dovecot_instances[@]}"; do
		case "${_dovecot_instances[$i]}" in
		*" $2") _dovecot_instances[i]="$1 $2"; return 0 ;;
		esac
	done
	_dovecot_instances+=("$1 $2")
}

# Print the pids of the descendants of $1.
_dovecot_descendants()
{
	local c
	for c in $(ps -o pid= --ppid "$1" 2>/dev/null); do
		printf '%s\n' "$c"
		_dovecot_descendants "$c"
	done
}

# Kill master $1 and all its descendants, wait until they are gone.
_dovecot_kill_tree()
{
	local pid="$1" pids i
	[ -n "$pid" ] && [ "$pid" != - ] || return 0
	kill -0 "$pid" 2>/dev/null || return 0
	# Freeze the master so that it forks no new child while we collect them.
	kill -STOP "$pid" 2>/dev/null || true
	pids="$pid $(_dovecot_descendants "$pid" | tr '\n' ' ')"
	# shellcheck disable=SC2086
	kill -KILL $pids 2>/dev/null || true
	for i in $(seq 1 100); do
		local alive=0 p
		for p in $pids; do
			# A killed child stays a zombie until init reaps it: ignore zombies.
			if kill -0 "$p" 2>/dev/null &&
			   [ "$(ps -o stat= -p "$p" 2>/dev/null | cut -c1)" != Z ]; then
				alive=1
			fi
		done
		[ "$alive" = 0 ] && return 0
		sleep 0.02
	done
	echo "dovecot_stop: processes still alive: $pids" >&2
	return 1
}

# Stop one instance (pid, dir) and drop it from the list.
_dovecot_stop_one()
{
	local pid="$1" dir="$2" i
	_dovecot_kill_tree "$pid" || true
	if [ -n "$dir" ] && [ -d "$dir" ] && [ "${KEEP_DOVECOT:-}" != 1 ]; then
		rm -rf "$dir"
	elif [ -n "$dir" ] && [ -d "$dir" ]; then
		echo "dovecot_stop: kept $dir (KEEP_DOVECOT=1)" >&2
	fi
	for i in "${!_dovecot_instances[@]}"; do
		[ "${_dovecot_instances[$i]#* }" = "$dir" ] && unset "_dovecot_instances[$i]"
	done
	return 0
}

# Stop the current instance (the one $DOVECOT_DIR names). Idempotent.
# dovecot_account [NAME]: the [account NAME] section of an afterview config for the
# current instance (STARTTLS verified against its CA, the password from its file).
dovecot_account()
{
	printf '%s\n' "[account ${1:-test}]" "host = localhost" "port = $IMAP_PORT" \
		"security = starttls" "ca_file = $DOVECOT_CA" "user = $IMAP_USER" \
		"password_cmd = cat $IMAP_PASSWORD_FILE"
}

dovecot_stop()
{
	local dir="${DOVECOT_DIR:-}" pid="${DOVECOT_PID:-}" e
	[ -n "$dir" ] || return 0
	for e in "${_dovecot_instances[@]}"; do
		if [ "${e#* }" = "$dir" ]; then
			pid="${e%% *}"
		fi
	done
	_dovecot_stop_one "$pid" "$dir"
	DOVECOT_PID=
	return 0
}

# Stop and start the current instance again (e.g. after editing $DOVECOT_CONF):
# same dir, ports, password and mail store.
dovecot_restart()
{
	local dir="${DOVECOT_DIR:-}" pid="${DOVECOT_PID:-}" i
	[ -n "$dir" ] || { echo "dovecot_restart: no instance" >&2; return 1; }
	_dovecot_kill_tree "$pid" || return 1
	for i in "${!_dovecot_instances[@]}"; do
		[ "${_dovecot_instances[$i]#* }" = "$dir" ] && _dovecot_instances[i]="- $dir"
	done
	# A killed master leaves its sockets and pid file behind.
	rm -rf "$dir/run"
	mkdir -p "$dir/run"
	_dovecot_launch
}

# dovecot_on_exit CMD [ARGS...]: run CMD at exit, before the servers are stopped.
# May be called before dovecot_start (it installs the exit trap too).
dovecot_on_exit()
{
	local q
	q=$(printf '%q ' "$@")
	_dovecot_exit_hooks+=("$q")
	_dovecot_install_trap
}

# Install the EXIT trap once. An EXIT trap set before (e.g. lib.sh's
# `trap av_cleanup_tmp EXIT`) is kept and run last.
_dovecot_install_trap()
{
	local prev
	[ "${_dovecot_trap_set:-}" = 1 ] && return 0
	prev=$(trap -p EXIT)
	if [ -n "$prev" ]; then
		prev=${prev#"trap -- "}
		prev=${prev%" EXIT"}
		eval "_dovecot_prev_exit_trap=$prev"
	fi
	trap _dovecot_on_exit_trap EXIT
	trap 'exit 129' HUP
	trap 'exit 130' INT
	trap 'exit 143' TERM
	_dovecot_trap_set=1
}

_dovecot_on_exit_trap()
{
	local rc=$? h e
	set +e
	for h in "${_dovecot_exit_hooks[@]}"; do
		eval "$h"
	done
	for e in "${_dovecot_instances[@]}"; do
		_dovecot_stop_one "${e%% *}" "${e#* }"
	done
	if [ -n "${_dovecot_prev_exit_trap:-}" ]; then
		eval "$_dovecot_prev_exit_trap"
	fi
	exit "$rc"
}
