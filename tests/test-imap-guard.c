/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The IMAP stream guard: transcripts fed from memory, split at every position, to the
 * scanner alone and, in the manner of libetpan's own unit tests, through a libetpan
 * session whose stream reads a canned server transcript. */
#include "config.h"

#include <libetpan/libetpan.h>

#include "../plugin/imap-guard.h"
#include "afterview/util.h"
#include "harness.h"

#define HOST "imap.example"

struct transcript {
	const char *name;
	char *data; /* owned */
	size_t len;
	unsigned long long reply_max;
	uint64_t literal_max;
	long refuse_at; /* the byte whose arrival is refused, or -1 */
};

static void
transcript_clear(struct transcript *t)
{
	free(t->data);
	t->data = NULL;
}

/* Feed t in pieces cut at cuts[0..ncuts) (ascending); the piece holding byte refuse_at
 * and every later one must be refused, every earlier one accepted. */
static bool
feed_cut(const struct transcript *t, const size_t *cuts, size_t ncuts)
{
	struct av_imap_guard g;
	size_t start = 0, fed = 0;
	bool ok = true;

	av_imap_guard_init(&g, HOST, 30, t->reply_max, t->literal_max);
	for (size_t i = 0; i <= ncuts && ok; i++) {
		size_t end = i < ncuts ? cuts[i] : t->len;
		bool want, got;

		if (end == start)
			continue;
		want = t->refuse_at < 0 || (size_t)t->refuse_at >= end;
		got = av_imap_guard_feed(&g, t->data + start, end - start);
		if (got || fed <= (size_t)t->refuse_at)
			fed += end - start;
		ok = got == want && (got || g.hostile != NULL);
		start = end;
	}
	ok = ok && (t->refuse_at >= 0 || (g.hostile == NULL && g.bytes_in == t->len));
	ok = ok && (t->refuse_at < 0 || g.bytes_in == fed);
	av_imap_guard_clear(&g);
	return ok;
}

static void
check_transcript(struct transcript *t)
{
	size_t cuts[2];
	bool ok = true;

	test_begin(t->name);
	/* whole, byte by byte, then cut in two and in three at every position */
	test_assert(feed_cut(t, NULL, 0));
	{
		size_t *all = av_calloc(t->len + 1, sizeof(*all));

		for (size_t i = 0; i < t->len; i++)
			all[i] = i + 1;
		test_assert(feed_cut(t, all, t->len));
		free(all);
	}
	for (size_t i = 0; i <= t->len && ok; i++) {
		cuts[0] = i;
		if (!(ok = feed_cut(t, cuts, 1)))
			printf("    cut at %zu\n", i);
	}
	for (size_t i = 0; t->len <= 400 && i <= t->len && ok; i++)
		for (size_t j = i; j <= t->len && ok; j++) {
			cuts[0] = i;
			cuts[1] = j;
			if (!(ok = feed_cut(t, cuts, 2)))
				printf("    cut at %zu and %zu\n", i, j);
		}
	test_assert(ok);
	test_end();
	transcript_clear(t);
}

/* A transcript built with printf, then raw bytes. */
static struct transcript make(const char *name, unsigned long long reply_max, uint64_t literal_max,
			      const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static struct transcript
make(const char *name, unsigned long long reply_max, uint64_t literal_max, const char *fmt, ...)
{
	struct transcript t = {name, NULL, 0, reply_max, literal_max, -1};
	va_list ap;

	va_start(ap, fmt);
	t.data = av_vasprintf(fmt, ap);
	va_end(ap);
	t.len = strlen(t.data);
	return t;
}

/* The index of the n-th (from 1) occurrence of c in t. */
static long
nth(const struct transcript *t, char c, int n)
{
	for (size_t i = 0; i < t->len; i++)
		if (t->data[i] == c && --n == 0)
			return (long)i;
	return -2;
}

static void
test_scanner(void)
{
	const char *inner;
	struct transcript t;
	char *body;

	/* A literal whose contents look like announcements: skipped, not scanned. */
	inner = "{99999999999}\r\n{4294967296}\r\n{";
	t = make("guard: a normal reply, literal contents not scanned", 4096, 64,
		 "* 3 FETCH (UID 7 BODY[2] {%zu}\r\n%s)\r\n* 4 FETCH (UID 8 BODY[2] {0}\r\n)\r\n"
		 "A4 OK done\r\n",
		 strlen(inner), inner);
	check_transcript(&t);

	t = make("guard: a 4 GiB literal announced is refused at its LF", 1ull << 40, 1 << 20,
		 "* 1 FETCH (UID 5 BODY[] {4294967296}\r\nxxxxxxxxxxxxxxxx");
	t.refuse_at = nth(&t, '\n', 1);
	check_transcript(&t);

	t = make("guard: one octet over the literal limit is refused", 4096, 1024,
		 "* 1 FETCH (BODY[1] {1025}\r\nabc");
	t.refuse_at = nth(&t, '\n', 1);
	check_transcript(&t);

	body = av_malloc(1025);
	for (int i = 0; i < 1024; i++)
		body[i] = "{9}\r\n"[i % 5];
	body[1024] = '\0';
	t = make("guard: a literal of exactly the limit passes", 4096, 1024,
		 "* 1 FETCH (BODY[1] {1024}\r\n%s)\r\nA1 OK\r\n", body);
	free(body);
	check_transcript(&t);

	t = make("guard: a number past 2^64 saturates and is refused", 1 << 20, 1 << 20,
		 "* 1 FETCH (BODY[] {%s}\r\n",
		 "99999999999999999999999999999999999999999999999999");
	t.refuse_at = nth(&t, '\n', 1);
	check_transcript(&t);

	t = make("guard: a brace inside the number starts it again", 4096, 5, "x {{99}\r\ny");
	t.refuse_at = nth(&t, '\n', 1);
	check_transcript(&t);

	t = make("guard: what only looks like a literal passes", 4096, 5,
		 "* OK [ALERT] {12x}\r\n* OK {12}\n* OK {12}x\r\n* OK {12} \r\n* OK {}\r\n"
		 "* OK {12\r\n}\r\nA1 OK {5}\r\n12345\r\n");
	check_transcript(&t);

	t = make("guard: a literal's LF after a CR in another read counts", 4096, 10, "{11}\r\n");
	t.refuse_at = 5;
	check_transcript(&t);

	/* An endless line: the reply may bring reply_max octets, not one more. */
	body = av_malloc(301);
	memset(body, 'x', 300);
	body[300] = '\0';
	t = make("guard: an endless line is cut at the reply limit", 256, 1 << 20, "* OK %s", body);
	t.refuse_at = 256;
	check_transcript(&t);
	t = make("guard: a reply of exactly the limit passes", 300, 1 << 20, "%s", body);
	check_transcript(&t);
	free(body);
}

static void
test_state(void)
{
	struct av_imap_guard g;
	char *first;

	test_begin("guard: each command's reply has its own limit");
	av_imap_guard_init(&g, HOST, 30, 100, 1000);
	test_assert(av_imap_guard_feed(&g,
				       "* OK xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
				       "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\n",
				       92));
	av_imap_guard_begin(&g, 100, 1000);
	test_assert(av_imap_guard_feed(&g,
				       "* OK xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
				       "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\n",
				       92));
	test_assert(!av_imap_guard_feed(&g, "* OK xxxxxxxxx\r\n", 16));
	test_assert_int(g.bytes_in, 92 + 92 + 16);
	test_assert(g.hostile != NULL &&
		    strstr(g.hostile, "sent more than 100 octets for one command") != NULL &&
		    strstr(g.hostile, HOST) != NULL);
	av_imap_guard_clear(&g);
	test_assert(g.hostile == NULL);
	test_end();

	test_begin("guard: a literal under way outlives the next command's start");
	av_imap_guard_init(&g, HOST, 30, 1000, 100);
	test_assert(av_imap_guard_feed(&g, "* 1 FETCH (BODY[] {10}\r\nabcde", 29));
	av_imap_guard_begin(&g, 1000, 5);
	/* still inside the literal: not an announcement */
	test_assert(av_imap_guard_feed(&g, "{999}", 5));
	test_assert(av_imap_guard_feed(&g, ")\r\n", 3));
	/* and now outside, with the new, lower limit */
	test_assert(av_imap_guard_feed(&g, "* 2 FETCH (BODY[] {6}", 21));
	test_assert(!av_imap_guard_feed(&g, "\r\n", 2));
	test_assert(g.hostile != NULL &&
		    strstr(g.hostile, "announced a literal of 6 octets (more than the 5 allowed "
				      "here)") != NULL);
	av_imap_guard_clear(&g);
	test_end();

	test_begin("guard: a refusal is final and keeps its first reason");
	av_imap_guard_init(&g, HOST, 30, 1 << 20, 1 << 20);
	test_assert(!av_imap_guard_feed(&g, "{4294967296}\r\n", 14));
	test_assert(g.hostile != NULL &&
		    strstr(g.hostile, "IMAP server " HOST " announced a literal of 4294967296 "
				      "octets (more than the 1048576 allowed here)") != NULL);
	first = av_strdup(g.hostile);
	av_imap_guard_begin(&g, 1 << 20, 1 << 20);
	test_assert(!av_imap_guard_feed(&g, "A1 OK\r\n", 7));
	test_assert_str(g.hostile, first);
	test_assert_int(g.bytes_in, 14);
	free(first);
	av_imap_guard_clear(&g);
	test_end();
}

/* ---- through libetpan: a low stream that reads a canned transcript ---- */

struct canned {
	const char *data;
	size_t len, pos, chunk;
	struct av_buf out; /* what the client wrote */
	bool *freed;
};

static ssize_t
canned_read(mailstream_low *low, void *buf, size_t count)
{
	struct canned *c = low->data;
	size_t n = c->len - c->pos;

	if (n > count)
		n = count;
	if (n > c->chunk)
		n = c->chunk;
	memcpy(buf, c->data + c->pos, n);
	c->pos += n;
	return (ssize_t)n; /* 0 at the end: end of file */
}

static ssize_t
canned_write(mailstream_low *low, const void *buf, size_t count)
{
	struct canned *c = low->data;

	av_buf_append(&c->out, buf, count);
	return (ssize_t)count;
}

static int
canned_close(mailstream_low *low)
{
	(void)low;
	return 0;
}

static int
canned_get_fd(mailstream_low *low)
{
	(void)low;
	return -1;
}

static void
canned_free(mailstream_low *low)
{
	struct canned *c = low->data;

	*c->freed = true;
	free(low);
}

static void
canned_cancel(mailstream_low *low)
{
	(void)low;
}

static mailstream_low_driver canned_driver = {
	.mailstream_read = canned_read,
	.mailstream_write = canned_write,
	.mailstream_close = canned_close,
	.mailstream_get_fd = canned_get_fd,
	.mailstream_free = canned_free,
	.mailstream_cancel = canned_cancel,
};

/* UID FETCH 5 (UID BODY.PEEK[]) in a session reading transcript in reads of at most chunk
 * octets through guard g; the libetpan result, *body_r the body, *sent_r the command. */
static int
session_fetch(struct av_imap_guard *g, const char *transcript, size_t chunk, char **body_r,
	      char **sent_r)
{
	struct canned c = {transcript, strlen(transcript), 0, chunk, {NULL, 0, 0}, NULL};
	bool freed = false;
	mailimap *s = mailimap_new(0, NULL);
	mailstream_low *low = mailstream_low_new(&c, &canned_driver);
	struct mailimap_fetch_type *ft = mailimap_fetch_type_new_fetch_att_list_empty();
	struct mailimap_set *set = mailimap_set_new_single(5);
	clist *result = NULL;
	int r;

	c.freed = &freed;
	av_buf_init(&c.out);
	if (s == NULL || low == NULL || ft == NULL || set == NULL ||
	    mailimap_fetch_type_new_fetch_att_list_add(ft, mailimap_fetch_att_new_uid()) != 0 ||
	    mailimap_fetch_type_new_fetch_att_list_add(
		    ft, mailimap_fetch_att_new_body_peek_section(mailimap_section_new(NULL))) != 0)
		abort();
	s->imap_stream = mailstream_new(low, 8192);
	if (s->imap_stream == NULL || !av_imap_guard_install(g, s->imap_stream))
		abort();
	s->imap_state = MAILIMAP_STATE_SELECTED;
	s->imap_selection_info = mailimap_selection_info_new();
	*body_r = NULL;
	r = mailimap_uid_fetch(s, set, ft, &result);
	*sent_r = av_strndup(c.out.data != NULL ? c.out.data : "", c.out.len);
	if (r == MAILIMAP_NO_ERROR) {
		for (clistiter *it = clist_begin(result); it != NULL; it = clist_next(it)) {
			struct mailimap_msg_att *ma = clist_content(it);

			for (clistiter *a = clist_begin(ma->att_list); a != NULL;
			     a = clist_next(a)) {
				struct mailimap_msg_att_item *item = clist_content(a);
				struct mailimap_msg_att_static *st = item->att_data.att_static;

				if (item->att_type == MAILIMAP_MSG_ATT_ITEM_STATIC &&
				    st->att_type == MAILIMAP_MSG_ATT_BODY_SECTION)
					*body_r = av_strndup(
						st->att_data.att_body_section->sec_body_part,
						st->att_data.att_body_section->sec_length);
			}
		}
		mailimap_fetch_list_free(result);
	}
	mailimap_fetch_type_free(ft);
	mailimap_set_free(set);
	mailimap_free(s);
	/* the guard owned the canned layer and freed it with the stream */
	if (!freed)
		abort();
	av_buf_clear(&c.out); /* also mailimap_free's LOGOUT */
	return r;
}

static const size_t chunks[] = {1, 2, 3, 5, 7, 13, 64, 8192};

/* The fetch fails whatever the size of the reads; the guard's reason names want, or there
 * is none when want is NULL (and no timeout either). */
static bool
fails_everywhere(const char *transcript, unsigned long long reply_max, uint64_t literal_max,
		 const char *want)
{
	bool ok = true;

	for (size_t i = 0; i < sizeof(chunks) / sizeof(chunks[0]) && ok; i++) {
		struct av_imap_guard g;
		char *body, *sent;

		av_imap_guard_init(&g, HOST, 30, reply_max, literal_max);
		ok = session_fetch(&g, transcript, chunks[i], &body, &sent) != MAILIMAP_NO_ERROR &&
		     body == NULL && !g.timed_out &&
		     (want != NULL ? g.hostile != NULL && strstr(g.hostile, want) != NULL
				   : g.hostile == NULL);
		if (!ok)
			printf("    reads of %zu octets\n", chunks[i]);
		free(body);
		free(sent);
		av_imap_guard_clear(&g);
	}
	return ok;
}

static void
test_session(void)
{
	const char *ok = "* 1 FETCH (UID 5 BODY[] {13}\r\nhello {999}\r\n)\r\n1 OK done\r\n";
	bool all = true;

	test_begin("guard+libetpan: a normal reply passes, however the reads split it");
	for (size_t i = 0; i < sizeof(chunks) / sizeof(chunks[0]); i++) {
		struct av_imap_guard g;
		char *body, *sent;
		int r;

		av_imap_guard_init(&g, HOST, 30, 4096, 64);
		r = session_fetch(&g, ok, chunks[i], &body, &sent);
		all = all && test_assert_int(r, MAILIMAP_NO_ERROR) &&
		      test_assert_str(body, "hello {999}\r\n") &&
		      test_assert_str(sent, "1 UID FETCH 5 (UID BODY.PEEK[])\r\n") &&
		      test_assert_int(g.bytes_in, strlen(ok)) && test_assert(g.hostile == NULL);
		free(body);
		free(sent);
		av_imap_guard_clear(&g);
	}
	test_assert(all);
	test_end();

	test_begin("guard+libetpan: a 4 GiB literal fails the command before libetpan reads it");
	test_assert(fails_everywhere("* 1 FETCH (UID 5 BODY[] {4294967296}\r\nxxxxxxxxxxxxxxxxxx",
				     1ull << 40, 1 << 20, "4294967296"));
	test_end();

	test_begin("guard+libetpan: end of file inside a literal is an error, not a loop");
	test_assert(fails_everywhere("* 1 FETCH (UID 5 BODY[] {100}\r\nabc", 4096, 1024, NULL));
	test_end();

	test_begin("guard+libetpan: an endless line stops at the reply limit");
	{
		char *line = av_malloc(100001);
		struct av_imap_guard g;
		char *body, *sent;
		int r;

		memcpy(line, "* OK ", 5);
		memset(line + 5, 'x', 99995);
		line[100000] = '\0';
		av_imap_guard_init(&g, HOST, 30, 4096, 1024);
		r = session_fetch(&g, line, 1000, &body, &sent);
		test_assert(r != MAILIMAP_NO_ERROR);
		test_assert(g.hostile != NULL && strstr(g.hostile, "more than 4096") != NULL);
		test_assert(g.bytes_in <= 4096 + 1000);
		free(body);
		free(sent);
		free(line);
		av_imap_guard_clear(&g);
	}
	test_end();
}

int
main(void)
{
	test_scanner();
	test_state();
	test_session();
	return test_exit();
}
