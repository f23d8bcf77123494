/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — the IMAP driver's stream guard, a layer between libetpan's parser and the
 * connection (private to the driver: imap.c and imap-guard.c).
 *
 * libetpan 1.9.4 allocates whatever size a literal announces, keeps reading as long as
 * the server sends, and loops forever on a zero-length read inside a literal. The guard
 * sees every byte the server sends before libetpan does and refuses, before anything is
 * allocated: a literal ("{N}" CRLF, RFC 3501 4.3) larger than the command under way
 * allows, and a reply longer than it allows. It also turns end of file into an error,
 * notes whether a failed read or write waited the whole timeout, counts the bytes read
 * and keeps SIGPIPE away from writes.
 *
 * The scanner (av_imap_guard_feed) works on bytes in memory and knows nothing of
 * libetpan, so tests feed it transcripts; av_imap_guard_install puts it under a libetpan
 * stream. The header is kept out of include/afterview/ on purpose: nothing outside the
 * IMAP driver may rely on it, and its install function takes a libetpan stream (declared
 * here only by name, so that this header includes no libetpan).
 *
 * No function here returns an enum av_err: av_imap_guard_feed and av_imap_guard_install
 * say false (see each). av_imap_guard_clear follows util.h's destructor rule.
 */
#ifndef AFTERVIEW_IMAP_GUARD_H
#define AFTERVIEW_IMAP_GUARD_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct _mailstream; /* libetpan's mailstream */

enum av_imap_guard_lit {
	AV_IMAP_GUARD_TEXT,   /* outside a literal announcement */
	AV_IMAP_GUARD_NUMBER, /* after "{": reading digits */
	AV_IMAP_GUARD_CLOSE,  /* after "}" */
	AV_IMAP_GUARD_CR,     /* after "}" CR */
};

struct av_imap_guard {
	const char *host;	     /* borrowed: named in the messages */
	unsigned timeout_s;	     /* the stream's timeout */
	bool timed_out;		     /* the last failed read or write waited the whole timeout */
	char *hostile;		     /* owned or NULL: why the server's data was refused; once set,
					every later read fails */
	unsigned long long bytes_in; /* every byte read, for the driver's stats */
	/* The reply under way: what it has brought and may bring, and its largest literal. */
	unsigned long long reply_bytes;
	unsigned long long reply_max;
	uint64_t literal_max;
	/* The literal scanner: it runs over everything the server sends and skips the
	 * contents of literals, so text inside a message cannot trigger it. */
	enum av_imap_guard_lit lit;
	uint64_t lit_number;
	uint64_t lit_skip;
};

/* Set g up for a connection to host (borrowed; must outlive g) whose reads time out after
 * timeout_s, with the limits of av_imap_guard_begin. */
void av_imap_guard_init(struct av_imap_guard *g, const char *host, unsigned timeout_s,
			unsigned long long reply_max, uint64_t literal_max);

/* A command is about to be sent: its reply may bring at most reply_max octets, and no
 * literal in it may announce more than literal_max. The literal scanner's state is kept
 * (a literal may still be under way). */
void av_imap_guard_begin(struct av_imap_guard *g, unsigned long long reply_max,
			 uint64_t literal_max);

/* The server's next n octets (n > 0), in order, however the reads split them. Returns
 * false, with g->hostile set (the first reason only), when they make the reply longer
 * than allowed or complete the announcement of a literal larger than allowed; also when
 * g->hostile was set before. */
bool av_imap_guard_feed(struct av_imap_guard *g, const void *data, size_t n);

/* Free what g owns (hostile) and zero it. */
void av_imap_guard_clear(struct av_imap_guard *g);

/* Put the guard between stream and its current low layer (which it then owns); g must
 * outlive the stream. false when out of memory (stream untouched). */
bool av_imap_guard_install(struct av_imap_guard *g, struct _mailstream *stream);

/* A write to a peer that has gone raises SIGPIPE, which would kill a cron job silently:
 * block it around a write (or a TLS handshake) and swallow one that the write raised. */
struct av_imap_sigpipe {
	sigset_t old;
	bool was_pending;
};
void av_imap_guard_block_sigpipe(struct av_imap_sigpipe *sp);
void av_imap_guard_restore_sigpipe(struct av_imap_sigpipe *sp);

#endif
