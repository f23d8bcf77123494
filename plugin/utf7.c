/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — modified UTF-7 folder names (see utf7.h). */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "afterview/text.h"
#include "afterview/utf7.h"
#include "afterview/util.h"

static const char b64_chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

static bool
printable(uint32_t c)
{
	return c >= 0x20 && c <= 0x7e;
}

static int
b64_value(char c)
{
	const char *p = c != '\0' ? strchr(b64_chars, c) : NULL;

	return p != NULL ? (int)(p - b64_chars) : -1;
}

static void
put_utf8(struct av_buf *b, uint32_t cp)
{
	char out[4];

	av_buf_append(b, out, av_utf8_encode(cp, out));
}

char *
av_utf7_encode(const char *utf8)
{
	size_t len = strlen(utf8), i = 0;
	struct av_buf b;

	av_buf_init(&b);
	av_buf_puts(&b, "");
	while (i < len) {
		uint32_t bits = 0;
		int nbits = 0;

		if (printable((unsigned char)utf8[i])) {
			if (utf8[i] == '&')
				av_buf_puts(&b, "&-");
			else
				av_buf_append(&b, &utf8[i], 1);
			i++;
			continue;
		}
		/* The whole run of other characters in one shift: the shortest form. */
		av_buf_puts(&b, "&");
		while (i < len && !printable((unsigned char)utf8[i])) {
			uint32_t cp, units[2];
			size_t k = av_utf8_decode(utf8 + i, len - i, &cp);
			int nu = 1;

			if (k == 0) {
				av_buf_clear(&b);
				return NULL;
			}
			i += k;
			if (cp >= 0x10000) {
				units[0] = 0xd800 + ((cp - 0x10000) >> 10);
				units[1] = 0xdc00 + ((cp - 0x10000) & 0x3ff);
				nu = 2;
			} else {
				units[0] = cp;
			}
			for (int u = 0; u < nu; u++) {
				bits = (bits << 16) | units[u];
				nbits += 16;
				while (nbits >= 6) {
					nbits -= 6;
					av_buf_append(&b, &b64_chars[(bits >> nbits) & 0x3f], 1);
				}
			}
		}
		if (nbits > 0)
			av_buf_append(&b, &b64_chars[(bits << (6 - nbits)) & 0x3f], 1);
		av_buf_puts(&b, "-");
	}
	return av_buf_steal(&b);
}

/* The base64 run at *p (just after its "&") into b; *p is left after the closing "-". */
static bool
decode_run(const char **p, struct av_buf *b)
{
	const char *s = *p;
	uint32_t bits = 0, high = 0;
	int nbits = 0;

	for (; *s != '-'; s++) {
		int v = b64_value(*s); /* also ends an unterminated shift at the NUL */
		uint32_t unit;

		if (v < 0)
			return false;
		bits = (bits << 6) | (uint32_t)v;
		nbits += 6;
		if (nbits < 16)
			continue;
		nbits -= 16;
		unit = (bits >> nbits) & 0xffff;
		if (high != 0) {
			if (unit < 0xdc00 || unit > 0xdfff)
				return false;
			put_utf8(b, 0x10000 + ((high - 0xd800) << 10) + (unit - 0xdc00));
			high = 0;
		} else if (unit >= 0xd800 && unit <= 0xdbff) {
			high = unit;
		} else if ((unit >= 0xdc00 && unit <= 0xdfff) || printable(unit) || unit == 0) {
			/* RFC 3501: printable ASCII must not be base64-encoded. */
			return false;
		} else {
			put_utf8(b, unit);
		}
	}
	*p = s + 1;
	/* A whole sextet too many, or padding bits that are not zero, is not the shortest
	 * form either. */
	return high == 0 && nbits < 6 && (bits & ((1u << nbits) - 1)) == 0;
}

char *
av_utf7_decode(const char *mutf7)
{
	const char *p = mutf7;
	bool after_run = false;
	struct av_buf b;

	av_buf_init(&b);
	av_buf_puts(&b, "");
	while (*p != '\0') {
		if (!printable((unsigned char)*p))
			goto bad;
		if (*p != '&') {
			av_buf_append(&b, p++, 1);
			after_run = false;
			continue;
		}
		p++;
		if (*p == '-') {
			av_buf_puts(&b, "&");
			p++;
			after_run = false;
			continue;
		}
		/* "&..-&..-" encodes what one shift would: not the one valid form. */
		if (after_run || !decode_run(&p, &b))
			goto bad;
		after_run = true;
	}
	return av_buf_steal(&b);

bad:
	av_buf_clear(&b);
	return NULL;
}
