/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — compose a plain-text RFC 5322 message from words already chosen (draft.c
 * chooses them). Pure logic; libc only.
 *
 * The message: CRLF line ends, UTF-8 8bit, Date (UTC), From, To, Subject, a unique
 * Message-ID, MIME-Version, Content-Type text/plain format=flowed, and nothing else: no
 * header tells the recipient a tool was involved. afterview knows its drafts by the
 * token inside the Message-ID (every client tested keeps it when the person saves the
 * draft again). Without an address, To is an empty group named after the interviewer,
 * `"Jane Doe [address missing]":;`: clients list whose draft it is, and refuse to send
 * it rather than bounce. Display names are quoted
 * strings, or RFC 2047 B encoded-words when they are not ASCII; so is a Subject with
 * non-ASCII text, text that looks like an encoded-word, or a word too long to fold.
 * Headers are folded at spaces to 78 columns. The body is format=flowed (RFC 3676):
 * paragraphs are wrapped at 76 columns with soft breaks, space-stuffed where needed, and
 * no line exceeds 998 octets (a longer word is cut).
 */
#ifndef AFTERVIEW_MESSAGE_H
#define AFTERVIEW_MESSAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "afterview/util.h"

#define AV_MESSAGE_NAME_MAX_CHARS 100 /* display names are cut to this many characters */

/* What the message says. The texts must be valid UTF-8 without control characters (as
 * av_text_clean makes them); names are cut to AV_MESSAGE_NAME_MAX_CHARS. */
struct av_message_parts {
	const char *from_name; /* may be NULL */
	const char *from_addr; /* must pass av_addr_header_safe */
	const char *to_name;   /* may be NULL */
	const char *to_addr;   /* NULL: To is the empty group "to_name [address missing]":;
				  (no To at all when to_name is NULL too) */
	const char *subject;   /* one line */
	const char *body;      /* logical lines (paragraphs) separated by LF; "-- " is kept as
				  the signature separator */
	const char *token;     /* goes into the Message-ID, see av_message_token_ok */
	time_t date;	       /* Date, and the time part of the Message-ID */
};

/* Is token usable in a Message-ID: 1 to 64 of A-Z a-z 0-9 '.' '-' '_'? */
bool av_message_token_ok(const char *token);

/* What a Message-ID av_message_compose wrote for token always contains, and no other
 * does in practice: '.', the token's first 16 characters, '.' (malloc'd). What
 * afterview searches Drafts for to find its drafts, also once the person saved them
 * again. */
char *av_message_id_key(const char *token);

/* Compose the message. *message_r (length *len_r, NUL-terminated) and *message_id_r
 * (without <>: time, the first 16 characters of the token, 64 random bits, '@' and the
 * From address's domain) are malloc'd on success. AV_ERR_DATA when from_addr is not
 * header-safe, to_addr is given but not header-safe, the token is not usable or the date
 * cannot be represented; nothing is returned then. */
enum av_err av_message_compose(const struct av_message_parts *parts, char **message_r,
			       size_t *len_r, char **message_id_r, char **error_r);

#endif
