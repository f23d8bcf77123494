/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "afterview/addr.h"
#include "afterview/text.h"
#include "afterview/util.h"

const char *
av_addr_skip_mailto(const char *a)
{
	return av_text_starts_ci(a, strlen(a), "mailto:") ? a + 7 : a;
}

const char *
av_addr_domain(const char *addr)
{
	const char *at = addr ? strrchr(addr, '@') : NULL;

	return at != NULL && at[1] != '\0' ? at + 1 : NULL;
}

bool
av_addr_domain_is(const char *domain, const char *entry)
{
	size_t dl, el;

	if (domain == NULL || entry == NULL)
		return false;
	dl = strlen(domain);
	el = strlen(entry);
	if (el == 0 || dl < el)
		return false;
	return av_text_eq_ci(domain + dl - el, entry) && (dl == el || domain[dl - el - 1] == '.');
}

void
av_addr_local(const char *addr, const char **start_r, size_t *len_r)
{
	const char *a = av_addr_skip_mailto(addr);
	const char *at = strrchr(a, '@');
	size_t len = at ? (size_t)(at - a) : strlen(a);
	const char *plus = memchr(a, '+', len);

	if (plus != NULL && plus > a)
		len = (size_t)(plus - a);
	*start_r = a;
	*len_r = len;
}

bool
av_addr_same(const char *a, const char *b)
{
	const char *la, *lb, *da, *db;
	size_t lla, llb;

	if (a == NULL || b == NULL)
		return false;
	a = av_addr_skip_mailto(a);
	b = av_addr_skip_mailto(b);
	da = av_addr_domain(a);
	db = av_addr_domain(b);
	if ((da == NULL) != (db == NULL))
		return false;
	if (da == NULL)
		return av_text_fold_eq(a, strlen(a), b, strlen(b)) && a[0] != '\0';
	av_addr_local(a, &la, &lla);
	av_addr_local(b, &lb, &llb);
	return lla > 0 && av_text_fold_eq(la, lla, lb, llb) &&
	       av_text_fold_eq(da, strlen(da), db, strlen(db));
}

bool
av_addr_char(char c, bool local)
{
	return av_ascii_alpha(c) || av_ascii_digit(c) || c == '.' || c == '-' ||
	       (local && (c == '_' || c == '+' || c == '%' || c == '\''));
}

char *
av_addr_guess_name(const char *addr)
{
	struct av_buf b;
	const char *local;
	size_t len, i = 0;
	bool word_start = true;

	if (addr == NULL)
		return av_strdup("");
	av_addr_local(addr, &local, &len);
	av_buf_init(&b);
	while (i < len) {
		uint32_t c;
		size_t n = av_utf8_decode(local + i, len - i, &c);

		if (n == 0) { /* never pass on invalid UTF-8 */
			i++;
			continue;
		}
		if (c == '.' || c == '_' || c == '-' || c == ' ') {
			word_start = true;
			i += n;
			continue;
		}
		if (n == 1 && !av_ascii_alpha((char)c) && c != '\'') {
			i++; /* digits and other punctuation carry no name */
			continue;
		}
		if (n > 1 && !av_text_is_word(c)) {
			i += n;
			continue;
		}
		if (word_start && b.len > 0)
			av_buf_append(&b, " ", 1);
		if (n == 1) {
			char ch = word_start && av_ascii_alpha((char)c) ? (char)(c & ~0x20)
									: av_ascii_lower((char)c);

			av_buf_append(&b, &ch, 1);
		} else {
			av_buf_append(&b, local + i, n);
		}
		word_start = false;
		i += n;
	}
	if (b.len == 0) {
		/* nothing name-like ("12345@…"): the address itself, valid UTF-8 only */
		const char *a = av_addr_skip_mailto(addr);

		for (i = 0; a[i] != '\0';) {
			uint32_t c;
			size_t n = av_utf8_decode(a + i, strlen(a + i), &c);

			if (n == 0 || c < 0x20 || c == 0x7f) {
				i += n ? n : 1;
				continue;
			}
			av_buf_append(&b, a + i, n);
			i += n;
		}
	}
	return av_buf_steal(&b);
}

/* Team and system mailboxes: a name made from them would greet a stranger. */
static bool
mailbox_word(const char *w)
{
	static const char *const words[] = {
		"hr",	     "team",	 "jobs",  "careers", "recruiting", "talent",
		"info",	     "hello",	 "admin", "office",  "hiring",	   "people",
		"contact",   "support",	 "no",	  "noreply", "interview",  "interviews",
		"recruiter", "staffing", "mail",  NULL};

	for (size_t i = 0; words[i] != NULL; i++)
		if (strcmp(w, words[i]) == 0)
			return true;
	return false;
}

bool
av_addr_local_is_name(const char *addr)
{
	const char *p = addr, *at;
	size_t parts = 0;

	if (addr == NULL || (at = strchr(addr, '@')) == NULL)
		return false;
	while (p < at && *p != '+') {
		size_t n = 0;
		char first[16];

		while (p + n < at && av_ascii_alpha(p[n]))
			n++;
		if (n < 2)
			return false;
		if (parts == 0) {
			if (n >= sizeof(first))
				n = sizeof(first) - 1;
			for (size_t i = 0; i < n; i++)
				first[i] = av_ascii_lower(p[i]);
			first[n] = '\0';
			if (mailbox_word(first))
				return false;
			while (p < at && av_ascii_alpha(*p))
				p++;
		} else {
			p += n;
		}
		parts++;
		if (p < at && *p != '+' && *p != '.' && *p != '_' && *p != '-')
			return false;
		if (p < at && *p != '+')
			p++;
	}
	return parts >= 2;
}

bool
av_addr_header_safe(const char *a)
{
	const char *at = a != NULL ? strrchr(a, '@') : NULL;
	size_t local = at != NULL ? (size_t)(at - a) : 0;

	if (at == NULL || local == 0 || local > 64 || strlen(a) > 254 || at[1] == '\0')
		return false;
	for (size_t i = 0; i < local; i++) {
		char c = a[i];

		if (c == '.') {
			if (i == 0 || i + 1 == local || a[i + 1] == '.')
				return false;
		} else if (!av_ascii_alpha(c) && !av_ascii_digit(c) &&
			   strchr("!#$%&'*+-/=?^_`{|}~", c) == NULL) {
			return false;
		}
	}
	for (const char *p = at + 1; *p != '\0'; p++) {
		if (*p == '.') {
			if (p == at + 1 || p[1] == '\0' || p[1] == '.')
				return false;
		} else if (!av_ascii_alpha(*p) && !av_ascii_digit(*p) && *p != '-') {
			return false;
		}
	}
	return true;
}

bool
av_addr_plausible(const char *s, size_t n)
{
	const char *at = n > 0 ? memchr(s, '@', n) : NULL;

	if (at == NULL || at == s || at == s + n - 1 ||
	    memchr(at + 1, '@', n - (size_t)(at - s) - 1))
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= ' ' || c == 0x7f ||
		    (c == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] < 0xa0) ||
		    strchr("<>,;:\"()[]\\", c) != NULL)
			return false;
	}
	return true;
}

#define FIT_MAX_WORDS 6

struct fit {
	const char *s; /* the local part: lower-case letters and '.' between parts */
	size_t len;
	const char *w[FIT_MAX_WORDS]; /* the name's words, in the order tried */
	size_t wl[FIT_MAX_WORDS];
	size_t n;
};

/* Can s[pos..) be written with words wi.. (whole, initial or left out)? */
static bool
fit_from(const struct fit *f, size_t pos, size_t wi, unsigned shown, unsigned whole)
{
	if (wi == f->n)
		return pos == f->len && shown >= 2 && whole >= 1;
	if (fit_from(f, pos, wi + 1, shown, whole))
		return true;
	/* written words are joined directly or by one separator */
	if (pos > 0 && pos < f->len && f->s[pos] == '.')
		pos++;
	if (pos >= f->len || f->s[pos] != f->w[wi][0])
		return false;
	if (pos + f->wl[wi] <= f->len && memcmp(f->s + pos, f->w[wi], f->wl[wi]) == 0 &&
	    fit_from(f, pos + f->wl[wi], wi + 1, shown + 1, whole + 1))
		return true;
	return f->wl[wi] > 1 && fit_from(f, pos + 1, wi + 1, shown + 1, whole);
}

bool
av_addr_local_fits_name(const char *addr, const char *name)
{
	char key[256], local[128], words[256];
	const char *lp;
	size_t ll, o = 0, wo = 0, n = 0;
	const char *w[FIT_MAX_WORDS];
	size_t wl[FIT_MAX_WORDS];
	struct fit f;

	if (addr == NULL || name == NULL || strchr(addr, '@') == NULL ||
	    !av_text_name_key(name, strlen(name), key, sizeof(key)))
		return false;
	av_addr_local(addr, &lp, &ll);
	for (size_t i = 0; i < ll; i++) {
		char c = lp[i];

		if (av_ascii_digit(c))
			continue;
		if (c == '.' || c == '_' || c == '-') {
			if (o > 0 && local[o - 1] != '.')
				local[o++] = '.';
		} else if (av_ascii_alpha(c)) {
			local[o++] = av_ascii_lower(c);
		} else {
			return false;
		}
		if (o + 1 >= sizeof(local))
			return false;
	}
	while (o > 0 && local[o - 1] == '.')
		o--;
	local[o] = '\0';
	/* the name's words: letters only, split at spaces */
	for (const char *p = key;; p++) {
		if (*p == ' ' || *p == '\0') {
			if (wo > 0 && words[wo - 1] != '\0') {
				words[wo++] = '\0';
				n++;
			}
			if (*p == '\0')
				break;
		} else if (av_ascii_alpha(*p)) {
			if (wo == 0 || words[wo - 1] == '\0') {
				if (n == FIT_MAX_WORDS)
					return false;
				w[n] = words + wo;
			}
			words[wo++] = *p;
		} else if (*p != '-' && *p != '\'' && *p != '.') {
			return false; /* a letter the local part cannot hold */
		}
	}
	if (n < 2 || o == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		wl[i] = strlen(w[i]);
	f.s = local;
	f.len = o;
	f.n = n;
	for (size_t i = 0; i < n; i++) {
		f.w[i] = w[i];
		f.wl[i] = wl[i];
	}
	if (fit_from(&f, 0, 0, 0, 0))
		return true;
	/* "lund.kim": the last word first */
	f.w[0] = w[n - 1];
	f.wl[0] = wl[n - 1];
	for (size_t i = 1; i < n; i++) {
		f.w[i] = w[i - 1];
		f.wl[i] = wl[i - 1];
	}
	return fit_from(&f, 0, 0, 0, 0);
}
