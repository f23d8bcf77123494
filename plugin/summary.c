/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — the summary reader (summary.h). The word lists are English-first with the
 * common job and interview words of the languages the fixtures hold; they are short on
 * purpose: a wrong role or company in a draft is worse than none, since the template then
 * leaves the line out.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "afterview/summary.h"
#include "afterview/text.h"

#define PHRASE_MAX_CHARS   80  /* role, company, interview kind */
#define SUMMARY_MAX_CHARS  400 /* a summary longer than this is prose, not a title */
#define MAX_SEGMENT_WORDS  12
#define MAX_COMPANY_BYTES  80  /* av_summary_company */
#define COMPANY_SCAN_BYTES 512 /* a company name sits near the start; the rest is prose */

/* The job-title words, one list for both readings; each entry says which uses it (the
 * two readings grew apart and keep their results; see tests/test-summary.c).
 * ROLE: the word names a job ("engineer"), so av_summary_read takes its segment as the
 * role; an entry of six letters or more also matches as the end of a word, for German
 * compounds ("Softwareentwickler"). ROLE entries are compared with the word's bytes, ASCII
 * lower-cased, so accented spellings are listed too.
 * TITLE: a candidate holding the word is a job title, not a company, for
 * av_summary_company ("Sam Rivera / Learning Experience Engineer"); compared with the
 * word's av_text_name_key, so these entries are accent-free. */
#define ROLE  1u
#define TITLE 2u

static const struct {
	const char *word;
	unsigned use;
} title_words[] = {
	{"engineer", ROLE | TITLE},
	{"developer", ROLE | TITLE},
	{"programmer", ROLE},
	{"manager", ROLE | TITLE},
	{"designer", ROLE | TITLE},
	{"scientist", ROLE | TITLE},
	{"analyst", ROLE | TITLE},
	{"architect", ROLE | TITLE},
	{"lead", ROLE | TITLE},
	{"director", ROLE | TITLE},
	{"specialist", ROLE | TITLE},
	{"consultant", ROLE | TITLE},
	{"administrator", ROLE},
	{"researcher", ROLE},
	{"intern", ROLE | TITLE},
	{"officer", ROLE},
	{"sre", ROLE | TITLE},
	{"devops", ROLE | TITLE},
	{"head", ROLE},
	{"vp", ROLE},
	{"coordinator", ROLE | TITLE},
	{"representative", ROLE},
	{"technician", ROLE},
	{"writer", ROLE},
	{"accountant", ROLE},
	{"strategist", ROLE},
	{"owner", ROLE},
	{"associate", ROLE},
	{"marketer", ROLE},
	{"editor", ROLE},
	/* French, Spanish, German, Italian, Dutch, Swedish */
	{"entwickler", ROLE | TITLE},
	{"ingenieur", ROLE | TITLE},
	{"ingénieur", ROLE},
	{"développeur", ROLE},
	{"developpeur", ROLE | TITLE},
	{"desarrollador", ROLE | TITLE},
	{"ingeniero", ROLE | TITLE},
	{"programador", ROLE},
	{"sviluppatore", ROLE | TITLE},
	{"ontwikkelaar", ROLE | TITLE},
	{"utvecklare", ROLE},
	{"berater", ROLE},
	{"leiter", ROLE},
	{"analista", ROLE},
	{"arquitecto", ROLE},
	{"architekt", ROLE},
	{"consultor", ROLE},
	{"diseñador", ROLE},
	/* words of a title that name no job alone */
	{"engineering", TITLE},
	{"internship", TITLE},
	{"recruiter", TITLE},
	{"senior", TITLE},
	{"staff", TITLE},
	{"principal", TITLE},
	{"junior", TITLE},
	{"backend", TITLE},
	{"frontend", TITLE},
	{"fullstack", TITLE},
	{"software", TITLE},
	{"softwareentwickler", TITLE},
	{"entwicklerin", TITLE},
	{"ingegnere", TITLE},
};

/* Is word a title word with use? */
static bool
title_word(const char *word, unsigned use)
{
	for (size_t i = 0; i < sizeof(title_words) / sizeof(title_words[0]); i++)
		if ((title_words[i].use & use) != 0 && strcmp(word, title_words[i].word) == 0)
			return true;
	return false;
}

/* Words that say what kind of meeting it is, in English: they make {{interview}}
 * ("phone screen", "system design") and are never part of a company name. */
static const char kind_words[] =
	"interview interviews interviewing screen screening call chat round "
	"onsite on-site virtual phone video technical tech panel final first "
	"second third hiring manager recruiter conversation meeting review loop "
	"session presentation assessment coding code behavioral behavioural "
	"intro introductory initial follow-up debrief case portfolio system "
	"design whiteboard pairing pair programming take-home culture fit team "
	"discussion exercise challenge demo deep dive leadership values day";

/* The same in other languages: never a company, but no English {{interview}} either. */
static const char kind_words_foreign[] =
	"entretien d'embauche d’embauche embauche entrevista técnica tecnica "
	"vorstellungsgespräch bewerbungsgespräch gespräch telefoninterview "
	"colloquio intervju sollicitatiegesprek entrevue technisches technique";

/* Left off both ends of a role: "design engineer interview" is a design engineer. */
static const char role_trim_words[] =
	"interview interviews call screen screening chat onsite on-site virtual "
	"phone position role job opening the a an";

/* Allowed in a company name without a capital: "Harbor & Finch", "Bank of Nowhere". */
static const char company_connectors[] = "& and of the de du des la le und y et van von der +";

/* The one segmenter's separators. Each reading splits at its own: av_summary_read (READ)
 * at ':', '|', parentheses and spaced words ("with"/"between" are followed by people);
 * av_summary_company (COMPANY) at ',', '[', '(', ": ", " - ", " | ", " / " (also at the
 * end) and dashes. Words are compared ignoring ASCII case. */
#define READ	1u
#define COMPANY 2u

struct sep {
	const char *text;
	unsigned modes;
	bool space_after;  /* only before a space or the end */
	bool people_after; /* READ: the next segment names people */
};

static const struct sep separators[] = {
	{"(", READ | COMPANY, false, false},
	{":", READ, false, false},
	{"|", READ, false, false},
	{" / ", READ, false, false},
	{" | ", READ, false, false},
	{" - ", READ, false, false},
	{" \xe2\x80\x93 ", READ, false, false},
	{" \xe2\x80\x94 ", READ, false, false},
	{" <> ", READ, false, false},
	{" x ", READ, false, false},
	{" @ ", READ, false, false},
	{" for ", READ, false, false},
	{" at ", READ, false, false},
	{" with ", READ, false, true},
	{" between ", READ, false, true},
	{",", COMPANY, false, false},
	{"[", COMPANY, false, false},
	{":", COMPANY, true, false},
	{" -", COMPANY, true, false},
	{" |", COMPANY, true, false},
	{" /", COMPANY, true, false},
	{" \xe2\x80\x93", COMPANY, false, false},
	{" \xe2\x80\x94", COMPANY, false, false},
};

/* The length of the separator of mode at s[i] (s is len bytes), or 0. */
static size_t
sep_at(const char *s, size_t len, size_t i, unsigned mode, const struct sep **sep_r)
{
	for (size_t k = 0; k < sizeof(separators) / sizeof(separators[0]); k++) {
		const struct sep *e = &separators[k];
		size_t n = strlen(e->text);

		if ((e->modes & mode) == 0 || !av_text_starts_ci(s + i, len - i, e->text))
			continue;
		if (e->space_after && i + n < len && s[i + n] != ' ')
			continue;
		*sep_r = e;
		return n;
	}
	return 0;
}

struct word {
	const char *s; /* into the segment */
	size_t len;
	char low[48]; /* lower-cased ASCII, trailing ",.;" removed; "" when too long */
};

struct segment {
	char *text; /* owned */
	bool paren;
	bool people;
};

struct segs {
	struct segment *v;
	size_t n;
};

static void
segs_add(struct segs *sg, const char *s, size_t len, bool paren, bool people)
{
	while (len > 0 && (*s == ' ' || *s == ',' || *s == ';' || *s == '-')) {
		s++;
		len--;
	}
	while (len > 0 && strchr(" ,;.-", s[len - 1]) != NULL)
		len--;
	if (len == 0)
		return;
	sg->v = av_realloc(sg->v, (sg->n + 1) * sizeof(*sg->v));
	sg->v[sg->n].text = av_strndup(s, len);
	sg->v[sg->n].paren = paren;
	sg->v[sg->n].people = people;
	sg->n++;
}

/* Split a cleaned summary at the READ separators; a parenthesis is a segment of its own. */
static void
split_summary(const char *s, struct segs *sg)
{
	size_t len = strlen(s);
	const char *start = s, *p = s;
	bool people = false;

	while (*p != '\0') {
		const struct sep *sep;
		size_t n = sep_at(s, len, (size_t)(p - s), READ, &sep);

		if (n == 0) {
			p++;
			continue;
		}
		segs_add(sg, start, (size_t)(p - start), false, people);
		if (*p == '(') {
			const char *close = strchr(p, ')');

			if (close == NULL)
				close = p + strlen(p);
			segs_add(sg, p + 1, (size_t)(close - p - 1), true, false);
			p = *close != '\0' ? close + 1 : close;
		} else {
			people = sep->people_after;
			/* after a spaced word the next segment starts at its last space, where
			 * another separator may begin */
			p += sep->text[0] == ' ' ? n - 1 : n;
		}
		start = p;
	}
	segs_add(sg, start, (size_t)(p - start), false, people);
}

static size_t
split_words(const char *seg, struct word *w, size_t max)
{
	size_t n = 0;
	const char *p = seg;

	while (*p != '\0') {
		const char *e;
		size_t len;

		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		e = strchr(p, ' ');
		len = e != NULL ? (size_t)(e - p) : strlen(p);
		if (n == max)
			return max + 1;
		w[n].s = p;
		w[n].len = len;
		w[n].low[0] = '\0';
		if (len < sizeof(w[n].low)) {
			for (size_t i = 0; i < len; i++)
				w[n].low[i] = av_ascii_lower(p[i]);
			w[n].low[len] = '\0';
			av_text_strip_trailing(w[n].low, ",.;!?\"'");
		}
		n++;
		p += len;
	}
	return n;
}

/* A kind word, also hyphenated ones made of kind words ("second-round"). */
static bool
is_kind(const char *low, bool english_only)
{
	char part[48];
	const char *p = low;

	if (low[0] == '\0')
		return false;
	if (av_text_in_words(low, kind_words) ||
	    (!english_only && av_text_in_words(low, kind_words_foreign)))
		return true;
	if (strchr(low, '-') == NULL)
		return false;
	while (*p != '\0') {
		size_t n = strcspn(p, "-");

		if (n == 0 || n >= sizeof(part))
			return false;
		memcpy(part, p, n);
		part[n] = '\0';
		if (!av_text_in_words(part, kind_words))
			return false;
		p += n;
		if (*p == '-')
			p++;
	}
	return true;
}

static bool
is_role_word(const struct word *w, size_t i)
{
	const char *low = w[i].low;
	size_t len = strlen(low);

	/* the hiring manager is a person in the loop, not the job */
	if (strcmp(low, "manager") == 0 && i > 0 && strcmp(w[i - 1].low, "hiring") == 0)
		return false;
	if (title_word(low, ROLE))
		return true;
	/* compounds: the end of the word, from six letters on */
	for (size_t k = 6; k < len; k++)
		if (title_word(low + len - k, ROLE))
			return true;
	return false;
}

/* Squashed letters and digits of s, lower case, for comparing with a domain label. */
static void
squash(const char *s, char *out, size_t size)
{
	size_t n = 0;

	for (; *s != '\0' && n + 1 < size; s++)
		if (av_ascii_alpha(*s) || av_ascii_digit(*s))
			out[n++] = av_ascii_lower(*s);
	out[n] = '\0';
}

/* The registrable label of a domain ("careers.acme.co.uk" → "acme"), or NULL. */
static char *
domain_label(const char *domain)
{
	const char *labels[16];
	size_t n = 0, len[16];
	const char *p = domain, *at = strchr(domain, '@');
	size_t pick;

	if (at != NULL)
		p = at + 1;
	if (strchr(p, '.') == NULL)
		return NULL;
	while (*p != '\0' && n < 16) {
		size_t l = strcspn(p, ".");

		labels[n] = p;
		len[n++] = l;
		p += l;
		if (*p == '.')
			p++;
	}
	if (n < 2)
		return NULL;
	pick = n - 2;
	/* "co.uk", "com.au": a short second-level label under a country code */
	if (n >= 3 && len[n - 1] == 2 && len[n - 2] <= 3)
		pick = n - 3;
	if (len[pick] == 0)
		return NULL;
	return av_strndup(labels[pick], len[pick]);
}

/* Does the company candidate look like the employer's domain or name ("Northwind
 * Analytics" and northwind.example, "Cobalt Payments" and cobaltpay.example)? */
static bool
company_matches(const char *candidate, const char *hint)
{
	char a[128], b[128], *label = domain_label(hint);
	size_t la, lb;

	squash(candidate, a, sizeof(a));
	squash(label != NULL ? label : hint, b, sizeof(b));
	free(label);
	la = strlen(a);
	lb = strlen(b);
	if (la < 3 || lb < 3)
		return false;
	return strncmp(a, b, la < lb ? la : lb) == 0;
}

static bool
is_capitalized(const struct word *w)
{
	unsigned char c = (unsigned char)w->s[0];

	return (c >= 'A' && c <= 'Z') || av_ascii_digit((char)c) || c >= 0x80;
}

/* Does seg name the person or an interviewer (people are not companies or jobs)? */
static bool
names_people(const char *seg, char *const *people)
{
	for (size_t i = 0; people[i] != NULL; i++) {
		if (strlen(people[i]) >= 3 && av_text_find_ci(seg, people[i]) != NULL)
			return true;
		/* "Saltmarsh x Sam": a first name alone */
		if (strchr(people[i], ' ') != NULL) {
			size_t n = strcspn(people[i], " ");

			if (strlen(seg) == n && strncmp(seg, people[i], n) == 0)
				return true;
		}
	}
	return false;
}

static char *
span_dup(const struct word *w, size_t from, size_t to)
{
	const char *s = w[from].s;
	char *r = av_strndup(s, (size_t)(w[to].s + w[to].len - s)), *c;

	av_text_strip_trailing(r, ",;");
	c = av_text_clean(r, false);
	free(r);
	if (c != NULL)
		av_text_cut_chars(c, PHRASE_MAX_CHARS);
	return c;
}

void
av_summary_read(const char *summary, char *const *people, const char *hint, struct av_summary *r)
{
	struct segs sg = {0};
	char *s = av_text_clean(summary, false);
	size_t best_kind = 0;

	memset(r, 0, sizeof(*r));
	if (s == NULL)
		return;
	av_text_cut_chars(s, SUMMARY_MAX_CHARS);
	split_summary(s, &sg);
	for (size_t i = 0; i < sg.n; i++) {
		struct word w[MAX_SEGMENT_WORDS];
		const struct segment *seg = &sg.v[i];
		size_t n = split_words(seg->text, w, MAX_SEGMENT_WORDS), from, to;
		bool role = false, all_kind = true, all_kind_en = true;

		if (n == 0 || n > MAX_SEGMENT_WORDS || seg->people || strchr(seg->text, '@') ||
		    (people != NULL && names_people(seg->text, people)))
			continue;
		for (size_t k = 0; k < n; k++) {
			role = role || is_role_word(w, k);
			all_kind = all_kind && is_kind(w[k].low, false);
			all_kind_en = all_kind_en && is_kind(w[k].low, true);
		}
		if (role) {
			if (r->role != NULL)
				continue;
			for (from = 0; from < n && av_text_in_words(w[from].low, role_trim_words);
			     from++)
				;
			for (to = n; to > from && av_text_in_words(w[to - 1].low, role_trim_words);
			     to--)
				;
			if (to > from)
				r->role = span_dup(w, from, to - 1);
			continue;
		}
		if (all_kind_en && !(n == 1 && strcmp(w[0].low, "interview") == 0) &&
		    n > best_kind) {
			free(r->interview);
			r->interview = span_dup(w, 0, n - 1);
			if (r->interview != NULL)
				av_text_lower(r->interview);
			best_kind = n;
			continue;
		}
		if (all_kind || seg->paren || r->company != NULL)
			continue;
		/* "Acme Interview", "Orchard Labs Final Round": the company before the kind */
		for (from = 0; from < n && is_kind(w[from].low, false); from++)
			;
		for (to = n; to > from && is_kind(w[to - 1].low, false); to--)
			;
		if (to == from || !is_capitalized(&w[from]))
			continue;
		{
			bool ok = true;
			char *cand;

			for (size_t k = from; k < to && ok; k++)
				ok = is_capitalized(&w[k]) ||
				     av_text_in_words(w[k].low, company_connectors);
			if (!ok)
				continue;
			cand = span_dup(w, from, to - 1);
			if (cand != NULL && (hint == NULL || company_matches(cand, hint)))
				r->company = cand;
			else
				free(cand);
		}
	}
	for (size_t i = 0; i < sg.n; i++)
		free(sg.v[i].text);
	free(sg.v);
	free(s);
}

char *
av_summary_company_from_domain(const char *domain)
{
	static const char personal[] =
		"gmail googlemail outlook hotmail live yahoo icloud me aol proton "
		"protonmail gmx web mail yandex fastmail zoho msn";
	char *label = domain_label(domain);
	struct av_buf b;
	bool start = true;

	if (label == NULL)
		return NULL;
	for (char *p = label; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || av_ascii_digit(*p) || *p == '-')) {
			free(label);
			return NULL;
		}
	if (av_text_in_words(label, personal) || strlen(label) < 2) {
		free(label);
		return NULL;
	}
	av_buf_init(&b);
	for (const char *p = label; *p != '\0'; p++) {
		if (*p == '-') {
			if (!start)
				av_buf_append(&b, " ", 1);
			start = true;
			continue;
		}
		char c = start ? (char)(*p >= 'a' && *p <= 'z' ? *p - ('a' - 'A') : *p) : *p;
		av_buf_append(&b, &c, 1);
		start = false;
	}
	free(label);
	if (b.len == 0) {
		av_buf_free(&b);
		return NULL;
	}
	return av_buf_steal(&b);
}

/* The domain says which letters, the text how they are spaced and capitalised. */
static char *
company_from_text(const char *text, const char *label)
{
	static const char seps[] = " \t\r\n,;:()[]{}|/\"<>=!?*";
	size_t llen = strlen(label);
	const char *p = text;

	if (text == NULL || llen < 3)
		return NULL;
	while (*p != '\0') {
		const char *q = p, *last_end = NULL;
		char acc[128];
		size_t alen = 0, words = 0;

		p += strspn(p, seps);
		if (*p == '\0')
			break;
		q = p;
		/* extend word by word from p while the letters still spell the label */
		while (*q != '\0' && words < 6) {
			size_t n = strcspn(q, seps), before = alen;
			char word[64];
			bool connector;

			if (n == 0 || n >= sizeof(word))
				break;
			memcpy(word, q, n);
			word[n] = '\0';
			av_text_lower(word);
			connector = words > 0 && av_text_in_words(word, company_connectors);
			if (!connector && !(q[0] >= 'A' && q[0] <= 'Z'))
				break;
			for (size_t i = 0; i < n && alen + 1 < sizeof(acc); i++)
				if (av_ascii_alpha(q[i]) || av_ascii_digit(q[i]))
					acc[alen++] = av_ascii_lower(q[i]);
			acc[alen] = '\0';
			words++;
			if (alen == llen && memcmp(acc, label, llen) == 0) {
				last_end = q + n;
				break;
			}
			if (alen > llen && words > 1 && before < llen && !connector &&
			    memcmp(acc, label, llen) == 0) {
				last_end = q + n;
				break;
			}
			if (alen >= llen || memcmp(acc, label, alen) != 0)
				break;
			q += n;
			/* only blanks may sit between the words of a name */
			while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r')
				q++;
		}
		if (last_end != NULL) {
			char *raw = av_strndup(p, (size_t)(last_end - p)), *c;

			c = av_text_clean(raw, false);
			free(raw);
			if (c != NULL)
				av_text_strip_trailing(c, ".'");
			return c;
		}
		p += strcspn(p, seps);
	}
	return NULL;
}

/* ---- the company the way detect.c guesses it ------------------------------------------ */

/* Where a COMPANY segment ends: at its first separator. */
static size_t
segment_end(const char *s, size_t len)
{
	const struct sep *sep;

	for (size_t i = 0; i < len; i++)
		if (sep_at(s, len, i, COMPANY, &sep) > 0)
			return i;
	return len;
}

/* Step over separators (and the spaces around them) at s[i]. */
static size_t
skip_separators(const char *s, size_t len, size_t i)
{
	for (;;) {
		if (i < len && strchr(" -|/:,()[]", s[i]) != NULL)
			i++;
		else if (i + 3 <= len && (memcmp(s + i, "\xe2\x80\x93", 3) == 0 ||
					  memcmp(s + i, "\xe2\x80\x94", 3) == 0))
			i += 3;
		else
			return i;
	}
}

static char *
trimmed_copy(const char *s, size_t len)
{
	while (len > 0 && (s[0] == ' ' || s[0] == '\t' || s[0] == '"' || s[0] == '\'')) {
		s++;
		len--;
	}
	while (len > 0 &&
	       (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '.' || s[len - 1] == '"' ||
		s[len - 1] == '!' || s[len - 1] == '\'' || s[len - 1] == '-'))
		len--;
	if (len == 0 || len > MAX_COMPANY_BYTES)
		return NULL;
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20)
			return NULL;
	return av_strndup(s, len);
}

/* Does the candidate hold a TITLE word (words split at ' ', '/' and parentheses)? */
static bool
has_title_word(const char *seg)
{
	for (size_t i = 0, ws = 0, len = strlen(seg); i <= len; i++) {
		char key[64];

		if (i < len && seg[i] != ' ' && seg[i] != '/' && seg[i] != '(' && seg[i] != ')')
			continue;
		if (i > ws && av_text_name_key(seg + ws, i - ws, key, sizeof(key)) &&
		    title_word(key, TITLE))
			return true;
		ws = i + 1;
	}
	return false;
}

/* The candidate, or NULL (freed) when it is a job title or the caller refuses it. */
static char *
candidate(char *c, bool (*ok)(const char *candidate, void *ctx), void *ctx)
{
	if (c != NULL && (has_title_word(c) || !ok(c, ctx))) {
		free(c);
		c = NULL;
	}
	return c;
}

/* The text after the first of words found in folded f, as a candidate. */
static char *
after_word(const char *summary, const char *f, size_t len, const char *const *words,
	   bool (*ok)(const char *candidate, void *ctx), void *ctx)
{
	char *res = NULL;

	for (size_t k = 0; words[k] != NULL && res == NULL; k++) {
		const char *hit = strstr(f, words[k]);

		if (hit != NULL) {
			size_t off = (size_t)(hit - f) + strlen(words[k]);

			res = candidate(
				trimmed_copy(summary + off, segment_end(summary + off, len - off)),
				ok, ctx);
		}
	}
	return res;
}

char *
av_summary_company(const char *summary, bool (*ok)(const char *candidate, void *ctx), void *ctx)
{
	static const char *const at_words[] = {" at ", " @ ", " bei ", " chez ", NULL};
	static const char *const with_words[] = {" with ", " mit ", " avec ", " con ", NULL};
	size_t len;
	char *f, *res;

	if (summary == NULL)
		return NULL;
	len = strnlen(summary, COMPANY_SCAN_BYTES);
	f = av_text_fold(summary, len); /* as long as summary: offsets are the same */
	res = after_word(summary, f, len, at_words, ok, ctx);
	for (size_t off = 0, next; res == NULL && off < len;) {
		size_t n = segment_end(summary + off, len - off);

		if (n < len - off || off > 0) { /* only when there are several segments */
			res = candidate(trimmed_copy(summary + off, n), ok, ctx);
			if (res != NULL && strstr(res, " with ") != NULL) {
				free(res);
				res = NULL;
			}
		}
		next = skip_separators(summary, len, off + n);
		if (next <= off)
			break; /* no progress: cannot happen, segment_end stops at a separator */
		off = next;
	}
	/* "with" may name a person: the last resort */
	if (res == NULL)
		res = after_word(summary, f, len, with_words, ok, ctx);
	free(f);
	return res;
}

char *
av_summary_company_in_text(const char *text, const char *domain)
{
	char *label, squashed[128];

	if (text == NULL || domain == NULL || (label = domain_label(domain)) == NULL)
		return NULL;
	squash(label, squashed, sizeof(squashed));
	free(label);
	return company_from_text(text, squashed);
}

void
av_summary_clear(struct av_summary *r)
{
	if (r == NULL)
		return;
	free(r->role);
	free(r->company);
	free(r->interview);
	memset(r, 0, sizeof(*r));
}
