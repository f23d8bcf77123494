/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — who interviewed? (design.md "Who interviewed?"): attendees, the organizer
 * and names in the description, addresses from the rest of the mail (interviewers.h has
 * the rules). Pure logic on struct av_invite: libc, and mime.c's RFC 2047 decoder for
 * the CNs that carry encoded words (so libetpan stays behind mime.c). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "afterview/addr.h"
#include "afterview/interviewers.h"
#include "afterview/log.h"
#include "afterview/mime.h"
#include "afterview/text.h"
#include "afterview/words.h"

#define MAX_INTERVIEWERS 100
#define MAX_NAME_BYTES	 200 /* a CN longer than this is cut (at a character boundary) */
#define MAX_NAME_WORDS	 4   /* capitalised words in a name taken from free text */
#define MAX_LIST_LINES	 100 /* lines read under one "Interviewers:" header */

/* ---- names in free text ---------------------------------------------------------------- */

/* Words that end a name: titles, event words, greetings, time zones. Written accent-free
 * in lower case: they are compared with av_text_name_key. */
static const char *const name_stop_words[] = {
	/* titles and teams */
	"manager", "engineer", "engineering", "director", "recruiter", "recruiting", "recruitment",
	"sourcer", "coordinator", "lead", "head", "chief", "vp", "svp", "evp", "cto", "ceo", "cfo",
	"coo", "cpo", "cio", "ciso", "founder", "cofounder", "co-founder", "president", "officer",
	"staff", "senior", "sr", "junior", "principal", "distinguished", "product", "program",
	"project", "designer", "design", "developer", "development", "architect", "scientist",
	"analyst", "partner", "specialist", "consultant", "associate", "intern", "member", "team",
	"talent", "acquisition", "hr", "people", "operations", "ops", "software", "hardware",
	"data", "platform", "infrastructure", "backend", "frontend", "fullstack", "full-stack",
	"security", "marketing", "sales", "account", "executive", "hiring", "technical", "tech",
	"research", "researcher", "advisor", "owner", "representative", "generalist", "business",
	"finance", "legal", "counsel", "administrator", "assistant", "managing", "em", "swe", "sre",
	"pm", "qa", "inc", "corp", "gmbh", "llc", "ltd", "ag", "group", "company", "candidate",
	"candidates", "calendar", "scheduling", "careers", "jobs", "recruiters", "leiter",
	"leiterin", "teamleiter", "teamleiterin", "entwickler", "entwicklerin", "personal",
	"geschaftsfuhrer", "geschaftsfuhrerin", "abteilungsleiter", "responsable", "directeur",
	"directrice", "ingenieur", "ingenieure", "chef", "developpeur", "developpeuse", "recruteur",
	"recruteuse", "directora", "ingeniero", "ingeniera", "gerente", "jefe", "jefa",
	"desarrollador", "desarrolladora", "reclutador", "reclutadora", "responsabile",
	/* the event */
	"interview", "interviews", "interviewer", "interviewers", "round", "onsite", "on-site",
	"panel", "screen", "screening", "call", "chat", "meeting", "session", "lunch", "break",
	"coffee", "welcome", "intro", "introduction", "introductions", "wrap", "wrap-up", "closing",
	"tour", "office", "q&a", "debrief", "presentation", "demo", "case", "study", "system",
	"coding", "behavioral", "behavioural", "culture", "values", "fit", "pairing", "pair",
	"programming", "architecture", "review", "take-home", "exercise", "whiteboard", "deep",
	"dive", "discussion", "overview", "agenda", "schedule", "itinerary", "location", "address",
	"room", "building", "floor", "lobby", "zoom", "google", "meet", "teams", "microsoft",
	"webex", "link", "dial", "phone", "video", "join", "please", "note", "notes", "dear", "hi",
	"hello", "thanks", "thank", "regards", "best", "cheers", "the", "our", "your", "you", "we",
	"with", "and", "or", "for", "of", "to", "at", "in", "on", "by", "from", "time", "date",
	"today", "tomorrow", "mittagessen", "pause", "begrussung", "uhr", "dejeuner", "accueil",
	"almuerzo", "descanso", "pranzo", "monday", "tuesday", "wednesday", "thursday", "friday",
	"saturday", "sunday", "january", "february", "march", "april", "june", "july", "august",
	"september", "october", "november", "december", "pt", "pst", "pdt", "et", "est", "edt",
	"ct", "cst", "cdt", "mt", "mst", "mdt", "cet", "cest", "utc", "gmt", "bst", "ist", "am",
	"pm", NULL};

/* Honorifics before a name are skipped, not taken. */
static const char *const honorifics[] = {"dr",	"dr.", "mr",   "mr.",  "mrs",	"mrs.", "ms",
					 "ms.", "mx",  "mx.",  "prof", "prof.", "herr", "frau",
					 "m.",	"mme", "mme.", "sr.",  "sra.",	NULL};

/* Lower-case words that belong inside a name ("Ludwig van Beethoven"). */
static const char *const name_particles[] = {"van", "von", "de",  "der", "den", "del", "della",
					     "di",  "da",  "du",  "la",	 "le",	"ten", "ter",
					     "bin", "al",  "dos", "das", "zu",	NULL};

/* Bytes of a character that ends a name when it appears inside a word, or 0. */
static size_t
name_stopper(const char *s, size_t len)
{
	if (strchr(",()<>[];|:/\"!?@", s[0]) != NULL)
		return 1;
	if (len >= 2 && memcmp(s, "\xc2\xb7", 2) == 0) /* · */
		return 2;
	if (len >= 3 && (memcmp(s, "\xe2\x80\x93", 3) == 0 || memcmp(s, "\xe2\x80\x94", 3) == 0 ||
			 memcmp(s, "\xe2\x80\xa2", 3) == 0 || memcmp(s, "\xe2\x80\x9c", 3) == 0 ||
			 memcmp(s, "\xe2\x80\x9d", 3) == 0))
		return 3;
	return 0;
}

static bool
is_space_at(const char *s, size_t len, size_t i)
{
	return av_text_space_at(s, len, i) > 0;
}

/* The characters a name word may hold after its capital: letters, ' ’ - and '.'. */
static bool
name_word_chars_ok(const char *w, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint32_t c;
		size_t k = av_utf8_decode(w + i, n - i, &c);

		if (k == 0)
			return false;
		if (!(c == '\'' || c == '-' || c == '.' || c == 0x2019 ||
		      (av_text_is_word(c) && !(c >= '0' && c <= '9'))))
			return false;
		i += k;
	}
	return true;
}

/* Read a person's name at the start of s: 2 to 4 capitalised words (lower-case particles
 * allowed inside), ending at punctuation, " - ", a title or event word, or a lower-case
 * word. On success *name_r is the name with single spaces and *end_r the offset after it
 * (so callers can tell whether the name was all there was). */
static bool
parse_name(const char *s, size_t len, char **name_r, size_t *end_r)
{
	struct av_buf b;
	size_t i = 0, caps = 0, good_len = 0, good_end = 0;
	bool stop = false;

	av_buf_init(&b);
	while (!stop) {
		size_t ws, we, n_stop = 0, wlen;
		uint32_t c;
		bool last = false;

		while (i < len && is_space_at(s, len, i))
			i += av_text_space_at(s, len, i);
		if (i >= len)
			break;
		ws = i;
		while (i < len && !is_space_at(s, len, i)) {
			n_stop = name_stopper(s + i, len - i);
			if (n_stop > 0)
				break;
			i++;
		}
		we = i;
		if (n_stop > 0)
			stop = true;
		wlen = we - ws;
		if (wlen == 0)
			break;
		if (wlen >= 2 && s[we - 1] == '.') {
			/* "J." is an initial; "Smith." ends a sentence */
			uint32_t c0;
			size_t k0 = av_utf8_decode(s + ws, wlen, &c0);

			if (k0 == 0 || k0 + 1 != wlen) {
				last = true;
				wlen--;
			}
		}
		if (av_utf8_decode(s + ws, wlen, &c) == 0)
			break;
		if (caps == 0 && av_words_key_in(s + ws, wlen, honorifics))
			continue;
		if (!av_text_is_upper(c)) {
			if (caps > 0 && av_words_key_in(s + ws, wlen, name_particles) && !last) {
				if (b.len > 0)
					av_buf_append(&b, " ", 1);
				av_buf_append(&b, s + ws, wlen);
				continue;
			}
			break;
		}
		if (!name_word_chars_ok(s + ws, wlen) ||
		    av_words_key_in(s + ws, wlen, name_stop_words))
			break;
		if (++caps > MAX_NAME_WORDS)
			goto reject;
		if (b.len > 0)
			av_buf_append(&b, " ", 1);
		av_buf_append(&b, s + ws, wlen);
		good_len = b.len;
		good_end = ws + wlen;
		if (last)
			break;
	}
	if (caps < 2)
		goto reject;
	b.data[good_len] = '\0'; /* drop trailing particles */
	b.len = good_len;
	*name_r = av_buf_steal(&b);
	*end_r = good_end;
	return true;

reject:
	av_buf_clear(&b);
	return false;
}

/* The first e-mail address in s[0..len), lower case, or NULL. */
static char *
find_email(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		size_t a, e;

		if (s[i] != '@')
			continue;
		a = i;
		while (a > 0 && av_addr_char(s[a - 1], true))
			a--;
		e = i + 1;
		while (e < len && av_addr_char(s[e], false))
			e++;
		while (e > i + 1 && (s[e - 1] == '.' || s[e - 1] == '-'))
			e--;
		while (a < i && s[a] == '.')
			a++;
		if (a < i && e > i + 1 && memchr(s + i + 1, '.', e - i - 1) != NULL) {
			char *addr = av_strndup(s + a, e - a);

			av_text_lower(addr);
			return addr;
		}
	}
	return NULL;
}

/* ---- interviewers ------------------------------------------------------------------------ */

struct ilist {
	struct av_interviewer *v;
	char **keys; /* av_text_name_key of each entry's name, NULL when it did not fit */
	size_t n, cap;
};

/* A malloc'd av_text_name_key of name, or NULL. */
static char *
key_dup(const char *name)
{
	char k[MAX_NAME_BYTES * 2 + 1];

	if (name == NULL || !av_text_name_key(name, strlen(name), k, sizeof(k)) || k[0] == '\0')
		return NULL;
	return av_strdup(k);
}

/* Add a person, merging with one already there: same address, or same name. The earlier
 * entry keeps its place and source; a real name replaces a guessed one, and an address
 * fills a gap. Takes ownership of name and email. */
static void
ilist_add(struct ilist *l, char *name, char *email, enum av_source source, bool guessed)
{
	struct av_interviewer *hit = NULL;
	char *key = key_dup(name);
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

/* The compact local part: lower case, without "+tag" and without . - _ ("no-reply" and
 * "no_reply" are both "noreply"). */
static void
compact_local(const char *addr, char *out, size_t outsize)
{
	const char *local;
	size_t len, o = 0;

	out[0] = '\0';
	if (addr == NULL)
		return;
	av_addr_local(addr, &local, &len);
	for (size_t i = 0; i < len && o + 1 < outsize; i++)
		if (local[i] != '.' && local[i] != '-' && local[i] != '_')
			out[o++] = av_ascii_lower(local[i]);
	out[o] = '\0';
}

/* Mailboxes no person reads: no-reply, calendar notifications, scheduling robots,
 * invitations, shared candidate calendars. Never an interviewer, whatever the CN says. */
static bool
system_mailbox(const char *addr)
{
	static const char *const prefixes[] = {"noreply",      "donotreply", "donotrespond",
					       "mailerdaemon", "postmaster", NULL};
	static const char *const parts[] = {"calendar",	  "notification", "scheduling", "scheduler",
					    "invitation", "candidate",	  NULL};
	static const char *const exact[] = {"invites", "invite",    "bounce", "bounces",
					    "notify",  "automated", "robot",  NULL};
	char c[128];

	if (addr == NULL)
		return false;
	if (av_addr_domain_is(av_addr_domain(addr), "calendar.google.com"))
		return true; /* group and resource calendars */
	compact_local(addr, c, sizeof(c));
	for (size_t i = 0; prefixes[i] != NULL; i++)
		if (strncmp(c, prefixes[i], strlen(prefixes[i])) == 0)
			return true;
	for (size_t i = 0; parts[i] != NULL; i++)
		if (strstr(c, parts[i]) != NULL)
			return true;
	for (size_t i = 0; exact[i] != NULL; i++)
		if (strcmp(c, exact[i]) == 0)
			return true;
	return false;
}

/* Team mailboxes (recruiting@, talent@, careers@, jobs@, interviews@…): not a person to
 * thank — unless the CN names one (see person_like). */
static bool
role_mailbox(const char *addr)
{
	static const char *const parts[] = {"recruit",	   "talent",   "career",   "hiring",
					    "interviews",  "staffing", "karriere", "bewerbung",
					    "recrutement", NULL};
	static const char *const exact[] = {
		"jobs",	  "job",     "hr",     "ta",	    "rh",     "people", "peopleops",
		"team",	  "info",    "hello",  "contact",   "admin",  "office", "interview",
		"empleo", "empleos", "lavoro", "vacatures", "werken", "apply",	NULL};
	char c[128];

	compact_local(addr, c, sizeof(c));
	if (c[0] == '\0')
		return false;
	for (size_t i = 0; parts[i] != NULL; i++)
		if (strstr(c, parts[i]) != NULL)
			return true;
	for (size_t i = 0; exact[i] != NULL; i++)
		if (strcmp(c, exact[i]) == 0)
			return true;
	return false;
}

/* A CN that names a shared calendar or a robot ("Acme Candidate Calendar",
 * "Google Calendar", "Do Not Reply"). */
static bool
system_cn(const char *cn)
{
	static const char *const words[] = {"calendar",	    "calendars",     "kalender",
					    "calendrier",   "calendario",    "candidate",
					    "candidates",   "noreply",	     "no-reply",
					    "no reply",	    "do not reply",  "donotreply",
					    "notification", "notifications", "scheduling",
					    "scheduler",    "invitations",   NULL};
	char *f;
	bool hit;

	if (cn == NULL)
		return false;
	f = av_text_fold(cn, strlen(cn));
	hit = av_words_find_folded(f, strlen(f), words) != NULL;
	free(f);
	return hit;
}

/* A CN tidied for use as a name: control characters and surrounding quotes removed,
 * white space collapsed, "Doe, Jane" turned round, cut at MAX_NAME_BYTES. NULL when
 * nothing usable is left or the CN is just the address (or its local part). */
static char *
clean_cn(const char *cn, const char *email)
{
	struct av_buf b;
	size_t i = 0, len;
	char *s, *comma, *decoded = NULL;

	if (cn == NULL)
		return NULL;
	/* a display name copied from a mail header without decoding it */
	if (strstr(cn, "=?") != NULL)
		cn = decoded = av_mime_decode_header(cn);
	av_buf_init(&b);
	len = strlen(cn);
	while (i < len) {
		uint32_t c;
		size_t n = av_utf8_decode(cn + i, len - i, &c);

		if (n == 0 || av_text_is_control(c)) {
			i += n ? n : 1;
			if (b.len > 0 && b.data[b.len - 1] != ' ')
				av_buf_append(&b, " ", 1);
			continue;
		}
		if (c == ' ' || c == 0xa0) {
			if (b.len > 0 && b.data[b.len - 1] != ' ')
				av_buf_append(&b, " ", 1);
			i += n;
			continue;
		}
		if (b.len + n > MAX_NAME_BYTES)
			break;
		av_buf_append(&b, cn + i, n);
		i += n;
	}
	free(decoded);
	s = av_buf_steal(&b);
	/* U+FFFD: the name was mangled on the way (Latin-1 sent as UTF-8); a name guessed
	 * from the address is better than greeting "Dear J?rgen" */
	if (strstr(s, "\xef\xbf\xbd") != NULL) {
		free(s);
		return NULL;
	}
	/* trim spaces and the quotes Outlook puts around CNs */
	len = strlen(s);
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '"' || s[len - 1] == '\''))
		s[--len] = '\0';
	i = 0;
	while (s[i] == ' ' || s[i] == '"' || s[i] == '\'')
		i++;
	memmove(s, s + i, len - i + 1);
	len -= i;
	if (len == 0 || strchr(s, '@') != NULL) {
		free(s);
		return NULL;
	}
	if (email != NULL) {
		const char *local;
		size_t llen;

		av_addr_local(email, &local, &llen);
		if (av_text_fold_eq(s, len, local, llen)) {
			free(s);
			return NULL;
		}
	}
	comma = strchr(s, ',');
	if (comma != NULL && strchr(comma + 1, ',') == NULL) {
		/* "Doe, Jane" → "Jane Doe", when both sides look like name parts */
		static const char *const suffixes[] = {"phd", "md",  "mba", "jr",  "jr.",
						       "sr",  "sr.", "ii",  "iii", "iv",
						       "esq", "msc", "bsc", NULL};
		const char *first = comma + 1;
		size_t last_len = (size_t)(comma - s);
		uint32_t c1, c2;

		while (*first == ' ')
			first++;
		if (last_len > 0 && *first != '\0' && av_utf8_decode(s, last_len, &c1) > 0 &&
		    av_utf8_decode(first, strlen(first), &c2) > 0 && av_text_is_upper(c1) &&
		    av_text_is_upper(c2) && !av_words_key_in(first, strlen(first), suffixes) &&
		    !av_words_key_in(first, strlen(first), name_stop_words) &&
		    strchr(first, ' ') == NULL) {
			char *flipped = av_asprintf("%s %.*s", first, (int)last_len, s);

			free(s);
			s = flipped;
		}
	}
	return s;
}

/* A CN that names one person: it reads as a name in full, and no word of it is the
 * company's ("Acme Talent" at acme.example is the team). */
static bool
person_like(const char *cn, const char *email)
{
	char *name = NULL, *f;
	size_t end = 0, len;
	bool ok;
	const char *d = av_addr_domain(email);

	if (cn == NULL)
		return false;
	len = strlen(cn);
	if (!parse_name(cn, len, &name, &end))
		return false;
	while (end < len && cn[end] == ' ')
		end++;
	ok = end == len;
	f = av_text_fold(cn, len);
	if (ok && d != NULL && av_words_domain_mentioned(d, f))
		ok = false;
	free(f);
	free(name);
	return ok;
}

static bool
is_mine(const struct av_interviewers_ctx *ctx, const char *email)
{
	for (size_t i = 0; ctx != NULL && ctx->my_addresses != NULL && ctx->my_addresses[i] != NULL;
	     i++)
		if (av_addr_same(email, ctx->my_addresses[i]))
			return true;
	return false;
}

/* name is the person's name ([me] name), compared by name key. */
static bool
is_my_name(const struct av_interviewers_ctx *ctx, const char *name)
{
	char *a, *b;
	bool same;

	if (ctx == NULL || ctx->my_name == NULL || name == NULL)
		return false;
	a = key_dup(ctx->my_name);
	b = key_dup(name);
	same = a != NULL && b != NULL && strcmp(a, b) == 0;
	free(a);
	free(b);
	return same;
}

/* The person under an address the config does not list: their name as CN (or, without
 * a CN, as the name-like local part gives it). */
static bool
is_me_by_name(const struct av_interviewers_ctx *ctx, const struct av_attendee *a)
{
	char *name = clean_cn(a->cn, a->email);
	bool hit;

	if (name == NULL && a->email != NULL && av_addr_local_is_name(a->email))
		name = av_addr_guess_name(a->email);
	hit = is_my_name(ctx, name);
	free(name);
	return hit;
}

static bool
is_letter_at(const char *f, size_t i)
{
	return av_ascii_alpha(f[i]) || (unsigned char)f[i] >= 0x80;
}

/* Mailing lists and groups ("eng-all@lists.acme.example", "all-hands@", "team-platform@",
 * a CN "Engineering All" or "Platform Team"): many people, none of them to thank by name,
 * whatever the CN says. */
static bool
list_mailbox(const char *addr, const char *cn)
{
	static const char *const list_domains[] = {"lists", "list", "groups", "group", NULL};
	static const char *const any_part[] = {"group",	 "groups",   "list",	 "lists",    "dl",
					       "distro", "everyone", "allhands", "allstaff", NULL};
	static const char *const first_part[] = {"all", "team", "teams", NULL};
	static const char *const last_part[] = {"all", "everyone", "team", "teams", NULL};
	static const char *const cn_words[] = {"all", "everyone", "team", "group", "list", NULL};

	if (addr != NULL && av_addr_domain(addr) != NULL) {
		const char *d = av_addr_domain(addr), *local;
		size_t llen, parts = 0, start = 0;
		char part[64], first[64] = "", last[64] = "";

		for (size_t k = 0; list_domains[k] != NULL; k++) {
			size_t n = strlen(list_domains[k]);

			if (av_text_starts_ci(d, strlen(d), list_domains[k]) && d[n] == '.' &&
			    strchr(d + n + 1, '.') != NULL)
				return true;
		}
		if (av_addr_domain_is(d, "googlegroups.com"))
			return true;
		av_addr_local(addr, &local, &llen);
		for (size_t i = 0; i <= llen; i++) {
			size_t n;

			if (i < llen && local[i] != '.' && local[i] != '-' && local[i] != '_')
				continue;
			n = i - start;
			if (n > 0 && n < sizeof(part)) {
				for (size_t k = 0; k < n; k++)
					part[k] = av_ascii_lower(local[start + k]);
				part[n] = '\0';
				for (size_t k = 0; any_part[k] != NULL; k++)
					if (strcmp(part, any_part[k]) == 0)
						return true;
				if (parts++ == 0)
					memcpy(first, part, n + 1);
				memcpy(last, part, n + 1);
			}
			start = i + 1;
		}
		for (size_t k = 0; parts >= 2 && first_part[k] != NULL; k++)
			if (strcmp(first, first_part[k]) == 0)
				return true;
		for (size_t k = 0; parts >= 2 && last_part[k] != NULL; k++)
			if (strcmp(last, last_part[k]) == 0)
				return true;
	}
	/* "Jane Doe - Recruiting Team" at jane.doe@ is Jane */
	if (cn != NULL && !av_addr_local_is_name(addr)) {
		char *f = av_text_fold(cn, strlen(cn));
		size_t len = strlen(f), s0 = len, e0 = len, s1 = len, e1 = 0;
		bool hit = false;

		/* the first and the last word, letters only */
		for (size_t i = 0; i < len; i++) {
			if (!is_letter_at(f, i))
				continue;
			if (s0 == len)
				s0 = i;
			if (e0 == len && (i + 1 == len || !is_letter_at(f, i + 1)))
				e0 = i + 1;
			if (i == 0 || !is_letter_at(f, i - 1))
				s1 = i;
			e1 = i + 1;
		}
		for (size_t k = 0; cn_words[k] != NULL && s0 < e0 && s1 < e1; k++) {
			size_t n = strlen(cn_words[k]);

			hit = hit || (e0 - s0 == n && memcmp(f + s0, cn_words[k], n) == 0) ||
			      (e1 - s1 == n && memcmp(f + s1, cn_words[k], n) == 0);
		}
		free(f);
		if (hit)
			return true;
	}
	return false;
}

/* Why an attendee (or the organizer) is not an interviewer, or NULL if they may be. */
static const char *
excluded_why(const struct av_attendee *a, const struct av_interviewers_ctx *ctx)
{
	if (a->email == NULL && (a->cn == NULL || a->cn[0] == '\0'))
		return "no address";
	if (is_mine(ctx, a->email))
		return "own address";
	if (ctx != NULL && ctx->sent_to != NULL && av_addr_same(a->email, ctx->sent_to))
		return "the person: the invite was sent to this address";
	if (is_me_by_name(ctx, a))
		return "the person: the name is yours";
	if (a->cutype != AV_CUTYPE_INDIVIDUAL)
		return "not an individual";
	if (a->role == AV_ROLE_NON_PARTICIPANT)
		return "non-participant";
	/* they did not take part; someone else may have stood in for them */
	if (a->partstat == AV_PARTSTAT_DECLINED)
		return "declined";
	if (system_mailbox(a->email) || system_cn(a->cn))
		return "system mailbox";
	if (list_mailbox(a->email, a->cn))
		return "mailing list or group";
	if (a->email != NULL && role_mailbox(a->email) && !person_like(a->cn, a->email))
		return "team mailbox";
	return NULL;
}

static void
add_party(struct ilist *l, const struct av_attendee *a, enum av_source source)
{
	char *name = clean_cn(a->cn, a->email);
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

/* The attendees' and organizer's names as keys (CN, else guessed from the address). */
static char **
party_keys_make(const struct av_invite *inv)
{
	char **keys = av_calloc(inv->n_attendees + 1, sizeof(*keys));

	for (size_t k = 0; k <= inv->n_attendees; k++) {
		const struct av_attendee *a;
		char *cn;

		if (k < inv->n_attendees)
			a = &inv->attendees[k];
		else if (inv->has_organizer)
			a = &inv->organizer;
		else
			break;
		cn = clean_cn(a->cn, a->email);
		if (cn == NULL && a->email != NULL)
			cn = av_addr_guess_name(a->email);
		keys[k] = key_dup(cn);
		free(cn);
	}
	return keys;
}

/* The attendee (or organizer) a description name refers to: same CN, or the same name
 * guessed from the address. */
static const struct av_attendee *
party_by_name(const struct desc_ctx *dc, const char *name)
{
	char *key = key_dup(name);
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

	if (is_my_name(dc->ctx, name)) {
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
	if (email != NULL && is_mine(dc->ctx, email)) {
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
		email = find_email(s + start, i - start);
		if (parse_name(s + start, i - start, &name, &end)) {
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
				char *email = find_email(s + end, len - end);

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

#define MAX_TEXT_NAMES 8

/* A name that ends exactly at s + len, starting at a word boundary: "Hi Sam, Kim Lund"
 * gives "Kim Lund". */
static char *
name_ending_at(const char *s, size_t len)
{
	while (len > 0 && s[len - 1] == ' ')
		len--;
	for (size_t ws = 0; ws < len; ws++) {
		char *name = NULL;
		size_t end;

		if (ws > 0 && s[ws - 1] != ' ')
			continue;
		if (parse_name(s + ws, len - ws, &name, &end)) {
			if (end == len - ws)
				return name;
			free(name);
		}
	}
	return NULL;
}

/* The lines of a closing before a signature. */
static bool
closing_line(const char *line, size_t len)
{
	static const char *const closings[] = {
		"best",		"best regards",	     "best wishes",
		"kind regards", "warm regards",	     "regards",
		"thanks",	"thank you",	     "many thanks",
		"cheers",	"sincerely",	     "warmly",
		"all the best", "talk soon",	     "--",
		"viele grüße",	"beste grüße",	     "mit freundlichen grüßen",
		"cordialement", "bien cordialement", "saludos",
		"un saludo",	"atentamente",	     NULL};
	char *f = av_text_fold(line, len);
	size_t n = len;
	bool hit = false;

	while (n > 0 && (f[n - 1] == ',' || f[n - 1] == '!' || f[n - 1] == ' ' || f[n - 1] == '.'))
		n--;
	for (size_t k = 0; closings[k] != NULL && !hit; k++)
		hit = strlen(closings[k]) == n && memcmp(f, closings[k], n) == 0;
	free(f);
	return hit;
}

/* Names the text gives for its sender: "Kim Lund is inviting you to a scheduled Zoom
 * meeting.", "Kim Lund has invited you to…", and the signature under a closing
 * ("Best,\nKim Lund"). Up to MAX_TEXT_NAMES into names; returns how many. */
static size_t
text_names(const char *text, size_t len, char **names)
{
	static const char *const inviting[] = {" is inviting you",    " has invited you",
					       " invited you to",     " vous invite",
					       " te invita",	      " le invita",
					       " lädt sie",	      " lädt dich",
					       " hat sie eingeladen", NULL};
	size_t pos = 0, n = 0;
	bool after_closing = false;

	while (pos < len && n < MAX_TEXT_NAMES) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len, llen;
		const char *line = text + pos;
		char *f, *name = NULL;

		pos = nl ? end + 1 : len;
		llen = end - (size_t)(line - text);
		while (llen > 0 && (line[llen - 1] == '\r' || line[llen - 1] == ' '))
			llen--;
		while (llen > 0 && (line[0] == ' ' || line[0] == '\t')) {
			line++;
			llen--;
		}
		if (llen == 0)
			continue;
		if (after_closing) {
			size_t e;

			after_closing = false;
			if (parse_name(line, llen, &name, &e) &&
			    (e == llen || strchr(",|(-\xe2", line[e]) != NULL ||
			     (line[e] == ' ' && e + 1 < llen && strchr("|(-\xe2", line[e + 1]))))
				names[n++] = name;
			else
				free(name);
			continue;
		}
		if (closing_line(line, llen)) {
			after_closing = true;
			continue;
		}
		f = av_text_fold(line, llen);
		for (size_t k = 0; inviting[k] != NULL; k++) {
			const char *hit = strstr(f, inviting[k]);

			if (hit != NULL &&
			    (name = name_ending_at(line, (size_t)(hit - f))) != NULL) {
				names[n++] = name;
				break;
			}
		}
		free(f);
	}
	return n;
}

/* An attendee or organizer known only by a guessed name takes the name the text gives,
 * when it fits their address and no other name does. */
static void
names_from_text(struct ilist *l, const char *text, size_t len)
{
	char *names[MAX_TEXT_NAMES];
	size_t n = text_names(text, len, names);

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
		l->keys[i] = key_dup(hit);
		iv->name_guessed = false;
	}
	for (size_t k = 0; k < n; k++)
		free(names[k]);
}

/* Is domain one the invite's people are at (the organizer's or an attendee's, not the
 * person's own, not a robot's)? *any_r: the invite has such people at all. */
static bool
party_domain(const struct av_invite *inv, const struct av_interviewers_ctx *ctx, const char *domain,
	     bool *any_r)
{
	bool hit = false;

	*any_r = false;
	for (size_t k = 0; k <= inv->n_attendees && !hit; k++) {
		const struct av_attendee *a = k < inv->n_attendees ? &inv->attendees[k]
					      : inv->has_organizer ? &inv->organizer
								   : NULL;
		const char *d;

		if (a == NULL || (d = av_addr_domain(a->email)) == NULL || is_mine(ctx, a->email) ||
		    system_mailbox(a->email))
			continue;
		*any_r = true;
		hit = domain != NULL &&
		      (av_addr_domain_is(domain, d) || av_addr_domain_is(d, domain));
	}
	return hit;
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
		const char *found = NULL;
		bool strong = false, ambiguous = false, any;

		if (iv->email != NULL || l->keys[i] == NULL)
			continue;
		for (size_t k = 0; k < ctx->n_known; k++) {
			const char *e = ctx->known[k].email;
			bool by_name = false;

			if (e == NULL || !party_domain(inv, ctx, av_addr_domain(e), &any) ||
			    is_mine(ctx, e) || system_mailbox(e) || role_mailbox(e) ||
			    list_mailbox(e, NULL))
				continue;
			if (ctx->known[k].name != NULL) {
				char *cn = clean_cn(ctx->known[k].name, e), *key = key_dup(cn);

				by_name = key != NULL && strcmp(key, l->keys[i]) == 0;
				free(key);
				free(cn);
			}
			if (!by_name && (strong || !av_addr_local_fits_name(e, iv->name)))
				continue;
			if (by_name && !strong) {
				found = e;
				strong = true;
				ambiguous = false;
			} else if (found != NULL && !av_addr_same(found, e)) {
				ambiguous = true;
			} else {
				found = e;
			}
		}
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

/* The given name is only an initial: "K Lund", "K. Lund", "Dr. K Lund". */
static bool
initial_only(const char *name)
{
	const char *p = name;

	for (;;) {
		size_t n = strcspn(p, " "), k;
		uint32_t c;

		if (p[n] == '\0')
			return false; /* one word, or the last: no given name before a surname */
		if (av_words_key_in(p, n, honorifics)) {
			p += n + 1;
			continue;
		}
		k = av_utf8_decode(p, n, &c);
		return k > 0 && (n == k || (n == k + 1 && p[k] == '.'));
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
		struct desc_ctx dc = {&l, inv, ctx, party_keys_make(inv)};
		const char *text = html != NULL ? html : inv->description;
		size_t tlen = html != NULL ? strlen(html) : len;

		names_from_text(&l, text, tlen);
		parse_description(&dc, text, tlen);
		free(html);
		for (size_t i = 0; i <= inv->n_attendees; i++)
			free(dc.party_keys[i]);
		free(dc.party_keys);
	}
	addresses_from_mail(&l, inv, ctx);
	for (size_t i = 0; i < l.n; i++) {
		struct av_interviewer *iv = &l.v[i];
		bool any;

		iv->name_initial_only = initial_only(iv->name);
		/* an address the description wrote: is it where the invite's people are? */
		if (iv->source == AV_SOURCE_DESCRIPTION && iv->email != NULL &&
		    !iv->email_from_mail &&
		    !party_domain(inv, ctx, av_addr_domain(iv->email), &any))
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

/* Public mail services: a domain there says nothing of an employer. */
static bool
public_mail_domain(const char *d)
{
	static const char *const services[] = {"gmail.com",   "googlemail.com", "outlook.com",
					       "hotmail.com", "live.com",	"msn.com",
					       "yahoo.com",   "ymail.com",	"icloud.com",
					       "me.com",      "mac.com",	"aol.com",
					       "proton.me",   "protonmail.com", "pm.me",
					       "gmx.com",     "gmx.de",		"gmx.net",
					       "web.de",      "mail.com",	"fastmail.com",
					       "fastmail.fm", "hey.com",	"zoho.com",
					       "yandex.com",  "yandex.ru",	"tutanota.com",
					       "posteo.de",   "mailbox.org",	"free.fr",
					       "orange.fr",   "laposte.net",	"t-online.de",
					       "qq.com",      "163.com",	"hotmail.co.uk",
					       "yahoo.co.uk", "btinternet.com", NULL};

	for (size_t k = 0; services[k] != NULL; k++)
		if (av_addr_domain_is(d, services[k]))
			return true;
	return false;
}

char *
av_interviewers_not_mine(const struct av_invite *inv, const struct av_interviewers_ctx *ctx)
{
	static const char *const candidate_words[] = {
		"candidate", "candidates", "candidat",	"candidate's", "kandidat",    "kandidatin",
		"bewerber",  "bewerberin", "candidato", "candidata",   "interviewee", NULL};
	static const char *const interviewer_words[] = {"interviewer", "interviewers", "panelist",
							"panellist", NULL};
	const char *od, *own = NULL;
	char *f, *why = NULL, **keys;
	size_t len;
	bool cand, intv;

	if (inv == NULL || ctx == NULL || !inv->has_organizer || inv->summary == NULL ||
	    (od = av_addr_domain(inv->organizer.email)) == NULL)
		return NULL;
	for (size_t i = 0; ctx->my_addresses != NULL && ctx->my_addresses[i] != NULL && !own; i++) {
		const char *md = av_addr_domain(ctx->my_addresses[i]);

		if (md != NULL && !public_mail_domain(md) && av_addr_domain_is(od, md))
			own = md;
	}
	if (own == NULL)
		return NULL;
	len = strnlen(inv->summary, AV_INVITE_MAX_TEXT);
	f = av_text_fold(inv->summary, len);
	cand = av_words_find_folded(f, len, candidate_words) != NULL;
	intv = av_words_find_folded(f, len, interviewer_words) != NULL;
	free(f);
	keys = party_keys_make(inv);
	for (size_t ws = 0; ws < len && why == NULL;) {
		char *name = NULL;
		size_t end;

		if ((ws > 0 && inv->summary[ws - 1] != ' ' && inv->summary[ws - 1] != '(') ||
		    !parse_name(inv->summary + ws, len - ws, &name, &end)) {
			ws++;
			continue;
		}
		if (is_my_name(ctx, name)) {
			if (intv)
				why = av_asprintf("names you as the interviewer");
		} else if (cand) {
			why = av_asprintf("names %s as the candidate", name);
		} else {
			char *key = key_dup(name);

			/* an attendee from outside the person's domain, named in the summary */
			for (size_t k = 0; key != NULL && k < inv->n_attendees && why == NULL;
			     k++) {
				const struct av_attendee *a = &inv->attendees[k];

				if (keys[k] != NULL && strcmp(keys[k], key) == 0 &&
				    a->email != NULL && !is_mine(ctx, a->email) &&
				    !av_addr_domain_is(av_addr_domain(a->email), own))
					why = av_asprintf("names %s, who is not at %s", name, own);
			}
			free(key);
		}
		free(name);
		ws += end;
	}
	for (size_t i = 0; i <= inv->n_attendees; i++)
		free(keys[i]);
	free(keys);
	if (why != NULL) {
		char *r = av_asprintf("not your interview: the organizer is at your own domain %s "
				      "and the summary %s",
				      own, why);

		free(why);
		return r;
	}
	return NULL;
}

/* Is addr in the lines of list (addresses one a line)? */
static bool
in_lines(const char *list, const char *addr)
{
	for (const char *p = list; p != NULL && *p != '\0';) {
		size_t len = strcspn(p, "\n");
		char *one = av_strndup(p, len);
		bool same = av_addr_same(one, addr);

		free(one);
		if (same)
			return true;
		p += len;
		if (*p == '\n')
			p++;
	}
	return false;
}

static bool
same_org_domain(const char *a, const char *b)
{
	const char *da = av_addr_domain(a), *db = b != NULL ? av_addr_domain(b) : NULL;

	return da != NULL && db != NULL && !public_mail_domain(da) && av_addr_domain_is(da, db);
}

const char *
av_interviewers_sent_to(const struct av_invite *inv, const struct av_invite_mail *mail,
			char *const *my_addresses)
{
	struct av_interviewers_ctx ctx = {0};
	const char *to = mail != NULL ? mail->to : NULL;
	const char *org = inv != NULL && inv->has_organizer ? inv->organizer.email : NULL;

	if (to == NULL || *to == '\0' || strchr(to, '\n') != NULL || av_addr_domain(to) == NULL)
		return NULL;
	ctx.my_addresses = my_addresses;
	if (is_mine(&ctx, to))
		return to;
	/* copied on a message to someone else */
	for (size_t i = 0; my_addresses != NULL && my_addresses[i] != NULL; i++)
		if (mail->cc != NULL && in_lines(mail->cc, my_addresses[i]))
			return NULL;
	/* the person is in the invite already: the To may be anyone (a Bcc'd copy) */
	for (size_t k = 0; inv != NULL && k < inv->n_attendees; k++)
		if (inv->attendees[k].email != NULL && is_mine(&ctx, inv->attendees[k].email))
			return NULL;
	/* the sender or organizer writing to themselves, or to a colleague */
	if ((mail->from != NULL && av_addr_same(to, mail->from)) ||
	    (org != NULL && av_addr_same(to, org)) || same_org_domain(to, mail->from) ||
	    same_org_domain(to, org))
		return NULL;
	return to;
}

const char *
av_interviewers_employer_domain(const struct av_invite *inv, char *const *my_addresses)
{
	struct av_interviewers_ctx ctx = {0};

	if (inv == NULL)
		return NULL;
	ctx.my_addresses = my_addresses;
	for (size_t k = 0; k <= inv->n_attendees; k++) {
		const struct av_attendee *a = k == 0 ? (inv->has_organizer ? &inv->organizer : NULL)
						     : &inv->attendees[k - 1];

		if (a == NULL || a->email == NULL || av_addr_domain(a->email) == NULL ||
		    is_mine(&ctx, a->email) || system_mailbox(a->email))
			continue;
		return av_addr_domain(a->email);
	}
	return NULL;
}

bool
av_interviewers_is_party(const struct av_invite *inv, const char *name)
{
	char *key = key_dup(name);
	bool hit = false;

	for (size_t k = 0; key != NULL && !hit && k <= inv->n_attendees; k++) {
		const struct av_attendee *a = k < inv->n_attendees ? &inv->attendees[k]
					      : inv->has_organizer ? &inv->organizer
								   : NULL;
		char *cn, *ck;

		if (a == NULL)
			break;
		cn = clean_cn(a->cn, a->email);
		ck = key_dup(cn);
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
