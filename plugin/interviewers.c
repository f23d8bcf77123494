/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — who interviewed? (design.md "Who interviewed?"): attendees, the organizer
 * and names in the description, addresses from the rest of the mail (interviewers.h has
 * the rules). Pure logic on struct av_invite: names.c reads the names, correspondence.c
 * says whose an address is; this file assembles the list. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "afterview/addr.h"
#include "afterview/correspondence.h"
#include "afterview/interviewers.h"
#include "afterview/log.h"
#include "afterview/names.h"
#include "afterview/text.h"
#include "afterview/words.h"

#define MAX_INTERVIEWERS 100
#define MAX_LIST_LINES	 100 /* lines read under one "Interviewers:" header */

/* ---- interviewers ------------------------------------------------------------------------ */

struct ilist {
	struct av_interviewer *v;
	char **keys; /* av_text_name_key of each entry's name, NULL when it did not fit */
	size_t n, cap;
};

/* Add a person, merging with one already there: same address, or same name. The earlier
 * entry keeps its place and source; a real name replaces a guessed one, and an address
 * fills a gap. Takes ownership of name and email. */
static void
ilist_add(struct ilist *l, char *name, char *email, enum av_source source, bool guessed)
{
	struct av_interviewer *hit = NULL;
	char *key = av_names_key(name);
	size_t at = 0;

	for (size_t i = 0; i < l->n && hit == NULL; i++)
		if (email != NULL && av_addr_same(l->v[i].email, email))
			hit = &l->v[at = i];
	for (size_t i = 0; i < l->n && hit == NULL && key != NULL; i++)
		if (l->keys[i] != NULL && strcmp(l->keys[i], key) == 0)
			hit = &l->v[at = i];
	if (hit != NULL) {
		if (hit->name_guessed && !guessed) {
			free(hit->name);
			free(l->keys[at]);
			hit->name = name;
			l->keys[at] = key;
			hit->name_guessed = false;
			name = NULL;
			key = NULL;
		}
		if (hit->email == NULL && email != NULL) {
			hit->email = email;
			email = NULL;
		}
		free(name);
		free(email);
		free(key);
		return;
	}
	if (l->n >= MAX_INTERVIEWERS) {
		av_debug(AV_CAT_DETECT, "more than %d interviewers; the rest ignored",
			 MAX_INTERVIEWERS);
		free(name);
		free(email);
		free(key);
		return;
	}
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->v = av_realloc(l->v, l->cap * sizeof(*l->v));
		l->keys = av_realloc(l->keys, l->cap * sizeof(*l->keys));
	}
	l->keys[l->n] = key;
	l->v[l->n].name = name;
	l->v[l->n].email = email;
	l->v[l->n].source = source;
	l->v[l->n].name_guessed = guessed;
	l->v[l->n].name_initial_only = false;
	l->v[l->n].email_foreign = false;
	l->v[l->n].email_from_mail = false;
	l->n++;
}

/* Why an attendee (or the organizer) is not an interviewer, or NULL if they may be. */
static const char *
excluded_why(const struct av_attendee *a, const struct av_interviewers_ctx *ctx)
{
	if (a->email == NULL && (a->cn == NULL || a->cn[0] == '\0'))
		return "no address";
	if (av_correspondence_is_mine(ctx, a->email))
		return "own address";
	if (ctx != NULL && ctx->sent_to != NULL && av_addr_same(a->email, ctx->sent_to))
		return "the person: the invite was sent to this address";
	if (av_correspondence_is_me_by_name(ctx, a))
		return "the person: the name is yours";
	if (a->cutype != AV_CUTYPE_INDIVIDUAL)
		return "not an individual";
	if (a->role == AV_ROLE_NON_PARTICIPANT)
		return "non-participant";
	/* they did not take part; someone else may have stood in for them */
	if (a->partstat == AV_PARTSTAT_DECLINED)
		return "declined";
	if (av_correspondence_is_system_mailbox(a->email) || av_correspondence_is_system_cn(a->cn))
		return "system mailbox";
	if (av_correspondence_is_list(a->email, a->cn))
		return "mailing list or group";
	if (a->email != NULL && av_correspondence_is_team_mailbox(a->email) &&
	    !av_names_is_person(a->cn, a->email))
		return "team mailbox";
	return NULL;
}

static void
add_party(struct ilist *l, const struct av_attendee *a, enum av_source source)
{
	char *name = av_names_from_cn(a->cn, a->email);
	bool guessed = false;

	if (name == NULL) {
		if (a->email == NULL)
			return;
		name = av_addr_guess_name(a->email);
		guessed = true;
	}
	ilist_add(l, name, a->email ? av_text_fold(a->email, strlen(a->email)) : NULL, source,
		  guessed);
}

struct desc_ctx {
	struct ilist *l;
	const struct av_invite *inv;
	const struct av_interviewers_ctx *ctx;
	char **party_keys; /* name keys of attendees 0..n-1, then the organizer */
};

/* The attendee (or organizer) a description name refers to: same CN, or the same name
 * guessed from the address. */
static const struct av_attendee *
party_by_name(const struct desc_ctx *dc, const char *name)
{
	char *key = av_names_key(name);
	const struct av_attendee *hit = NULL;

	for (size_t k = 0; key != NULL && k <= dc->inv->n_attendees && hit == NULL; k++) {
		if (dc->party_keys[k] == NULL || strcmp(dc->party_keys[k], key) != 0)
			continue;
		hit = k < dc->inv->n_attendees ? &dc->inv->attendees[k] : &dc->inv->organizer;
	}
	free(key);
	return hit;
}

/* One name found in the description: resolve it and add it, unless the invite itself says
 * it is not an interviewer (their attendee entry was left out above). */
static void
add_described(const struct desc_ctx *dc, char *name, char *email)
{
	struct ilist *l = dc->l;
	const struct av_attendee *a = party_by_name(dc, name);

	if (av_correspondence_is_my_name(dc->ctx, name)) {
		free(name);
		free(email);
		return;
	}
	if (a != NULL) {
		if (excluded_why(a, dc->ctx) != NULL) {
			free(name);
			free(email);
			return;
		}
		if (email == NULL && a->email != NULL)
			email = av_text_fold(a->email, strlen(a->email));
	}
	if (email != NULL && av_correspondence_is_mine(dc->ctx, email)) {
		free(name);
		free(email);
		return;
	}
	ilist_add(l, name, email, AV_SOURCE_DESCRIPTION, false);
}

/* Connectors between names in a list, with the spaces around them. */
static size_t
connector_at(const char *s, size_t len, size_t i)
{
	static const char *const words[] = {" and ", " & ",   " und ", " et ", " y ", " e ",
					    " en ",  " och ", " og ",  " + ",  NULL};

	for (size_t k = 0; words[k] != NULL; k++) {
		size_t n = strlen(words[k]);

		if (i + n <= len && av_text_starts_ci(s + i, len - i, words[k]))
			return n;
	}
	return 0;
}

/* Split s[0..len) into items at ',', ';' and connectors outside parentheses and angle
 * brackets; add a person for each item that holds a name. An item with only an address
 * gives it to the name before it ("Jane Doe, Staff Engineer (jane@acme.example)").
 * Returns the number of names found. */
static size_t
parse_items(struct desc_ctx *dc, const char *s, size_t len)
{
	size_t start = 0, found = 0, depth = 0;
	char *pending_name = NULL, *pending_email = NULL;

	for (size_t i = 0; i <= len; i++) {
		size_t conn = 0;
		char *name = NULL, *email;
		size_t end;

		if (i < len) {
			if (s[i] == '(' || s[i] == '<' || s[i] == '[')
				depth++;
			else if ((s[i] == ')' || s[i] == '>' || s[i] == ']') && depth > 0)
				depth--;
			if (depth > 0)
				continue;
			conn = connector_at(s, len, i);
			if (conn == 0 && s[i] != ',' && s[i] != ';')
				continue;
		}
		email = av_names_find_email(s + start, i - start);
		if (av_names_parse(s + start, i - start, &name, &end)) {
			if (pending_name != NULL) {
				add_described(dc, pending_name, pending_email);
				found++;
			}
			pending_name = name;
			pending_email = email;
		} else if (email != NULL && pending_name != NULL && pending_email == NULL) {
			pending_email = email;
		} else {
			free(email);
		}
		start = i + (conn ? conn : 1);
		if (conn > 0)
			i += conn - 1;
	}
	if (pending_name != NULL) {
		add_described(dc, pending_name, pending_email);
		found++;
	}
	return found;
}

/* Skip white space, list bullets (- • * ·, "1." "2)") and markdown emphasis. */
static size_t
skip_bullets(const char *s, size_t len)
{
	size_t i = 0;

	for (;;) {
		size_t n = av_text_space_at(s, len, i);

		if (n > 0) {
			i += n;
		} else if (i < len && (s[i] == '*' || s[i] == '_' || s[i] == '#' || s[i] == '>' ||
				       (s[i] == '-' && i + 1 < len && s[i + 1] == ' '))) {
			i++;
		} else if (i + 3 <= len && memcmp(s + i, "\xe2\x80\xa2", 3) == 0) {
			i += 3;
		} else if (i + 2 <= len && memcmp(s + i, "\xc2\xb7", 2) == 0) {
			i += 2;
		} else if (i + 1 < len && av_ascii_digit(s[i]) &&
			   (s[i + 1] == '.' || s[i + 1] == ')') && i + 2 < len && s[i + 2] == ' ') {
			i += 2;
		} else {
			return i;
		}
	}
}

/* A clock time at s[*i]: "10", "10:00", "10.00", "10h00", optionally "am"/"p.m.".
 * Returns true when it is clearly a time (minutes or am/pm present). */
static bool
parse_clock(const char *s, size_t len, size_t *i)
{
	size_t j = *i, d = 0;
	bool minutes = false, ampm = false;

	while (j < len && av_ascii_digit(s[j]) && d < 2) {
		j++;
		d++;
	}
	if (d == 0 || (j < len && av_ascii_digit(s[j])))
		return false;
	if (j + 2 < len && (s[j] == ':' || s[j] == '.' || s[j] == 'h') &&
	    av_ascii_digit(s[j + 1]) && av_ascii_digit(s[j + 2]) &&
	    !(j + 3 < len && av_ascii_digit(s[j + 3]))) {
		j += 3;
		minutes = true;
	}
	{
		size_t k = j;

		while (k < len && s[k] == ' ')
			k++;
		if (k < len && (av_ascii_lower(s[k]) == 'a' || av_ascii_lower(s[k]) == 'p')) {
			size_t m = k + 1;

			if (m < len && s[m] == '.')
				m++;
			if (m < len && av_ascii_lower(s[m]) == 'm') {
				m++;
				if (m < len && s[m] == '.')
					m++;
				if (m >= len || !av_ascii_alpha(s[m])) {
					j = m;
					ampm = true;
				}
			}
		}
	}
	if (!minutes && !ampm)
		return false;
	*i = j;
	return true;
}

/* If the line starts with a time or a time range ("10:00 AM - 10:45 AM", "10:00–10:45",
 * "14h00 à 14h45", "1pm PT:"), the offset of what follows it; else 0. */
static size_t
itinerary_rest(const char *s, size_t len)
{
	size_t i = 0, k;
	bool range = false, sep = false;

	if (!parse_clock(s, len, &i))
		return 0;
	k = i;
	while (k < len && s[k] == ' ')
		k++;
	if (k < len && s[k] == '-') {
		k++;
		range = true;
	} else if (k + 3 <= len && (memcmp(s + k, "\xe2\x80\x93", 3) == 0 ||
				    memcmp(s + k, "\xe2\x80\x94", 3) == 0)) {
		k += 3;
		range = true;
	} else if (av_text_starts_ci(s + k, len - k, "to ") ||
		   av_text_starts_ci(s + k, len - k, "bis ")) {
		k += s[k] == 't' || s[k] == 'T' ? 2 : 3;
		range = true;
	} else if (k + 2 <= len && memcmp(s + k, "\xc3\xa0", 2) == 0) { /* à */
		k += 2;
		range = true;
	}
	if (range) {
		while (k < len && s[k] == ' ')
			k++;
		if (!parse_clock(s, len, &k)) {
			/* "10:00 - Jane Doe": a single time and a separator */
			i = k;
			sep = true;
		} else {
			i = k;
		}
	}
	/* a time zone after the time: "PT", "CET", "(EST)" */
	k = i;
	while (k < len && s[k] == ' ')
		k++;
	{
		size_t z = k, letters = 0;
		bool paren = z < len && s[z] == '(';

		if (paren)
			z++;
		while (z < len && s[z] >= 'A' && s[z] <= 'Z' && letters < 5) {
			z++;
			letters++;
		}
		if (paren && z < len && s[z] == ')')
			z++;
		else if (paren)
			letters = 0;
		if (letters >= 2 && (z >= len || s[z] == ' ' || s[z] == ':' || s[z] == ','))
			i = z;
	}
	/* separators before the name: "10:00-10:45: Jane", "10:00 AM PT | Jane" */
	for (;;) {
		if (i < len && (s[i] == ' ' || s[i] == ',')) {
			i++;
		} else if (i < len && (s[i] == ':' || s[i] == '|' || s[i] == '-')) {
			sep = true;
			i++;
		} else if (i + 3 <= len && (memcmp(s + i, "\xe2\x80\x93", 3) == 0 ||
					    memcmp(s + i, "\xe2\x80\x94", 3) == 0 ||
					    memcmp(s + i, "\xe2\x80\xa2", 3) == 0)) {
			sep = true;
			i += 3;
		} else if (i + 2 <= len && memcmp(s + i, "\xc2\xb7", 2) == 0) {
			sep = true;
			i += 2;
		} else {
			break;
		}
	}
	if (!range && !sep)
		return 0;
	return i;
}

/* Where the next segment separator (" - ", " – ", " — ", " | ", ": ") starts at or after
 * i, outside parentheses; len if none. *sep_len_r is its length. */
static size_t
next_separator(const char *s, size_t len, size_t i, size_t *sep_len_r)
{
	size_t depth = 0;

	for (; i < len; i++) {
		if (s[i] == '(' || s[i] == '<')
			depth++;
		else if ((s[i] == ')' || s[i] == '>') && depth > 0)
			depth--;
		if (depth > 0)
			continue;
		if (s[i] == ':' && (i + 1 == len || s[i + 1] == ' ')) {
			*sep_len_r = 1;
			return i;
		}
		if (s[i] != ' ')
			continue;
		if (i + 2 < len && (s[i + 1] == '-' || s[i + 1] == '|') && s[i + 2] == ' ') {
			*sep_len_r = 3;
			return i;
		}
		if (i + 4 < len &&
		    (memcmp(s + i + 1, "\xe2\x80\x93", 3) == 0 ||
		     memcmp(s + i + 1, "\xe2\x80\x94", 3) == 0 ||
		     memcmp(s + i + 1, "\xe2\x80\xa2", 3) == 0) &&
		    s[i + 4] == ' ') {
			*sep_len_r = 5;
			return i;
		}
		if (i + 3 < len && memcmp(s + i + 1, "\xc2\xb7", 2) == 0 && s[i + 3] == ' ') {
			*sep_len_r = 4;
			return i;
		}
	}
	*sep_len_r = 0;
	return len;
}

/* The part of an itinerary line that names people: after " with " when there is one,
 * and then the first segment that holds a name. */
static size_t
parse_itinerary(struct desc_ctx *dc, const char *s, size_t len)
{
	static const char *const with[] = {" with ", " w/ ", " mit ", " avec ", " con ", NULL};
	size_t start = 0;
	char *f = av_text_fold(s, len);

	for (size_t k = 0; with[k] != NULL; k++) {
		const char *hit = strstr(f, with[k]);

		if (hit != NULL) {
			start = (size_t)(hit - f) + strlen(with[k]);
			break;
		}
	}
	free(f);
	while (start < len) {
		size_t sep_len, end = next_separator(s, len, start, &sep_len);
		size_t found = parse_items(dc, s + start, end - start);

		if (found > 0) {
			/* an address later on the line ("… – jane@acme.example") */
			if (found == 1 && dc->l->n > 0 && dc->l->v[dc->l->n - 1].email == NULL &&
			    dc->l->v[dc->l->n - 1].source == AV_SOURCE_DESCRIPTION) {
				char *email = av_names_find_email(s + end, len - end);

				if (email != NULL)
					dc->l->v[dc->l->n - 1].email = email;
			}
			return found;
		}
		if (sep_len == 0)
			break;
		start = end + sep_len;
	}
	return 0;
}

/* A header that introduces interviewers. Nouns must be followed by ':' and start the
 * line; verb phrases ("You'll meet with") may stand anywhere in it. Returns the offset
 * after the header (and its colon), or 0; *colon_r says whether the line ends the header
 * with ':' (a list follows on the next lines). */
static size_t
interviewer_header(const char *s, size_t len, bool *colon_r)
{
	static const char *const nouns[] = {/* followed by a colon, or alone on their line */
					    "interviewers",
					    "interviewer",
					    "interviewer(s)",
					    "your interviewers",
					    "interview panel",
					    "panel",
					    "panelists",
					    "panellists",
					    "entrevistadores",
					    "entrevistador",
					    "entrevistadora",
					    "intervistatori",
					    "gesprächspartner",
					    "ihre gesprächspartner",
					    "vos interlocuteurs",
					    "interlocuteurs",
					    NULL};
	static const char *const verbs[] = {
		/* longest first: "you'll meet" must not cut "you'll meet with" short */
		"you'll be meeting with",
		"you will be meeting with",
		"you'll be speaking with",
		"you will be speaking with",
		"you'll be interviewing with",
		"you will be interviewing with",
		"you'll meet with",
		"you will meet with",
		"you'll speak with",
		"you will speak with",
		"you'll be interviewed by",
		"you will be interviewed by",
		"your interviewers will be",
		"your interviewer will be",
		"your interviewers are",
		"your interviewer is",
		"you'll meet",
		"you will meet",
		"sie treffen",
		"sie sprechen mit",
		"vous rencontrerez",
		"vous allez rencontrer",
		"vous échangerez avec",
		"conocerás a",
		"te reunirás con",
		"incontrerai",
		NULL};
	char *f = av_text_fold(s, len);
	size_t res = 0;
	struct av_words_span sp;

	*colon_r = false;
	for (size_t k = 0; nouns[k] != NULL && res == 0; k++) {
		size_t n = strlen(nouns[k]), j = n;

		if (len < n || memcmp(f, nouns[k], n) != 0)
			continue;
		while (j < len && (f[j] == ' ' || f[j] == '*' || f[j] == '_'))
			j++;
		if (j < len && f[j] == ':') {
			j++;
			while (j < len && (f[j] == '*' || f[j] == '_'))
				j++;
			res = j;
		} else if (j == len) {
			res = j; /* a heading on its own line: "Interviewers" */
		}
	}
	for (size_t k = 0; verbs[k] != NULL && res == 0; k++) {
		struct av_words_pat p;

		av_words_pat_init(&p, verbs[k]);
		if (av_words_pat_find(&p, f, len, NULL, 0, &sp)) {
			size_t j = sp.end;

			while (j < len && (f[j] == ' ' || f[j] == '*' || f[j] == '_'))
				j++;
			if (j < len && f[j] == ':') {
				j++;
				while (j < len && (f[j] == '*' || f[j] == '_'))
					j++;
			}
			res = j;
		}
	}
	if (res > 0) {
		size_t e = len;

		while (e > 0 && (f[e - 1] == ' ' || f[e - 1] == '*' || f[e - 1] == '_'))
			e--;
		*colon_r = e > 0 && f[e - 1] == ':';
	}
	free(f);
	return res;
}

static void
parse_description(struct desc_ctx *dc, const char *text, size_t len)
{
	size_t pos = 0;
	bool in_list = false;
	unsigned list_lines = 0, blanks = 0;
	size_t list_found = 0;

	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;
		const char *line = text + pos;
		size_t llen = end - pos, b, rest, hdr;
		bool colon;

		pos = nl ? end + 1 : len;
		while (llen > 0 && (line[llen - 1] == '\r' || line[llen - 1] == ' '))
			llen--;
		b = skip_bullets(line, llen);
		line += b;
		llen -= b;
		if (in_list) {
			if (llen == 0) {
				if (list_found > 0 || ++blanks > 2)
					in_list = false;
				continue;
			}
			if (++list_lines > MAX_LIST_LINES) {
				in_list = false;
			} else {
				size_t found;

				rest = itinerary_rest(line, llen);
				found = rest > 0 ? parse_itinerary(dc, line + rest, llen - rest)
						 : parse_items(dc, line, llen);
				list_found += found;
				if (found > 0)
					continue;
				in_list = false;
			}
		}
		if (llen == 0)
			continue;
		hdr = interviewer_header(line, llen, &colon);
		if (hdr > 0) {
			size_t found = 0;

			if (!colon)
				found = parse_items(dc, line + hdr, llen - hdr);
			/* "You'll meet the team." introduces no list; "You'll meet with:" and a
			 * bare "Interviewers:" do */
			if (found == 0 && (colon || hdr >= llen)) {
				in_list = true;
				list_lines = 0;
				blanks = 0;
				list_found = 0;
			}
			continue;
		}
		rest = itinerary_rest(line, llen);
		if (rest > 0)
			parse_itinerary(dc, line + rest, llen - rest);
	}
}

/* ---- names and addresses from the rest of the text and the mail -------------------------- */

/* An attendee or organizer known only by a guessed name takes the name the text gives,
 * when it fits their address and no other name does. */
static void
names_from_text(struct ilist *l, const char *text, size_t len)
{
	char *names[AV_NAMES_MAX_SENDER];
	size_t n = av_names_find_sender(text, len, names);

	for (size_t i = 0; i < l->n && n > 0; i++) {
		struct av_interviewer *iv = &l->v[i];
		const char *hit = NULL;
		bool two = false;

		if (!iv->name_guessed || iv->email == NULL)
			continue;
		for (size_t k = 0; k < n; k++) {
			if (!av_addr_local_fits_name(iv->email, names[k]))
				continue;
			two = two || (hit != NULL && strcmp(hit, names[k]) != 0);
			hit = names[k];
		}
		if (hit == NULL || two)
			continue;
		av_debug(AV_CAT_DETECT, "%s: named \"%s\" by the text", iv->email, hit);
		free(iv->name);
		free(l->keys[i]);
		iv->name = av_strdup(hit);
		l->keys[i] = av_names_key(hit);
		iv->name_guessed = false;
	}
	for (size_t k = 0; k < n; k++)
		free(names[k]);
}

/* A name only the description gives, without an address: the one address of the rest of
 * the mail with that name (a CN) or, failing that, that fits the name, at the employer's
 * domain. */
static void
addresses_from_mail(struct ilist *l, const struct av_invite *inv,
		    const struct av_interviewers_ctx *ctx)
{
	for (size_t i = 0; ctx != NULL && i < l->n; i++) {
		struct av_interviewer *iv = &l->v[i];
		const char *found;
		bool ambiguous;

		if (iv->email != NULL || l->keys[i] == NULL)
			continue;
		found = av_correspondence_find_address(inv, ctx, iv->name, l->keys[i], &ambiguous);
		for (size_t k = 0; found != NULL && k < l->n; k++)
			if (av_addr_same(l->v[k].email, found))
				found = NULL; /* someone else of this invite has it */
		if (found == NULL || ambiguous) {
			if (ambiguous)
				av_debug(AV_CAT_DETECT, "%s: more than one address in the mail",
					 iv->name);
			continue;
		}
		av_debug(AV_CAT_DETECT, "%s: address %s from the mail", iv->name, found);
		iv->email = av_text_fold(found, strlen(found));
		iv->email_from_mail = true;
	}
}

void
av_interviewers_find_with(const struct av_invite *inv, const struct av_interviewers_ctx *ctx,
			  struct av_interviewer **list_r, size_t *n_r)
{
	struct ilist l = {0};

	*list_r = NULL;
	*n_r = 0;
	if (inv == NULL)
		return;
	for (size_t i = 0; i < inv->n_attendees; i++) {
		const char *why = excluded_why(&inv->attendees[i], ctx);

		if (why != NULL) {
			av_debug(AV_CAT_DETECT, "attendee %s: not an interviewer (%s)",
				 inv->attendees[i].email ? inv->attendees[i].email : "?", why);
			continue;
		}
		add_party(&l, &inv->attendees[i], AV_SOURCE_ATTENDEE);
	}
	if (inv->has_organizer) {
		const char *why = excluded_why(&inv->organizer, ctx);

		if (why == NULL)
			add_party(&l, &inv->organizer, AV_SOURCE_ORGANIZER);
		else
			av_debug(AV_CAT_DETECT, "organizer %s: not an interviewer (%s)",
				 inv->organizer.email ? inv->organizer.email : "?", why);
	}
	if (inv->description != NULL) {
		size_t len = strnlen(inv->description, AV_INVITE_MAX_TEXT);
		char *html = av_text_from_html(inv->description, len);
		struct desc_ctx dc = {&l, inv, ctx, av_names_party_keys(inv)};
		const char *text = html != NULL ? html : inv->description;
		size_t tlen = html != NULL ? strlen(html) : len;

		names_from_text(&l, text, tlen);
		parse_description(&dc, text, tlen);
		free(html);
		av_names_party_keys_free(inv, &dc.party_keys);
	}
	addresses_from_mail(&l, inv, ctx);
	for (size_t i = 0; i < l.n; i++) {
		struct av_interviewer *iv = &l.v[i];
		bool any;

		iv->name_initial_only = av_names_initial_only(iv->name);
		/* an address the description wrote: is it where the invite's people are? */
		if (iv->source == AV_SOURCE_DESCRIPTION && iv->email != NULL &&
		    !iv->email_from_mail &&
		    !av_correspondence_at_party_domain(inv, ctx, av_addr_domain(iv->email), &any))
			iv->email_foreign = any;
		free(l.keys[i]);
	}
	free(l.keys);
	*list_r = l.v;
	*n_r = l.n;
}

void
av_interviewers_find(const struct av_invite *inv, char *const *my_addresses,
		     struct av_interviewer **list_r, size_t *n_r)
{
	struct av_interviewers_ctx ctx = {0};

	ctx.my_addresses = my_addresses;
	av_interviewers_find_with(inv, &ctx, list_r, n_r);
}

bool
av_interviewers_is_party(const struct av_invite *inv, const char *name)
{
	char *key = av_names_key(name);
	bool hit = false;

	for (size_t k = 0; key != NULL && !hit && k <= inv->n_attendees; k++) {
		const struct av_attendee *a = k < inv->n_attendees ? &inv->attendees[k]
					      : inv->has_organizer ? &inv->organizer
								   : NULL;
		char *cn, *ck;

		if (a == NULL)
			break;
		cn = av_names_from_cn(a->cn, a->email);
		ck = av_names_key(cn);
		hit = ck != NULL && strcmp(ck, key) == 0;
		free(ck);
		free(cn);
	}
	free(key);
	return hit;
}

void
av_interviewers_free(struct av_interviewer **list, size_t n)
{
	if (list == NULL || *list == NULL)
		return;
	for (size_t i = 0; i < n; i++) {
		free((*list)[i].name);
		free((*list)[i].email);
	}
	free(*list);
	*list = NULL;
}

const char *
av_interviewers_source_name(enum av_source source)
{
	switch (source) {
	case AV_SOURCE_ATTENDEE:
		return "attendee";
	case AV_SOURCE_ORGANIZER:
		return "organizer";
	case AV_SOURCE_DESCRIPTION:
		return "description";
	}
	return "unknown";
}
