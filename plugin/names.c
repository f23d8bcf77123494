/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — people's names in free text and in CNs (names.h has the rules): the words
 * that end a name, honorifics and particles, name keys, the tidying of a CN, the names a
 * text gives for its sender. Pure logic: libc, and mime.c's RFC 2047 decoder for the CNs
 * that carry encoded words (so libetpan stays behind mime.c). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "afterview/addr.h"
#include "afterview/mime.h"
#include "afterview/names.h"
#include "afterview/text.h"
#include "afterview/util.h"
#include "afterview/words.h"

#define MAX_NAME_BYTES 200 /* a CN longer than this is cut (at a character boundary) */
#define MAX_NAME_WORDS 4   /* capitalised words in a name taken from free text */

/* ---- names in free text --------------------------------------------------------------- */

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

bool
av_names_parse(const char *s, size_t len, char **name_r, size_t *end_r)
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

bool
av_names_initial_only(const char *name)
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

char *
av_names_key(const char *name)
{
	char k[MAX_NAME_BYTES * 2 + 1];

	if (name == NULL || !av_text_name_key(name, strlen(name), k, sizeof(k)) || k[0] == '\0')
		return NULL;
	return av_strdup(k);
}

/* ---- names in CNs --------------------------------------------------------------------- */

char *
av_names_from_cn(const char *cn, const char *email)
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

bool
av_names_is_person(const char *cn, const char *email)
{
	char *name = NULL, *f;
	size_t end = 0, len;
	bool ok;
	const char *d = av_addr_domain(email);

	if (cn == NULL)
		return false;
	len = strlen(cn);
	if (!av_names_parse(cn, len, &name, &end))
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

char **
av_names_party_keys(const struct av_invite *inv)
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
		cn = av_names_from_cn(a->cn, a->email);
		if (cn == NULL && a->email != NULL)
			cn = av_addr_guess_name(a->email);
		keys[k] = av_names_key(cn);
		free(cn);
	}
	return keys;
}

void
av_names_party_keys_free(const struct av_invite *inv, char ***keys)
{
	if (keys == NULL || *keys == NULL)
		return;
	for (size_t i = 0; i <= inv->n_attendees; i++)
		free((*keys)[i]);
	free(*keys);
	*keys = NULL;
}

/* ---- names and addresses a text gives ------------------------------------------------- */

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
		if (av_names_parse(s + ws, len - ws, &name, &end)) {
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

size_t
av_names_find_sender(const char *text, size_t len, char **names)
{
	static const char *const inviting[] = {" is inviting you",    " has invited you",
					       " invited you to",     " vous invite",
					       " te invita",	      " le invita",
					       " lädt sie",	      " lädt dich",
					       " hat sie eingeladen", NULL};
	size_t pos = 0, n = 0;
	bool after_closing = false;

	while (pos < len && n < AV_NAMES_MAX_SENDER) {
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
			if (av_names_parse(line, llen, &name, &e) &&
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

char *
av_names_find_email(const char *s, size_t len)
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
