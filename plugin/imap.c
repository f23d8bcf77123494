/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — the IMAP driver with libetpan (see imap.h and driver.h). */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <libetpan/libetpan.h>

#include "afterview/conf.h"
#include "afterview/driver.h"
#include "afterview/folders.h"
#include "afterview/imap.h"
#include "afterview/log.h"
#include "afterview/message.h"
#include "afterview/mime.h"
#include "afterview/text.h"
#include "afterview/tls.h"
#include "afterview/utf7.h"
#include "afterview/util.h"
#include "imap-guard.h"

/* UIDs per FETCH command: keeps each command and its reply of bounded size. */
#define BATCH 1000
/* Bytes one command's reply may bring, and the longest literal outside fetch_part:
 * libetpan 1.9.4 allocates whatever a literal announces and keeps reading as long as the
 * server sends, so the guard below it (imap-guard.h) enforces these. */
#define REPLY_MAX   (64ull * 1024 * 1024)
#define LITERAL_MAX ((uint64_t)AV_MIME_MAX_PART)
#define TRACE_MAX   200
#define TEXT_MAX    200

struct trace_line {
	char buf[TRACE_MAX + 1];
	size_t len;
	bool cut;
};

struct seen_status {
	char *folder; /* owned: UTF-8, as examine was asked */
	bool asked;   /* a STATUS was sent (answered or not): not asked again */
	bool known;   /* info holds its answer */
	struct av_folder_info info;
};

struct imap {
	struct av_driver base; /* first: the engine holds a struct av_driver * */
	mailimap *s;	       /* owned */
	char *host;	       /* owned */
	char *user;	       /* owned */
	unsigned timeout_s;
	bool broken;	/* a stream or protocol error left the session unusable */
	bool tracing;	/* -D imap */
	char *selected; /* owned or NULL: the examined folder (UTF-8) */
	char *parked;	/* owned or NULL: examined until an APPEND left it; examined again
			 * when a command needs the selection */
	char *drafts;	/* owned or NULL: the Drafts folder found; the only APPEND target */
	char *sent;	/* owned or NULL: the Sent folder found; never Drafts */
	/* what each was found from (owned or NULL: not configured), so that a second look
	 * for the same answers from memory, and a refusal can name both settings */
	char *drafts_conf, *sent_conf;
	const char *drafts_how, *sent_how; /* static: av_folders_choose's *how_r */
	char *refused; /* owned or NULL: why Sent and Drafts were refused as one folder */
	/* the folder listings, asked once a session: LIST, and LIST RETURN (SPECIAL-USE) */
	struct av_folder *listed, *listed_su;
	size_t n_listed, n_listed_su;
	bool have_listed, have_listed_su;
	/* folder states read by STATUS this session, sent together with the LIST or with
	 * each other (one round trip): examine answers from them and opens the folder only
	 * when a command needs it, so that an unchanged folder costs no EXAMINE */
	struct seen_status *seen;
	size_t n_seen;
	char **expected; /* owned strv or NULL: the folders the caller expects (expect op) */
	unsigned long commands;
	struct av_imap_guard guard; /* under libetpan's parser: bytes read, reply limits */
	struct trace_line trace_in, trace_out;
};

static const struct av_driver_ops imap_ops;
static void imap_close(struct av_driver **drv);

/* ---- small helpers ---- */

/* The server's text for the last command, cleaned for a log line; "" when none. */
static char *
server_text(const struct imap *d)
{
	const char *t = d->s != NULL && d->s->imap_response != NULL ? d->s->imap_response : "";
	size_t n = strnlen(t, TEXT_MAX);
	char *out = av_malloc(n + 1);

	for (size_t i = 0; i < n; i++)
		out[i] = (unsigned char)t[i] < 0x20 || t[i] == 0x7f ? '?' : t[i];
	out[n] = '\0';
	return out;
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- -D imap trace ---- */

static void
trace_emit(struct trace_line *t, char who)
{
	const char *line = t->buf;
	const char *sp;

	t->buf[t->len] = '\0';
	/* Credentials never reach the trace (it is off during login); this is the second
	 * line of defence should a LOGIN or AUTHENTICATE line get here anyway. */
	sp = who == 'C' ? strchr(line, ' ') : NULL;
	if (sp != NULL && (strncasecmp(sp + 1, "LOGIN ", 6) == 0 ||
			   strncasecmp(sp + 1, "AUTHENTICATE ", 13) == 0))
		av_debug(AV_CAT_IMAP, "C: %.*s %.*s ********", (int)(sp - line), line,
			 (int)strcspn(sp + 1, " "), sp + 1);
	else
		av_debug(AV_CAT_IMAP, "%c: %s%s", who, line, t->cut ? "..." : "");
	t->len = 0;
	t->cut = false;
}

static void
trace_feed(struct trace_line *t, char who, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c == '\n')
			trace_emit(t, who);
		else if (c == '\r')
			continue;
		else if (t->len < TRACE_MAX)
			t->buf[t->len++] = c < 0x20 || c == 0x7f ? '.' : (char)c;
		else
			t->cut = true;
	}
}

static void
trace_logger(mailimap *s, int type, const char *str, size_t size, void *context)
{
	struct imap *d = context;

	(void)s;
	switch (type) {
	case MAILSTREAM_LOG_TYPE_DATA_RECEIVED:
		trace_feed(&d->trace_in, 'S', str, size);
		break;
	case MAILSTREAM_LOG_TYPE_DATA_SENT:
		trace_feed(&d->trace_out, 'C', str, size);
		break;
	case MAILSTREAM_LOG_TYPE_DATA_SENT_PRIVATE:
		av_debug(AV_CAT_IMAP, "C: ********");
		break;
	case MAILSTREAM_LOG_TYPE_ERROR_PARSE:
		av_debug(AV_CAT_IMAP, "libetpan cannot parse the reply");
		break;
	case MAILSTREAM_LOG_TYPE_ERROR_RECEIVED:
	case MAILSTREAM_LOG_TYPE_ERROR_SENT:
		av_debug(AV_CAT_IMAP, "stream error (%s)",
			 type == MAILSTREAM_LOG_TYPE_ERROR_SENT ? "write" : "read");
		break;
	default:
		break;
	}
}

static void
trace_on(struct imap *d)
{
	if (d->tracing)
		mailimap_set_logger(d->s, trace_logger, d);
}

static void
trace_off(struct imap *d)
{
	mailimap_set_logger(d->s, NULL, NULL);
}

/* ---- errors ---- */

/* Start a command: count it and set the limits for its reply. */
static void
begin(struct imap *d, unsigned long long reply_max, uint64_t literal_max)
{
	d->commands++;
	av_imap_guard_begin(&d->guard, reply_max, literal_max);
}

static bool
usable(struct imap *d, char **error_r)
{
	if (!d->broken)
		return true;
	av_error_set(error_r, "the IMAP session with %s is unusable after an earlier error",
		     d->host);
	return false;
}

/* Translate a libetpan result for `what`. Stream and protocol failures break the session
 * (AV_ERR_TEMP); a plain NO from the server gives no_err. */
static enum av_err fail(struct imap *d, int r, enum av_err no_err, char **error_r, const char *fmt,
			...) __attribute__((format(printf, 5, 6)));

static enum av_err
fail(struct imap *d, int r, enum av_err no_err, char **error_r, const char *fmt, ...)
{
	char *what, *text;
	va_list ap;
	enum av_err ret = AV_ERR_TEMP;

	va_start(ap, fmt);
	what = av_vasprintf(fmt, ap);
	va_end(ap);
	text = server_text(d);
	av_debug(AV_CAT_IMAP, "%s: libetpan error %d", what, r);
	switch (r) {
	case MAILIMAP_ERROR_STREAM:
	case MAILIMAP_ERROR_PARSE:
	case MAILIMAP_ERROR_MEMORY:
	case MAILIMAP_ERROR_FATAL:
	case MAILIMAP_ERROR_PROTOCOL:
	case MAILIMAP_ERROR_SSL:
	case MAILIMAP_ERROR_BAD_STATE:
	case MAILIMAP_ERROR_CONNECTION_REFUSED:
	case MAILIMAP_ERROR_DONT_ACCEPT_CONNECTION:
		d->broken = true;
		if (d->guard.hostile != NULL)
			av_error_set(error_r, "%s: %s", what, d->guard.hostile);
		else if (d->guard.timed_out)
			av_error_set(error_r, "%s: IMAP server %s did not answer within %u s", what,
				     d->host, d->timeout_s);
		else if (r == MAILIMAP_ERROR_STREAM)
			av_error_set(error_r, "%s: connection to %s lost", what, d->host);
		else if (r == MAILIMAP_ERROR_FATAL)
			av_error_set(error_r, "%s: %s closed the session (BYE %s)", what, d->host,
				     text);
		else if (r == MAILIMAP_ERROR_PROTOCOL)
			av_error_set(error_r, "%s: %s answered BAD or out of turn (%s)", what,
				     d->host, text);
		else if (r == MAILIMAP_ERROR_MEMORY)
			av_error_set(error_r, "%s: out of memory for the reply of %s", what,
				     d->host);
		else if (r == MAILIMAP_ERROR_DONT_ACCEPT_CONNECTION)
			av_error_set(error_r, "%s: %s turned the connection away (%s)", what,
				     d->host, text);
		else if (r == MAILIMAP_ERROR_PARSE)
			av_error_set(error_r, "%s: cannot parse the reply of %s", what, d->host);
		else
			av_error_set(error_r, "%s: unusable reply from %s (libetpan error %d)",
				     what, d->host, r);
		break;
	default:
		ret = no_err;
		av_error_set(error_r, "%s: %s said NO (%s)", what, d->host, text);
		break;
	}
	free(what);
	free(text);
	return ret;
}

/* ---- connecting ---- */

static bool
is_ip_literal(const char *host)
{
	unsigned char buf[16];

	return inet_pton(AF_INET, host, buf) == 1 || inet_pton(AF_INET6, host, buf) == 1;
}

static bool
is_loopback(const struct sockaddr_storage *ss)
{
	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)ss;

		return (ntohl(in->sin_addr.s_addr) >> 24) == 127;
	}
	if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)ss;

		if (IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr))
			return true;
		return IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr) && in6->sin6_addr.s6_addr[12] == 127;
	}
	return false;
}

/* A TCP connection to host:port within timeout_s per address tried; the socket is left
 * non-blocking, as libetpan's streams expect. */
static enum av_err
tcp_connect(const char *host, unsigned port, unsigned timeout_s, int *fd_r, char **error_r)
{
	struct addrinfo hints, *res = NULL, *ai;
	char port_str[8];
	int fd = -1, r, err = 0;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_protocol = IPPROTO_TCP;
	snprintf(port_str, sizeof(port_str), "%u", port);
	r = getaddrinfo(host, port_str, &hints, &res);
	if (r != 0) {
		av_error_set(error_r, "cannot resolve %s: %s", host, gai_strerror(r));
		return AV_ERR_TEMP;
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		struct pollfd pfd;
		socklen_t len = sizeof(err);

		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
		if (fd < 0) {
			err = errno;
			continue;
		}
		if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) < 0)
			goto next;
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
			break;
		if (errno != EINPROGRESS)
			goto next;
		pfd.fd = fd;
		pfd.events = POLLOUT;
		r = poll(&pfd, 1, (int)timeout_s * 1000);
		if (r == 0) {
			err = ETIMEDOUT;
			close(fd);
			fd = -1;
			continue;
		}
		if (r > 0 && getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err == 0)
			break;
		if (r < 0)
			err = errno;
		close(fd);
		fd = -1;
		continue;
	next:
		err = errno;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd < 0) {
		av_error_set(error_r, "cannot connect to %s port %u: %s", host, port,
			     strerror(err != 0 ? err : ECONNREFUSED));
		return AV_ERR_TEMP;
	}
	*fd_r = fd;
	return AV_OK;
}

static void
tls_setup(struct mailstream_ssl_context *ctx, void *data)
{
	struct imap *d = data;

	/* RFC 6066 3: no IP address literal in server_name. */
	if (!is_ip_literal(d->host))
		mailstream_ssl_set_server_name(ctx, d->host);
}

/* Check the server's certificate chain on stream; no credential has been sent yet. */
static enum av_err
verify_stream(struct imap *d, mailstream *stream, const struct av_account *acc, char **error_r)
{
	carray *chain = mailstream_get_certificate_chain(stream);
	struct av_tls_cert *certs;
	size_t n;
	enum av_err ret;

	if (chain == NULL) {
		av_error_set(error_r, "TLS with %s: no server certificate to verify", d->host);
		return AV_ERR_AUTH;
	}
	n = carray_count(chain);
	certs = av_calloc(n + 1, sizeof(*certs));
	for (size_t i = 0; i < n; i++) {
		MMAPString *der = carray_get(chain, (unsigned)i);

		certs[i].der = (const unsigned char *)der->str;
		certs[i].len = der->len;
	}
	ret = av_tls_verify(certs, n, d->host, acc->ca_file, acc->tls_fingerprint, error_r);
	free(certs);
	mailstream_certificate_chain_free(chain);
	return ret;
}

/* Drop a session whose stream cannot be trusted or used: no LOGOUT, just close. */
static void
drop_stream(struct imap *d)
{
	if (d->s != NULL && d->s->imap_stream != NULL) {
		mailstream_close(d->s->imap_stream);
		d->s->imap_stream = NULL;
	}
	d->broken = true;
}

static bool
connect_ok(int r)
{
	return r == MAILIMAP_NO_ERROR || r == MAILIMAP_NO_ERROR_AUTHENTICATED ||
	       r == MAILIMAP_NO_ERROR_NON_AUTHENTICATED;
}

/* Make sure the session knows the server's capabilities (from the greeting or a
 * CAPABILITY command). */
static enum av_err
need_capabilities(struct imap *d, char **error_r)
{
	struct mailimap_capability_data *cap = NULL;
	int r;

	if (d->s->imap_connection_info != NULL &&
	    d->s->imap_connection_info->imap_capability != NULL)
		return AV_OK;
	begin(d, REPLY_MAX, LITERAL_MAX);
	r = mailimap_capability(d->s, &cap);
	if (r != MAILIMAP_NO_ERROR)
		return fail(d, r, AV_ERR_TEMP, error_r, "CAPABILITY");
	mailimap_capability_data_free(cap);
	return AV_OK;
}

/* RFC 3501 6.2.1 (and RFC 8314 4.1): capabilities learnt before TLS or login are not
 * to be trusted afterwards. */
static void
forget_capabilities(struct imap *d)
{
	if (d->s->imap_connection_info != NULL &&
	    d->s->imap_connection_info->imap_capability != NULL) {
		mailimap_capability_data_free(d->s->imap_connection_info->imap_capability);
		d->s->imap_connection_info->imap_capability = NULL;
	}
}

static enum av_err
open_stream(struct imap *d, const struct av_account *acc, bool *preauth_r, char **error_r)
{
	struct sockaddr_storage peer;
	socklen_t len = sizeof(peer);
	struct av_imap_sigpipe sp;
	mailstream *stream = NULL;
	enum av_err ret;
	int fd = -1, r;

	ret = tcp_connect(acc->host, acc->port, d->timeout_s, &fd, error_r);
	if (ret != AV_OK)
		return ret;
	if (acc->security == AV_SECURITY_PLAIN) {
		/* Decided on the connected socket, not the name: a name may resolve anywhere. */
		if (getpeername(fd, (struct sockaddr *)&peer, &len) < 0 || !is_loopback(&peer)) {
			close(fd);
			av_error_set(error_r,
				     "security = plain is allowed only to a loopback address, and "
				     "%s is not one: use tls or starttls",
				     acc->host);
			return AV_ERR_CONFIG;
		}
	}

	if (acc->security == AV_SECURITY_TLS) {
		double t0 = now_s();

		av_imap_guard_block_sigpipe(&sp);
		stream = mailstream_ssl_open_with_callback_timeout(fd, d->timeout_s, tls_setup, d);
		av_imap_guard_restore_sigpipe(&sp);
		if (stream == NULL) {
			close(fd);
			if (now_s() - t0 >= (double)d->timeout_s - 0.1)
				av_error_set(error_r,
					     "TLS handshake with %s port %u: no answer within %u s",
					     acc->host, acc->port, d->timeout_s);
			else
				av_error_set(error_r, "TLS handshake with %s port %u failed",
					     acc->host, acc->port);
			return AV_ERR_TEMP;
		}
		ret = verify_stream(d, stream, acc, error_r);
		if (ret != AV_OK) {
			mailstream_close(stream);
			return ret;
		}
	} else {
		stream = mailstream_socket_open_timeout(fd, d->timeout_s);
		if (stream == NULL) {
			close(fd);
			av_error_set(error_r, "out of memory for a stream");
			return AV_ERR_SOFTWARE;
		}
	}
	if (!av_imap_guard_install(&d->guard, stream)) {
		mailstream_close(stream);
		av_error_set(error_r, "out of memory for a stream");
		return AV_ERR_SOFTWARE;
	}

	trace_on(d);
	begin(d, REPLY_MAX, LITERAL_MAX);
	d->commands--; /* the greeting is no command */
	r = mailimap_connect(d->s, stream);
	if (!connect_ok(r))
		return fail(d, r, AV_ERR_TEMP, error_r, "greeting from %s", acc->host);
	*preauth_r = r == MAILIMAP_NO_ERROR_AUTHENTICATED;

	if (acc->security != AV_SECURITY_STARTTLS)
		return AV_OK;

	/* A PREAUTH greeting leaves no way to start TLS (RFC 3501 6.2.1): a man in the
	 * middle could send one to keep the session in plain text. */
	if (*preauth_r) {
		drop_stream(d);
		av_error_set(error_r,
			     "%s greeted with PREAUTH before STARTTLS; refusing to go on "
			     "without TLS",
			     acc->host);
		return AV_ERR_AUTH;
	}
	ret = need_capabilities(d, error_r);
	if (ret != AV_OK)
		return ret;
	if (!mailimap_has_extension(d->s, "STARTTLS")) {
		drop_stream(d);
		av_error_set(error_r,
			     "%s does not offer STARTTLS; refusing to send the password "
			     "in plain text",
			     acc->host);
		return AV_ERR_AUTH;
	}
	begin(d, REPLY_MAX, LITERAL_MAX);
	av_imap_guard_block_sigpipe(&sp);
	r = mailimap_socket_starttls_with_callback(d->s, tls_setup, d);
	av_imap_guard_restore_sigpipe(&sp);
	if (r == MAILIMAP_ERROR_STARTTLS) {
		/* Also what Debian's libetpan says when plain text follows the answer
		 * (CVE-2020-15953 fix). */
		drop_stream(d);
		av_error_set(error_r,
			     "STARTTLS with %s failed: refused, or plain text came after "
			     "the answer (an injection); refusing to go on without TLS",
			     acc->host);
		return AV_ERR_AUTH;
	}
	if (r != MAILIMAP_NO_ERROR) {
		ret = fail(d, r, AV_ERR_AUTH, error_r, "STARTTLS with %s", acc->host);
		drop_stream(d);
		return ret;
	}
	/* Bytes that arrived with the STARTTLS answer came in plain text; taking them as
	 * part of the TLS session is the classic STARTTLS injection (CVE-2011-0411). Upstream
	 * libetpan 1.9.4 does not check it. */
	if (d->s->imap_stream->read_buffer_len != 0) {
		drop_stream(d);
		av_error_set(error_r,
			     "%s sent data in plain text after the STARTTLS answer; "
			     "refusing the session",
			     acc->host);
		return AV_ERR_AUTH;
	}
	ret = verify_stream(d, d->s->imap_stream, acc, error_r);
	if (ret != AV_OK) {
		drop_stream(d);
		return ret;
	}
	if (!av_imap_guard_install(&d->guard, d->s->imap_stream)) {
		drop_stream(d);
		av_error_set(error_r, "out of memory for a stream");
		return AV_ERR_SOFTWARE;
	}
	forget_capabilities(d);
	return AV_OK;
}

static enum av_err
login(struct imap *d, const struct av_account *acc, const struct av_secret *secret, char **error_r)
{
	enum av_err ret;
	int r;

	/* Dovecot lists AUTH= mechanisms only before login: ask now, for XOAUTH2. A LOGIN
	 * needs none of the capabilities of the moment (those after TLS are not known
	 * yet): asking would cost a round trip on every run, and the ones that count come
	 * with (or after) the login's answer. */
	if (secret->oauth2) {
		ret = need_capabilities(d, error_r);
		if (ret != AV_OK)
			return ret;
		if (!mailimap_has_xoauth2(d->s)) {
			av_error_set(error_r,
				     "%s does not offer XOAUTH2 (AUTH=XOAUTH2) for the OAuth2 "
				     "token of user %s",
				     acc->host, acc->user);
			return AV_ERR_AUTH;
		}
	}
	forget_capabilities(d);

	trace_off(d);
	if (d->tracing)
		av_debug(AV_CAT_IMAP, "C: (%s for %s; not traced)",
			 secret->oauth2 ? "AUTHENTICATE XOAUTH2" : "LOGIN", acc->user);
	begin(d, REPLY_MAX, LITERAL_MAX);
	if (secret->oauth2)
		r = mailimap_oauth2_authenticate(d->s, acc->user, secret->value);
	else
		r = mailimap_login(d->s, acc->user, secret->value);
	trace_on(d);
	if (r != MAILIMAP_NO_ERROR) {
		if (r == MAILIMAP_ERROR_LOGIN || r == MAILIMAP_ERROR_EXTENSION ||
		    r == MAILIMAP_ERROR_SASL) {
			char *text = server_text(d);

			av_error_set(error_r, "login refused for user %s at %s (%s)", acc->user,
				     acc->host, text);
			free(text);
			return AV_ERR_AUTH;
		}
		return fail(d, r, AV_ERR_AUTH, error_r, "login as %s", acc->user);
	}
	return need_capabilities(d, error_r);
}

enum av_err
av_imap_open(const struct av_account *acc, const struct av_secret *secret, bool dry_run,
	     struct av_driver **drv_r, char **error_r)
{
	struct imap *d;
	struct av_driver *drv;
	bool preauth = false;
	enum av_err ret;
	double t0 = now_s();

	if (acc->port == 0 || acc->port > 65535) {
		av_error_set(error_r, "port %u is not a TCP port", acc->port);
		return AV_ERR_CONFIG;
	}
	d = av_calloc(1, sizeof(*d));
	d->base.ops = &imap_ops;
	d->base.dry_run = dry_run;
	d->host = av_strdup(acc->host);
	d->user = av_strdup(acc->user);
	d->timeout_s = acc->timeout_s != 0 ? acc->timeout_s : 30;
	d->tracing = av_log_debug_enabled(AV_CAT_IMAP);
	av_imap_guard_init(&d->guard, d->host, d->timeout_s, REPLY_MAX, LITERAL_MAX);
	d->s = mailimap_new(0, NULL);
	if (d->s == NULL) {
		av_error_set(error_r, "out of memory for an IMAP session");
		ret = AV_ERR_SOFTWARE;
		goto fail;
	}
	mailimap_set_timeout(d->s, d->timeout_s);

	ret = open_stream(d, acc, &preauth, error_r);
	if (ret != AV_OK)
		goto fail;
	if (!preauth) {
		ret = login(d, acc, secret, error_r);
		if (ret != AV_OK)
			goto fail;
	} else {
		forget_capabilities(d);
		ret = need_capabilities(d, error_r);
		if (ret != AV_OK)
			goto fail;
	}
	av_debug(AV_CAT_IMAP, "logged in to %s:%u as %s in %.2f s", acc->host, acc->port, acc->user,
		 now_s() - t0);
	d->base.can_withdraw = mailimap_has_extension(d->s, "UIDPLUS") != 0;
	*drv_r = &d->base;
	return AV_OK;

fail:
	drop_stream(d);
	drv = &d->base;
	imap_close(&drv);
	return ret;
}

/* ---- folders (the choice among them: folders.c) ---- */

static void
collect_folders(clist *list, struct av_folder **f_r, size_t *n_r)
{
	struct av_folder *f = av_calloc((size_t)clist_count(list) + 1, sizeof(*f));
	size_t n = 0;

	for (clistiter *it = clist_begin(list); it != NULL; it = clist_next(it)) {
		struct mailimap_mailbox_list *mb = clist_content(it);
		struct mailimap_mbx_list_flags *fl = mb->mb_flag;
		char *name;

		if (mb->mb_name == NULL)
			continue;
		name = av_utf7_decode(mb->mb_name);
		if (name == NULL) {
			/* Not valid modified UTF-7: keep the wire form, which still works. */
			name = av_strdup(mb->mb_name);
		}
		f[n].name = name;
		f[n].selectable = true;
		if (fl != NULL && fl->mbf_type == MAILIMAP_MBX_LIST_FLAGS_SFLAG &&
		    fl->mbf_sflag == MAILIMAP_MBX_LIST_SFLAG_NOSELECT)
			f[n].selectable = false;
		for (clistiter *o = fl != NULL && fl->mbf_oflags != NULL
					    ? clist_begin(fl->mbf_oflags)
					    : NULL;
		     o != NULL; o = clist_next(o)) {
			struct mailimap_mbx_list_oflag *of = clist_content(o);
			const char *ext = of->of_flag_ext;

			if (of->of_type != MAILIMAP_MBX_LIST_OFLAG_FLAG_EXT || ext == NULL)
				continue;
			/* libetpan hands the flag over without its backslash. */
			if (strcasecmp(ext, "Sent") == 0)
				f[n].sent = true;
			else if (strcasecmp(ext, "Drafts") == 0)
				f[n].drafts = true;
			else if (strcasecmp(ext, "Noselect") == 0 ||
				 strcasecmp(ext, "NonExistent") == 0)
				f[n].selectable = false;
		}
		n++;
	}
	*f_r = f;
	*n_r = n;
}

static enum av_err
list_all(struct imap *d, struct av_folder **f_r, size_t *n_r, char **error_r)
{
	clist *list = NULL;
	int r;

	begin(d, REPLY_MAX, LITERAL_MAX);
	r = mailimap_list(d->s, "", "*", &list);
	if (r != MAILIMAP_NO_ERROR)
		return fail(d, r, AV_ERR_TEMP, error_r, "LIST");
	collect_folders(list, f_r, n_r);
	mailimap_list_result_free(list);
	return AV_OK;
}

typedef void answer_fn(struct imap *d, size_t i, void *ctx);

/* Send lines[0..n) exactly as given, without waiting for answers (RFC 3501 5.5), then
 * read the answers in order (libetpan's custom command puts a space before the CRLF,
 * which a strict server, Cyrus, refuses as an extra argument). After each tagged OK,
 * answered(d, i, ctx) (may be NULL) runs while the response info holds that command's
 * untagged data; refused[i] says the server answered NO or BAD. libetpan says PROTOCOL
 * both for a tagged BAD and for an answer out of turn: only a session that still answers
 * a NOOP afterwards had the former. MAILIMAP_NO_ERROR, or what broke the session. */
static int
pipeline(struct imap *d, const char *const *lines, size_t n, bool *refused, answer_fn *answered,
	 void *ctx)
{
	int tag0 = d->s->imap_tag, r = MAILIMAP_NO_ERROR;
	bool bad = false;

	for (size_t i = 0; i < n && r == MAILIMAP_NO_ERROR; i++) {
		refused[i] = true;
		r = mailimap_send_current_tag(d->s);
		if (r == MAILIMAP_NO_ERROR &&
		    (mailstream_write(d->s->imap_stream, lines[i], strlen(lines[i])) < 0 ||
		     mailstream_write(d->s->imap_stream, "\r\n", 2) < 0))
			r = MAILIMAP_ERROR_STREAM;
	}
	if (r == MAILIMAP_NO_ERROR && mailstream_flush(d->s->imap_stream) == -1)
		r = MAILIMAP_ERROR_STREAM;
	for (size_t i = 0; i < n && r == MAILIMAP_NO_ERROR; i++) {
		struct mailimap_response *resp = NULL;
		char *text;

		/* libetpan checks each answer's tag against the session's current one */
		d->s->imap_tag = tag0 + (int)i + 1;
		begin(d, REPLY_MAX, LITERAL_MAX);
		if (mailimap_read_line(d->s) == NULL) {
			r = MAILIMAP_ERROR_STREAM;
			break;
		}
		r = mailimap_parse_response(d->s, &resp);
		if (r == MAILIMAP_ERROR_PROTOCOL) {
			bad = true;
			r = MAILIMAP_NO_ERROR;
		} else if (r != MAILIMAP_NO_ERROR) {
			break;
		} else {
			refused[i] = resp->rsp_resp_done->rsp_data.rsp_tagged->rsp_cond_state
					     ->rsp_type != MAILIMAP_RESP_COND_STATE_OK;
			mailimap_response_free(resp);
			if (!refused[i]) {
				if (answered != NULL)
					answered(d, i, ctx);
				continue;
			}
		}
		text = server_text(d);
		av_debug(AV_CAT_IMAP, "%s: %s refused it (%s)", lines[i], d->host, text);
		free(text);
	}
	d->s->imap_tag = tag0 + (int)n;
	if (r == MAILIMAP_NO_ERROR && bad) {
		begin(d, REPLY_MAX, LITERAL_MAX);
		if (mailimap_noop(d->s) != MAILIMAP_NO_ERROR)
			r = MAILIMAP_ERROR_PROTOCOL;
	}
	return r;
}

/* One command line, exactly as given (pipeline). */
static int
raw_command(struct imap *d, const char *line, bool *refused_r)
{
	return pipeline(d, &line, 1, refused_r, NULL, NULL);
}

/* Servers that give special-use attributes only when asked (RFC 6154 5.1). A NO or BAD
 * is an empty answer: the configured and common names still apply. */
static enum av_err
list_special_use(struct imap *d, struct av_folder **f_r, size_t *n_r, char **error_r)
{
	clist *list;
	bool refused;
	int r;

	r = raw_command(d, "LIST \"\" \"*\" RETURN (SPECIAL-USE)", &refused);
	if (r != MAILIMAP_NO_ERROR)
		return fail(d, r, AV_ERR_TEMP, error_r, "LIST RETURN (SPECIAL-USE)");
	/* The parsed replies stay in the response info until the next command. */
	list = d->s->imap_response_info != NULL ? d->s->imap_response_info->rsp_mailbox_list : NULL;
	if (refused) {
		av_debug(AV_CAT_IMAP, "no special-use from %s: Sent and Drafts by name only",
			 d->host);
		list = NULL;
	}
	if (list == NULL) {
		*f_r = av_calloc(1, sizeof(**f_r));
		*n_r = 0;
		return AV_OK;
	}
	collect_folders(list, f_r, n_r);
	return AV_OK;
}

static bool
same_conf(const char *a, const char *b)
{
	return a == NULL ? b == NULL : b != NULL && strcmp(a, b) == 0;
}

/* Sent and Drafts are chosen from one listing a session (LIST, and LIST RETURN
 * (SPECIAL-USE) when needed), so that looking for both costs what looking for one did;
 * and never as one folder: the second found is refused when it is the first. */
static enum av_err
imap_find_folder(struct av_driver *drv, enum av_folder_role role, const char *configured,
		 char **name_r, char **error_r)
{
	struct imap *d = (struct imap *)drv;
	bool sent = role == AV_FOLDER_SENT;
	char **mine = sent ? &d->sent : &d->drafts,
	     **mine_conf = sent ? &d->sent_conf : &d->drafts_conf;
	const char **mine_how = sent ? &d->sent_how : &d->drafts_how;
	const char *found = NULL, *how = NULL;
	enum av_err ret;

	if (d->refused != NULL) {
		av_error_set(error_r, "%s", d->refused);
		return AV_ERR_CONFIG;
	}
	if (*mine != NULL && same_conf(*mine_conf, configured)) {
		*name_r = av_strdup(*mine);
		return AV_OK;
	}
	if (!usable(d, error_r))
		return AV_ERR_TEMP;
	if (!d->have_listed) {
		if ((ret = list_all(d, &d->listed, &d->n_listed, error_r)) != AV_OK)
			return ret;
		d->have_listed = true;
	}
	if (!d->have_listed_su && av_folders_special_use(d->listed, d->n_listed, role) < 0 &&
	    mailimap_has_extension(d->s, "SPECIAL-USE")) {
		if ((ret = list_special_use(d, &d->listed_su, &d->n_listed_su, error_r)) != AV_OK)
			return ret;
		d->have_listed_su = true;
	}
	ret = av_folders_choose(d->listed, d->n_listed, d->listed_su, d->n_listed_su, role,
				configured, d->host, &found, &how, error_r);
	if (ret != AV_OK)
		return ret;
	ret = sent ? av_folders_apart(found, configured, how, d->drafts, d->drafts_conf,
				      d->drafts_how, d->host, error_r)
		   : av_folders_apart(d->sent, d->sent_conf, d->sent_how, found, configured, how,
				      d->host, error_r);
	if (ret != AV_OK) {
		/* for the rest of the session: no later look, no write */
		d->refused = av_strdup(*error_r);
		free(d->drafts);
		d->drafts = NULL;
		return ret;
	}
	free(*mine);
	*mine = av_strdup(found);
	free(*mine_conf);
	*mine_conf = configured != NULL ? av_strdup(configured) : NULL;
	*mine_how = how;
	av_debug(AV_CAT_IMAP, "%s folder: \"%s\" (%s)", sent ? "Sent" : "Drafts", found, how);
	*name_r = av_strdup(found);
	return AV_OK;
}

/* ---- EXAMINE ---- */

static enum av_err
encode_name(const char *folder, char **wire_r, char **error_r)
{
	*wire_r = av_utf7_encode(folder);
	if (*wire_r == NULL) {
		av_error_set(error_r, "folder name \"%s\" is not valid UTF-8", folder);
		return AV_ERR_CONFIG;
	}
	return AV_OK;
}

/* ---- STATUS, sent together ---- */

static struct seen_status *
seen_find(struct imap *d, const char *folder)
{
	for (size_t i = 0; i < d->n_seen; i++)
		if (av_folders_same(d->seen[i].folder, folder))
			return &d->seen[i];
	return NULL;
}

static struct seen_status *
seen_add(struct imap *d, const char *folder)
{
	struct seen_status *st = seen_find(d, folder);

	if (st != NULL)
		return st;
	d->seen = av_realloc(d->seen, (d->n_seen + 1) * sizeof(*d->seen));
	st = &d->seen[d->n_seen++];
	memset(st, 0, sizeof(*st));
	st->folder = av_strdup(folder);
	return st;
}

/* What a STATUS said is no longer the folder's state once afterview wrote to it. */
static void
seen_forget(struct imap *d, const char *folder)
{
	struct seen_status *st = seen_find(d, folder);

	if (st != NULL)
		st->known = false;
}

/* folder's wire name as an IMAP quoted string, or NULL when it cannot be one (then the
 * folder is examined as before, by libetpan's own quoting). */
static char *
quoted_name(const char *folder)
{
	char *wire = av_utf7_encode(folder), *q, *p;

	if (wire == NULL)
		return NULL;
	q = p = av_malloc(2 * strlen(wire) + 3);
	*p++ = '"';
	for (const char *w = wire; *w != '\0'; w++) {
		if ((unsigned char)*w < 0x20 || (unsigned char)*w > 0x7e) {
			free(wire);
			free(q);
			return NULL;
		}
		if (*w == '"' || *w == '\\')
			*p++ = '\\';
		*p++ = *w;
	}
	*p++ = '"';
	*p = '\0';
	free(wire);
	return q;
}

static void
take_status(struct imap *d, struct seen_status *st)
{
	struct mailimap_mailbox_data_status *ms =
		d->s->imap_response_info != NULL ? d->s->imap_response_info->rsp_status : NULL;
	struct av_folder_info info;

	char *name;
	bool same;

	if (ms == NULL || ms->st_info_list == NULL || ms->st_mailbox == NULL)
		return;
	/* the answer for another folder than asked is no answer */
	name = av_utf7_decode(ms->st_mailbox);
	same = av_folders_same(name != NULL ? name : ms->st_mailbox, st->folder);
	free(name);
	if (!same)
		return;
	memset(&info, 0, sizeof(info));
	for (clistiter *c = clist_begin(ms->st_info_list); c != NULL; c = clist_next(c)) {
		struct mailimap_status_info *si = clist_content(c);
		struct mailimap_extension_data *x = si->st_ext_data;

		switch (si->st_att) {
		case MAILIMAP_STATUS_ATT_MESSAGES:
			info.exists = si->st_value;
			break;
		case MAILIMAP_STATUS_ATT_UIDNEXT:
			info.uidnext = si->st_value;
			break;
		case MAILIMAP_STATUS_ATT_UIDVALIDITY:
			info.uidvalidity = si->st_value;
			break;
		case MAILIMAP_STATUS_ATT_EXTENSION:
			if (x != NULL && x->ext_extension == &mailimap_extension_condstore &&
			    x->ext_type == MAILIMAP_CONDSTORE_TYPE_STATUS_INFO &&
			    x->ext_data != NULL)
				info.highestmodseq =
					((struct mailimap_condstore_status_info *)x->ext_data)
						->cs_highestmodseq_value;
			break;
		default:
			break;
		}
	}
	/* without UIDVALIDITY and UIDNEXT the folder is examined after all */
	if (info.uidvalidity == 0 || info.uidnext == 0)
		return;
	st->info = info;
	st->known = true;
	av_debug(AV_CAT_IMAP,
		 "\"%s\" (STATUS): uidvalidity %u uidnext %u exists %u highestmodseq %llu",
		 st->folder, (unsigned)info.uidvalidity, (unsigned)info.uidnext,
		 (unsigned)info.exists, (unsigned long long)info.highestmodseq);
}

/* What a batch's answer gives: a folder's state (sts[i], an index in d->seen + 1), or the
 * listing (sts[i] == 0). */
static void
batch_answer(struct imap *d, size_t i, void *ctx)
{
	const size_t *sts = ctx;
	clist *list = d->s->imap_response_info != NULL ? d->s->imap_response_info->rsp_mailbox_list
						       : NULL;

	if (sts[i] != 0) {
		take_status(d, &d->seen[sts[i] - 1]);
	} else if (list != NULL) {
		collect_folders(list, &d->listed, &d->n_listed);
		d->have_listed = true;
	}
}

/* STATUS commands in one batch at most: the folder, Sent, Drafts and the folders expected */
#define STATUS_MAX 8

/* One round trip for what a run asks first of a server: the folder listing, when not
 * read yet, and the STATUS of folder, of the Sent and Drafts folders found and of the
 * folders expected, when not asked yet (RFC 3501 5.5: commands sent without waiting,
 * answered in order). A refused
 * or unreadable answer only leaves that folder to be examined; a reply out of turn
 * breaks the session, as for any command. */
static enum av_err
status_batch(struct imap *d, const char *folder, char **error_r)
{
	const char *want[3 + STATUS_MAX] = {folder, d->sent, d->drafts};
	size_t sts[1 + STATUS_MAX]; /* index in d->seen + 1, 0 for the LIST */
	char *lines[1 + STATUS_MAX];
	size_t n_want = 3;
	const char *items = mailimap_has_condstore(d->s)
				    ? " (UIDVALIDITY UIDNEXT MESSAGES HIGHESTMODSEQ)"
				    : " (UIDVALIDITY UIDNEXT MESSAGES)";
	bool list = !d->have_listed, refused[1 + STATUS_MAX];
	size_t n = 0;
	int r;
	enum av_err ret = AV_OK;

	if (list) {
		sts[n] = 0;
		lines[n++] = av_strdup("LIST \"\" \"*\"");
	}
	for (char **e = d->expected; e != NULL && *e != NULL && n_want < 3 + STATUS_MAX; e++)
		want[n_want++] = *e;
	for (size_t i = 0; i < n_want && n < 1 + STATUS_MAX; i++) {
		struct seen_status *st;
		char *q;

		if (want[i] == NULL ||
		    (d->selected != NULL && av_folders_same(d->selected, want[i])))
			continue; /* STATUS is not for the selected folder (RFC 3501 6.3.10) */
		st = seen_add(d, want[i]);
		if (st->asked || (q = quoted_name(want[i])) == NULL)
			continue;
		st->asked = true;		     /* once, should folder be Sent or Drafts too */
		sts[n] = (size_t)(st - d->seen) + 1; /* d->seen moves as it grows */
		lines[n++] = av_asprintf("STATUS %s%s", q, items);
		free(q);
	}
	/* A STATUS alone would cost the round trip an EXAMINE costs, and one more when the
	 * folder then has to be opened; a lone LIST is find_folder's, with its own errors. */
	if (n < 2) {
		for (size_t i = 0; i < n; i++) {
			if (sts[i] != 0)
				d->seen[sts[i] - 1].asked = false;
			free(lines[i]);
		}
		return AV_OK;
	}
	r = pipeline(d, (const char *const *)lines, n, refused, batch_answer, sts);
	if (r != MAILIMAP_NO_ERROR)
		ret = fail(d, r, AV_ERR_TEMP, error_r, "%s", list ? "LIST and STATUS" : "STATUS");
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
	return ret;
}

static enum av_err uidnext_by_fetch(struct imap *d, uint32_t *uidnext_r, char **error_r);

static enum av_err
examine(struct imap *d, const char *folder, struct av_folder_info *info_r, char **error_r)
{
	struct mailimap_selection_info *sel;
	uint64_t modseq = 0;
	char *wire = NULL;
	enum av_err ret;
	int r;

	if (!usable(d, error_r))
		return AV_ERR_TEMP;
	/* Open already, read-only (a withdrawal's SELECT is always followed by EXAMINE): the
	 * server keeps the selection current, so only a caller that wants the folder's state
	 * asks again. */
	if (info_r == NULL && d->selected != NULL && strcmp(d->selected, folder) == 0)
		return AV_OK;
	/* The state a STATUS of this session gave, and the folder opened only when a command
	 * needs it: an unchanged folder is never opened. */
	if (info_r != NULL && (d->selected == NULL || !av_folders_same(d->selected, folder))) {
		struct seen_status *st;

		if ((ret = status_batch(d, folder, error_r)) != AV_OK)
			return ret;
		if ((st = seen_find(d, folder)) != NULL && st->known) {
			*info_r = st->info;
			free(d->selected);
			d->selected = NULL;
			free(d->parked);
			d->parked = av_strdup(folder);
			return AV_OK;
		}
	}
	ret = encode_name(folder, &wire, error_r);
	if (ret != AV_OK)
		return ret;
	free(d->selected);
	d->selected = NULL;
	free(d->parked);
	d->parked = NULL;
	begin(d, REPLY_MAX, LITERAL_MAX);
	if (mailimap_has_condstore(d->s))
		r = mailimap_examine_condstore(d->s, wire, &modseq);
	else
		r = mailimap_examine(d->s, wire);
	if (r != MAILIMAP_NO_ERROR) {
		/* NO [NONEXISTENT] and any other NO: the folder is not there for us. */
		ret = fail(d, r, AV_ERR_CONFIG, error_r, "EXAMINE \"%s\"", folder);
		goto cleanup;
	}
	sel = d->s->imap_selection_info;
	if (sel == NULL) {
		av_error_set(error_r, "EXAMINE \"%s\": no folder state from %s", folder, d->host);
		ret = AV_ERR_DATA;
		goto cleanup;
	}
	d->selected = av_strdup(folder);
	{
		struct seen_status *st = seen_find(d, folder);

		/* UIDs read from now on are taken under the UIDVALIDITY the STATUS gave */
		if (st != NULL && st->known && st->info.uidvalidity != sel->sel_uidvalidity) {
			av_error_set(error_r,
				     "\"%s\": UIDVALIDITY changed during the run (%u -> %u): the "
				     "next run reads the folder again",
				     folder, (unsigned)st->info.uidvalidity,
				     (unsigned)sel->sel_uidvalidity);
			d->broken = true;
			ret = AV_ERR_TEMP;
			goto cleanup;
		}
	}
	if (info_r != NULL) {
		memset(info_r, 0, sizeof(*info_r));
		info_r->uidvalidity = sel->sel_uidvalidity;
		info_r->uidnext = sel->sel_uidnext;
		info_r->exists = sel->sel_exists;
		info_r->highestmodseq = modseq;
		if (info_r->uidnext == 0 && info_r->exists > 0) {
			ret = uidnext_by_fetch(d, &info_r->uidnext, error_r);
			if (ret != AV_OK)
				goto cleanup;
		}
		av_debug(AV_CAT_IMAP,
			 "\"%s\": uidvalidity %u uidnext %u exists %u highestmodseq %llu", folder,
			 (unsigned)info_r->uidvalidity, (unsigned)info_r->uidnext,
			 (unsigned)info_r->exists, (unsigned long long)info_r->highestmodseq);
	}
	ret = AV_OK;
cleanup:
	free(wire);
	return ret;
}

static enum av_err
imap_examine(struct av_driver *drv, const char *folder, struct av_folder_info *info_r,
	     char **error_r)
{
	return examine((struct imap *)drv, folder, info_r, error_r);
}

/* AV_OK when a folder is examined and the session usable. */
static enum av_err
need_selected(struct imap *d, char **error_r)
{
	if (!usable(d, error_r))
		return AV_ERR_TEMP;
	if (d->selected != NULL)
		return AV_OK;
	if (d->parked != NULL) {
		char *folder = av_strdup(d->parked);
		enum av_err ret = examine(d, folder, NULL, error_r);

		free(folder);
		return ret;
	}
	av_error_set(error_r, "no folder examined on %s", d->host);
	return AV_ERR_SOFTWARE;
}

/* ---- SEARCH ---- */

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* The search result as a sorted array without duplicates and without UIDs < from_uid
 * (RFC 3501 6.4.8: "n:*" also matches the last message when n is beyond it). */
static void
uids_from_result(clist *result, uint32_t from_uid, uint32_t **uids_r, size_t *n_r)
{
	uint32_t *uids = av_calloc((size_t)clist_count(result) + 1, sizeof(*uids));
	size_t n = 0, m = 0;

	for (clistiter *it = clist_begin(result); it != NULL; it = clist_next(it)) {
		uint32_t *uid = clist_content(it);

		if (uid != NULL && *uid >= from_uid && *uid != 0)
			uids[n++] = *uid;
	}
	qsort(uids, n, sizeof(*uids), cmp_u32);
	for (size_t i = 0; i < n; i++)
		if (m == 0 || uids[m - 1] != uids[i])
			uids[m++] = uids[i];
	*uids_r = uids;
	*n_r = m;
}

static enum av_err
run_search(struct imap *d, struct mailimap_search_key *key, const char *charset, uint32_t from_uid,
	   const char *what, uint32_t **uids_r, size_t *n_r, char **error_r)
{
	clist *result = NULL;
	int r;

	begin(d, REPLY_MAX, LITERAL_MAX);
	r = mailimap_uid_search(d->s, charset, key, &result);
	if (r != MAILIMAP_NO_ERROR)
		return fail(d, r, AV_ERR_TEMP, error_r, "%s", what);
	uids_from_result(result, from_uid, uids_r, n_r);
	mailimap_search_result_free(result);
	return AV_OK;
}

static enum av_err
imap_search(struct av_driver *drv, uint32_t from_uid, time_t since, uint32_t **uids_r, size_t *n_r,
	    char **error_r)
{
	struct imap *d = (struct imap *)drv;
	struct mailimap_search_key *key = NULL, *uid_key = NULL, *since_key = NULL, *undraft;
	struct mailimap_set *set;
	bool in_sent;
	enum av_err ret;

	ret = need_selected(d, error_r);
	if (ret != AV_OK)
		return ret;
	if (from_uid == 0)
		from_uid = 1;
	set = mailimap_set_new_interval(from_uid, 0);
	uid_key = set != NULL ? mailimap_search_key_new_uid(set) : NULL;
	if (uid_key == NULL)
		abort();
	in_sent = av_folders_same(d->selected, d->sent);
	key = since > 0 || in_sent ? mailimap_search_key_new_multiple_empty() : uid_key;
	if (key == NULL ||
	    (key != uid_key && mailimap_search_key_multiple_add(key, uid_key) != MAILIMAP_NO_ERROR))
		abort();
	if (since > 0) {
		/* SINCE compares dates in the server's zone, which is unknown: asking from the
		 * day 12 h earlier in UTC includes since's day in every zone (UTC-12 to +14).
		 * Extra older messages are harmless; the caller checks INTERNALDATE. */
		time_t t = since - 12 * 3600;
		struct tm tm;
		struct mailimap_date *date;

		if (gmtime_r(&t, &tm) == NULL)
			abort();
		date = mailimap_date_new(tm.tm_mday, tm.tm_mon + 1, tm.tm_year + 1900);
		since_key = date != NULL ? mailimap_search_key_new_since(date) : NULL;
		if (since_key == NULL ||
		    mailimap_search_key_multiple_add(key, since_key) != MAILIMAP_NO_ERROR)
			abort();
	}
	/* a message flagged \Draft in Sent never went out: it is not sent mail */
	if (in_sent && ((undraft = mailimap_search_key_new(
				 MAILIMAP_SEARCH_KEY_UNDRAFT, NULL, NULL, NULL, NULL, NULL, NULL,
				 NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL, NULL,
				 NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL)) == NULL ||
			mailimap_search_key_multiple_add(key, undraft) != MAILIMAP_NO_ERROR))
		abort();
	ret = run_search(d, key, NULL, from_uid, "UID SEARCH", uids_r, n_r, error_r);
	mailimap_search_key_free(key);
	if (ret == AV_OK)
		av_debug(AV_CAT_IMAP, "\"%s\": %zu messages from UID %u", d->selected, *n_r,
			 (unsigned)from_uid);
	return ret;
}

/* ---- UID sets and FETCH ---- */

/* A set of uids[0..n) (sorted, no duplicates) as ranges. n > 0. */
static struct mailimap_set *
uid_set(const uint32_t *uids, size_t n)
{
	struct mailimap_set *set = mailimap_set_new_empty();
	size_t i = 0;

	if (set == NULL)
		abort();
	while (i < n) {
		size_t j = i;

		while (j + 1 < n && uids[j + 1] == uids[j] + 1)
			j++;
		if (mailimap_set_add_interval(set, uids[i], uids[j]) != MAILIMAP_NO_ERROR)
			abort();
		i = j + 1;
	}
	return set;
}

/* A sorted copy of uids without duplicates and zeroes. */
static uint32_t *
sorted_uids(const uint32_t *uids, size_t n, size_t *m_r)
{
	uint32_t *s = av_calloc(n + 1, sizeof(*s));
	size_t m = 0;

	memcpy(s, uids, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_u32);
	for (size_t i = 0; i < n; i++)
		if (s[i] != 0 && (m == 0 || s[m - 1] != s[i]))
			s[m++] = s[i];
	*m_r = m;
	return s;
}

static struct mailimap_fetch_type *
fetch_type(struct mailimap_fetch_att *a, struct mailimap_fetch_att *b, struct mailimap_fetch_att *c)
{
	struct mailimap_fetch_type *ft = mailimap_fetch_type_new_fetch_att_list_empty();
	struct mailimap_fetch_att *atts[3] = {a, b, c};

	if (ft == NULL)
		abort();
	for (int i = 0; i < 3; i++) {
		if (atts[i] == NULL)
			continue;
		if (mailimap_fetch_type_new_fetch_att_list_add(ft, atts[i]) != MAILIMAP_NO_ERROR)
			abort();
	}
	return ft;
}

static struct mailimap_msg_att_static *
find_static(struct mailimap_msg_att *ma, int type)
{
	for (clistiter *a = clist_begin(ma->att_list); a != NULL; a = clist_next(a)) {
		struct mailimap_msg_att_item *item = clist_content(a);

		if (item->att_type == MAILIMAP_MSG_ATT_ITEM_STATIC &&
		    item->att_data.att_static != NULL &&
		    item->att_data.att_static->att_type == type)
			return item->att_data.att_static;
	}
	return NULL;
}

static uint32_t
msg_uid(struct mailimap_msg_att *ma)
{
	struct mailimap_msg_att_static *st = find_static(ma, MAILIMAP_MSG_ATT_UID);

	return st != NULL ? st->att_data.att_uid : 0;
}

/* What a FETCH command asks for and what becomes of its reply. */
struct fetch {
	struct mailimap_fetch_type *ft;
	unsigned long long reply_max;
	uint64_t literal_max;
	/* Called per message of the reply: uid is its UID (0 when the reply gives none),
	 * asked whether the command asked for it (RFC 3501 7.4.2: unsolicited FETCH
	 * replies may come for other messages). Returning false skips the rest of the
	 * reply. */
	bool (*each)(struct mailimap_msg_att *ma, uint32_t uid, bool asked, void *ctx);
	void *ctx;
};

/* One FETCH of set (UID FETCH when by_uid), which asks for uids[0..n) (sorted); each
 * message of the reply to f->each. libetpan's result. */
static int
fetch_set(struct imap *d, bool by_uid, struct mailimap_set *set, const uint32_t *uids, size_t n,
	  const struct fetch *f)
{
	clist *result = NULL;
	int r;

	begin(d, f->reply_max, f->literal_max);
	if (by_uid)
		r = mailimap_uid_fetch(d->s, set, f->ft, &result);
	else
		r = mailimap_fetch(d->s, set, f->ft, &result);
	if (r != MAILIMAP_NO_ERROR)
		return r;
	for (clistiter *it = clist_begin(result); it != NULL; it = clist_next(it)) {
		struct mailimap_msg_att *ma = clist_content(it);
		uint32_t uid = msg_uid(ma);
		bool asked =
			uid != 0 && n > 0 && bsearch(&uid, uids, n, sizeof(*uids), cmp_u32) != NULL;

		if (!f->each(ma, uid, asked, f->ctx))
			break;
	}
	mailimap_fetch_list_free(result);
	return MAILIMAP_NO_ERROR;
}

/* UID FETCH of uids[0..n) (sorted, no duplicates, no zero), BATCH UIDs per command, in
 * order; f->ft is freed here. The first command that fails ends it: the error is fail()'s
 * for the command fmt describes, no_err for a NO. */
static enum av_err fetch_uids(struct imap *d, struct fetch *f, const uint32_t *uids, size_t n,
			      enum av_err no_err, char **error_r, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));

static enum av_err
fetch_uids(struct imap *d, struct fetch *f, const uint32_t *uids, size_t n, enum av_err no_err,
	   char **error_r, const char *fmt, ...)
{
	enum av_err ret = AV_OK;

	for (size_t off = 0; off < n; off += BATCH) {
		size_t k = n - off < BATCH ? n - off : BATCH;
		struct mailimap_set *set = uid_set(uids + off, k);
		int r = fetch_set(d, true, set, uids + off, k, f);

		mailimap_set_free(set);
		if (r != MAILIMAP_NO_ERROR) {
			va_list ap;
			char *what;

			va_start(ap, fmt);
			what = av_vasprintf(fmt, ap);
			va_end(ap);
			ret = fail(d, r, no_err, error_r, "%s", what);
			free(what);
			break;
		}
	}
	mailimap_fetch_type_free(f->ft);
	f->ft = NULL;
	return ret;
}

/* The body section of the one message a single-UID fetch asked for. */
struct section {
	bool found;
	size_t length; /* as the reply gives it */
	char *data;    /* owned: the octets (none for NIL), NUL-terminated */
	size_t len;
	bool has_size; /* RFC822.SIZE came too */
	uint32_t size;
	unsigned flags; /* AV_MSG_*, when FLAGS was asked for */
};

/* Keywords that clients and filters set on their own, which say nothing of the person. */
static bool
automatic_keyword(const char *k)
{
	static const char *const autos[] = {"$NotJunk", "NotJunk",  "NonJunk",	  "$Junk",
					    "Junk",	"$MDNSent", "$Forwarded", "$Recent"};

	for (size_t i = 0; i < sizeof(autos) / sizeof(autos[0]); i++)
		if (strcasecmp(k, autos[i]) == 0)
			return true;
	return false;
}

static unsigned
msg_flags(struct mailimap_msg_att *ma)
{
	unsigned flags = 0;

	for (clistiter *a = clist_begin(ma->att_list); a != NULL; a = clist_next(a)) {
		struct mailimap_msg_att_item *item = clist_content(a);

		if (item->att_type != MAILIMAP_MSG_ATT_ITEM_DYNAMIC ||
		    item->att_data.att_dyn == NULL || item->att_data.att_dyn->att_list == NULL)
			continue;
		for (clistiter *f = clist_begin(item->att_data.att_dyn->att_list); f != NULL;
		     f = clist_next(f)) {
			struct mailimap_flag_fetch *ff = clist_content(f);
			struct mailimap_flag *fl = ff != NULL ? ff->fl_flag : NULL;

			if (fl == NULL)
				continue;
			if (fl->fl_type == MAILIMAP_FLAG_SEEN)
				flags |= AV_MSG_SEEN;
			else if (fl->fl_type == MAILIMAP_FLAG_DRAFT)
				flags |= AV_MSG_DRAFT;
			else if (fl->fl_type == MAILIMAP_FLAG_FLAGGED)
				flags |= AV_MSG_FLAGGED;
			else if (fl->fl_type == MAILIMAP_FLAG_KEYWORD &&
				 fl->fl_data.fl_keyword != NULL &&
				 !automatic_keyword(fl->fl_data.fl_keyword))
				flags |= AV_MSG_KEYWORD;
		}
	}
	return flags;
}

static bool
each_section(struct mailimap_msg_att *ma, uint32_t uid, bool asked, void *ctx)
{
	struct section *sec = ctx;
	struct mailimap_msg_att_static *st = find_static(ma, MAILIMAP_MSG_ATT_BODY_SECTION);
	struct mailimap_msg_att_static *size = find_static(ma, MAILIMAP_MSG_ATT_RFC822_SIZE);
	struct mailimap_msg_att_body_section *bs;

	(void)uid;
	if (!asked || st == NULL || (bs = st->att_data.att_body_section) == NULL)
		return true;
	sec->found = true;
	sec->length = bs->sec_length;
	sec->len = bs->sec_body_part != NULL ? bs->sec_length : 0;
	sec->data = av_malloc(sec->len + 1);
	if (sec->len > 0)
		memcpy(sec->data, bs->sec_body_part, sec->len);
	sec->data[sec->len] = '\0';
	sec->has_size = size != NULL;
	sec->size = size != NULL ? size->att_data.att_rfc822_size : 0;
	sec->flags = msg_flags(ma);
	return false;
}

/* The highest UID in the examined folder plus one, for servers whose EXAMINE gives no
 * UIDNEXT (it is required by RFC 3501 but not always sent). */
static bool
each_uidnext(struct mailimap_msg_att *ma, uint32_t uid, bool asked, void *ctx)
{
	uint32_t *uidnext = ctx;

	(void)uid;
	(void)asked;
	for (clistiter *a = clist_begin(ma->att_list); a != NULL; a = clist_next(a)) {
		struct mailimap_msg_att_item *item = clist_content(a);

		if (item->att_type == MAILIMAP_MSG_ATT_ITEM_STATIC &&
		    item->att_data.att_static != NULL &&
		    item->att_data.att_static->att_type == MAILIMAP_MSG_ATT_UID &&
		    item->att_data.att_static->att_data.att_uid >= *uidnext)
			*uidnext = item->att_data.att_static->att_data.att_uid + 1;
	}
	return true;
}

static enum av_err
uidnext_by_fetch(struct imap *d, uint32_t *uidnext_r, char **error_r)
{
	struct mailimap_set *set = mailimap_set_new_interval(0, 0); /* "*" */
	struct fetch f = {fetch_type(mailimap_fetch_att_new_uid(), NULL, NULL), REPLY_MAX,
			  LITERAL_MAX, each_uidnext, uidnext_r};
	int r;

	if (set == NULL)
		abort();
	*uidnext_r = 0;
	r = fetch_set(d, false, set, NULL, 0, &f);
	mailimap_fetch_type_free(f.ft);
	mailimap_set_free(set);
	if (r != MAILIMAP_NO_ERROR)
		return fail(d, r, AV_ERR_DATA, error_r, "FETCH * (UID)");
	return AV_OK;
}

/* ---- BODYSTRUCTURE ---- */

struct walk {
	const char *folder;
	uint32_t uid;
	unsigned parts; /* body parts walked in this message */
	bool truncated; /* AV_MIME_MAX_PARTS or _DEPTH reached */
	struct av_part_ref *refs;
	size_t n, cap;
};

static const char *
param_get(struct mailimap_body_fld_param *params, const char *name)
{
	if (params == NULL || params->pa_list == NULL)
		return NULL;
	for (clistiter *it = clist_begin(params->pa_list); it != NULL; it = clist_next(it)) {
		struct mailimap_single_body_fld_param *p = clist_content(it);

		if (p->pa_name != NULL && p->pa_value != NULL && strcasecmp(p->pa_name, name) == 0)
			return p->pa_value;
	}
	return NULL;
}

/* Whether the parameter `base` (also in its RFC 2231 forms base*, base*0, base*1*, ...,
 * joined in order) names a file ending in ".ics". */
static bool
param_is_ics(struct mailimap_body_fld_param *params, const char *base)
{
	struct av_buf b;
	size_t blen = strlen(base), len;
	bool yes;

	if (params == NULL || params->pa_list == NULL)
		return false;
	av_buf_init(&b);
	for (clistiter *it = clist_begin(params->pa_list); it != NULL; it = clist_next(it)) {
		struct mailimap_single_body_fld_param *p = clist_content(it);

		if (p->pa_name == NULL || p->pa_value == NULL ||
		    strncasecmp(p->pa_name, base, blen) != 0 ||
		    (p->pa_name[blen] != '\0' && p->pa_name[blen] != '*'))
			continue;
		av_buf_puts(&b, p->pa_value);
	}
	len = b.len;
	while (len > 0 && (b.data[len - 1] == ' ' || b.data[len - 1] == '"'))
		len--;
	yes = len >= 4 && strncasecmp(b.data + len - 4, ".ics", 4) == 0;
	av_buf_clear(&b);
	return yes;
}

static char *
encoding_name(const struct mailimap_body_fld_enc *enc)
{
	if (enc == NULL)
		return NULL;
	switch (enc->enc_type) {
	case MAILIMAP_BODY_FLD_ENC_7BIT:
		return av_strdup("7bit");
	case MAILIMAP_BODY_FLD_ENC_8BIT:
		return av_strdup("8bit");
	case MAILIMAP_BODY_FLD_ENC_BINARY:
		return av_strdup("binary");
	case MAILIMAP_BODY_FLD_ENC_BASE64:
		return av_strdup("base64");
	case MAILIMAP_BODY_FLD_ENC_QUOTED_PRINTABLE:
		return av_strdup("quoted-printable");
	default:
		return enc->enc_value != NULL ? av_text_lower_dup(enc->enc_value) : NULL;
	}
}

static const char *
basic_type_name(const struct mailimap_media_basic *m)
{
	switch (m->med_type) {
	case MAILIMAP_MEDIA_BASIC_APPLICATION:
		return "application";
	case MAILIMAP_MEDIA_BASIC_AUDIO:
		return "audio";
	case MAILIMAP_MEDIA_BASIC_IMAGE:
		return "image";
	case MAILIMAP_MEDIA_BASIC_MESSAGE:
		return "message";
	case MAILIMAP_MEDIA_BASIC_VIDEO:
		return "video";
	default:
		return m->med_basic_type != NULL ? m->med_basic_type : "application";
	}
}

static void
walk_single(struct walk *w, struct mailimap_body_type_1part *one, const char *section)
{
	struct mailimap_body_fields *fields;
	struct mailimap_body_fld_dsp *dsp = NULL;
	const char *type, *subtype;
	struct av_part_ref *ref;
	bool cal;

	switch (one->bd_type) {
	case MAILIMAP_BODY_TYPE_1PART_TEXT:
		if (one->bd_data.bd_type_text == NULL)
			return;
		type = "text";
		subtype = one->bd_data.bd_type_text->bd_media_text;
		fields = one->bd_data.bd_type_text->bd_fields;
		break;
	case MAILIMAP_BODY_TYPE_1PART_BASIC:
		if (one->bd_data.bd_type_basic == NULL ||
		    one->bd_data.bd_type_basic->bd_media_basic == NULL)
			return;
		type = basic_type_name(one->bd_data.bd_type_basic->bd_media_basic);
		subtype = one->bd_data.bd_type_basic->bd_media_basic->med_subtype;
		fields = one->bd_data.bd_type_basic->bd_fields;
		break;
	default:
		/* message/rfc822: a forwarded message's invite is not an invite to us. */
		return;
	}
	if (subtype == NULL || fields == NULL)
		return;
	if (one->bd_ext_1part != NULL)
		dsp = one->bd_ext_1part->bd_disposition;
	cal = (strcasecmp(type, "text") == 0 && strcasecmp(subtype, "calendar") == 0) ||
	      (strcasecmp(type, "application") == 0 && strcasecmp(subtype, "ics") == 0) ||
	      param_is_ics(fields->bd_parameter, "name") ||
	      (dsp != NULL && param_is_ics(dsp->dsp_attributes, "filename"));
	if (!cal)
		return;
	if (w->n == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 8;
		w->refs = av_realloc(w->refs, w->cap * sizeof(*w->refs));
	}
	ref = &w->refs[w->n++];
	memset(ref, 0, sizeof(*ref));
	ref->uid = w->uid;
	ref->section = av_strdup(section);
	ref->content_type = av_asprintf("%s/%s", type, subtype);
	av_text_lower(ref->content_type);
	ref->encoding = encoding_name(fields->bd_encoding);
	ref->charset = param_get(fields->bd_parameter, "charset") != NULL
			       ? av_text_lower_dup(param_get(fields->bd_parameter, "charset"))
			       : NULL;
	ref->size = fields->bd_size;
}

/* RFC 3501 6.4.5: parts are numbered from 1 within each multipart, joined with dots; the
 * body of a single-part message is part 1. */
static void
walk_body(struct walk *w, struct mailimap_body *body, const char *prefix, unsigned depth)
{
	if (body == NULL)
		return;
	if (depth > AV_MIME_MAX_DEPTH || w->parts >= AV_MIME_MAX_PARTS) {
		w->truncated = true;
		return;
	}
	w->parts++;
	if (body->bd_type == MAILIMAP_BODY_1PART) {
		if (body->bd_data.bd_body_1part != NULL)
			walk_single(w, body->bd_data.bd_body_1part,
				    prefix[0] != '\0' ? prefix : "1");
		return;
	}
	if (body->bd_type != MAILIMAP_BODY_MPART || body->bd_data.bd_body_mpart == NULL ||
	    body->bd_data.bd_body_mpart->bd_list == NULL)
		return;
	{
		unsigned i = 1;

		for (clistiter *it = clist_begin(body->bd_data.bd_body_mpart->bd_list); it != NULL;
		     it = clist_next(it), i++) {
			char section[256];

			if (prefix[0] != '\0')
				snprintf(section, sizeof(section), "%s.%u", prefix, i);
			else
				snprintf(section, sizeof(section), "%u", i);
			walk_body(w, clist_content(it), section, depth + 1);
		}
	}
}

static bool
each_bodystructure(struct mailimap_msg_att *ma, uint32_t uid, bool asked, void *ctx)
{
	struct walk *w = ctx;
	struct mailimap_msg_att_static *bs = find_static(ma, MAILIMAP_MSG_ATT_BODYSTRUCTURE);

	(void)asked;
	w->uid = uid;
	w->parts = 0;
	w->truncated = false;
	if (uid == 0 || bs == NULL)
		return true;
	walk_body(w, bs->att_data.att_bodystructure, "", 0);
	if (w->truncated)
		av_warn("UID %u in \"%s\": more than %u parts or %u levels; the rest not searched "
			"for invites",
			(unsigned)uid, w->folder, AV_MIME_MAX_PARTS, AV_MIME_MAX_DEPTH);
	return true;
}

static enum av_err
imap_calendar_parts(struct av_driver *drv, const uint32_t *uids, size_t n,
		    struct av_part_ref **parts_r, size_t *n_parts_r, char **error_r)
{
	struct imap *d = (struct imap *)drv;
	struct walk w = {NULL, 0, 0, false, NULL, 0, 0};
	struct fetch f = {NULL, REPLY_MAX, LITERAL_MAX, each_bodystructure, &w};
	uint32_t *sorted;
	size_t m;
	enum av_err ret;

	ret = need_selected(d, error_r);
	if (ret != AV_OK)
		return ret;
	w.folder = d->selected;
	sorted = sorted_uids(uids, n, &m);
	f.ft = fetch_type(mailimap_fetch_att_new_uid(), mailimap_fetch_att_new_bodystructure(),
			  NULL);
	ret = fetch_uids(d, &f, sorted, m, AV_ERR_TEMP, error_r,
			 "UID FETCH BODYSTRUCTURE in \"%s\"", d->selected);
	free(sorted);
	if (ret != AV_OK) {
		av_part_refs_free(&w.refs, w.n);
		return ret;
	}
	*parts_r = w.refs != NULL ? w.refs : av_calloc(1, sizeof(**parts_r));
	*n_parts_r = w.n;
	av_debug(AV_CAT_IMAP, "\"%s\": %zu calendar parts in %zu messages", d->selected, w.n, m);
	return AV_OK;
}

/* ---- BODY.PEEK[section]<0.max> ---- */

static struct mailimap_section *
make_section(const char *section)
{
	clist *ids;
	const char *p = section;
	struct mailimap_section_part *part;
	struct mailimap_section *sec;

	if (strcmp(section, "TEXT") == 0)
		return mailimap_section_new_text();
	if (strcmp(section, "HEADER") == 0)
		return mailimap_section_new_header();
	ids = clist_new();
	if (ids == NULL)
		abort();
	while (*p != '\0') {
		char *end;
		unsigned long v;
		uint32_t *id;

		if (!isdigit((unsigned char)*p))
			goto bad;
		errno = 0;
		v = strtoul(p, &end, 10);
		if (errno != 0 || v == 0 || v > UINT32_MAX || (*end != '.' && *end != '\0') ||
		    (*end == '.' && end[1] == '\0'))
			goto bad;
		id = av_malloc(sizeof(*id));
		*id = (uint32_t)v;
		if (clist_append(ids, id) < 0)
			abort();
		p = *end == '.' ? end + 1 : end;
	}
	if (clist_count(ids) == 0 || clist_count(ids) > AV_MIME_MAX_DEPTH + 1)
		goto bad;
	part = mailimap_section_part_new(ids);
	if (part == NULL)
		abort();
	sec = mailimap_section_new_part(part);
	if (sec == NULL)
		abort();
	return sec;

bad:
	for (clistiter *it = clist_begin(ids); it != NULL; it = clist_next(it))
		free(clist_content(it));
	clist_free(ids);
	return NULL;
}

/* The sections a fetch_sections reply gave, in the order they came. */
struct texts {
	struct av_text *v;
	size_t n;
	size_t max;
};

static bool
each_text(struct mailimap_msg_att *ma, uint32_t uid, bool asked, void *ctx)
{
	struct texts *t = ctx;
	struct mailimap_msg_att_static *st = find_static(ma, MAILIMAP_MSG_ATT_BODY_SECTION);
	struct mailimap_msg_att_body_section *bs;
	struct av_text *x;

	if (!asked || st == NULL || (bs = st->att_data.att_body_section) == NULL)
		return true;
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i].uid == uid)
			return true; /* said twice: the first counts */
	t->v = av_realloc(t->v, (t->n + 1) * sizeof(*t->v));
	x = &t->v[t->n++];
	x->uid = uid;
	x->len = bs->sec_body_part != NULL ? bs->sec_length : 0;
	if (x->len > t->max)
		x->len = t->max; /* the guard allows no more; a server that sent more is cut */
	x->data = av_malloc(x->len + 1);
	if (x->len > 0)
		memcpy(x->data, bs->sec_body_part, x->len);
	x->data[x->len] = '\0';
	return true;
}

static enum av_err
imap_fetch_sections(struct av_driver *drv, const uint32_t *uids, size_t n, const char *section,
		    size_t max, size_t total, struct av_text **texts_r, size_t *n_texts_r,
		    char **error_r)
{
	struct imap *d = (struct imap *)drv;
	struct texts t = {NULL, 0, max};
	struct fetch f = {NULL, REPLY_MAX, 0, each_text, &t};
	struct mailimap_section *sec;
	enum av_err ret;

	ret = need_selected(d, error_r);
	if (ret != AV_OK)
		return ret;
	if (n == 0 || max == 0 || (sec = make_section(section)) == NULL) {
		av_error_set(error_r, "fetch_sections: %zu UIDs, max %zu, section \"%s\"", n, max,
			     section);
		return AV_ERR_SOFTWARE;
	}
	if (max > UINT32_MAX)
		max = UINT32_MAX;
	f.ft = fetch_type(mailimap_fetch_att_new_uid(),
			  mailimap_fetch_att_new_body_peek_section_partial(sec, 0, (uint32_t)max),
			  NULL);
	/* the server owes at most max octets per message (RFC 3501 6.4.5), total in all */
	f.literal_max = max;
	f.reply_max = REPLY_MAX + (unsigned long long)total;
	ret = fetch_uids(d, &f, uids, n, AV_ERR_DATA, error_r,
			 "UID FETCH (%zu UIDs) BODY.PEEK[%s]<0.%zu> in \"%s\"", n, section, max,
			 d->selected);
	if (ret != AV_OK) {
		av_texts_free(&t.v, t.n);
		return ret;
	}
	*texts_r = t.v != NULL ? t.v : av_calloc(1, sizeof(*t.v));
	*n_texts_r = t.n;
	return AV_OK;
}

static enum av_err
imap_fetch_part(struct av_driver *drv, uint32_t uid, const char *section, size_t max, char **data_r,
		size_t *len_r, char **error_r)
{
	struct imap *d = (struct imap *)drv;
	struct section got = {false, 0, NULL, 0, false, 0, 0};
	struct fetch f = {NULL, REPLY_MAX, 0, each_section, &got};
	struct mailimap_section *sec;
	enum av_err ret;

	ret = need_selected(d, error_r);
	if (ret != AV_OK)
		return ret;
	if (uid == 0 || max == 0) {
		av_error_set(error_r, "fetch_part: UID %u, max %zu", (unsigned)uid, max);
		return AV_ERR_SOFTWARE;
	}
	if (max > UINT32_MAX)
		max = UINT32_MAX;
	sec = make_section(section);
	if (sec == NULL) {
		av_error_set(error_r, "fetch_part: \"%s\" is no section number", section);
		return AV_ERR_SOFTWARE;
	}
	f.ft = fetch_type(mailimap_fetch_att_new_uid(),
			  mailimap_fetch_att_new_body_peek_section_partial(sec, 0, (uint32_t)max),
			  NULL);
	/* The server owes at most max octets (RFC 3501 6.4.5 partial fetch). */
	f.literal_max = max;
	ret = fetch_uids(d, &f, &uid, 1, AV_ERR_DATA, error_r, "UID FETCH %u BODY.PEEK[%s]",
			 (unsigned)uid, section);
	if (ret != AV_OK)
		return ret;
	ret = AV_ERR_DATA;
	if (!got.found) {
		av_error_set(error_r, "UID %u part %s: not in \"%s\" (expunged?)", (unsigned)uid,
			     section, d->selected);
	} else if (got.length > max) {
		av_error_set(error_r, "UID %u part %s: %s sent %zu octets, asked for %zu",
			     (unsigned)uid, section, d->host, got.length, max);
	} else {
		*data_r = got.data;
		*len_r = got.len;
		got.data = NULL;
		ret = AV_OK;
	}
	free(got.data);
	return ret;
}

/* ---- envelopes, from the header fields ---- */

/* An IMAP date-time (zone as +HHMM in an int, e.g. -0700 is -700) as a time_t. */
static time_t
date_time_to_time(const struct mailimap_date_time *dt)
{
	int zone, off;
	long long t;

	if (dt == NULL || dt->dt_month < 1 || dt->dt_month > 12 || dt->dt_day < 1 ||
	    dt->dt_day > 31 || dt->dt_hour > 23 || dt->dt_min > 59 || dt->dt_sec > 60)
		return 0;
	zone = dt->dt_zone < 0 ? -dt->dt_zone : dt->dt_zone;
	off = (zone / 100) * 3600 + (zone % 100) * 60;
	if (dt->dt_zone < 0)
		off = -off;
	t = av_days_from_civil(dt->dt_year, dt->dt_month, dt->dt_day) * 86400 + dt->dt_hour * 3600 +
	    dt->dt_min * 60 + dt->dt_sec - off;
	return (time_t)t;
}

/* The header fields an envelope is made of (av_mime_envelope), with AV_ENV_MESSAGE_ID
 * MESSAGE-ID, and with AV_ENV_LIST_HEADERS the bulk-mail ones, as IMAP names them. */
static const char *const envelope_headers[] = {"DATE", "FROM", "TO", "CC", "BCC", "SUBJECT"};
static const char *const list_headers[] = {"LIST-ID", "LIST-UNSUBSCRIBE", "PRECEDENCE"};

/* BODY.PEEK[HEADER.FIELDS (...)] of those fields */
static struct mailimap_fetch_att *
header_fields_att(unsigned flags)
{
	clist *names = clist_new();
	struct mailimap_header_list *hl;
	struct mailimap_section *sec;
	struct mailimap_fetch_att *att;

	if (names == NULL)
		abort();
	for (size_t i = 0; !(flags & AV_ENV_ID_ONLY) &&
			   i < sizeof(envelope_headers) / sizeof(envelope_headers[0]);
	     i++)
		if (clist_append(names, av_strdup(envelope_headers[i])) < 0)
			abort();
	if ((flags & (AV_ENV_MESSAGE_ID | AV_ENV_ID_ONLY)) &&
	    clist_append(names, av_strdup("MESSAGE-ID")) < 0)
		abort();
	for (size_t i = 0;
	     (flags & AV_ENV_LIST_HEADERS) && i < sizeof(list_headers) / sizeof(list_headers[0]);
	     i++)
		if (clist_append(names, av_strdup(list_headers[i])) < 0)
			abort();
	if ((hl = mailimap_header_list_new(names)) == NULL ||
	    (sec = mailimap_section_new_header_fields(hl)) == NULL ||
	    (att = mailimap_fetch_att_new_body_peek_section(sec)) == NULL)
		abort();
	return att;
}

static int
cmp_env(const void *a, const void *b)
{
	const struct av_envelope *x = a, *y = b;

	return x->uid < y->uid ? -1 : x->uid > y->uid;
}

struct envelopes {
	struct av_envelope *envs;
	size_t n, max;
	bool list_headers;
};

static bool
each_envelope(struct mailimap_msg_att *ma, uint32_t uid, bool asked, void *ctx)
{
	struct envelopes *e = ctx;
	struct mailimap_msg_att_static *date = find_static(ma, MAILIMAP_MSG_ATT_INTERNALDATE);
	struct mailimap_msg_att_static *hdr = find_static(ma, MAILIMAP_MSG_ATT_BODY_SECTION);
	const struct mailimap_msg_att_body_section *bs;
	struct av_envelope *env;

	if (!asked || hdr == NULL || e->n == e->max)
		return true;
	bs = hdr->att_data.att_body_section;
	env = &e->envs[e->n++];
	/* NIL (no header block) is an envelope of nothing, as ENVELOPE would be */
	av_mime_envelope(bs != NULL ? bs->sec_body_part : NULL, bs != NULL ? bs->sec_length : 0,
			 e->list_headers, env);
	env->uid = uid;
	env->internaldate =
		date_time_to_time(date != NULL ? date->att_data.att_internal_date : NULL);
	return true;
}

static enum av_err
imap_envelopes(struct av_driver *drv, const uint32_t *uids, size_t n, unsigned flags,
	       struct av_envelope **envs_r, size_t *n_envs_r, char **error_r)
{
	struct imap *d = (struct imap *)drv;
	struct envelopes e = {NULL, 0, 0, (flags & AV_ENV_LIST_HEADERS) != 0};
	struct fetch f = {NULL, REPLY_MAX, LITERAL_MAX, each_envelope, &e};
	uint32_t *sorted;
	enum av_err ret;

	ret = need_selected(d, error_r);
	if (ret != AV_OK)
		return ret;
	sorted = sorted_uids(uids, n, &e.max);
	e.envs = av_calloc(e.max + 1, sizeof(*e.envs));
	/* UID [INTERNALDATE] BODY.PEEK[HEADER.FIELDS (...)], in this order */
	f.ft = fetch_type(mailimap_fetch_att_new_uid(),
			  (flags & AV_ENV_INTERNALDATE) ? mailimap_fetch_att_new_internaldate()
							: NULL,
			  header_fields_att(flags));
	ret = fetch_uids(d, &f, sorted, e.max, AV_ERR_TEMP, error_r,
			 "UID FETCH BODY.PEEK[HEADER.FIELDS (...)] in \"%s\"", d->selected);
	free(sorted);
	if (ret != AV_OK) {
		av_envelopes_free(&e.envs, e.n);
		return ret;
	}
	qsort(e.envs, e.n, sizeof(*e.envs), cmp_env);
	*envs_r = e.envs;
	*n_envs_r = e.n;
	return AV_OK;
}

/* ---- APPEND and SEARCH HEADER ---- */

/* msg with every bare LF turned into CRLF (RFC 5322 2.3), or NULL when it already is. */
static char *
to_crlf(const char *msg, size_t len, size_t *len_r)
{
	size_t bare = 0, o = 0;
	char *out;

	for (size_t i = 0; i < len; i++)
		if (msg[i] == '\n' && (i == 0 || msg[i - 1] != '\r'))
			bare++;
	if (bare == 0)
		return NULL;
	out = av_malloc(len + bare + 1);
	for (size_t i = 0; i < len; i++) {
		if (msg[i] == '\n' && (i == 0 || msg[i - 1] != '\r'))
			out[o++] = '\r';
		out[o++] = msg[i];
	}
	out[o] = '\0';
	*len_r = o;
	return out;
}

/* Before a write to folder: not while folder is open read-only. Some servers (Courier)
 * refuse an APPEND to the mailbox selected by EXAMINE; so leave it, with UNSELECT where
 * offered (RFC 3691), else by examining INBOX (never the write's target: APPEND to INBOX
 * is refused above). The folder is examined again only when a later command needs it. */
static enum av_err
leave_selection(struct imap *d, const char *folder, char **error_r)
{
	bool refused = true;
	int r;

	if (d->selected == NULL || !av_folders_same(d->selected, folder))
		return AV_OK;
	if (mailimap_has_extension(d->s, "UNSELECT")) {
		r = raw_command(d, "UNSELECT", &refused);
		if (r != MAILIMAP_NO_ERROR)
			return fail(d, r, AV_ERR_TEMP, error_r, "UNSELECT \"%s\"", folder);
	}
	if (refused) {
		begin(d, REPLY_MAX, LITERAL_MAX);
		r = mailimap_examine(d->s, "INBOX");
		if (r != MAILIMAP_NO_ERROR)
			return fail(d, r, AV_ERR_TEMP, error_r, "EXAMINE INBOX (to leave \"%s\")",
				    folder);
	}
	av_debug(AV_CAT_IMAP, "left the read-only \"%s\" for the write (%s)", d->selected,
		 refused ? "EXAMINE INBOX" : "UNSELECT");
	free(d->parked);
	d->parked = d->selected;
	d->selected = NULL;
	return AV_OK;
}

static enum av_err
imap_append(struct av_driver *drv, const char *folder, const char *msg, size_t len,
	    uint32_t *uidvalidity_r, uint32_t *uid_r, char **error_r)
{
	struct imap *d = (struct imap *)drv;
	struct mailimap_flag_list *flags;
	char *wire = NULL, *crlf;
	size_t crlf_len = len;
	uint32_t uidvalidity = 0, uid = 0;
	enum av_err ret;
	int r;

	if (d->base.dry_run) {
		av_error_set(error_r, "dry run: APPEND refused");
		return AV_ERR_SOFTWARE;
	}
	/* The only command that writes: to the Drafts folder found in this session only,
	 * which is never INBOX nor the Sent folder. */
	if (d->drafts == NULL || strcmp(folder, d->drafts) != 0 || av_folders_is_inbox(folder) ||
	    av_folders_same(folder, d->sent)) {
		av_error_set(error_r, "APPEND to \"%s\" refused: it is not the Drafts folder%s",
			     folder, d->drafts == NULL ? " (none found yet)" : "");
		return AV_ERR_SOFTWARE;
	}
	if (!usable(d, error_r))
		return AV_ERR_TEMP;
	if (memchr(msg, '\0', len) != NULL) {
		av_error_set(error_r, "APPEND: the message holds a NUL byte");
		return AV_ERR_SOFTWARE;
	}
	ret = leave_selection(d, folder, error_r);
	if (ret != AV_OK)
		return ret;
	ret = encode_name(folder, &wire, error_r);
	if (ret != AV_OK)
		return ret;
	crlf = to_crlf(msg, len, &crlf_len);
	flags = mailimap_flag_list_new_empty();
	if (flags == NULL || mailimap_flag_list_add(flags, mailimap_flag_new_draft()) != 0 ||
	    mailimap_flag_list_add(flags, mailimap_flag_new_seen()) != 0)
		abort();
	begin(d, REPLY_MAX, LITERAL_MAX);
	r = mailimap_uidplus_append(d->s, wire, flags, NULL, crlf != NULL ? crlf : msg, crlf_len,
				    &uidvalidity, &uid);
	mailimap_flag_list_free(flags);
	free(crlf);
	free(wire);
	seen_forget(d, folder);
	if (r != MAILIMAP_NO_ERROR)
		return fail(d, r, AV_ERR_TEMP, error_r, "APPEND to \"%s\"", folder);
	av_debug(AV_CAT_IMAP, "appended %zu octets to \"%s\": uidvalidity %u uid %u", crlf_len,
		 folder, (unsigned)uidvalidity, (unsigned)uid);
	if (uidvalidity_r != NULL)
		*uidvalidity_r = uidvalidity;
	if (uid_r != NULL)
		*uid_r = uid;
	return AV_OK;
}

static bool
is_ascii(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s > 0x7e)
			return false;
	return true;
}

/* The search key for runs [from, to) of per keys each: an OR of ANDs. */
static struct mailimap_search_key *
header_key(const struct av_header_key *keys, size_t from, size_t to, size_t per, bool *ascii)
{
	struct mailimap_search_key *key = NULL;

	for (size_t r = from; r < to; r++) {
		clist *all = clist_new();
		struct mailimap_search_key *run;

		if (all == NULL)
			abort();
		for (size_t i = r * per; i < (r + 1) * per; i++) {
			struct mailimap_search_key *k = mailimap_search_key_new_header(
				av_strdup(keys[i].header), av_strdup(keys[i].value));

			*ascii = *ascii && is_ascii(keys[i].header) && is_ascii(keys[i].value);
			if (k == NULL || clist_append(all, k) < 0)
				abort();
		}
		if (per == 1) {
			/* a run of one key needs no parentheses */
			run = clist_content(clist_begin(all));
			clist_free(all);
		} else if ((run = mailimap_search_key_new_multiple(all)) == NULL) {
			abort();
		}
		key = key == NULL ? run : mailimap_search_key_new_or(key, run);
		if (key == NULL)
			abort();
	}
	return key;
}

/* Runs of keys in one UID SEARCH: enough to batch, short enough for any server's line. */
#define SEARCH_RUNS 64

static enum av_err
imap_search_headers(struct av_driver *drv, const char *folder, const struct av_header_key *keys,
		    size_t n, size_t per, uint32_t **uids_r, size_t *n_r, char **error_r)
{
	struct imap *d = (struct imap *)drv;
	uint32_t *all = NULL;
	size_t n_all = 0, runs;
	enum av_err ret;

	if (n == 0 || per == 0 || n % per != 0) {
		av_error_set(error_r, "search_headers: %zu keys in runs of %zu", n, per);
		return AV_ERR_SOFTWARE;
	}
	ret = examine(d, folder, NULL, error_r);
	if (ret != AV_OK)
		return ret;
	runs = n / per;
	for (size_t r = 0; ret == AV_OK && r < runs; r += SEARCH_RUNS) {
		size_t to = r + SEARCH_RUNS < runs ? r + SEARCH_RUNS : runs, got = 0;
		bool ascii = true;
		struct mailimap_search_key *key = header_key(keys, r, to, per, &ascii);
		uint32_t *uids = NULL;

		ret = run_search(d, key, ascii ? NULL : "UTF-8", 1, "UID SEARCH HEADER", &uids,
				 &got, error_r);
		mailimap_search_key_free(key);
		if (ret == AV_OK && got > 0) {
			all = av_realloc(all, (n_all + got) * sizeof(*all));
			memcpy(all + n_all, uids, got * sizeof(*uids));
			n_all += got;
		}
		free(uids);
	}
	if (ret != AV_OK) {
		free(all);
		return ret;
	}
	/* several commands may name one message twice */
	if (n_all > 1)
		qsort(all, n_all, sizeof(*all), cmp_u32);
	{
		size_t m = 0;

		for (size_t i = 0; i < n_all; i++)
			if (m == 0 || all[m - 1] != all[i])
				all[m++] = all[i];
		n_all = m;
	}
	*uids_r = all != NULL ? all : av_calloc(1, sizeof(*all));
	*n_r = n_all;
	return AV_OK;
}

static enum av_err
imap_present(struct av_driver *drv, const char *folder, const uint32_t *uids, size_t n,
	     uint32_t **present_r, size_t *n_present_r, char **error_r)
{
	struct imap *d = (struct imap *)drv;
	struct mailimap_search_key *key;
	enum av_err ret;

	if (n == 0) {
		av_error_set(error_r, "present: no UID");
		return AV_ERR_SOFTWARE;
	}
	ret = examine(d, folder, NULL, error_r);
	if (ret != AV_OK)
		return ret;
	key = mailimap_search_key_new_uid(uid_set(uids, n));
	if (key == NULL)
		abort();
	ret = run_search(d, key, NULL, 1, "UID SEARCH UID", present_r, n_present_r, error_r);
	mailimap_search_key_free(key);
	return ret;
}

/* ---- the whole message, and withdrawing a draft of ours ---- */

static enum av_err
imap_fetch_message(struct av_driver *drv, const char *folder, uint32_t uid, size_t max,
		   char **data_r, size_t *len_r, unsigned *flags_r, char **error_r)
{
	struct imap *d = (struct imap *)drv;
	struct section got = {false, 0, NULL, 0, false, 0, 0};
	struct fetch f = {NULL, REPLY_MAX, 0, each_section, &got};
	struct mailimap_section *sec;
	enum av_err ret;

	if (uid == 0 || max == 0) {
		av_error_set(error_r, "fetch_message: UID %u, max %zu", (unsigned)uid, max);
		return AV_ERR_SOFTWARE;
	}
	/* One octet more than allowed tells a message of exactly max octets from a larger
	 * one without trusting RFC822.SIZE alone. */
	if (max > UINT32_MAX - 1)
		max = UINT32_MAX - 1;
	/* Always EXAMINE: whatever was selected before, this fetch is read-only. */
	ret = examine(d, folder, NULL, error_r);
	if (ret != AV_OK)
		return ret;
	sec = mailimap_section_new(NULL); /* BODY.PEEK[]: the whole message */
	if (sec == NULL)
		abort();
	f.ft = fetch_type(
		mailimap_fetch_att_new_uid(), mailimap_fetch_att_new_rfc822_size(),
		mailimap_fetch_att_new_body_peek_section_partial(sec, 0, (uint32_t)max + 1));
	if (mailimap_fetch_type_new_fetch_att_list_add(f.ft, mailimap_fetch_att_new_flags()) !=
	    MAILIMAP_NO_ERROR)
		abort();
	f.reply_max = REPLY_MAX + (unsigned long long)max;
	f.literal_max = (uint64_t)max + 1;
	ret = fetch_uids(d, &f, &uid, 1, AV_ERR_DATA, error_r,
			 "UID FETCH %u (FLAGS BODY.PEEK[]) in \"%s\"", (unsigned)uid, folder);
	if (ret != AV_OK)
		return ret;
	ret = AV_ERR_DATA;
	if (!got.found)
		av_error_set(error_r, "UID %u: not in \"%s\" (expunged?)", (unsigned)uid, folder);
	else if (got.length > max || (got.has_size && got.size > max))
		av_error_set(error_r,
			     "UID %u in \"%s\": the message is larger than the %zu octets "
			     "allowed (%u octets)",
			     (unsigned)uid, folder, max,
			     got.has_size ? (unsigned)got.size : (unsigned)got.length);
	else if (got.has_size && got.size != got.length)
		av_error_set(error_r, "UID %u in \"%s\": %s sent %zu octets of a message of %u",
			     (unsigned)uid, folder, d->host, got.length, (unsigned)got.size);
	else
		ret = AV_OK;
	if (ret == AV_OK) {
		*data_r = got.data;
		*len_r = got.len;
		if (flags_r != NULL)
			*flags_r = got.flags;
		got.data = NULL;
	}
	free(got.data);
	return ret;
}

/* Whether the header block data[0..len) holds the field `name` exactly once and its value,
 * unfolded (RFC 5322 2.2.3) and without surrounding white space, is exactly want. */
static bool
field_is(const char *data, size_t len, const char *name, const char *want)
{
	size_t nlen = strlen(name), i = 0;
	unsigned seen = 0;
	bool same = false;

	while (i < len) {
		const char *line = data + i;
		const char *nl = memchr(line, '\n', len - i);
		size_t llen = nl != NULL ? (size_t)(nl - line) : len - i;
		size_t next = i + llen + 1, p = nlen;
		struct av_buf v;

		if (llen > 0 && line[llen - 1] == '\r')
			llen--;
		if (llen == 0)
			break; /* the end of the header */
		if (llen <= nlen || strncasecmp(line, name, nlen) != 0) {
			i = next;
			continue;
		}
		while (p < llen && (line[p] == ' ' || line[p] == '\t'))
			p++;
		if (p >= llen || line[p] != ':') {
			i = next;
			continue;
		}
		seen++;
		av_buf_init(&v);
		av_buf_append(&v, line + p + 1, llen - p - 1);
		/* Continuation lines start with white space; unfolding drops only the CRLF. */
		while (next < len && (data[next] == ' ' || data[next] == '\t')) {
			const char *c = data + next;
			const char *cnl = memchr(c, '\n', len - next);
			size_t clen = cnl != NULL ? (size_t)(cnl - c) : len - next;

			next += clen + 1;
			if (clen > 0 && c[clen - 1] == '\r')
				clen--;
			av_buf_append(&v, c, clen);
		}
		{
			const char *s = v.data != NULL ? v.data : "";
			size_t a = 0, b = v.len;

			while (a < b && (s[a] == ' ' || s[a] == '\t'))
				a++;
			while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t'))
				b--;
			same = b - a == strlen(want) && memcmp(s + a, want, b - a) == 0;
		}
		av_buf_clear(&v);
		i = next;
	}
	return seen == 1 && same;
}

/* The withdrawal's own check, on the server, right before anything changes: UID in the
 * selected folder exists and is ours: its Message-ID carries the token's key, or (a draft
 * from before afterview stopped writing its header) its X-Afterview-Id is token. */
static enum av_err
check_ours(struct imap *d, const char *folder, uint32_t uid, const char *token, char **error_r)
{
	struct section got = {false, 0, NULL, 0, false, 0, 0};
	struct fetch f = {NULL, REPLY_MAX, LITERAL_MAX, each_section, &got};
	struct mailimap_header_list *hl;
	struct mailimap_section *sec;
	clist *fields = clist_new();
	char *key = av_message_id_key(token), *id = NULL;
	enum av_err ret;

	if (fields == NULL || clist_append(fields, av_strdup("Message-ID")) < 0 ||
	    clist_append(fields, av_strdup("X-Afterview-Id")) < 0)
		abort();
	hl = mailimap_header_list_new(fields);
	sec = hl != NULL ? mailimap_section_new_header_fields(hl) : NULL;
	if (sec == NULL)
		abort();
	f.ft = fetch_type(mailimap_fetch_att_new_uid(),
			  mailimap_fetch_att_new_body_peek_section(sec), NULL);
	ret = fetch_uids(d, &f, &uid, 1, AV_ERR_TEMP, error_r,
			 "UID FETCH %u BODY.PEEK[HEADER.FIELDS (Message-ID X-Afterview-Id)] in "
			 "\"%s\"",
			 (unsigned)uid, folder);
	if (ret == AV_OK) {
		ret = AV_ERR_DATA;
		if (got.found)
			id = av_mime_header_field(got.data, got.len, "Message-ID", 998);
		if (!got.found)
			av_error_set(error_r, "UID %u: not in \"%s\" (gone already?)",
				     (unsigned)uid, folder);
		else if (!(id != NULL && strstr(id, key) != NULL) &&
			 !field_is(got.data, got.len, "X-Afterview-Id", token))
			av_error_set(error_r,
				     "UID %u in \"%s\" is not afterview's draft %s (its Message-ID "
				     "differs): left alone",
				     (unsigned)uid, folder, token);
		else
			ret = AV_OK;
	}
	free(got.data);
	free(id);
	free(key);
	return ret;
}

/* UID STORE uid +FLAGS.SILENT (\Deleted), or -FLAGS.SILENT when add is false. */
static int
store_deleted(struct imap *d, uint32_t uid, bool add)
{
	struct mailimap_flag_list *flags = mailimap_flag_list_new_empty();
	struct mailimap_store_att_flags *att;
	struct mailimap_set *set = mailimap_set_new_single(uid);
	int r;

	if (flags == NULL || set == NULL ||
	    mailimap_flag_list_add(flags, mailimap_flag_new_deleted()) != 0)
		abort();
	att = add ? mailimap_store_att_flags_new_add_flags_silent(flags)
		  : mailimap_store_att_flags_new_remove_flags_silent(flags);
	if (att == NULL)
		abort();
	begin(d, REPLY_MAX, LITERAL_MAX);
	r = mailimap_uid_store(d->s, set, att);
	mailimap_store_att_flags_free(att);
	mailimap_set_free(set);
	return r;
}

/* In the read-write selection of folder: check, flag, expunge that one UID. */
static enum av_err
withdraw_selected(struct imap *d, const char *folder, uint32_t uid, const char *token,
		  char **error_r)
{
	struct mailimap_set *set;
	enum av_err ret;
	int r;

	ret = check_ours(d, folder, uid, token, error_r);
	if (ret != AV_OK)
		return ret;
	r = store_deleted(d, uid, true);
	if (r != MAILIMAP_NO_ERROR)
		return fail(d, r, AV_ERR_TEMP, error_r, "UID STORE %u +FLAGS.SILENT (\\Deleted)",
			    (unsigned)uid);
	/* RFC 4315 2.1: UID EXPUNGE removes only this UID, even when the person has set
	 * \Deleted on other messages in the folder. A plain EXPUNGE (or CLOSE) would remove
	 * those too: afterview never sends either. */
	set = mailimap_set_new_single(uid);
	if (set == NULL)
		abort();
	begin(d, REPLY_MAX, LITERAL_MAX);
	r = mailimap_uid_expunge(d->s, set);
	mailimap_set_free(set);
	if (r != MAILIMAP_NO_ERROR) {
		ret = fail(d, r, AV_ERR_TEMP, error_r, "UID EXPUNGE %u in \"%s\"", (unsigned)uid,
			   folder);
		/* Leave our draft as it was rather than struck out in the person's client. */
		if (!d->broken && (r = store_deleted(d, uid, false)) != MAILIMAP_NO_ERROR) {
			char *again = NULL;

			(void)fail(d, r, AV_ERR_TEMP, &again,
				   "UID STORE %u -FLAGS.SILENT (\\Deleted)", (unsigned)uid);
			av_warn("%s", again);
			free(again);
		}
		return ret;
	}
	av_debug(AV_CAT_IMAP, "withdrew UID %u (%s) from \"%s\"", (unsigned)uid, token, folder);
	return AV_OK;
}

static enum av_err
imap_withdraw(struct av_driver *drv, const char *folder, uint32_t uid, const char *token,
	      char **error_r)
{
	struct imap *d = (struct imap *)drv;
	char *wire = NULL, *again = NULL;
	enum av_err ret;
	int r;

	if (d->base.dry_run) {
		av_error_set(error_r, "dry run: withdrawal of UID %u refused", (unsigned)uid);
		return AV_ERR_SOFTWARE;
	}
	/* Like APPEND: only in the Drafts folder found in this session. */
	if (d->drafts == NULL || strcmp(folder, d->drafts) != 0 || av_folders_is_inbox(folder) ||
	    av_folders_same(folder, d->sent)) {
		av_error_set(error_r,
			     "withdrawal from \"%s\" refused: it is not the Drafts folder%s",
			     folder, d->drafts == NULL ? " (none found yet)" : "");
		return AV_ERR_SOFTWARE;
	}
	if (uid == 0 || token == NULL || token[0] == '\0') {
		av_error_set(error_r, "withdraw: UID %u, token \"%s\"", (unsigned)uid,
			     token != NULL ? token : "");
		return AV_ERR_SOFTWARE;
	}
	if (!usable(d, error_r))
		return AV_ERR_TEMP;
	ret = need_capabilities(d, error_r);
	if (ret != AV_OK)
		return ret;
	if (!mailimap_has_extension(d->s, "UIDPLUS")) {
		av_error_set(error_r,
			     "%s: server lacks UIDPLUS: afterview never removes anything without "
			     "it",
			     d->host);
		return AV_ERR_CONFIG;
	}
	ret = encode_name(folder, &wire, error_r);
	if (ret != AV_OK)
		return ret;

	/* The only SELECT afterview sends. A failed SELECT leaves no folder selected
	 * (RFC 3501 6.3.1), so nothing writable stays behind on that path. */
	free(d->selected);
	d->selected = NULL;
	av_debug(AV_CAT_IMAP, "SELECT \"%s\" read-write, to withdraw UID %u", folder,
		 (unsigned)uid);
	begin(d, REPLY_MAX, LITERAL_MAX);
	r = mailimap_select(d->s, wire);
	free(wire);
	if (r != MAILIMAP_NO_ERROR)
		return fail(d, r, AV_ERR_TEMP, error_r, "SELECT \"%s\"", folder);

	ret = withdraw_selected(d, folder, uid, token, error_r);
	seen_forget(d, folder);

	/* Back to read-only at once, whatever happened: nothing later may run in a writable
	 * selection. */
	if (d->broken)
		return ret;
	if (examine(d, folder, NULL, &again) != AV_OK) {
		/* Should EXAMINE fail with a NO, nothing is selected; still, end the session
		 * rather than go on in a state afterview did not choose. */
		d->broken = true;
		av_warn("after the withdrawal from \"%s\": %s", folder, again);
		free(again);
	}
	return ret;
}

/* ---- stats, close ---- */

static void
imap_expect(struct av_driver *drv, char *const *folders)
{
	struct imap *d = (struct imap *)drv;
	struct av_strv sv = {0};

	for (char *const *f = folders; f != NULL && *f != NULL; f++)
		av_strv_push(&sv, av_strdup(*f));
	av_strv_free(&d->expected);
	d->expected = av_strv_finish(&sv);
}

static void
imap_stats(struct av_driver *drv, unsigned long *commands_r, unsigned long long *bytes_in_r)
{
	struct imap *d = (struct imap *)drv;

	if (commands_r != NULL)
		*commands_r = d->commands;
	if (bytes_in_r != NULL)
		*bytes_in_r = d->guard.bytes_in;
}

static void
imap_close(struct av_driver **drv)
{
	struct imap *d;

	if (drv == NULL || *drv == NULL)
		return;
	d = (struct imap *)*drv;
	*drv = NULL;
	if (d->s != NULL) {
		if (d->broken || d->s->imap_stream == NULL) {
			drop_stream(d);
		} else {
			begin(d, REPLY_MAX, LITERAL_MAX);
			mailimap_logout(d->s);
		}
		if (d->tracing)
			av_debug(AV_CAT_IMAP, "closed: %lu commands, %llu octets read", d->commands,
				 d->guard.bytes_in);
		mailimap_free(d->s);
	}
	free(d->host);
	free(d->user);
	av_imap_guard_clear(&d->guard);
	free(d->selected);
	free(d->parked);
	free(d->drafts);
	free(d->sent);
	free(d->drafts_conf);
	free(d->sent_conf);
	free(d->refused);
	for (size_t i = 0; i < d->n_seen; i++)
		free(d->seen[i].folder);
	free(d->seen);
	av_strv_free(&d->expected);
	av_folders_free(&d->listed, d->n_listed);
	av_folders_free(&d->listed_su, d->n_listed_su);
	free(d);
}

static const struct av_driver_ops imap_ops = {
	.find_folder = imap_find_folder,
	.examine = imap_examine,
	.search = imap_search,
	.calendar_parts = imap_calendar_parts,
	.fetch_part = imap_fetch_part,
	.envelopes = imap_envelopes,
	.append = imap_append,
	.search_headers = imap_search_headers,
	.present = imap_present,
	.fetch_sections = imap_fetch_sections,
	.fetch_message = imap_fetch_message,
	.withdraw = imap_withdraw,
	.expect = imap_expect,
	.stats = imap_stats,
	.close = imap_close,
};
