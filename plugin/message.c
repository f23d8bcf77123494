/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — the RFC 5322 message of a draft (message.h). Every header value comes from
 * text cleaned by the caller and bounded in length, so folding at spaces is enough to keep
 * lines short, and no value can start a header line of its own.
 *
 * The body is format=flowed (RFC 3676): paragraphs are wrapped at 76 columns for readers
 * that show lines as they are, while clients that know flowed text re-flow them when the
 * person edits the draft.
 */
#include "config.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "afterview/addr.h"
#include "afterview/message.h"
#include "afterview/text.h"

#define WRAP_COLS     76  /* body line width in characters (RFC 3676 4.2: <= 78) */
#define HEADER_COLS   78  /* RFC 5322 2.1.1 SHOULD */
#define LONG_WORD_MAX 996 /* octets: + soft-break space + space-stuffing <= 998 */
#define EW_CHUNK      39  /* input octets per encoded-word: 12 + 52 = 64 columns */

/* RFC 5322 3.3: the names are English whatever the locale */
static const char wdays[] = "SunMonTueWedThuFriSat";
static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";

static bool
needs_encoding(const char *s)
{
	for (const char *p = s; *p != '\0'; p++)
		if ((unsigned char)*p >= 0x80)
			return true;
	/* text that looks like an encoded-word would be decoded by some readers */
	return strstr(s, "=?") != NULL;
}

static void
base64_append(struct av_buf *b, const unsigned char *in, size_t len)
{
	static const char tab[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

	for (size_t i = 0; i < len; i += 3) {
		uint32_t v = (uint32_t)in[i] << 16;
		char out[4];

		if (i + 1 < len)
			v |= (uint32_t)in[i + 1] << 8;
		if (i + 2 < len)
			v |= in[i + 2];
		out[0] = tab[(v >> 18) & 63];
		out[1] = tab[(v >> 12) & 63];
		out[2] = i + 1 < len ? tab[(v >> 6) & 63] : '=';
		out[3] = i + 2 < len ? tab[v & 63] : '=';
		av_buf_append(b, out, 4);
	}
}

/* RFC 2047 B encoded-words for valid UTF-8 s, separated by spaces (where the header may
 * fold; readers drop white space between encoded-words). Each takes at most EW_CHUNK
 * octets, so it stays within 75 characters (RFC 2047 2), and never splits a character
 * (RFC 2047 5: each encoded-word must be self-contained). */
static void
encoded_words_append(struct av_buf *b, const char *s)
{
	size_t len = strlen(s), i = 0;

	while (i < len) {
		size_t start = i;
		uint32_t cp;

		while (i < len) {
			size_t n = av_utf8_decode(s + i, len - i, &cp);

			if (n == 0)
				n = 1;
			if (i + n - start > EW_CHUNK)
				break;
			i += n;
		}
		if (start > 0)
			av_buf_append(b, " ", 1);
		av_buf_puts(b, "=?UTF-8?B?");
		base64_append(b, (const unsigned char *)s + start, i - start);
		av_buf_puts(b, "?=");
	}
}

/* A display name as a quoted-string (RFC 5322 3.2.4; '"' and '\' escaped) or, with
 * anything beyond ASCII, as encoded-words (which may not appear inside quotes). */
static void
phrase_append(struct av_buf *b, const char *name)
{
	if (needs_encoding(name)) {
		encoded_words_append(b, name);
		return;
	}
	av_buf_append(b, "\"", 1);
	for (const char *p = name; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			av_buf_append(b, "\\", 1);
		av_buf_append(b, p, 1);
	}
	av_buf_append(b, "\"", 1);
}

static char *
mailbox(const char *name, const char *addr)
{
	struct av_buf b;

	av_buf_init(&b);
	if (name != NULL) {
		char *n = av_strdup(name);

		av_text_cut_chars(n, AV_MESSAGE_NAME_MAX_CHARS);
		phrase_append(&b, n);
		free(n);
		av_buf_printf(&b, " <%s>", addr);
	} else {
		av_buf_puts(&b, addr);
	}
	return av_buf_steal(&b);
}

/* Append "Name: value" folded at the value's spaces (RFC 5322 2.2.3), so lines stay within
 * 78 columns wherever a space allows; value holds no CR or LF, and no piece between spaces
 * is near 998 octets (names, subjects and addresses are bounded before they get here). */
/* An empty group (RFC 5322 3.4) named after the person: every client lists whose draft
 * it is, and a Send is refused for want of a recipient instead of bouncing. Brackets, not
 * parentheses: Claws decodes an encoded-word before it parses the list, and a "(...)" in a
 * non-ASCII name then becomes a comment that hides the name. */
static char *
missing_address(const char *name)
{
	struct av_buf b;
	char *n = av_strdup(name), *label;

	av_text_cut_chars(n, AV_MESSAGE_NAME_MAX_CHARS);
	label = av_asprintf("%s [address missing]", n);
	av_buf_init(&b);
	phrase_append(&b, label);
	av_buf_puts(&b, ":;");
	free(label);
	free(n);
	return av_buf_steal(&b);
}

static void
header_add(struct av_buf *b, const char *name, const char *value)
{
	size_t col = strlen(name) + 1, first = col;
	const char *p = value;

	av_buf_printf(b, "%s:", name);
	while (*p != '\0') {
		size_t n = strcspn(p, " ");

		if (col > first && col + 1 + n > HEADER_COLS) {
			av_buf_puts(b, "\r\n");
			col = 0;
		}
		av_buf_append(b, " ", 1);
		av_buf_append(b, p, n);
		col += 1 + n;
		p += n;
		if (*p == ' ')
			p++;
	}
	av_buf_puts(b, "\r\n");
}

/* The Subject value: plain text when it is ASCII with ordinary words, else encoded-words
 * (which can be folded anywhere a character ends). */
static char *
subject_value(const char *subject)
{
	struct av_buf b;
	bool encode = needs_encoding(subject);

	for (const char *p = subject; !encode && *p != '\0';) {
		size_t n = strcspn(p, " ");

		encode = n > HEADER_COLS - 10;
		p += n;
		if (*p == ' ')
			p++;
	}
	if (!encode)
		return av_strdup(subject);
	av_buf_init(&b);
	encoded_words_append(&b, subject);
	return av_buf_steal(&b);
}

static void
flowed_piece(struct av_buf *b, const char *s, size_t len)
{
	/* RFC 3676 4.4: space-stuffing, or the line would read as quoted or flowed */
	if (len > 0 && (s[0] == ' ' || s[0] == '>' || (len >= 5 && strncmp(s, "From ", 5) == 0)))
		av_buf_append(b, " ", 1);
	av_buf_append(b, s, len);
	av_buf_puts(b, "\r\n");
}

/* One logical line of the body (a paragraph or a signature line) as format=flowed lines
 * (RFC 3676): broken at spaces to WRAP_COLS characters, each soft break keeping its space
 * at the end of the line; a line ending without a space is a hard break. A word longer
 * than the width gets a line of its own; one longer than LONG_WORD_MAX octets is cut,
 * since RFC 5322 2.1.1 allows no line over 998 octets. */
static void
flowed_append(struct av_buf *b, const char *line, size_t len)
{
	size_t pos = 0;

	if (len == 3 && memcmp(line, "-- ", 3) == 0) {
		av_buf_puts(b, "-- \r\n"); /* the signature separator is not a soft break */
		return;
	}
	while (len > 0 && line[len - 1] == ' ')
		len--; /* a hard break must not look soft */
	if (len == 0) {
		av_buf_puts(b, "\r\n");
		return;
	}
	while (pos < len) {
		size_t i = pos, chars = 0, last_space = 0;
		bool found_space = false;
		uint32_t cp;

		while (i < len && chars < WRAP_COLS) {
			size_t n = av_utf8_decode(line + i, len - i, &cp);

			if (n == 0)
				n = 1;
			if (line[i] == ' ' && i > pos) {
				last_space = i;
				found_space = true;
			}
			i += n;
			chars++;
		}
		if (i >= len) {
			flowed_piece(b, line + pos, len - pos);
			return;
		}
		if (line[i] == ' ') {
			/* the width ends exactly before a space: break there */
			flowed_piece(b, line + pos, i + 1 - pos);
			pos = i + 1;
			continue;
		}
		if (found_space) {
			flowed_piece(b, line + pos, last_space + 1 - pos);
			pos = last_space + 1;
			continue;
		}
		/* one word fills the width: keep it whole if it can be */
		{
			size_t w_end = pos;

			while (w_end < len && line[w_end] != ' ')
				w_end++;
			if (w_end - pos <= LONG_WORD_MAX) {
				size_t cut = w_end < len ? w_end + 1 : w_end;

				flowed_piece(b, line + pos, cut - pos);
				pos = cut;
			} else {
				flowed_piece(b, line + pos, i - pos);
				pos = i;
			}
		}
	}
}

static void
random_hex(char out[17])
{
	static unsigned counter;
	unsigned char r[8] = {0};
	uint64_t v = 0;
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	struct timespec ts;
	bool got = false;

	if (fd >= 0) {
		got = read(fd, r, sizeof(r)) == (ssize_t)sizeof(r);
		close(fd);
	}
	for (size_t i = 0; i < sizeof(r); i++)
		v = v << 8 | r[i];
	if (!got) {
		/* no /dev/urandom (a chroot): time, process and a counter still differ */
		uint64_t seed[3];
		char hex[33];

		clock_gettime(CLOCK_REALTIME, &ts);
		seed[0] = (uint64_t)ts.tv_nsec ^ (uint64_t)ts.tv_sec << 30;
		seed[1] = (uint64_t)getpid();
		seed[2] = (uint64_t)++counter;
		av_hash_hex(seed, sizeof(seed), hex);
		memcpy(out, hex, 16);
		out[16] = '\0';
		return;
	}
	snprintf(out, 17, "%016llx", (unsigned long long)v);
}

bool
av_message_token_ok(const char *t)
{
	size_t n = t != NULL ? strlen(t) : 0;

	if (n == 0 || n > 64)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!av_ascii_alpha(t[i]) && !av_ascii_digit(t[i]) && t[i] != '-' && t[i] != '_' &&
		    t[i] != '.')
			return false;
	return true;
}

char *
av_message_id_key(const char *token)
{
	return av_asprintf(".%.16s.", token != NULL ? token : "");
}

enum av_err
av_message_compose(const struct av_message_parts *parts, char **message_r, size_t *len_r,
		   char **message_id_r, char **error_r)
{
	char date[96], rnd[17], id_time[80], *hv, *id;
	struct av_buf msg;
	struct tm tm;

	if (!av_addr_header_safe(parts->from_addr)) {
		av_error_set(error_r, "message: the From address is not usable");
		return AV_ERR_DATA;
	}
	if (parts->to_addr != NULL && !av_addr_header_safe(parts->to_addr)) {
		av_error_set(error_r, "message: the To address is not usable");
		return AV_ERR_DATA;
	}
	if (!av_message_token_ok(parts->token)) {
		av_error_set(error_r, "message: bad draft token");
		return AV_ERR_DATA;
	}
	if (gmtime_r(&parts->date, &tm) == NULL) {
		av_error_set(error_r, "message: the time is out of range");
		return AV_ERR_DATA;
	}

	/* RFC 5322 3.6: Date and From are required, the rest recommended */
	av_buf_init(&msg);
	snprintf(date, sizeof(date), "%.3s, %d %.3s %04d %02d:%02d:%02d +0000",
		 wdays + 3 * tm.tm_wday, tm.tm_mday, months + 3 * tm.tm_mon, tm.tm_year + 1900,
		 tm.tm_hour, tm.tm_min, tm.tm_sec);
	header_add(&msg, "Date", date);
	hv = mailbox(parts->from_name, parts->from_addr);
	header_add(&msg, "From", hv);
	free(hv);
	if (parts->to_addr != NULL) {
		hv = mailbox(parts->to_name, parts->to_addr);
		header_add(&msg, "To", hv);
		free(hv);
	} else if (parts->to_name != NULL) {
		hv = missing_address(parts->to_name);
		header_add(&msg, "To", hv);
		free(hv);
	}
	hv = subject_value(parts->subject);
	header_add(&msg, "Subject", hv);
	free(hv);
	random_hex(rnd);
	snprintf(id_time, sizeof(id_time), "%04d%02d%02d%02d%02d%02d", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	/* time, the token and randomness: unique per message, and still traceable to the
	 * interviewer; the right side is the person's own domain, as mail clients do */
	id = av_asprintf("%s.%.16s.%s@%s", id_time, parts->token, rnd,
			 strrchr(parts->from_addr, '@') + 1);
	hv = av_asprintf("<%s>", id);
	header_add(&msg, "Message-ID", hv);
	free(hv);
	header_add(&msg, "MIME-Version", "1.0");
	header_add(&msg, "Content-Type", "text/plain; charset=UTF-8; format=flowed");
	header_add(&msg, "Content-Transfer-Encoding", "8bit");
	av_buf_puts(&msg, "\r\n");
	for (const char *p = parts->body != NULL ? parts->body : ""; *p != '\0';) {
		size_t n = strcspn(p, "\n");

		flowed_append(&msg, p, n);
		p += n;
		if (*p == '\n')
			p++;
	}
	*len_r = msg.len;
	*message_r = av_buf_steal(&msg);
	*message_id_r = id;
	return AV_OK;
}
