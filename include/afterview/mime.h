/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — MIME: find and decode the calendar parts of a message (libetpan's MIME
 * parser; the only file besides imap.c that includes libetpan).
 *
 * A calendar part is text/calendar in any multipart nesting, application/ics, or any
 * part whose file name ends in ".ics" (application/octet-stream attachments included).
 * Parts are decoded (base64, quoted-printable, 7bit/8bit/binary) and converted from their
 * charset to UTF-8. Limits (AV_MIME_MAX_*) bound memory and time for hostile input.
 *
 * Errors: AV_ERR_DATA only: this message or part is unusable (too large, not parsable,
 * an unknown transfer encoding): skip it. av_mime_result_free follows util.h's
 * destructor rule.
 */
#ifndef AFTERVIEW_MIME_H
#define AFTERVIEW_MIME_H

#include <stdbool.h>
#include <stddef.h>

#include "afterview/util.h"

#define AV_MIME_MAX_MESSAGE (32u * 1024 * 1024) /* larger messages are refused */
#define AV_MIME_MAX_PART    (4u * 1024 * 1024)	/* a calendar part larger than this is skipped */
#define AV_MIME_MAX_DEPTH   16			/* deeper multipart nesting is not walked */
#define AV_MIME_MAX_PARTS   256			/* parts walked per message */

/* The headers of the message itself that detection and matching use. All owned,
 * decoded from RFC 2047 to UTF-8; NULL when absent. Addresses are lower case. */
struct av_msg_info {
	char *message_id; /* without angle brackets */
	char *from_name;
	char *from_addr;
	char *subject;
	char *to;   /* the To addresses (group members too), one a line */
	char *cc;   /* the Cc addresses, the same way */
	char *date; /* the raw Date header */
	/* Signs of bulk mail, raw values (detection weighs them, detect.h): */
	char *list_unsubscribe; /* List-Unsubscribe (RFC 2369) */
	char *list_id;		/* List-Id (RFC 2919) */
	char *precedence;	/* Precedence ("bulk", "list", "junk") */
};

struct av_cal_part {
	char *section;	    /* owned: IMAP part number ("2.1"), "1" for a single-part body */
	char *content_type; /* owned, lower case: "text/calendar" */
	char *filename;	    /* owned or NULL */
	char *data;	    /* owned: decoded UTF-8, NUL-terminated */
	size_t len;
};

struct av_mime_result {
	struct av_msg_info info;
	struct av_cal_part *parts; /* owned */
	size_t n_parts;
	unsigned skipped; /* calendar parts skipped (too large, undecodable); reasons logged */
};

/* Parse a whole RFC 5322 message (CRLF or LF) and collect its calendar parts.
 * Returns AV_OK (possibly with no parts) or AV_ERR_DATA with *error_r when the message
 * cannot be parsed at all or exceeds AV_MIME_MAX_MESSAGE. */
enum av_err av_mime_parse(const char *msg, size_t len, struct av_mime_result **result_r,
			  char **error_r);
void av_mime_result_free(struct av_mime_result **result);

/* Decode one part fetched on its own (e.g. IMAP BODY.PEEK[2.1]): encoding as in
 * Content-Transfer-Encoding ("base64", "quoted-printable", NULL/"7bit"/"8bit"/"binary"),
 * charset as in the Content-Type (NULL means UTF-8; invalid UTF-8 is repaired with
 * U+FFFD). The text is unfolded (RFC 5545 §3.1) before its charset is read, so that a
 * fold inside a multi-byte character joins it again, then folded again between
 * characters at 75 octets (not for UTF-16/32, whose line breaks are no single byte).
 * av_mime_parse decodes calendar parts the same way. On success *out_r is malloc'd,
 * NUL-terminated, *out_len_r its length. */
enum av_err av_mime_decode(const char *data, size_t len, const char *encoding, const char *charset,
			   char **out_r, size_t *out_len_r, char **error_r);

/* Decode RFC 2047 encoded-words in a header value to UTF-8. Malloc'd. */
char *av_mime_decode_header(const char *value);

/* The raw value of the first field called name (case-insensitive) in the header block
 * hdr[0..len) (CRLF or LF; e.g. what IMAP's BODY[HEADER.FIELDS (...)] returns): unfolded
 * (continuation lines joined, line breaks dropped), trimmed, cut at max octets,
 * malloc'd; NULL when the field is absent or empty. Not decoded. */
char *av_mime_header_field(const char *hdr, size_t len, const char *name, size_t max);

struct av_envelope;

/* The envelope of a message (driver.h's struct av_envelope) from its header block
 * hdr[0..len) (CRLF or LF; what IMAP's BODY[HEADER.FIELDS (DATE FROM TO CC BCC SUBJECT
 * MESSAGE-ID ...)] returns), into *e, which is overwritten (uid and internaldate 0: the
 * caller knows them); the list headers only when list_headers. As the server's ENVELOPE
 * would say it: date raw; subject RFC 2047 decoded, each run of blanks (folding too) one
 * space ("" for date and subject when the field is present but empty); message_id
 * without <>; from and from_name (decoded, blanks as in the subject) of the first mailbox
 * of From; recipients the To, Cc and Bcc addresses in that order, group members
 * included; addresses lower case; of a field given twice, the first. Malformed input is
 * read as far as it makes sense: what is no address (no '@') is left out. Bounded: NUL
 * bytes read as blanks; Date, Subject, Message-ID, From and the list headers cut at
 * AV_ENV_MAX_HEADER octets, To, Cc and Bcc each at AV_ENV_MAX_ADDRESSES (the address the
 * cut goes through left out). hdr may be NULL (len 0). Free the strings with
 * av_envelopes_free. */
void av_mime_envelope(const char *hdr, size_t len, bool list_headers, struct av_envelope *e);

#endif
