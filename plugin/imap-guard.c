/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — the IMAP driver's stream guard (see imap-guard.h). */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libetpan/libetpan.h>

#include "imap-guard.h"

#include "afterview/text.h"
#include "afterview/util.h"

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void
av_imap_guard_block_sigpipe(struct av_imap_sigpipe *sp)
{
	sigset_t set, pending;

	sigemptyset(&set);
	sigaddset(&set, SIGPIPE);
	sigpending(&pending);
	sp->was_pending = sigismember(&pending, SIGPIPE) == 1;
	pthread_sigmask(SIG_BLOCK, &set, &sp->old);
}

void
av_imap_guard_restore_sigpipe(struct av_imap_sigpipe *sp)
{
	sigset_t set, pending;
	struct timespec zero = {0, 0};

	sigemptyset(&set);
	sigaddset(&set, SIGPIPE);
	sigpending(&pending);
	if (!sp->was_pending && sigismember(&pending, SIGPIPE) == 1)
		while (sigtimedwait(&set, NULL, &zero) < 0 && errno == EINTR)
			;
	pthread_sigmask(SIG_SETMASK, &sp->old, NULL);
}

/* ---- the scanner ---- */

void
av_imap_guard_init(struct av_imap_guard *g, const char *host, unsigned timeout_s,
		   unsigned long long reply_max, uint64_t literal_max)
{
	memset(g, 0, sizeof(*g));
	g->host = host;
	g->timeout_s = timeout_s;
	g->reply_max = reply_max;
	g->literal_max = literal_max;
}

void
av_imap_guard_begin(struct av_imap_guard *g, unsigned long long reply_max, uint64_t literal_max)
{
	g->reply_bytes = 0;
	g->reply_max = reply_max;
	g->literal_max = literal_max;
}

void
av_imap_guard_clear(struct av_imap_guard *g)
{
	free(g->hostile);
	memset(g, 0, sizeof(*g));
}

static void hostile(struct av_imap_guard *g, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
hostile(struct av_imap_guard *g, const char *fmt, ...)
{
	va_list ap;

	if (g->hostile != NULL)
		return;
	va_start(ap, fmt);
	g->hostile = av_vasprintf(fmt, ap);
	va_end(ap);
}

static bool
scan_literals(struct av_imap_guard *g, const unsigned char *p, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c;

		if (g->lit_skip > 0) {
			size_t k = n - i < g->lit_skip ? n - i : (size_t)g->lit_skip;

			i += k;
			g->lit_skip -= k;
			continue;
		}
		c = p[i++];
		switch (g->lit) {
		case AV_IMAP_GUARD_NUMBER:
			if (av_ascii_digit((char)c)) {
				/* Saturates: a number too large to hold is too large anyway. */
				if (g->lit_number < UINT64_MAX / 10 - 10)
					g->lit_number = g->lit_number * 10 + (c - '0');
				continue;
			}
			g->lit = c == '}' ? AV_IMAP_GUARD_CLOSE : AV_IMAP_GUARD_TEXT;
			break;
		case AV_IMAP_GUARD_CLOSE:
			g->lit = c == '\r' ? AV_IMAP_GUARD_CR : AV_IMAP_GUARD_TEXT;
			break;
		case AV_IMAP_GUARD_CR:
			g->lit = AV_IMAP_GUARD_TEXT;
			if (c == '\n') {
				if (g->lit_number > g->literal_max) {
					hostile(g,
						"IMAP server %s announced a literal of %llu octets "
						"(more than the %llu allowed here)",
						g->host, (unsigned long long)g->lit_number,
						(unsigned long long)g->literal_max);
					return false;
				}
				g->lit_skip = g->lit_number;
			}
			break;
		case AV_IMAP_GUARD_TEXT:
			break;
		}
		if (g->lit == AV_IMAP_GUARD_TEXT && c == '{') {
			g->lit = AV_IMAP_GUARD_NUMBER;
			g->lit_number = 0;
		}
	}
	return true;
}

bool
av_imap_guard_feed(struct av_imap_guard *g, const void *data, size_t n)
{
	if (g->hostile != NULL)
		return false;
	g->bytes_in += n;
	g->reply_bytes += n;
	if (g->reply_bytes > g->reply_max) {
		hostile(g, "IMAP server %s sent more than %llu octets for one command", g->host,
			g->reply_max);
		return false;
	}
	return scan_literals(g, data, n);
}

/* ---- the stream layer ---- */

struct layer {
	mailstream_low *inner;	 /* owned */
	struct av_imap_guard *g; /* foreign */
};

static ssize_t
layer_read(mailstream_low *low, void *buf, size_t count)
{
	struct layer *l = low->data;
	double t0 = now_s();
	ssize_t r;

	if (l->g->hostile != NULL)
		return -1;
	r = l->inner->driver->mailstream_read(l->inner, buf, count);
	if (r <= 0) {
		/* End of file too: 1.9.4 loops forever on a zero-length read in a literal. */
		l->g->timed_out = now_s() - t0 >= (double)l->g->timeout_s - 0.1;
		return -1;
	}
	l->g->timed_out = false;
	return av_imap_guard_feed(l->g, buf, (size_t)r) ? r : -1;
}

static ssize_t
layer_write(mailstream_low *low, const void *buf, size_t count)
{
	struct layer *l = low->data;
	struct av_imap_sigpipe sp;
	double t0 = now_s();
	ssize_t r;

	av_imap_guard_block_sigpipe(&sp);
	r = l->inner->driver->mailstream_write(l->inner, buf, count);
	av_imap_guard_restore_sigpipe(&sp);
	if (r < 0)
		l->g->timed_out = now_s() - t0 >= (double)l->g->timeout_s - 0.1;
	return r;
}

static int
layer_close(mailstream_low *low)
{
	struct layer *l = low->data;

	return mailstream_low_close(l->inner);
}

static int
layer_get_fd(mailstream_low *low)
{
	struct layer *l = low->data;

	return mailstream_low_get_fd(l->inner);
}

static void
layer_free(mailstream_low *low)
{
	struct layer *l = low->data;

	mailstream_low_free(l->inner);
	free(l);
	free(low);
}

static void
layer_cancel(mailstream_low *low)
{
	struct layer *l = low->data;

	mailstream_low_cancel(l->inner);
}

static struct mailstream_cancel *
layer_get_cancel(mailstream_low *low)
{
	struct layer *l = low->data;

	return mailstream_low_get_cancel(l->inner);
}

static carray *
layer_get_certificate_chain(mailstream_low *low)
{
	struct layer *l = low->data;

	return mailstream_low_get_certificate_chain(l->inner);
}

static mailstream_low_driver layer_driver = {
	.mailstream_read = layer_read,
	.mailstream_write = layer_write,
	.mailstream_close = layer_close,
	.mailstream_get_fd = layer_get_fd,
	.mailstream_free = layer_free,
	.mailstream_cancel = layer_cancel,
	.mailstream_get_cancel = layer_get_cancel,
	.mailstream_get_certificate_chain = layer_get_certificate_chain,
};

bool
av_imap_guard_install(struct av_imap_guard *g, struct _mailstream *stream)
{
	struct layer *l = av_calloc(1, sizeof(*l));
	mailstream_low *low;

	l->inner = mailstream_get_low(stream);
	l->g = g;
	low = mailstream_low_new(l, &layer_driver);
	if (low == NULL) {
		free(l);
		return false;
	}
	mailstream_low_set_timeout(low, g->timeout_s);
	mailstream_set_low(stream, low);
	return true;
}
