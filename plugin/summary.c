/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — the summary reader (summary.h). The word lists are English-first with the
 * common job and interview words of the languages the fixtures hold; they are short on
 * purpose: a wrong role or company in a draft is worse than none, since the template then
 * leaves the line out. One reading of the company serves detection, status and the
 * drafts, so that what `explain` shows is what the draft says.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "afterview/addr.h"
#include "afterview/summary.h"
#include "afterview/text.h"

#define PHRASE_MAX_CHARS  80  /* role, company, interview kind */
#define SUMMARY_MAX_CHARS 400 /* a summary longer than this is prose, not a title */
#define MAX_SEGMENT_WORDS 12

/* The job-title words.
 * ROLE: the word names a job ("engineer"), so its segment is the role; an entry of six
 * letters or more also matches as the end of a word, for German compounds
 * ("Softwareentwickler"). ROLE entries are compared with the word's bytes, ASCII
 * lower-cased, so accented spellings are listed too.
 * TITLE: a company candidate holding the word is a job title, not a company ("Sam Rivera
 * / Learning Experience Engineer", "Senior Staff"); compared with the word's
 * av_text_name_key, so these entries are accent-free. */
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
	{"entwicklerin", ROLE | TITLE},
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

/* The separators of a summary (compared ignoring ASCII case) and what follows each: the
 * employer after "at" ("Backend Developer at Orbital Labs"), people after "with" (or a
 * company: "Interview with Acme"). A parenthesis is a segment of its own. */
enum follow { PLAIN, AT, PEOPLE };

static const struct {
	const char *text;
	enum follow next;
} separators[] = {
	{"(", PLAIN},
	{":", PLAIN},
	{"|", PLAIN},
	{" / ", PLAIN},
	{" - ", PLAIN},
	{" \xe2\x80\x93 ", PLAIN},
	{" \xe2\x80\x94 ", PLAIN},
	{" <> ", PEOPLE},
	{" x ", PEOPLE},
	{" for ", PLAIN},
	{" @ ", AT},
	{" at ", AT},
	{" bei ", AT},
	{" chez ", AT},
	{" with ", PEOPLE},
	{" between ", PEOPLE},
	{" mit ", PEOPLE},
	{" avec ", PEOPLE},
};

struct word {
	const char *s; /* into the segment */
	size_t len;
	char low[48]; /* lower-cased ASCII, trailing ",.;" removed; "" when too long */
};

struct segment {
	char *text; /* owned */
	bool paren;
	enum follow follow; /* what the separator before it says */
};

struct segs {
	struct segment *v;
	size_t n;
};

static void
segs_add(struct segs *sg, const char *s, size_t len, bool paren, enum follow follow)
{
	/* quotes and exclamations around a name are no part of it: Phone Screen - "Acme"! */
	while (len > 0 && strchr(" ,;-\"'", *s) != NULL) {
		s++;
		len--;
	}
	while (len > 0 && strchr(" ,;.-\"'!?", s[len - 1]) != NULL)
		len--;
	if (len == 0)
		return;
	sg->v = av_realloc(sg->v, (sg->n + 1) * sizeof(*sg->v));
	sg->v[sg->n].text = av_strndup(s, len);
	sg->v[sg->n].paren = paren;
	sg->v[sg->n].follow = follow;
	sg->n++;
}

/* Split a cleaned summary at the separators. */
static void
split_summary(const char *s, struct segs *sg)
{
	size_t len = strlen(s);
	const char *start = s, *p = s;
	enum follow follow = PLAIN;

	while (*p != '\0') {
		size_t k, n = 0;

		for (k = 0; k < sizeof(separators) / sizeof(separators[0]); k++) {
			if (av_text_starts_ci(p, len - (size_t)(p - s), separators[k].text)) {
				n = strlen(separators[k].text);
				break;
			}
		}
		if (n == 0) {
			p++;
			continue;
		}
		segs_add(sg, start, (size_t)(p - start), false, follow);
		if (*p == '(') {
			const char *close = strchr(p, ')');

			if (close == NULL)
				close = p + strlen(p);
			segs_add(sg, p + 1, (size_t)(close - p - 1), true, PLAIN);
			p = *close != '\0' ? close + 1 : close;
			follow = PLAIN;
		} else {
			follow = separators[k].next;
			/* after a spaced word the next segment starts at its last space, where
			 * another separator may begin */
			p += separators[k].text[0] == ' ' ? n - 1 : n;
		}
		start = p;
	}
	segs_add(sg, start, (size_t)(p - start), false, follow);
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

/* Where the registrable label of a domain (or an address's domain) starts
 * ("careers.acme.co.uk" → "acme"), its length in *len_r; NULL when there is none. */
static const char *
label_span(const char *domain, size_t *len_r)
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
	*len_r = len[pick];
	return labels[pick];
}

static const char *
label_start(const char *domain)
{
	size_t n;

	return label_span(domain, &n);
}

/* The registrable label of a domain as a string, or NULL. */
static char *
domain_label(const char *domain)
{
	size_t n;
	const char *p = label_span(domain, &n);

	return p != NULL ? av_strndup(p, n) : NULL;
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
		av_buf_clear(&b);
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

/* ---- the employer's name --------------------------------------------------------------- */

/* Kind words that make a summary of one segment name an interview, so that the rest is
 * the company ("Acme Interview"; "Coffee chat" is no company "Coffee"). */
static const char strong_kind_words[] =
	"interview interviews interviewing screen screening round onsite on-site loop panel "
	"assessment";

/* Words that say a name is an organisation's, not a person's ("Umbrella Corp"). */
static const char company_words[] =
	"labs lab inc corp corporation co ltd llc llp gmbh ag sa plc group holdings health "
	"healthcare bank capital partners ventures systems technologies technology tech "
	"software solutions consulting analytics media studio studios games robotics "
	"logistics payments learning ai foods kitchens energy therapeutics bio biotech pharma "
	"insurance finance financial security networks digital data cloud industries "
	"international global motors aerospace foundation institute university hospital "
	"clinic agency";

/* What an invite or its message says before the title, and status words that are no
 * name ("Updated invitation: ...", "Fwd: ..."). Folded. */
static const char *const status_prefixes[] = {"invitation",
					      "updated invitation",
					      "invitation updated",
					      "updated invitation with note",
					      "new event",
					      "event",
					      "canceled event",
					      "cancelled event",
					      "canceled",
					      "cancelled",
					      "cancellation",
					      "declined",
					      "accepted",
					      "tentatively accepted",
					      "tentative",
					      "re",
					      "fw",
					      "fwd",
					      "aw",
					      "wg",
					      "tr",
					      "confirmed",
					      "confirmation",
					      "reminder",
					      "rescheduled",
					      "updated",
					      "update",
					      "scheduled",
					      "interview scheduled",
					      "interview confirmed",
					      "interview invitation",
					      "invitation from google calendar",
					      "abgesagt",
					      "annulé",
					      "cancelado",
					      NULL};

/* Recruiting departments: "Northbank Recruiting", "Talent Acquisition, Acme AI".
 * Folded; the longer of two that end alike comes first. */
static const char *const recruiting_phrases[] = {"talent acquisition team",
						 "talent acquisition",
						 "recruiting team",
						 "recruitment team",
						 "hiring team",
						 "people team",
						 "talent team",
						 "careers team",
						 "recruiting",
						 "recruitment",
						 "recruiters",
						 "talent",
						 "careers",
						 "hiring",
						 "jobs",
						 "hr",
						 "people",
						 "team",
						 NULL};

/* All words of a recruiting line's department part ("Senior Technical Recruiter"). */
static const char recruiting_words[] =
	"talent acquisition recruiting recruitment recruiter recruiters hiring team people "
	"careers partner coordinator sourcer technical senior lead manager hr operations the "
	"& and of";
static const char recruiting_core[] =
	"talent recruiting recruitment recruiter recruiters hiring careers people hr";

/* Recruiting systems by their registrable label ("greenhouse-mail" in
 * northbank.greenhouse-mail.io): the name of the system is never the employer's. */
static const char relay_vendors[] =
	"greenhouse lever ashby myworkday workday smartrecruiters icims jobvite workable "
	"teamtailor bamboohr personio recruitee goodtime successfactors taleo breezy jazzhr "
	"applytojob recruiterbox avature beamery softgarden dvinci onlyfy modernloop hirevue "
	"codility hackerrank codesignal coderpad karat brighthire paradox gem rippling prelude";

/* Labels of a relay's host and local parts of its sender that name no employer. */
static const char generic_labels[] =
	"mail email em e m us eu uk ca au de app apps hire jobs job careers career boards "
	"board notifications notification notify calendar reply replies bounce bounces www "
	"api smtp send mg mailer outbound inbound talent recruiting recruit ats candidates "
	"candidate no-reply noreply scheduling mx";
static const char generic_locals[] =
	"no-reply noreply donotreply do-not-reply notifications notification notify "
	"scheduling scheduler schedule interviews interview calendar calendars recruiting "
	"recruiter recruiters recruitment talent jobs job careers career hiring hr candidates "
	"candidate mailer mailer-daemon bounce bounces reply replies info team hello support "
	"invites invite invitations system ats apply applications admin postmaster events "
	"event message messages mail email noreply-jobs";

/* What a candidate must pass besides its own shape. */
struct check {
	char *const *people; /* may be NULL */
	const char *hint;    /* the employer's domain or label, may be NULL */
	bool (*ok)(const char *candidate, void *ctx);
	void *ctx;
};

static bool
folded_in(const char *s, const char *const *list)
{
	char *f = av_text_fold(s, strlen(s));
	bool hit = false;

	av_text_strip_trailing(f, " ");
	for (size_t i = 0; list[i] != NULL && !hit; i++)
		hit = strcmp(f, list[i]) == 0;
	free(f);
	return hit;
}

/* Is label (lower case) a recruiting system's: a name of relay_vendors followed only by
 * suffixes such as "hq" and "-mail" ("ashbyhq-mail"; "leverage" is not lever's)? */
static bool
vendor_label(const char *label)
{
	static const char *const suffixes[] = {"-",    "hq",  "mail", "jobs",
					       "site", "ats", "app",  NULL};

	for (const char *p = relay_vendors; *p != '\0';) {
		size_t n = strcspn(p, " ");

		if (strncmp(label, p, n) == 0) {
			const char *r = label + n;
			bool progress = true;

			while (*r != '\0' && progress) {
				progress = false;
				for (size_t k = 0; suffixes[k] != NULL && !progress; k++) {
					size_t l = strlen(suffixes[k]);

					if (strncmp(r, suffixes[k], l) == 0) {
						r += l;
						progress = true;
					}
				}
			}
			if (*r == '\0')
				return true;
		}
		p += n;
		p += strspn(p, " ");
	}
	return false;
}

/* Does text hold a word that names a job ("Head of Sales")? */
static bool
has_role_word(const char *text)
{
	struct word w[MAX_SEGMENT_WORDS];
	size_t n = split_words(text, w, MAX_SEGMENT_WORDS);

	for (size_t i = 0; i < n && i < MAX_SEGMENT_WORDS; i++)
		if (is_role_word(w, i))
			return true;
	return false;
}

/* Does the candidate name no one of the invite's people, no status, no job title, no
 * recruiting system, and match the hint? */
static bool
company_ok(const char *cand, const struct check *chk)
{
	char sq[128];

	if (cand == NULL || cand[0] == '\0' || av_ascii_digit(cand[0]) ||
	    strchr(cand, '@') != NULL || folded_in(cand, status_prefixes) || has_title_word(cand) ||
	    has_role_word(cand))
		return false;
	squash(cand, sq, sizeof(sq));
	if (vendor_label(sq) && strlen(sq) >= 3)
		return false;
	if (chk->people != NULL && names_people(cand, chk->people))
		return false;
	if (chk->hint != NULL && !company_matches(cand, chk->hint))
		return false;
	return chk->ok == NULL || chk->ok(cand, chk->ctx);
}

/* Two or three capitalised words without a company word: "Sam Rivera" after "with". */
static bool
person_shaped(const char *cand)
{
	struct word w[MAX_SEGMENT_WORDS];
	size_t n = split_words(cand, w, MAX_SEGMENT_WORDS);

	if (n < 2 || n > 3)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!is_capitalized(&w[i]) || av_text_in_words(w[i].low, company_words))
			return false;
	return true;
}

static bool
has_company_word(const char *cand)
{
	struct word w[MAX_SEGMENT_WORDS];
	size_t n = split_words(cand, w, MAX_SEGMENT_WORDS);

	for (size_t i = 0; i < n && i < MAX_SEGMENT_WORDS; i++)
		if (av_text_in_words(w[i].low, company_words))
			return true;
	return false;
}

/* Leave off a legal form: "Acme, Inc." is Acme to a person writing to it. */
static void
strip_legal_form(char *c)
{
	static const char *const forms[] = {", inc.", ", inc",	" inc.", " inc",  ", llc",
					    " llc",   ", ltd.", ", ltd", " ltd.", " ltd",
					    ", llp",  " llp",	NULL};
	size_t len = strlen(c);

	for (size_t i = 0; forms[i] != NULL; i++) {
		size_t n = strlen(forms[i]);

		if (len > n + 1 && av_text_eq_ci(c + len - n, forms[i])) {
			c[len - n] = '\0';
			return;
		}
	}
}

/* The company a piece of a segment names: kind words at its ends left off ("Acme
 * Interview"), then only capitalised words and connectors. *strong_r tells whether an
 * interview word was left off. NULL if none. */
static char *
piece_company(const char *piece, bool *strong_r)
{
	struct word w[MAX_SEGMENT_WORDS];
	size_t n = split_words(piece, w, MAX_SEGMENT_WORDS), from, to;
	char *cand;

	*strong_r = false;
	if (n == 0 || n > MAX_SEGMENT_WORDS)
		return NULL;
	/* "Between Sam and Jo", "With Jane": people, not a company */
	if (av_text_in_words(w[0].low, "between with for and mit avec"))
		return NULL;
	for (from = 0; from < n && is_kind(w[from].low, false); from++)
		*strong_r = *strong_r || av_text_in_words(w[from].low, strong_kind_words) ||
			    av_text_in_words(w[from].low, kind_words_foreign);
	for (to = n; to > from && is_kind(w[to - 1].low, false); to--)
		*strong_r = *strong_r || av_text_in_words(w[to - 1].low, strong_kind_words) ||
			    av_text_in_words(w[to - 1].low, kind_words_foreign);
	if (to == from || !is_capitalized(&w[from]))
		return NULL;
	for (size_t k = from; k < to; k++)
		if (!is_capitalized(&w[k]) && !av_text_in_words(w[k].low, company_connectors))
			return NULL;
	cand = span_dup(w, from, to - 1);
	if (cand != NULL) {
		strip_legal_form(cand);
		av_text_strip_trailing(cand, " ,;.\"'!?");
	}
	return cand;
}

/* The company a segment names: each of its comma-separated pieces in turn ("Sam Rivera,
 * Acme"); rank says where the segment stands (see read_summary). */
static char *
segment_company(const struct segment *seg, int rank, bool alone, bool after_role,
		const struct check *chk)
{
	const char *p = seg->text;

	while (*p != '\0') {
		size_t n = strcspn(p, ",");
		char *piece = av_strndup(p, n), *cand;
		bool strong, ok;

		cand = piece_company(piece, &strong);
		free(piece);
		ok = company_ok(cand, chk);
		/* a summary of one segment: only beside an interview word */
		if (ok && alone && !strong)
			ok = false;
		/* "Role (X)": without a domain to compare, only after a role and when X looks
		 * like an organisation's name ("Engineer (Berlin)" is a place) */
		if (ok && rank == 2 && chk->hint == NULL && !(after_role && has_company_word(cand)))
			ok = false;
		/* "with X": X is a company unless it looks like a person */
		if (ok && rank == 3 && chk->hint == NULL && person_shaped(cand))
			ok = false;
		if (ok)
			return cand;
		free(cand);
		p += n;
		if (*p == ',')
			p++;
	}
	return NULL;
}

/* The role without kind words at its end ("ML Engineer Technical Interview" is an ML
 * Engineer); what is left off is returned as the kind when it is English kind words
 * beyond "interview" alone. */
static void
read_role(const struct word *w, size_t n, struct av_summary *r, size_t *best_kind)
{
	size_t from, to, end;
	bool kind_en = true;

	for (from = 0; from < n && av_text_in_words(w[from].low, role_trim_words); from++)
		;
	for (end = n; end > from && av_text_in_words(w[end - 1].low, role_trim_words); end--)
		;
	for (to = end; to > from + 1 && is_kind(w[to - 1].low, false) && !is_role_word(w, to - 1);
	     to--)
		;
	if (to > from)
		r->role = span_dup(w, from, to - 1);
	for (size_t k = to; k < n; k++)
		kind_en = kind_en && is_kind(w[k].low, true);
	if (to < n && kind_en && !(n - to == 1 && strcmp(w[to].low, "interview") == 0) &&
	    n - to > *best_kind && to < end) {
		free(r->interview);
		r->interview = span_dup(w, to, n - 1);
		if (r->interview != NULL)
			av_text_lower(r->interview);
		*best_kind = n - to;
	}
}

/* Role, company and kind from a summary. The company is the first of: a segment after
 * "at" (rank 0), a plain segment (1), a parenthesis (2), a segment after "with" (3). */
static void
read_summary(const char *summary, const struct check *chk, struct av_summary *r)
{
	struct segs sg = {0};
	char *s = av_text_clean(summary, false), *cand[4] = {NULL, NULL, NULL, NULL};
	size_t best_kind = 0;
	bool prev_role = false;

	memset(r, 0, sizeof(*r));
	if (s == NULL)
		return;
	av_text_cut_chars(s, SUMMARY_MAX_CHARS);
	split_summary(s, &sg);
	for (size_t i = 0; i < sg.n; i++) {
		struct word w[MAX_SEGMENT_WORDS];
		const struct segment *seg = &sg.v[i];
		size_t n = split_words(seg->text, w, MAX_SEGMENT_WORDS);
		bool role = false, all_kind = true, all_kind_en = true, people;
		int rank;

		if (n == 0 || n > MAX_SEGMENT_WORDS || strchr(seg->text, '@') != NULL) {
			prev_role = false;
			continue;
		}
		people = seg->follow == PEOPLE ||
			 (chk->people != NULL && names_people(seg->text, chk->people));
		for (size_t k = 0; k < n; k++) {
			role = role || is_role_word(w, k);
			all_kind = all_kind && is_kind(w[k].low, false);
			all_kind_en = all_kind_en && is_kind(w[k].low, true);
		}
		if (!people && role) {
			if (r->role == NULL)
				read_role(w, n, r, &best_kind);
			prev_role = true;
			continue;
		}
		if (!people && all_kind_en && !(n == 1 && strcmp(w[0].low, "interview") == 0) &&
		    n > best_kind) {
			free(r->interview);
			r->interview = span_dup(w, 0, n - 1);
			if (r->interview != NULL)
				av_text_lower(r->interview);
			best_kind = n;
		}
		rank = seg->follow == AT ? 0 : seg->follow == PEOPLE ? 3 : seg->paren ? 2 : 1;
		if (!all_kind && !role && cand[rank] == NULL)
			cand[rank] = segment_company(seg, rank, sg.n == 1, prev_role, chk);
		prev_role = false;
	}
	for (int k = 0; k < 4; k++) {
		if (r->company == NULL)
			r->company = cand[k];
		else
			free(cand[k]);
	}
	for (size_t i = 0; i < sg.n; i++)
		free(sg.v[i].text);
	free(sg.v);
	free(s);
}

void
av_summary_read(const char *summary, char *const *people, const char *hint, struct av_summary *r)
{
	struct check chk = {people, hint, NULL, NULL};

	read_summary(summary, &chk, r);
}

/* A message subject without what mail and calendar programs put around the title:
 * "Updated invitation: TITLE @ Tue Nov 17, 2026 10am - 11am (EST) (sam@example.net)". */
static char *
subject_title(const char *subject)
{
	static const char days[] = "mon tue wed thu fri sat sun weekly daily";
	char *s = av_text_clean(subject, false), *p;

	if (s == NULL)
		return NULL;
	for (bool again = true; again;) {
		char *colon = strchr(s, ':');

		again = false;
		if (colon != NULL && colon - s < 48) {
			char *prefix = av_strndup(s, (size_t)(colon - s));

			if (folded_in(prefix, status_prefixes)) {
				memmove(s, colon + 1, strlen(colon + 1) + 1);
				memmove(s, s + strspn(s, " "), strlen(s + strspn(s, " ")) + 1);
				again = true;
			}
			free(prefix);
		}
	}
	for (p = s; (p = strstr(p, " @ ")) != NULL; p++) {
		char day[4] = {0};

		for (size_t i = 0; i < 3 && p[3 + i] != '\0'; i++)
			day[i] = av_ascii_lower(p[3 + i]);
		if (av_ascii_digit(p[3]) || av_text_in_words(day, days) ||
		    av_text_starts_ci(p + 3, strlen(p + 3), "weekly") ||
		    av_text_starts_ci(p + 3, strlen(p + 3), "daily")) {
			*p = '\0';
			break;
		}
	}
	if (s[0] == '\0') {
		free(s);
		return NULL;
	}
	return s;
}

static bool
eq_ci_n(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (av_ascii_lower(a[i]) != av_ascii_lower(b[i]))
			return false;
	return true;
}

/* Does s end with phrase as whole words (ASCII case ignored)? */
static bool
ends_with_words(const char *s, size_t len, const char *phrase)
{
	size_t n = strlen(phrase);

	return len >= n && eq_ci_n(s + len - n, phrase, n) && (len == n || s[len - n - 1] == ' ');
}

/* Is every word of s[0..len) a recruiting word, one of them a core one ("Talent
 * Acquisition", "Senior Technical Recruiter")? */
static bool
all_recruiting(const char *s, size_t len)
{
	char *t = av_strndup(s, len);
	struct word w[MAX_SEGMENT_WORDS];
	size_t n = split_words(t, w, MAX_SEGMENT_WORDS);
	bool core = false, all = n > 0 && n <= MAX_SEGMENT_WORDS;

	for (size_t i = 0; all && i < n; i++) {
		all = av_text_in_words(w[i].low, recruiting_words);
		core = core || av_text_in_words(w[i].low, recruiting_core);
	}
	free(t);
	return all && core;
}

/* The name in a department's name: "Northbank Recruiting", "The Acme Hiring Team",
 * "Recruiting at Acme", "Careers @ Acme". NULL when no recruiting word was taken off
 * (a person's name, "Zoom Scheduler"). */
static char *
strip_recruiting(const char *text)
{
	static const char *const joins[] = {
		" at ", " @ ", " | ", " - ", ", ", " \xe2\x80\x93 ", " \xe2\x80\x94 ", NULL};
	char *s = av_text_clean(text, false);
	size_t len;
	bool taken = false;

	if (s == NULL)
		return NULL;
	/* "Recruiting at Acme": a department, then the name */
	for (size_t i = 0; recruiting_phrases[i] != NULL && !taken; i++) {
		size_t n = strlen(recruiting_phrases[i]);

		if (!av_text_starts_ci(s, strlen(s), recruiting_phrases[i]))
			continue;
		for (size_t j = 0; joins[j] != NULL; j++) {
			if (av_text_starts_ci(s + n, strlen(s + n), joins[j])) {
				memmove(s, s + n + strlen(joins[j]),
					strlen(s + n + strlen(joins[j])) + 1);
				taken = true;
				break;
			}
		}
	}
	if (av_text_starts_ci(s, strlen(s), "the "))
		memmove(s, s + 4, strlen(s + 4) + 1);
	len = strlen(s);
	for (bool again = true; again && len > 0;) {
		again = false;
		while (len > 0 && strchr(" -|,@", s[len - 1]) != NULL)
			len--;
		for (size_t i = 0; recruiting_phrases[i] != NULL; i++) {
			size_t n = strlen(recruiting_phrases[i]);

			if (len > n && ends_with_words(s, len, recruiting_phrases[i])) {
				len -= n + 1;
				taken = again = true;
				break;
			}
		}
		/* "Acme Recruiting –": a dash left at the end */
		while (len >= 4 &&
		       (memcmp(s + len - 3, "\xe2\x80\x93", 3) == 0 ||
			memcmp(s + len - 3, "\xe2\x80\x94", 3) == 0) &&
		       s[len - 4] == ' ') {
			len -= 4;
			again = true;
		}
	}
	s[len] = '\0';
	/* "Recruiting Team" is a department without a name */
	if (!taken || len == 0 || all_recruiting(s, len)) {
		free(s);
		return NULL;
	}
	return s;
}

/* Capitalised words and connectors, at most six: a name, not a sentence. */
static bool
plain_name(const char *s)
{
	struct word w[MAX_SEGMENT_WORDS];
	size_t n;

	if (s == NULL)
		return false;
	n = split_words(s, w, MAX_SEGMENT_WORDS);
	if (n == 0 || n > 6 || !is_capitalized(&w[0]))
		return false;
	for (size_t i = 1; i < n; i++)
		if (!is_capitalized(&w[i]) && !av_text_in_words(w[i].low, company_connectors))
			return false;
	return true;
}

/* A signature line of the description naming the employer: "Talent Acquisition, Acme AI",
 * "— The Northbank Recruiting Team", "Jane Doe | Recruiter | Acme". Prose (a line
 * ending in '.', '?' or ':', or of more than 10 words) is passed over. */
static char *
signature_company(const char *description, const struct check *chk)
{
	static const char *const parts_sep[] = {
		", ",  " | ",	     " - ", " \xe2\x80\x93 ", " \xe2\x80\x94 ", " at ",
		" @ ", " \xc2\xb7 ", NULL};
	char *text, *save = NULL, *res = NULL;

	if (description == NULL)
		return NULL;
	text = av_strndup(description, strnlen(description, 65536));
	for (char *line = strtok_r(text, "\r\n", &save); line != NULL && res == NULL;
	     line = strtok_r(NULL, "\r\n", &save)) {
		struct word w[MAX_SEGMENT_WORDS];
		size_t len, words;

		/* leading dashes of a sign-off ("— The Acme Team", "-- Acme Recruiting") */
		for (;;) {
			line += strspn(line, " \t-~*>");
			if (strncmp(line, "\xe2\x80\x94", 3) == 0 ||
			    strncmp(line, "\xe2\x80\x93", 3) == 0)
				line += 3;
			else
				break;
		}
		len = strlen(line);
		while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\t'))
			line[--len] = '\0';
		words = split_words(line, w, MAX_SEGMENT_WORDS);
		if (len == 0 || len > 120 || words > 10 || strchr(".?:", line[len - 1]) != NULL)
			continue;
		for (const char *p = line; *p != '\0' && res == NULL;) {
			const char *next = NULL;
			size_t n = strlen(p), seplen = 0;

			for (size_t k = 0; parts_sep[k] != NULL; k++) {
				const char *hit = av_text_find_ci(p, parts_sep[k]);

				if (hit != NULL && (next == NULL || hit < next)) {
					next = hit;
					seplen = strlen(parts_sep[k]);
				}
			}
			if (next != NULL)
				n = (size_t)(next - p);
			if (all_recruiting(p, n) && next != NULL) {
				/* the department, then the employer up to the next separator */
				const char *q = next + seplen, *end = NULL;
				char *cand;

				for (size_t k = 0; parts_sep[k] != NULL; k++) {
					const char *hit = av_text_find_ci(q, parts_sep[k]);

					if (hit != NULL && (end == NULL || hit < end))
						end = hit;
				}
				cand = av_strndup(q, end != NULL ? (size_t)(end - q) : strlen(q));
				av_text_strip_trailing(cand, " ,;!");
				if (company_ok(cand, chk) && plain_name(cand))
					res = cand;
				else
					free(cand);
			} else {
				char *part = av_strndup(p, n), *cand = strip_recruiting(part);

				free(part);
				if (company_ok(cand, chk) && plain_name(cand))
					res = cand;
				else
					free(cand);
			}
			if (next == NULL)
				break;
			p = next + seplen;
		}
	}
	free(text);
	return res;
}

bool
av_summary_is_relay(const char *domain, char *const *relay_domains)
{
	char *label;
	bool hit = false;

	if (domain == NULL)
		return false;
	for (size_t i = 0; relay_domains != NULL && relay_domains[i] != NULL && !hit; i++)
		hit = av_addr_domain_is(domain, relay_domains[i]);
	if (!hit && (label = domain_label(domain)) != NULL) {
		av_text_lower(label);
		hit = vendor_label(label);
		free(label);
	}
	return hit;
}

/* A label that may be an employer's: a-z 0-9 '-', some letters, not generic. */
static bool
employer_label(const char *s, size_t n, const char *generic)
{
	char buf[64];
	size_t letters = 0, digits = 0;

	if (n < 2 || n >= sizeof(buf))
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = av_ascii_lower(s[i]);

		if (c >= 'a' && c <= 'z')
			letters++;
		else if (av_ascii_digit(c))
			digits++;
		else if (c != '-')
			return false;
		buf[i] = c;
	}
	buf[n] = '\0';
	/* "wd5" (Workday's data centres), "eu1": no name */
	if (letters < 2 || (digits > 0 && letters <= 3))
		return false;
	return !av_text_in_words(buf, generic) && !vendor_label(buf);
}

char *
av_summary_relay_label(const char *addr, char *const *relay_domains)
{
	static const char *const local_affixes[] = {
		"-recruiting", "-careers", "-jobs", "-talent",	   "-hiring", "-noreply",
		"-no-reply",   "-hr",	   "-team", "-interviews", NULL};
	const char *d = av_addr_domain(addr), *local, *end;
	char *res = NULL;
	size_t llen;

	if (d == NULL || !av_summary_is_relay(d, relay_domains))
		return NULL;
	/* the host left of the system's own domain: northbank.greenhouse-mail.io */
	end = label_start(d);
	if (end == NULL)
		end = d;
	for (size_t i = 0; relay_domains != NULL && relay_domains[i] != NULL; i++) {
		size_t n = strlen(relay_domains[i]), dl = strlen(d);

		if (av_addr_domain_is(d, relay_domains[i]) && dl > n && d + dl - n < end)
			end = d + dl - n;
	}
	while (end != NULL && end > d + 1 && res == NULL) {
		const char *start = end - 1; /* the dot before what was looked at */

		while (start > d && start[-1] != '.')
			start--;
		if (employer_label(start, (size_t)(end - 1 - start), generic_labels))
			res = av_strndup(start, (size_t)(end - 1 - start));
		end = start;
	}
	if (res != NULL) {
		av_text_lower(res);
		return res;
	}
	/* else the sender's own name there: northbank@myworkday.com */
	av_addr_local(addr, &local, &llen);
	for (size_t i = 0; local_affixes[i] != NULL; i++) {
		size_t n = strlen(local_affixes[i]);

		if (llen > n && strncmp(local + llen - n, local_affixes[i], n) == 0) {
			llen -= n;
			break;
		}
	}
	if (employer_label(local, llen, generic_locals)) {
		res = av_strndup(local, llen);
		av_text_lower(res);
	}
	return res;
}

/* A name made from a bare label ("northbank" → "Northbank"), like from a domain. */
static char *
name_from_hint(const char *hint)
{
	char *d, *res;

	if (strchr(hint, '.') != NULL || strchr(hint, '@') != NULL)
		return av_summary_company_from_domain(hint);
	d = av_asprintf("%s.example", hint);
	res = av_summary_company_from_domain(d);
	free(d);
	return res;
}

char *
av_summary_employer_from(const struct av_employer_clues *c, const char **from_r)
{
	const char *from = NULL;

	struct check chk = {c->people, c->hint, c->ok, c->ctx};
	struct av_summary r;
	char *res, *title, *label;

	read_summary(c->summary, &chk, &r);
	res = r.company;
	r.company = NULL;
	av_summary_clear(&r);
	if (res != NULL)
		from = "summary";
	if (res == NULL && (title = subject_title(c->subject)) != NULL) {
		read_summary(title, &chk, &r);
		res = r.company;
		r.company = NULL;
		av_summary_clear(&r);
		free(title);
		if (res != NULL)
			from = "subject";
	}
	if (res == NULL) {
		res = strip_recruiting(c->sender_name);
		if (!company_ok(res, &chk) || !plain_name(res)) {
			free(res);
			res = NULL;
		}
		if (res != NULL)
			from = "display name";
	}
	if (res == NULL && (res = signature_company(c->description, &chk)) != NULL)
		from = "signature";
	if (res == NULL && c->hint != NULL) {
		bool domain = strchr(c->hint, '.') != NULL || strchr(c->hint, '@') != NULL;

		/* the domain says which letters, the texts how a person writes them */
		const char *texts[] = {c->summary, c->subject, c->sender_name, c->description};

		label = domain ? domain_label(c->hint) : av_strdup(c->hint);
		if (label != NULL) {
			char sq[128];

			squash(label, sq, sizeof(sq));
			for (size_t i = 0; i < 4 && res == NULL; i++)
				res = company_from_text(texts[i], sq);
			for (size_t i = 0; c->texts != NULL && c->texts[i] != NULL && res == NULL;
			     i++)
				res = company_from_text(c->texts[i], sq);
		}
		free(label);
		if (res == NULL)
			res = name_from_hint(c->hint);
		if (res != NULL)
			from = domain ? "domain" : "relay label";
	}
	if (res != NULL)
		av_text_cut_chars(res, PHRASE_MAX_CHARS);
	if (from_r != NULL)
		*from_r = res != NULL ? from : NULL;
	return res;
}

char *
av_summary_employer(const struct av_employer_clues *c)
{
	return av_summary_employer_from(c, NULL);
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
