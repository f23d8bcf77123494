/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <libetpan/charconv.h>
#include <libetpan/mailimf.h>
#include <libetpan/mailmime.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "afterview/driver.h"
#include "afterview/log.h"
#include "afterview/mime.h"
#include "afterview/text.h"

/* libetpan's MIME and header parsers recurse once per multipart/message level and once
 * per nested comment, with no limit of their own: a hostile message could exhaust the
 * stack before AV_MIME_MAX_DEPTH is ever consulted. These bound what it is given. */
#define MAX_CONTAINERS	    (4 * AV_MIME_MAX_DEPTH)
#define MAX_COMMENT_NESTING 64
#define MAX_HEADER_VALUE    65536
/* Transfer encodings at most triple the size (quoted-printable "=XX"). */
#define MAX_ENCODED_PART   (3 * (size_t)AV_MIME_MAX_PART)
#define MAX_RFC2231_PIECES 64

static const char replacement[] = "\xef\xbf\xbd"; /* U+FFFD */

/* Append s to out, each invalid UTF-8 sequence replaced by U+FFFD. */
static void
append_utf8(struct av_buf *out, const char *s, size_t len)
{
	size_t i = 0, run = 0;

	if (len == 0)
		return;
	while (i < len) {
		uint32_t cp;
		size_t n = av_utf8_decode(s + i, len - i, &cp);

		if (n > 0) {
			i += n;
			continue;
		}
		av_buf_append(out, s + run, i - run);
		av_buf_append(out, replacement, sizeof(replacement) - 1);
		i += av_utf8_invalid_len(s + i, len - i);
		run = i;
	}
	av_buf_append(out, s + run, i - run);
}

/* The iconv name to convert from, or NULL when the bytes are to be read as UTF-8. */
static const char *
iconv_charset(const char *charset)
{
	static const char *const utf8[] = {"utf-8",	"utf8",		  "us-ascii",
					   "ascii",	"ansi_x3.4-1968", "unicode-1-1-utf-8",
					   "x-unknown", "unknown-8bit"};
	static const char *const latin1[] = {"iso-8859-1", "iso8859-1", "iso_8859-1",
					     "latin1",	   "l1",	"cp819"};

	if (charset == NULL || charset[0] == '\0')
		return NULL;
	for (size_t i = 0; i < sizeof(utf8) / sizeof(utf8[0]); i++)
		if (strcasecmp(charset, utf8[i]) == 0)
			return NULL;
	/* Mail labelled Latin-1 is nearly always Windows-1252 (curly quotes in 0x80-0x9f):
	 * the WHATWG encoding standard reads the label that way too. */
	for (size_t i = 0; i < sizeof(latin1) / sizeof(latin1[0]); i++)
		if (strcasecmp(charset, latin1[i]) == 0)
			return "WINDOWS-1252";
	return charset;
}

/* Append data, in charset, to out as valid UTF-8. An unknown charset or a failed
 * conversion falls back to reading the bytes as UTF-8 (repaired). */
static void
append_converted(struct av_buf *out, const char *data, size_t len, const char *charset)
{
	const char *from = iconv_charset(charset);
	char *conv = NULL;
	size_t conv_len = 0;
	int r;

	if (from == NULL || len == 0) {
		append_utf8(out, data, len);
		return;
	}
	r = charconv_buffer("UTF-8", from, data, len, &conv, &conv_len);
	if (r != MAIL_CHARCONV_NO_ERROR) {
		av_debug(AV_CAT_MIME, "charset %s: %s, reading as UTF-8", charset,
			 r == MAIL_CHARCONV_ERROR_UNKNOWN_CHARSET ? "unknown"
								  : "conversion failed");
		append_utf8(out, data, len);
		return;
	}
	append_utf8(out, conv, conv_len);
	charconv_buffer_free(conv);
}

static int
hex_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int
base64_value(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* RFC 2047 B and Q decoding of one encoded word's text, tolerant of missing padding. */
static void
decode_word_text(struct av_buf *out, const char *s, size_t len, bool b64)
{
	if (b64) {
		unsigned acc = 0, bits = 0;

		for (size_t i = 0; i < len; i++) {
			int v = base64_value((unsigned char)s[i]);
			char c;

			if (v < 0)
				continue;
			acc = (acc << 6) | (unsigned)v;
			bits += 6;
			if (bits >= 8) {
				bits -= 8;
				c = (char)((acc >> bits) & 0xff);
				av_buf_append(out, &c, 1);
			}
		}
		return;
	}
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		int h, l;

		if (c == '_') {
			c = ' ';
		} else if (c == '=' && i + 2 < len &&
			   (h = hex_value((unsigned char)s[i + 1])) >= 0 &&
			   (l = hex_value((unsigned char)s[i + 2])) >= 0) {
			c = (char)(h * 16 + l);
			i += 2;
		}
		av_buf_append(out, &c, 1);
	}
}

/* Parse "=?charset?B|Q?text?=" at s. On success returns its length, with the charset
 * (RFC 2231 language suffix removed) and the decoded bytes. */
static size_t
parse_encoded_word(const char *s, size_t len, char **charset_r, struct av_buf *bytes)
{
	size_t i = 2, cs_start = 2, cs_end, text_start;
	bool b64;

	if (len < 8 || s[0] != '=' || s[1] != '?')
		return 0;
	while (i < len && i - cs_start <= 64 && s[i] != '?' && (unsigned char)s[i] > ' ' &&
	       s[i] != 0x7f)
		i++;
	if (i >= len || s[i] != '?' || i == cs_start || i - cs_start > 64)
		return 0;
	cs_end = i;
	if (i + 2 >= len || s[i + 2] != '?')
		return 0;
	if (s[i + 1] == 'B' || s[i + 1] == 'b')
		b64 = true;
	else if (s[i + 1] == 'Q' || s[i + 1] == 'q')
		b64 = false;
	else
		return 0;
	text_start = i + 3;
	for (i = text_start; i + 1 < len; i++) {
		if (s[i] == '?' && s[i + 1] == '=')
			break;
		if ((unsigned char)s[i] <= ' ' || s[i] == '?')
			return 0;
	}
	if (i + 1 >= len)
		return 0;
	*charset_r = av_strndup(s + cs_start, cs_end - cs_start);
	{
		char *star = strchr(*charset_r, '*');

		if (star != NULL)
			*star = '\0';
	}
	decode_word_text(bytes, s + text_start, i - text_start, b64);
	return i + 2;
}

static bool
is_wsp(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

char *
av_mime_decode_header(const char *value)
{
	struct av_buf out, pending, word, space;
	char *pending_charset = NULL;
	bool last_was_word = false;
	size_t len = strlen(value), i = 0;

	av_buf_init(&out);
	av_buf_init(&pending);
	av_buf_init(&word);
	av_buf_init(&space);
	while (i < len) {
		char *charset = NULL;
		size_t n;

		if (is_wsp(value[i])) {
			/* Unfolding (RFC 5322 2.2.3) drops the line breaks, keeps the blanks. */
			for (; i < len && is_wsp(value[i]); i++)
				if (value[i] != '\r' && value[i] != '\n')
					av_buf_append(&space, value + i, 1);
			continue;
		}
		word.len = 0;
		n = parse_encoded_word(value + i, len - i, &charset, &word);
		if (n > 0) {
			/* Blanks between two encoded words are not text (RFC 2047 6.2); the
			 * bytes of adjacent words in one charset are converted together,
			 * since senders split multi-byte characters across words. */
			if (!last_was_word)
				append_utf8(&out, space.data, space.len);
			if (pending_charset != NULL && strcasecmp(pending_charset, charset) != 0) {
				append_converted(&out, pending.data, pending.len, pending_charset);
				pending.len = 0;
			}
			free(pending_charset);
			pending_charset = charset;
			av_buf_append(&pending, word.data, word.len);
			space.len = 0;
			last_was_word = true;
			i += n;
			continue;
		}
		if (pending_charset != NULL) {
			append_converted(&out, pending.data, pending.len, pending_charset);
			pending.len = 0;
			free(pending_charset);
			pending_charset = NULL;
		}
		append_utf8(&out, space.data, space.len);
		space.len = 0;
		n = 1;
		while (i + n < len && !is_wsp(value[i + n]) &&
		       !(value[i + n] == '=' && value[i + n + 1] == '?'))
			n++;
		append_utf8(&out, value + i, n);
		i += n;
		last_was_word = false;
	}
	if (pending_charset != NULL)
		append_converted(&out, pending.data, pending.len, pending_charset);
	free(pending_charset);
	av_buf_clear(&pending);
	av_buf_clear(&word);
	av_buf_clear(&space);
	return av_buf_steal(&out);
}

static int
mechanism_of(const char *encoding)
{
	if (encoding == NULL || encoding[0] == '\0' || strcasecmp(encoding, "7bit") == 0 ||
	    strcasecmp(encoding, "8bit") == 0 || strcasecmp(encoding, "binary") == 0)
		return MAILMIME_MECHANISM_BINARY;
	if (strcasecmp(encoding, "base64") == 0)
		return MAILMIME_MECHANISM_BASE64;
	if (strcasecmp(encoding, "quoted-printable") == 0)
		return MAILMIME_MECHANISM_QUOTED_PRINTABLE;
	return MAILMIME_MECHANISM_ERROR;
}

/* Quoted-printable (RFC 2045 6.7), leniently: a '=' that starts neither an escape nor a
 * soft line break is kept, line ends are left as they are. Not libetpan's decoder: in
 * 1.9.4 it reads up to two bytes past its input when that ends in '=' and one more
 * character (found by fuzzing), and it rewrites LF as CRLF. */
static void
decode_qp(struct av_buf *out, const char *s, size_t len)
{
	size_t i = 0, run = 0;

	while (i < len) {
		size_t j = i + 1;
		int h, l;
		char c;

		if (s[i] != '=') {
			i++;
			continue;
		}
		av_buf_append(out, s + run, i - run);
		if (j + 1 < len && (h = hex_value((unsigned char)s[j])) >= 0 &&
		    (l = hex_value((unsigned char)s[j + 1])) >= 0) {
			c = (char)(h * 16 + l);
			av_buf_append(out, &c, 1);
			i = run = j + 2;
			continue;
		}
		while (j < len && (s[j] == ' ' || s[j] == '\t'))
			j++;
		if (j == len) {
			i = run = j;
		} else if (s[j] == '\n') {
			i = run = j + 1;
		} else if (s[j] == '\r' && j + 1 < len && s[j + 1] == '\n') {
			i = run = j + 2;
		} else {
			run = i;
			i++;
		}
	}
	av_buf_append(out, s + run, len - run);
}

/* strspn() for bytes that need not end in NUL. */
static size_t
strspn_len(const char *s, size_t len, const char *accept)
{
	size_t i = 0;

	while (i < len && s[i] != '\0' && strchr(accept, s[i]) != NULL)
		i++;
	return i;
}

/* Charsets whose line break is not the byte LF (each character is 2 or 4 bytes): their
 * raw bytes cannot be unfolded. */
static bool
ascii_compatible(const char *charset)
{
	static const char *const wide[] = {"utf-16", "utf16", "utf-32", "utf32",
					   "ucs-2",  "ucs2",  "ucs-4",	"ucs4"};

	for (size_t i = 0; charset != NULL && i < sizeof(wide) / sizeof(wide[0]); i++)
		if (strncasecmp(charset, wide[i], strlen(wide[i])) == 0)
			return false;
	return charset == NULL || strcasecmp(charset, "unicode") != 0;
}

/* Append s to out unfolded (RFC 5545 §3.1: a line break, CRLF or LF, and one blank
 * removed). Done on the raw bytes, before the charset is read: a fold may fall inside a
 * multi-byte character ("Ren\xc3" CRLF SP "\xa9e"), and reading the halves apart
 * would make each a U+FFFD. */
static void
unfold(struct av_buf *out, const char *s, size_t len)
{
	size_t i = 0, run = 0;

	if (len == 0)
		return;
	while (i < len) {
		size_t brk = s[i] == '\r' && i + 1 < len && s[i + 1] == '\n' ? 2
			     : s[i] == '\n'				     ? 1
									     : 0;

		if (brk == 0 || i + brk >= len || (s[i + brk] != ' ' && s[i + brk] != '\t')) {
			i += brk > 0 ? brk : 1;
			continue;
		}
		av_buf_append(out, s + run, i - run);
		i += brk + 1;
		run = i;
	}
	av_buf_append(out, s + run, len - run);
}

#define FOLD_OCTETS 75 /* RFC 5545 §3.1: lines SHOULD NOT be longer */

/* Append the valid UTF-8 s to out folded again, between characters, so that no line is
 * longer than FOLD_OCTETS: the calendar reader (invite.h) cuts long physical lines, and
 * a content line unfolded here must keep its full length. The fold uses the line's own
 * line break (CRLF or LF). */
static void
refold(struct av_buf *out, const char *s, size_t len)
{
	size_t i = 0, run = 0, col = 0, eol = 0;
	bool crlf = false;

	if (len == 0)
		return;
	while (i < len) {
		size_t n = 1;

		if (s[i] == '\n' || (s[i] == '\r' && i + 1 < len && s[i + 1] == '\n')) {
			col = 0;
			i += s[i] == '\n' ? 1 : 2;
			continue;
		}
		while (i + n < len && ((unsigned char)s[i + n] & 0xc0) == 0x80)
			n++;
		if (col + n > FOLD_OCTETS && col > 0) {
			if (eol <= i) { /* this line's break, looked up once per line */
				const char *nl = memchr(s + i, '\n', len - i);

				eol = nl != NULL ? (size_t)(nl - s) : len;
				crlf = nl != NULL && eol > 0 && s[eol - 1] == '\r';
			}
			av_buf_append(out, s + run, i - run);
			av_buf_puts(out, crlf ? "\r\n " : "\n ");
			run = i;
			col = 1;
		}
		col += n;
		i += n;
	}
	av_buf_append(out, s + run, len - run);
}

/* Undo the transfer encoding, unfold, convert to UTF-8 and fold again, within
 * AV_MIME_MAX_PART. */
static enum av_err
decode_body(const char *data, size_t len, int mechanism, const char *charset, char **out_r,
	    size_t *out_len_r, char **error_r)
{
	struct av_buf out, qp = {0};
	char *decoded = NULL;
	size_t decoded_len = len, idx = 0;

	if (len > MAX_ENCODED_PART) {
		av_error_set(error_r, "part of %zu bytes exceeds the limit of %u", len,
			     AV_MIME_MAX_PART);
		return AV_ERR_DATA;
	}
	if (mechanism == MAILMIME_MECHANISM_BASE64 &&
	    strspn_len(data, len,
		       "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/= \t\r\n") <
		    len)
		av_info("base64 part with characters outside the alphabet (mangled?): they are "
			"ignored");
	if (mechanism == MAILMIME_MECHANISM_BASE64) {
		if (mailmime_base64_body_parse(data, len, &idx, &decoded, &decoded_len) !=
		    MAILIMF_NO_ERROR) {
			av_error_set(error_r, "cannot undo the base64 transfer encoding");
			return AV_ERR_DATA;
		}
		data = decoded;
	} else if (mechanism == MAILMIME_MECHANISM_QUOTED_PRINTABLE) {
		av_buf_init(&qp);
		decode_qp(&qp, data, len);
		data = qp.data;
		decoded_len = qp.len;
	}
	if (decoded_len > AV_MIME_MAX_PART) {
		if (decoded != NULL)
			mailmime_decoded_part_free(decoded);
		av_buf_clear(&qp);
		av_error_set(error_r, "part of %zu bytes exceeds the limit of %u", decoded_len,
			     AV_MIME_MAX_PART);
		return AV_ERR_DATA;
	}
	av_buf_init(&out);
	if (ascii_compatible(charset)) {
		struct av_buf unfolded, conv;

		av_buf_init(&unfolded);
		av_buf_init(&conv);
		unfold(&unfolded, data, decoded_len);
		append_converted(&conv, unfolded.data, unfolded.len, charset);
		refold(&out, conv.data, conv.len);
		av_buf_clear(&unfolded);
		av_buf_clear(&conv);
	} else {
		append_converted(&out, data, decoded_len, charset);
	}
	if (decoded != NULL)
		mailmime_decoded_part_free(decoded);
	av_buf_clear(&qp);
	*out_len_r = out.len;
	*out_r = av_buf_steal(&out);
	return AV_OK;
}

enum av_err
av_mime_decode(const char *data, size_t len, const char *encoding, const char *charset,
	       char **out_r, size_t *out_len_r, char **error_r)
{
	int mechanism = mechanism_of(encoding);

	if (mechanism == MAILMIME_MECHANISM_ERROR) {
		av_error_set(error_r, "unknown transfer encoding '%s'", encoding);
		return AV_ERR_DATA;
	}
	return decode_body(data, len, mechanism, charset, out_r, out_len_r, error_r);
}

/* Guard for libetpan's unbounded recursion (see MAX_CONTAINERS): count Content-Type
 * headers naming a container type, and the comment nesting within any header line and
 * its continuations. Overcounting (a body line that looks like a header) only makes the
 * check stricter. */
static bool
structure_is_sane(const char *msg, size_t len, char **error_r)
{
	static const char ct[] = "content-type";
	unsigned containers = 0;
	int depth = 0;

	for (size_t i = 0; i < len;) {
		size_t eol = i, j;

		while (eol < len && msg[eol] != '\n')
			eol++;
		if (msg[i] != ' ' && msg[i] != '\t')
			depth = 0;
		for (j = i; j < eol; j++) {
			if (msg[j] == '(' && ++depth > MAX_COMMENT_NESTING) {
				av_error_set(error_r, "comments nested deeper than %d",
					     MAX_COMMENT_NESTING);
				return false;
			}
			if (msg[j] == ')' && depth > 0)
				depth--;
		}
		if (eol - i > sizeof(ct) && strncasecmp(msg + i, ct, sizeof(ct) - 1) == 0) {
			size_t k = i + sizeof(ct) - 1, end;

			while (k < eol && (msg[k] == ' ' || msg[k] == '\t'))
				k++;
			end = k + 1024 < len ? k + 1024 : len;
			if (k >= eol || msg[k] != ':')
				end = k;
			for (; k < end; k++) {
				if ((end - k >= 9 && strncasecmp(msg + k, "multipart", 9) == 0) ||
				    (end - k >= 7 && strncasecmp(msg + k, "message", 7) == 0)) {
					containers++;
					break;
				}
				/* The value ends where a line does not continue it. */
				if (msg[k] == '\n' &&
				    (k + 1 >= len || (msg[k + 1] != ' ' && msg[k + 1] != '\t')))
					break;
			}
			if (containers > MAX_CONTAINERS) {
				av_error_set(error_r, "more than %d multipart/message parts",
					     MAX_CONTAINERS);
				return false;
			}
		}
		i = eol + 1;
	}
	return true;
}

/* Header block of the message: up to the first empty line. */
static size_t
header_length(const char *msg, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (msg[i] != '\n')
			continue;
		if (i + 1 < len && msg[i + 1] == '\n')
			return i + 1;
		if (i + 2 < len && msg[i + 1] == '\r' && msg[i + 2] == '\n')
			return i + 1;
	}
	return len;
}

/* The first header called name, unfolded and trimmed, at most max octets, malloc'd;
 * NULL if absent. */
static char *
raw_header_max(const char *hdr, size_t len, const char *name, size_t max)
{
	size_t nlen = strlen(name);

	for (size_t i = 0; i < len;) {
		size_t eol = i;

		while (eol < len && hdr[eol] != '\n')
			eol++;
		if (eol - i > nlen && strncasecmp(hdr + i, name, nlen) == 0) {
			size_t k = i + nlen;

			while (k < eol && (hdr[k] == ' ' || hdr[k] == '\t'))
				k++;
			if (k < eol && hdr[k] == ':') {
				struct av_buf v;
				char *s;
				size_t a, b;

				av_buf_init(&v);
				/* the bound counts the value, not the blanks before it */
				for (k++; k < eol && (hdr[k] == ' ' || hdr[k] == '\t'); k++)
					;
				for (; k < len && v.len < max; k++) {
					if (hdr[k] == '\n' &&
					    (k + 1 >= len ||
					     (hdr[k + 1] != ' ' && hdr[k + 1] != '\t')))
						break;
					if (hdr[k] != '\r' && hdr[k] != '\n')
						av_buf_append(&v, hdr + k, 1);
				}
				s = av_buf_steal(&v);
				for (a = 0; s[a] == ' ' || s[a] == '\t'; a++)
					;
				for (b = strlen(s); b > a && (s[b - 1] == ' ' || s[b - 1] == '\t');
				     b--)
					;
				memmove(s, s + a, b - a);
				s[b - a] = '\0';
				return s;
			}
		}
		i = eol + 1;
	}
	return NULL;
}

static char *
raw_header(const char *hdr, size_t len, const char *name)
{
	return raw_header_max(hdr, len, name, MAX_HEADER_VALUE);
}

char *
av_mime_header_field(const char *hdr, size_t len, const char *name, size_t max)
{
	char *v = raw_header_max(hdr, len, name, max);

	if (v != NULL && *v == '\0') {
		free(v);
		v = NULL;
	}
	return v;
}

static char *
nonempty_or_free(char *s)
{
	if (s != NULL && s[0] == '\0') {
		free(s);
		return NULL;
	}
	return s;
}

static char *
message_id_of(const char *raw)
{
	const char *lt = strchr(raw, '<'), *gt;

	if (lt != NULL && (gt = strchr(lt + 1, '>')) != NULL)
		return nonempty_or_free(av_strndup(lt + 1, (size_t)(gt - lt - 1)));
	return nonempty_or_free(av_strdup(raw));
}

/* From: the first mailbox through libetpan's address parser; failing that, whatever
 * looks like an address in the raw text. */
static void
parse_from(const char *raw, struct av_msg_info *info)
{
	struct mailimf_mailbox_list *list = NULL;
	size_t idx = 0;

	if (mailimf_mailbox_list_parse(raw, strlen(raw), &idx, &list) == MAILIMF_NO_ERROR) {
		clistiter *it = clist_begin(list->mb_list);

		if (it != NULL) {
			struct mailimf_mailbox *mb = clist_content(it);

			if (mb->mb_display_name != NULL)
				info->from_name = nonempty_or_free(
					av_mime_decode_header(mb->mb_display_name));
			if (mb->mb_addr_spec != NULL)
				info->from_addr = nonempty_or_free(av_strdup(mb->mb_addr_spec));
		}
		mailimf_mailbox_list_free(list);
	} else {
		const char *lt = strrchr(raw, '<'), *gt;

		if (lt != NULL && (gt = strchr(lt, '>')) != NULL) {
			info->from_addr =
				nonempty_or_free(av_strndup(lt + 1, (size_t)(gt - lt - 1)));
			if (lt > raw) {
				char *name = av_strndup(raw, (size_t)(lt - raw));
				size_t n = strlen(name);

				while (n > 0 && (name[n - 1] == ' ' || name[n - 1] == '"'))
					name[--n] = '\0';
				info->from_name = nonempty_or_free(
					av_mime_decode_header(name + strspn(name, " \"")));
				free(name);
			}
		} else if (strchr(raw, '@') != NULL) {
			info->from_addr = nonempty_or_free(av_strndup(raw, strcspn(raw, " \t(")));
		}
	}
	if (info->from_addr != NULL)
		av_text_lower(info->from_addr);
}

static void
join_addr(struct av_buf *b, const struct mailimf_mailbox *mb)
{
	size_t at;

	if (mb == NULL || mb->mb_addr_spec == NULL || strchr(mb->mb_addr_spec, '@') == NULL ||
	    strpbrk(mb->mb_addr_spec, "\r\n") != NULL)
		return;
	if (b->len > 0)
		av_buf_puts(b, "\n");
	at = b->len;
	av_buf_puts(b, mb->mb_addr_spec);
	av_text_lower(b->data + at);
}

/* The addresses of an address list header (To, Cc), group members included, lower case,
 * one a line; NULL when there is none or it does not parse. */
static char *
address_lines(const char *raw)
{
	struct mailimf_address_list *list = NULL;
	struct av_buf b;
	size_t idx = 0;

	if (raw == NULL ||
	    mailimf_address_list_parse(raw, strlen(raw), &idx, &list) != MAILIMF_NO_ERROR)
		return NULL;
	av_buf_init(&b);
	for (clistiter *it = clist_begin(list->ad_list); it != NULL; it = clist_next(it)) {
		const struct mailimf_address *a = clist_content(it);

		if (a->ad_type == MAILIMF_ADDRESS_MAILBOX) {
			join_addr(&b, a->ad_data.ad_mailbox);
		} else if (a->ad_type == MAILIMF_ADDRESS_GROUP && a->ad_data.ad_group != NULL &&
			   a->ad_data.ad_group->grp_mb_list != NULL) {
			for (clistiter *m = clist_begin(a->ad_data.ad_group->grp_mb_list->mb_list);
			     m != NULL; m = clist_next(m))
				join_addr(&b, clist_content(m));
		}
	}
	mailimf_address_list_free(list);
	if (b.len == 0) {
		av_buf_clear(&b);
		return NULL;
	}
	return av_buf_steal(&b);
}

/* ---- the envelope fields from a header block (IMAP HEADER.FIELDS) ---- */

/* Failed libetpan parses per address field before the rest is read without it: a value
 * that fails again and again near its end must not cost a scan of the whole value each
 * time. */
#define MAX_PARSE_RETRIES 64

/* One address as the envelope keeps it: lower case, and only what looks like one (an '@'
 * between two non-empty halves); a '<' libetpan's lenient addr-spec took in ("name
 * <a@b" without its '>') cut off. NULL otherwise. */
static char *
clean_address(const char *spec, size_t len)
{
	const char *lt = memchr(spec, '<', len), *at;
	char *s;

	if (lt != NULL) {
		len -= (size_t)(lt + 1 - spec);
		spec = lt + 1;
	}
	while (len > 0 && (spec[len - 1] == '>' || spec[len - 1] == ' ' || spec[len - 1] == '\t'))
		len--;
	while (len > 0 && (*spec == ' ' || *spec == '\t')) {
		spec++;
		len--;
	}
	at = memchr(spec, '@', len);
	if (at == NULL || at == spec || at == spec + len - 1 || memchr(spec, '<', len) != NULL ||
	    memchr(spec, ' ', len) != NULL || memchr(spec, '\t', len) != NULL)
		return NULL;
	s = av_strndup(spec, len);
	av_text_lower(s);
	return s;
}

/* Where the address starting at value[i] ends: the next ',' or ';' outside quotes,
 * comments and angle brackets, or len. */
static size_t
element_end(const char *value, size_t len, size_t i)
{
	bool quoted = false, angle = false;
	int comment = 0;

	for (; i < len; i++) {
		char c = value[i];

		if (quoted) {
			if (c == '\\' && i + 1 < len)
				i++;
			else if (c == '"')
				quoted = false;
		} else if (comment > 0) {
			if (c == '\\' && i + 1 < len)
				i++;
			else if (c == '(')
				comment++;
			else if (c == ')')
				comment--;
		} else if (c == '"') {
			quoted = true;
		} else if (c == '(') {
			comment++;
		} else if (c == '<') {
			angle = true;
		} else if (c == '>') {
			angle = false;
		} else if ((c == ',' || c == ';') && !angle) {
			break;
		}
	}
	return i;
}

/* Every run of blanks as one space, none at either end, in place: what a server's
 * ENVELOPE makes of the subject and of display names (Dovecot does), so that a subject
 * folded with a tab reads as one folded with a space. */
static char *
collapse_blanks(char *s)
{
	size_t o = 0;
	bool blank = false;

	for (size_t i = 0; s[i] != '\0'; i++) {
		if (s[i] == ' ' || s[i] == '\t') {
			blank = o > 0;
			continue;
		}
		if (blank)
			s[o++] = ' ';
		blank = false;
		s[o++] = s[i];
	}
	s[o] = '\0';
	return s;
}

/* What the envelope gets from one address field. */
struct addr_sink {
	struct av_strv *addrs;
	char **first_name; /* when not NULL: the first mailbox's display name, decoded */
	bool named;	   /* the first mailbox was taken */
};

static void
sink_add(struct addr_sink *k, char *addr, const char *raw_name)
{
	if (addr == NULL)
		return;
	if (k->first_name != NULL && !k->named) {
		k->named = true;
		if (raw_name != NULL) {
			char *name = collapse_blanks(av_strdup(raw_name));

			*k->first_name = nonempty_or_free(av_mime_decode_header(name));
			free(name);
		}
	}
	av_strv_push(k->addrs, addr);
}

static void
sink_mailbox(struct addr_sink *k, const struct mailimf_mailbox *mb)
{
	if (mb == NULL || mb->mb_addr_spec == NULL)
		return;
	sink_add(k, clean_address(mb->mb_addr_spec, strlen(mb->mb_addr_spec)), mb->mb_display_name);
}

/* An element libetpan did not parse: the text in <> (or after a lone '<'), else the first
 * word holding an '@'; the display name is the text before the '<', unquoted. */
static void
salvage_element(struct addr_sink *k, const char *s, size_t len)
{
	const char *lt = memchr(s, '<', len);

	if (lt != NULL) {
		const char *gt = memchr(lt, '>', len - (size_t)(lt - s));
		size_t a = 0, b = (size_t)(lt - s);
		char *name;

		/* a group's name ends at ':' */
		for (size_t i = 0; i < b; i++)
			if (s[i] == ':')
				a = i + 1;
		while (a < b && (s[a] == ' ' || s[a] == '\t' || s[a] == '"'))
			a++;
		while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '"'))
			b--;
		name = b > a ? av_strndup(s + a, b - a) : NULL;
		sink_add(k,
			 clean_address(lt + 1, gt != NULL ? (size_t)(gt - lt - 1)
							  : len - (size_t)(lt + 1 - s)),
			 name);
		free(name);
		return;
	}
	for (size_t i = 0; i < len;) {
		size_t j = i;

		while (j < len && s[j] != ' ' && s[j] != '\t' && s[j] != ':' && s[j] != '(' &&
		       s[j] != ')' && s[j] != '"')
			j++;
		if (j > i && memchr(s + i, '@', j - i) != NULL) {
			sink_add(k, clean_address(s + i, j - i), NULL);
			return;
		}
		i = j + 1;
	}
}

static bool
comments_too_deep(const char *value, size_t len)
{
	int depth = 0;

	for (size_t i = 0; i < len; i++) {
		if (value[i] == '(' && ++depth > MAX_COMMENT_NESTING)
			return true;
		if (value[i] == ')' && depth > 0)
			depth--;
	}
	return false;
}

/* The addresses of an address-list field value, group members included, in order:
 * libetpan's parser as far as it goes, each element it stops at read on its own. */
static void
collect_addresses(const char *value, struct addr_sink *k)
{
	size_t len = strlen(value), pos = 0;
	unsigned failures = comments_too_deep(value, len) ? MAX_PARSE_RETRIES : 0;

	while (pos < len) {
		struct mailimf_address_list *list = NULL;
		size_t idx = pos, end;

		while (pos < len && strchr(" \t,;", value[pos]) != NULL)
			pos++;
		if (pos >= len)
			break;
		idx = pos;
		if (failures < MAX_PARSE_RETRIES &&
		    mailimf_address_list_parse(value, len, &idx, &list) == MAILIMF_NO_ERROR) {
			for (clistiter *it = clist_begin(list->ad_list); it != NULL;
			     it = clist_next(it)) {
				const struct mailimf_address *a = clist_content(it);

				if (a->ad_type == MAILIMF_ADDRESS_MAILBOX) {
					sink_mailbox(k, a->ad_data.ad_mailbox);
				} else if (a->ad_type == MAILIMF_ADDRESS_GROUP &&
					   a->ad_data.ad_group != NULL &&
					   a->ad_data.ad_group->grp_mb_list != NULL) {
					clist *mbs = a->ad_data.ad_group->grp_mb_list->mb_list;

					for (clistiter *m = clist_begin(mbs); m != NULL;
					     m = clist_next(m))
						sink_mailbox(k, clist_content(m));
				}
			}
			mailimf_address_list_free(list);
			if (idx > pos) {
				pos = idx;
				continue;
			}
		}
		failures++;
		end = element_end(value, len, pos);
		salvage_element(k, value + pos, end - pos);
		pos = end;
	}
}

/* The field name's value cut at max octets; *cut_r tells whether it was longer. */
static char *
field_max(const char *hdr, size_t len, const char *name, size_t max, bool *cut_r)
{
	char *v = raw_header_max(hdr, len, name, max + 1);

	*cut_r = false;
	if (v != NULL && strlen(v) > max) {
		v[max] = '\0';
		*cut_r = true;
	}
	return v;
}

static void
envelope_addresses(const char *hdr, size_t len, const char *name, struct addr_sink *k)
{
	bool cut;
	char *v = field_max(hdr, len, name, AV_ENV_MAX_ADDRESSES, &cut);

	if (v == NULL)
		return;
	if (cut) {
		/* the address the cut went through is not one */
		char *comma = strrchr(v, ',');

		if (comma != NULL)
			*comma = '\0';
		else
			v[0] = '\0';
	}
	collect_addresses(v, k);
	free(v);
}

void
av_mime_envelope(const char *hdr, size_t len, bool list_headers, struct av_envelope *e)
{
	char *copy = NULL, *v;
	struct av_strv from = {0}, rcpt = {0};
	struct addr_sink k = {&from, &e->from_name, false};
	bool cut;

	memset(e, 0, sizeof(*e));
	if (hdr == NULL)
		len = 0;
	if (len > 0 && memchr(hdr, '\0', len) != NULL) {
		/* NUL bytes read as blanks, so that no value ends early or unseen */
		copy = av_malloc(len + 1);
		for (size_t i = 0; i < len; i++)
			copy[i] = hdr[i] != '\0' ? hdr[i] : ' ';
		copy[len] = '\0';
		hdr = copy;
	}
	/* Date and Subject as the server's ENVELOPE gives them: "" when present and empty */
	e->date = field_max(hdr, len, "Date", AV_ENV_MAX_HEADER, &cut);
	if ((v = field_max(hdr, len, "Subject", AV_ENV_MAX_HEADER, &cut)) != NULL) {
		e->subject = av_mime_decode_header(collapse_blanks(v));
		free(v);
	}
	if ((v = field_max(hdr, len, "Message-ID", AV_ENV_MAX_HEADER, &cut)) != NULL) {
		const char *p = v + strspn(v, " \t<");
		size_t n = strcspn(p, "> \t");

		e->message_id = n > 0 ? av_strndup(p, n) : NULL;
		free(v);
	}
	if ((v = field_max(hdr, len, "From", AV_ENV_MAX_HEADER, &cut)) != NULL) {
		collect_addresses(v, &k);
		free(v);
	}
	if (from.n > 0)
		e->from = av_strdup(from.v[0]);
	av_strv_free(&from.v);
	k = (struct addr_sink){&rcpt, NULL, false};
	envelope_addresses(hdr, len, "To", &k);
	e->n_to = rcpt.n;
	envelope_addresses(hdr, len, "Cc", &k);
	envelope_addresses(hdr, len, "Bcc", &k);
	e->recipients = av_strv_finish(&rcpt);
	if (list_headers) {
		e->list_id = av_mime_header_field(hdr, len, "List-Id", AV_ENV_MAX_HEADER);
		e->list_unsubscribe =
			av_mime_header_field(hdr, len, "List-Unsubscribe", AV_ENV_MAX_HEADER);
		e->precedence = av_mime_header_field(hdr, len, "Precedence", AV_ENV_MAX_HEADER);
	}
	free(copy);
}

static void
fill_info(const char *msg, size_t len, struct av_msg_info *info)
{
	size_t hlen = header_length(msg, len);
	char *raw;

	if ((raw = raw_header(msg, hlen, "Message-ID")) != NULL) {
		info->message_id = message_id_of(raw);
		free(raw);
	}
	if ((raw = raw_header(msg, hlen, "From")) != NULL) {
		parse_from(raw, info);
		free(raw);
	}
	if ((raw = raw_header(msg, hlen, "Subject")) != NULL) {
		info->subject = nonempty_or_free(av_mime_decode_header(raw));
		free(raw);
	}
	raw = raw_header(msg, hlen, "To");
	info->to = address_lines(raw);
	free(raw);
	raw = raw_header(msg, hlen, "Cc");
	info->cc = address_lines(raw);
	free(raw);
	info->date = nonempty_or_free(raw_header(msg, hlen, "Date"));
	info->list_unsubscribe = nonempty_or_free(raw_header(msg, hlen, "List-Unsubscribe"));
	info->list_id = nonempty_or_free(raw_header(msg, hlen, "List-Id"));
	info->precedence = nonempty_or_free(raw_header(msg, hlen, "Precedence"));
}

/* A parameter of Content-Type or Content-Disposition, as name and value. */
struct param {
	const char *name;
	const char *value;
};

static const char *
param_find(const struct param *ps, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (ps[i].name != NULL && ps[i].value != NULL && strcasecmp(ps[i].name, name) == 0)
			return ps[i].value;
	return NULL;
}

/* RFC 2231 extended value "charset'lang'%xx..." (first piece) or "%xx..." (later). */
static void
append_rfc2231(struct av_buf *raw, const char *value, bool first, char **charset_r)
{
	const char *p = value;

	if (first) {
		const char *q1 = strchr(value, '\''), *q2 = q1 ? strchr(q1 + 1, '\'') : NULL;

		if (q2 != NULL) {
			free(*charset_r);
			*charset_r = av_strndup(value, (size_t)(q1 - value));
			p = q2 + 1;
		}
	}
	for (; *p; p++) {
		int h, l;
		char c = *p;

		if (c == '%' && (h = hex_value((unsigned char)p[1])) >= 0 &&
		    (l = hex_value((unsigned char)p[2])) >= 0) {
			c = (char)(h * 16 + l);
			p += 2;
		}
		av_buf_append(raw, &c, 1);
	}
}

/* The file name in base ("filename", "name"): plain (maybe RFC 2047-encoded, as Outlook
 * sends it), RFC 2231 extended, or RFC 2231 continuations. */
static char *
param_filename(const struct param *ps, size_t n, const char *base)
{
	const char *v;
	char *name, *charset = NULL;
	struct av_buf raw, out;

	if ((v = param_find(ps, n, base)) != NULL)
		return av_mime_decode_header(v);
	av_buf_init(&raw);
	name = av_asprintf("%s*", base);
	v = param_find(ps, n, name);
	free(name);
	if (v != NULL) {
		append_rfc2231(&raw, v, true, &charset);
	} else {
		for (unsigned i = 0; i < MAX_RFC2231_PIECES; i++) {
			bool extended = true;

			name = av_asprintf("%s*%u*", base, i);
			if ((v = param_find(ps, n, name)) == NULL) {
				extended = false;
				name[strlen(name) - 1] = '\0';
				v = param_find(ps, n, name);
			}
			free(name);
			if (v == NULL)
				break;
			if (extended)
				append_rfc2231(&raw, v, i == 0, &charset);
			else
				av_buf_puts(&raw, v);
		}
	}
	if (raw.len == 0) {
		av_buf_clear(&raw);
		free(charset);
		return NULL;
	}
	av_buf_init(&out);
	append_converted(&out, raw.data, raw.len, charset);
	av_buf_clear(&raw);
	free(charset);
	return av_buf_steal(&out);
}

static char *
content_type_string(const struct mailmime_content *ct)
{
	const char *type = "application";
	char *s;

	if (ct == NULL || ct->ct_type == NULL)
		return av_strdup("text/plain");
	if (ct->ct_type->tp_type == MAILMIME_TYPE_DISCRETE_TYPE &&
	    ct->ct_type->tp_data.tp_discrete_type != NULL) {
		const struct mailmime_discrete_type *d = ct->ct_type->tp_data.tp_discrete_type;

		switch (d->dt_type) {
		case MAILMIME_DISCRETE_TYPE_TEXT:
			type = "text";
			break;
		case MAILMIME_DISCRETE_TYPE_IMAGE:
			type = "image";
			break;
		case MAILMIME_DISCRETE_TYPE_AUDIO:
			type = "audio";
			break;
		case MAILMIME_DISCRETE_TYPE_VIDEO:
			type = "video";
			break;
		case MAILMIME_DISCRETE_TYPE_EXTENSION:
			type = d->dt_extension != NULL ? d->dt_extension : "x-unknown";
			break;
		default:
			type = "application";
			break;
		}
	} else if (ct->ct_type->tp_type == MAILMIME_TYPE_COMPOSITE_TYPE &&
		   ct->ct_type->tp_data.tp_composite_type != NULL) {
		const struct mailmime_composite_type *c = ct->ct_type->tp_data.tp_composite_type;

		if (c->ct_type == MAILMIME_COMPOSITE_TYPE_MESSAGE)
			type = "message";
		else if (c->ct_type == MAILMIME_COMPOSITE_TYPE_MULTIPART)
			type = "multipart";
		else if (c->ct_token != NULL)
			type = c->ct_token;
	}
	s = av_asprintf("%s/%s", type, ct->ct_subtype != NULL ? ct->ct_subtype : "");
	av_text_lower(s);
	return s;
}

/* The parameters of the part's Content-Type and Content-Disposition, borrowed from m;
 * *n_ct_r of them come from the Content-Type. */
static struct param *
part_params(const struct mailmime *m, size_t *n_r, size_t *n_ct_r)
{
	struct param *ps = av_calloc(1, sizeof(*ps));
	size_t n = 0;
	clistiter *it;

	if (m->mm_content_type != NULL && m->mm_content_type->ct_parameters != NULL) {
		for (it = clist_begin(m->mm_content_type->ct_parameters); it != NULL;
		     it = clist_next(it)) {
			const struct mailmime_parameter *p = clist_content(it);

			ps = av_realloc(ps, (n + 1) * sizeof(*ps));
			ps[n].name = p->pa_name;
			ps[n++].value = p->pa_value;
		}
	}
	*n_ct_r = n;
	if (m->mm_mime_fields != NULL && m->mm_mime_fields->fld_list != NULL) {
		for (it = clist_begin(m->mm_mime_fields->fld_list); it != NULL;
		     it = clist_next(it)) {
			const struct mailmime_field *f = clist_content(it);
			clistiter *pit;

			if (f->fld_type != MAILMIME_FIELD_DISPOSITION ||
			    f->fld_data.fld_disposition == NULL ||
			    f->fld_data.fld_disposition->dsp_parms == NULL)
				continue;
			for (pit = clist_begin(f->fld_data.fld_disposition->dsp_parms); pit != NULL;
			     pit = clist_next(pit)) {
				const struct mailmime_disposition_parm *dp = clist_content(pit);

				ps = av_realloc(ps, (n + 1) * sizeof(*ps));
				if (dp->pa_type == MAILMIME_DISPOSITION_PARM_FILENAME) {
					ps[n].name = "filename";
					ps[n++].value = dp->pa_data.pa_filename;
				} else if (dp->pa_type == MAILMIME_DISPOSITION_PARM_PARAMETER &&
					   dp->pa_data.pa_parameter != NULL) {
					ps[n].name = dp->pa_data.pa_parameter->pa_name;
					ps[n++].value = dp->pa_data.pa_parameter->pa_value;
				}
			}
		}
	}
	*n_r = n;
	return ps;
}

static bool
ends_with_ics(const char *name)
{
	size_t n = name != NULL ? strlen(name) : 0;

	while (n > 0 && (name[n - 1] == ' ' || name[n - 1] == '"' || name[n - 1] == '\''))
		n--;
	return n >= 4 && strncasecmp(name + n - 4, ".ics", 4) == 0;
}

struct walk {
	struct av_mime_result *res;
	unsigned n_walked;
	bool warned_parts;
	bool warned_depth;
};

static void
add_calendar_part(struct walk *w, const struct mailmime *m, const char *section)
{
	struct av_cal_part part = {0};
	struct param *ps;
	size_t n, n_ct;
	const struct mailmime_data *body = m->mm_data.mm_single;
	char *error = NULL;
	int mechanism;

	part.content_type = content_type_string(m->mm_content_type);
	ps = part_params(m, &n, &n_ct);
	part.filename = nonempty_or_free(param_filename(ps + n_ct, n - n_ct, "filename"));
	if (part.filename == NULL)
		part.filename = nonempty_or_free(param_filename(ps, n_ct, "name"));
	if (strcmp(part.content_type, "text/calendar") != 0 &&
	    strcmp(part.content_type, "application/ics") != 0 && !ends_with_ics(part.filename))
		goto free_part;
	if (body == NULL || body->dt_type != MAILMIME_DATA_TEXT) {
		av_debug(AV_CAT_MIME, "part %s: calendar part without a body", section);
		w->res->skipped++;
		goto free_part;
	}
	mechanism = body->dt_encoding;
	if (mechanism != MAILMIME_MECHANISM_BASE64 &&
	    mechanism != MAILMIME_MECHANISM_QUOTED_PRINTABLE) {
		if (mechanism == MAILMIME_MECHANISM_TOKEN)
			av_debug(AV_CAT_MIME, "part %s: unknown transfer encoding, read as is",
				 section);
		mechanism = MAILMIME_MECHANISM_BINARY;
	}
	if (decode_body(body->dt_data.dt_text.dt_data, body->dt_data.dt_text.dt_length, mechanism,
			param_find(ps, n_ct, "charset"), &part.data, &part.len, &error) != AV_OK) {
		av_warn("calendar part %s skipped: %s", section, error);
		free(error);
		w->res->skipped++;
		goto free_part;
	}
	part.section = av_strdup(section);
	w->res->parts = av_realloc(w->res->parts, (w->res->n_parts + 1) * sizeof(*w->res->parts));
	w->res->parts[w->res->n_parts++] = part;
	av_debug(AV_CAT_MIME, "part %s: %s%s%s, %zu bytes", section, part.content_type,
		 part.filename ? " " : "", part.filename ? part.filename : "", part.len);
	free(ps);
	return;

free_part:
	free(ps);
	free(part.content_type);
	free(part.filename);
}

static void walk_part(struct walk *w, const struct mailmime *m, const char *section,
		      unsigned depth);

/* The children of a multipart are numbered under prefix: "1", "2" at the top,
 * "2.1", "2.2" below part 2. */
static void
walk_children(struct walk *w, const struct mailmime *m, const char *prefix, unsigned depth)
{
	unsigned i = 1;

	if (depth >= AV_MIME_MAX_DEPTH) {
		if (!w->warned_depth)
			av_warn("MIME parts nested deeper than %d not searched for invites",
				AV_MIME_MAX_DEPTH);
		w->warned_depth = true;
		return;
	}
	if (m->mm_data.mm_multipart.mm_mp_list == NULL)
		return;
	for (clistiter *it = clist_begin(m->mm_data.mm_multipart.mm_mp_list); it != NULL;
	     it = clist_next(it), i++) {
		char *section = prefix[0] ? av_asprintf("%s.%u", prefix, i) : av_asprintf("%u", i);

		walk_part(w, clist_content(it), section, depth + 1);
		free(section);
		if (w->n_walked >= AV_MIME_MAX_PARTS)
			break;
	}
}

/* A message (the top level, prefix "", or a message/rfc822 part): IMAP numbers the
 * parts of its multipart body under its own number, a single body as its ".1". */
static void
walk_message(struct walk *w, const struct mailmime *body, const char *prefix, unsigned depth)
{
	char *section;

	if (body == NULL)
		return;
	if (body->mm_type == MAILMIME_MULTIPLE) {
		w->n_walked++;
		walk_children(w, body, prefix, depth);
		return;
	}
	section = prefix[0] ? av_asprintf("%s.1", prefix) : av_strdup("1");
	walk_part(w, body, section, depth);
	free(section);
}

static void
walk_part(struct walk *w, const struct mailmime *m, const char *section, unsigned depth)
{
	if (w->n_walked >= AV_MIME_MAX_PARTS) {
		if (!w->warned_parts)
			av_warn("more than %d MIME parts: the rest not searched for invites",
				AV_MIME_MAX_PARTS);
		w->warned_parts = true;
		return;
	}
	w->n_walked++;
	switch (m->mm_type) {
	case MAILMIME_SINGLE:
		add_calendar_part(w, m, section);
		break;
	case MAILMIME_MULTIPLE:
		walk_children(w, m, section, depth);
		break;
	case MAILMIME_MESSAGE:
		if (depth >= AV_MIME_MAX_DEPTH) {
			if (!w->warned_depth)
				av_warn("MIME parts nested deeper than %d not searched for invites",
					AV_MIME_MAX_DEPTH);
			w->warned_depth = true;
			break;
		}
		walk_message(w, m->mm_data.mm_message.mm_msg_mime, section, depth + 1);
		break;
	default:
		break;
	}
}

enum av_err
av_mime_parse(const char *msg, size_t len, struct av_mime_result **result_r, char **error_r)
{
	struct mailmime *mime = NULL;
	struct av_mime_result *res;
	struct walk w = {0};
	size_t idx = 0;
	char *why = NULL;

	if (len > AV_MIME_MAX_MESSAGE) {
		av_error_set(error_r, "message of %zu bytes exceeds the limit of %u", len,
			     AV_MIME_MAX_MESSAGE);
		return AV_ERR_DATA;
	}
	if (len == 0) {
		av_error_set(error_r, "empty message");
		return AV_ERR_DATA;
	}
	if (!structure_is_sane(msg, len, &why)) {
		av_error_set(error_r, "message not parsed: %s", why);
		free(why);
		return AV_ERR_DATA;
	}
	if (mailmime_parse(msg, len, &idx, &mime) != MAILIMF_NO_ERROR || mime == NULL) {
		av_error_set(error_r, "cannot parse the message's MIME structure");
		return AV_ERR_DATA;
	}
	res = av_calloc(1, sizeof(*res));
	fill_info(msg, len, &res->info);
	w.res = res;
	if (mime->mm_type == MAILMIME_MESSAGE)
		walk_message(&w, mime->mm_data.mm_message.mm_msg_mime, "", 0);
	else
		walk_part(&w, mime, "1", 0);
	mailmime_free(mime);
	*result_r = res;
	return AV_OK;
}

void
av_mime_result_free(struct av_mime_result **result)
{
	struct av_mime_result *r = *result;

	if (r == NULL)
		return;
	free(r->info.message_id);
	free(r->info.from_name);
	free(r->info.from_addr);
	free(r->info.subject);
	free(r->info.date);
	free(r->info.list_unsubscribe);
	free(r->info.to);
	free(r->info.cc);
	free(r->info.list_id);
	free(r->info.precedence);
	for (size_t i = 0; i < r->n_parts; i++) {
		free(r->parts[i].section);
		free(r->parts[i].content_type);
		free(r->parts[i].filename);
		free(r->parts[i].data);
	}
	free(r->parts);
	free(r);
	*result = NULL;
}
