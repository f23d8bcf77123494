# SPDX-License-Identifier: GPL-3.0-or-later
# tests/courier.sh - a throwaway Courier-IMAP 5.0 server for tests (bash library).
#
# Source it after tests/dovecot.sh (it uses that file's free-port, process-tree and exit
# machinery):
#
#	. "$srcdir/tests/dovecot.sh"
#	. "$srcdir/tests/courier.sh"
#	courier_skip_unless_available	# exit 77, saying why, where Courier cannot run
#	courier_start			# INBOX.Drafts and INBOX.Sent made
#	courier_start --no-folders	# INBOX only
#	... talk to 127.0.0.1:$IMAP_PORT (plain LOGIN) as $IMAP_USER ...
#	courier_stop			# optional: also runs at exit
#
# Courier is never installed as a package (courier-imap Conflicts with dovecot-imapd):
# contrib/install-deps.sh unpacks courier-imap, courier-base and courier-authlib(-userdb)
# into $AV_TEST_SERVERS/courier-VERSION/ (default /var/cache/afterview-test-servers);
# COURIER_ROOT names another such tree.
#
# Courier's authentication library has its paths compiled in: /etc/courier/authdaemonrc
# and userdb.dat, /run/courier/authdaemon/socket, modules in /usr/lib/courier-authlib. So
# the server runs in a private mount namespace (unshare -m, root only) where /etc is an
# overlay whose changes land in the temp dir, /usr an overlay of the system's /usr and the
# unpacked tree, and /run a fresh tmpfs; nothing outside the temp dir changes, and the
# namespace ends with the server. In it: authdaemond with a userdb holding alice (a
# random password, SHA-512 crypt), and couriertcpd on a free loopback port running
# imaplogin and imapd on alice's Maildir in the temp dir, owned by `nobody`. The IMAP
# settings are Debian's defaults (/etc/courier/imapd): no SPECIAL-USE, no CONDSTORE, no
# UNSELECT; folders under "INBOX." with the separator ".".
#
# Exports: COURIER_DIR, COURIER_PID, COURIER_LOG (authdaemond's and couriertcpd's
# messages), COURIER_MAILDIR, IMAP_HOST (127.0.0.1), IMAP_PORT, IMAPS_PORT (empty),
# IMAP_USER (alice), IMAP_PASSWORD_FILE.
# Environment read: COURIER_ROOT, AV_TEST_SERVERS, KEEP_COURIER=1 (keep the temp dir).

_courier_instances=() # "pid dir"

_courier_root()
{
	local r
	for r in "${COURIER_ROOT:-}" "${AV_TEST_SERVERS:-/var/cache/afterview-test-servers}"/courier-*; do
		if [ -n "$r" ] && [ -x "$r/usr/sbin/couriertcpd" ] && [ -x "$r/usr/bin/imapd" ] &&
		   [ -x "$r/usr/lib/courier/courier-authlib/authdaemond" ]; then
			printf '%s\n' "$r"
			return 0
		fi
	done
	return 1
}

courier_skip_unless_available()
{
	local r out
	if ! r=$(_courier_root); then
		echo "SKIP: Courier-IMAP not unpacked (contrib/install-deps.sh puts it under" \
			"${AV_TEST_SERVERS:-/var/cache/afterview-test-servers}/courier-VERSION)"
		exit 77
	fi
	if [ "$(id -u)" != 0 ]; then
		echo "SKIP: Courier's auth library has fixed paths under /etc and /run; the test" \
			"gives it private ones in a mount namespace, which needs root"
		exit 77
	fi
	if ! id -u nobody >/dev/null 2>&1; then
		echo "SKIP: no 'nobody' user to own the test Maildir"
		exit 77
	fi
	for c in unshare perl openssl python3; do
		if ! command -v "$c" >/dev/null 2>&1; then
			echo "SKIP: $c is needed to run Courier"
			exit 77
		fi
	done
	if ! out=$(unshare -m --propagation private sh -c \
		"mount -t overlay overlay -o lowerdir=/usr:$r/usr /usr && test -x /usr/sbin/couriertcpd" 2>&1); then
		echo "SKIP: no private mount namespace with an overlay here (unshare -m): $out"
		exit 77
	fi
}

# courier_start [--no-folders]
courier_start()
{
	local folders=yes arg r dir pass hash port pid i
	for arg in "$@"; do
		case "$arg" in
		--no-folders) folders=no ;;
		*) echo "courier_start: unknown option $arg" >&2; return 2 ;;
		esac
	done
	r=$(_courier_root) || { echo "courier_start: Courier not found" >&2; return 1; }
	dir=$(mktemp -d "${TMPDIR:-/tmp}/av-courier.XXXXXX") || return 1
	chmod 755 "$dir"
	_courier_instances+=("- $dir")
	dovecot_on_exit _courier_stop_all

	pass=$(openssl rand -hex 16) || return 1
	( umask 077; printf '%s\n' "$pass" >"$dir/password" )
	hash=$(openssl passwd -6 "$pass") || return 1
	mkdir -p "$dir/etc-up/courier" "$dir/etc-work" "$dir/home/alice"
	"$r/usr/bin/maildirmake.courier" "$dir/home/alice/Maildir" || return 1
	if [ "$folders" = yes ]; then
		"$r/usr/bin/maildirmake.courier" -f Drafts "$dir/home/alice/Maildir" &&
		"$r/usr/bin/maildirmake.courier" -f Sent "$dir/home/alice/Maildir" || return 1
	fi
	chown -R nobody:"$(id -gn nobody)" "$dir/home/alice"
	( umask 077
	  printf 'alice\tuid=%s|gid=%s|home=%s|mail=%s|systempw=%s\n' "$(id -u nobody)" \
		"$(id -g nobody)" "$dir/home/alice" "$dir/home/alice/Maildir" "$hash" \
		>"$dir/etc-up/courier/userdb" )
	cat >"$dir/etc-up/courier/authdaemonrc" <<EOF
authmodulelist="authuserdb"
authmodulelistorig="authuserdb"
daemons=1
authdaemonvar=/run/courier/authdaemon
DEBUG_LOGIN=0
DEFAULTOPTIONS=""
LOGGEROPTS=""
EOF
	port=$(_dovecot_free_port) || return 1

	export COURIER_DIR="$dir"
	export COURIER_LOG="$dir/courier.log"
	export COURIER_MAILDIR="$dir/home/alice/Maildir"
	export IMAP_HOST=127.0.0.1
	export IMAP_PORT="$port"
	export IMAPS_PORT=
	export IMAP_USER=alice
	export IMAP_PASSWORD_FILE="$dir/password"

	# The script runs inside the namespace; the last exec makes couriertcpd the process
	# whose tree courier_stop kills (authdaemond is its child then).
	cat >"$dir/start.sh" <<EOF
set -e
mount -t overlay overlay -o lowerdir=/etc,upperdir=$dir/etc-up,workdir=$dir/etc-work /etc
mount -t overlay overlay -o lowerdir=/usr:$r/usr /usr
mount -t tmpfs -o mode=755 tmpfs /run
mkdir -p /run/courier/authdaemon
/usr/sbin/makeuserdb
/usr/lib/courier/courier-authlib/authdaemond &
for i in \$(seq 1 100); do
	[ -S /run/courier/authdaemon/socket ] && break
	sleep 0.05
done
export IMAP_CAPABILITY='IMAP4rev1 UIDPLUS CHILDREN NAMESPACE THREAD=ORDEREDSUBJECT THREAD=REFERENCES SORT QUOTA IDLE'
export IMAP_KEYWORDS=1 IMAP_ACL=1 IMAP_PROXY=0 IMAP_MAILBOX_SANITY_CHECK=1 IMAP_USELOCKS=1
export IMAP_ENHANCEDIDLE=0 IMAP_MOVE_EXPUNGE_TO_TRASH=0 MAILDIRPATH=Maildir IMAP_UMASK=022
export IMAP_STARTTLS=NO IMAP_TLS_REQUIRED=0 IMAP_ULIMITD=131072 IMAP_IDLE_TIMEOUT=60
export IMAP_TRASHFOLDERNAME=Trash IMAP_EMPTYTRASH=
exec /usr/sbin/couriertcpd -address=127.0.0.1 -maxprocs=20 -nodnslookup -noidentlookup \
	$port /usr/lib/courier/courier/imaplogin /usr/bin/imapd Maildir
EOF
	pid=$(unshare -m --propagation private sh "$dir/start.sh" >>"$COURIER_LOG" 2>&1 </dev/null &
		echo $!)
	export COURIER_PID=$pid
	for i in "${!_courier_instances[@]}"; do
		[ "${_courier_instances[$i]#* }" = "$dir" ] && _courier_instances[i]="$pid $dir"
	done
	for i in $(seq 1 200); do
		_dovecot_port_open "$port" && return 0
		if ! kill -0 "$pid" 2>/dev/null; then
			break
		fi
		sleep 0.05
	done
	echo "courier_start: Courier did not accept on 127.0.0.1:$port; its log:" >&2
	cat "$COURIER_LOG" >&2
	return 1
}

_courier_stop_one()
{
	local pid="$1" dir="$2" i
	_dovecot_kill_tree "$pid" || true
	if [ -n "$dir" ] && [ -d "$dir" ] && [ "${KEEP_COURIER:-}" != 1 ]; then
		rm -rf "$dir"
	elif [ -n "$dir" ] && [ -d "$dir" ]; then
		echo "courier_stop: kept $dir (KEEP_COURIER=1)" >&2
	fi
	for i in "${!_courier_instances[@]}"; do
		[ "${_courier_instances[$i]#* }" = "$dir" ] && unset "_courier_instances[$i]"
	done
	return 0
}

courier_stop()
{
	local dir="${COURIER_DIR:-}" e pid=-
	[ -n "$dir" ] || return 0
	for e in "${_courier_instances[@]}"; do
		[ "${e#* }" = "$dir" ] && pid="${e%% *}"
	done
	_courier_stop_one "$pid" "$dir"
	COURIER_PID=
	return 0
}

_courier_stop_all()
{
	local e
	for e in "${_courier_instances[@]}"; do
		_courier_stop_one "${e%% *}" "${e#* }"
	done
}
