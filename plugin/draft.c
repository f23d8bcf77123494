/* afterview — thank-you drafts (design.md "Drafts"): the wording chosen from the
 * templates (template.c) with its variants and the role and company read from the
 * invite's summary, then handed to message.c for the RFC 5322 message. Pure logic; libc
 * only.
 *
 * Why the variants are chosen the way they are: the design promises that drafts for one
 * panel never have identical bodies. Each used section s has c_s usable variants; the
 * draft's wording number is k = (hash(invite UID) + position in panel) mod prod(c_s), and
 * k is spread over the sections bijectively (see choose_variants), so different positions
 * always give different wordings while the panel is no larger than prod(c_s) (243 with
 * the shipped templates; detect.c keeps at most 100 interviewers). The hash is the
 * invite's, not the interviewer's, so that positions cannot collide; it still makes a
 * single interviewer's wording vary from one interview to the next.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "afterview/addr.h"
#include "afterview/draft.h"
#include "afterview/log.h"
#include "afterview/message.h"
#include "afterview/text.h"

#define PHRASE_MAX_CHARS  80  /* role, company, interview kind */
#define SUMMARY_MAX_CHARS 400 /* a summary longer than this is prose, not a title */
#define SUBJECT_MAX_CHARS 200
#define MAX_SEGMENT_WORDS 12

/* ---- the token ----------------------------------------------------------------------- */

#define FNV_PRIME  0x100000001b3ULL
#define FNV_OFFSET 0xcbf29ce484222325ULL

static uint64_t
fnv1a(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;

	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= FNV_PRIME;
	}
	return h;
}

/* splitmix64's finalizer: FNV's high bits depend weakly on the last bytes. */
static uint64_t
mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

/* Each field is preceded by its length (NULL has a length no string has), so
 * ("a", "bc") and ("ab", "c") hash differently. */
static void
token_field(uint64_t h[2], const char *s)
{
	uint64_t n = s != NULL ? (uint64_t)strlen(s) : UINT64_MAX;
	unsigned char len[8];

	for (size_t i = 0; i < 8; i++)
		len[i] = (unsigned char)(n >> (8 * i));
	h[0] = fnv1a(h[0], len, sizeof(len));
	h[1] = fnv1a(h[1], len, sizeof(len));
	if (s != NULL) {
		h[0] = fnv1a(h[0], s, (size_t)n);
		h[1] = fnv1a(h[1], s, (size_t)n);
	}
}

char *
av_draft_token(const char *account, const char *uid, const char *who)
{
	/* two FNV-1a streams with unrelated offset bases make 128 bits: enough that two
	 * interviewers never share a token by accident (nothing here resists an attacker,
	 * and nothing needs to: the token only names our own drafts) */
	uint64_t h[2] = {FNV_OFFSET, FNV_OFFSET ^ 0x9e3779b97f4a7c15ULL};
	char *w = who != NULL ? av_strdup(who) : NULL;
	uint64_t a, b;

	/* addresses compare case-insensitively everywhere else; a name is kept as written */
	if (w != NULL && strchr(w, '@') != NULL)
		av_text_lower(w);
	token_field(h, account);
	token_field(h, uid);
	token_field(h, w);
	free(w);
	a = mix64(h[0] ^ (h[1] >> 32 | h[1] << 32));
	b = mix64(h[1] ^ a);
	return av_asprintf("%016llx%016llx", (unsigned long long)a, (unsigned long long)b);
}

/* ---- role, company and kind from the summary ----------------------------------------- */

/* Words that name a job ("Senior Platform Engineer", "Softwareentwickler"). Entries of six
 * letters or more also match as the end of a word, for German compounds. */
static const char role_words[] =
	"engineer developer programmer manager designer scientist analyst "
	"architect lead director specialist consultant administrator researcher "
	"intern officer sre devops head vp coordinator representative technician "
	"writer accountant strategist owner associate marketer editor entwickler "
	"ingenieur ingénieur développeur developpeur desarrollador ingeniero "
	"programador sviluppatore ontwikkelaar utvecklare berater leiter "
	"analista arquitecto architekt consultor diseñador";

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

/* Summary separators; text after "with"/"between" names people. */
static const struct {
	const char *sep;
	bool people_after;
} separators[] = {
	{" / ", false},
	{" | ", false},
	{" - ", false},
	{" \xe2\x80\x93 ", false},
	{" \xe2\x80\x94 ", false},
	{" <> ", false},
	{" x ", false},
	{" @ ", false},
	{" for ", false},
	{" at ", false},
	{" with ", true},
	{" between ", true},
};

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

/* Split a cleaned summary at ':', '|', parentheses and the separators above. */
static void
split_summary(const char *s, struct segs *sg)
{
	const char *start = s, *p = s;
	bool people = false;

	while (*p != '\0') {
		if (*p == '(') {
			const char *close = strchr(p, ')');

			segs_add(sg, start, (size_t)(p - start), false, people);
			if (close == NULL)
				close = p + strlen(p);
			segs_add(sg, p + 1, (size_t)(close - p - 1), true, false);
			p = *close != '\0' ? close + 1 : close;
			start = p;
			continue;
		}
		if (*p == ':' || *p == '|') {
			segs_add(sg, start, (size_t)(p - start), false, people);
			people = false;
			start = ++p;
			continue;
		}
		if (*p == ' ') {
			size_t k;

			for (k = 0; k < sizeof(separators) / sizeof(separators[0]); k++) {
				if (av_text_starts_ci(p, strlen(p), separators[k].sep))
					break;
			}
			if (k < sizeof(separators) / sizeof(separators[0])) {
				segs_add(sg, start, (size_t)(p - start), false, people);
				people = separators[k].people_after;
				/* the next segment starts at the separator's last space */
				p += strlen(separators[k].sep) - 1;
				start = p;
				continue;
			}
		}
		p++;
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
	if (av_text_in_words(low, role_words))
		return true;
	/* compounds: the end of the word, from six letters on */
	for (size_t k = 6; k < len; k++)
		if (av_text_in_words(low + len - k, role_words))
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

struct summary_info {
	char *role;	 /* owned or NULL: "Senior Platform Engineer" */
	char *company;	 /* owned or NULL: "Northwind Analytics" */
	char *interview; /* owned or NULL: "phone screen" */
};

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

/* Read the job, the employer and the kind of interview from a summary. These are small
 * static rules tried on the summaries real systems write (tests/data/invites): segments
 * split at ':', '|', " - ", " / ", " for ", " at ", "(...)"...; a segment with a job word
 * is the role, a capitalised segment of other words (matching the employer's domain when
 * one is known) is the company, a segment of interview words is the kind. Segments that
 * name the person or an interviewer, or follow "with"/"between", are people. */
static void
summary_read(const char *summary, char *const *people, const char *hint, struct summary_info *r)
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
		    names_people(seg->text, people))
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

/* "halcyon-robotics.example" → "Halcyon Robotics": a readable name when only the
 * employer's domain is known. NULL for private mail providers and odd labels. */
static char *
company_from_domain(const char *domain)
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

/* The employer's name as written in some text of the invite ("Blue Heron" in "Thank you
 * for your interest in Blue Heron Logistics" for blueheron.example): capitalised words
 * whose letters spell the domain's label. The domain says which letters, the text how
 * they are spaced and capitalised. The label may end inside the last of several words
 * ("Cobalt Payments" for cobaltpay). NULL when the text has no such words. */
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

/* ---- the interviewer's name ---------------------------------------------------------- */

/* The interviewer's name for the To line and the letter, and the first name to greet;
 * NULL when no real name is known: an address is no name, and a name guessed from "jdoe"
 * or "hr" would greet a stranger wrongly. */
static void
person_names(const struct av_interviewer *iv, char **name_r, char **first_r)
{
	static const char titles[] = "dr dr. prof prof. mr mr. ms ms. mrs mrs. mx mx.";
	char *name = av_text_clean(iv->name, false);
	struct word w[MAX_SEGMENT_WORDS];
	const char *comma;
	size_t n, i = 0;

	*name_r = *first_r = NULL;
	if (name == NULL || strchr(name, '@') != NULL ||
	    (iv->name_guessed && !av_addr_local_is_name(iv->email))) {
		free(name);
		return;
	}
	av_text_cut_chars(name, AV_MESSAGE_NAME_MAX_CHARS);
	*name_r = name;
	/* "Okafor, Jane" (but "Jane Okafor, PhD" is Jane) */
	comma = strchr(name, ',');
	if (comma != NULL &&
	    (strchr(comma + 1, ',') != NULL || memchr(name, ' ', (size_t)(comma - name)) != NULL))
		comma = NULL;
	n = split_words(comma != NULL ? comma + 1 : name, w, MAX_SEGMENT_WORDS);
	if (n == 0)
		return;
	if (n > MAX_SEGMENT_WORDS)
		n = MAX_SEGMENT_WORDS;
	while (i + 1 < n && av_text_in_words(w[i].low, titles))
		i++;
	*first_r = av_strndup(w[i].s, w[i].len);
	av_text_strip_trailing(*first_r, ",;");
	{
		bool letter = false;

		for (const char *p = *first_r; *p != '\0'; p++)
			letter = letter || av_ascii_alpha(*p) || (unsigned char)*p >= 0x80;
		if (!letter) {
			free(*first_r);
			*first_r = NULL;
		}
	}
}

/* ---- message pieces ------------------------------------------------------------------ */

static const char *const wdays[] = {"Sunday",	"Monday", "Tuesday", "Wednesday",
				    "Thursday", "Friday", "Saturday"};
static const char *const months[] = {"January",	  "February", "March",	  "April",
				     "May",	  "June",     "July",	  "August",
				     "September", "October",  "November", "December"};

/* ---- rendering ----------------------------------------------------------------------- */

/* Choose one variant per used section: from the first fallback group with a usable
 * variant (all placeholders have values), the variant given by k. k is split into one
 * digit per section (mixed radix, so every k below prod(c_s) is a different combination),
 * and each section takes the running sum of the digits so far: still one-to-one, and
 * neighbouring k (neighbours on a panel) differ in every section with a choice, not only
 * the first. Returns k reduced modulo prod(c_s). */
static unsigned
choose_variants(const struct av_template *tf, char *const *val, uint64_t hash, size_t pos,
		char **choice)
{
	char ***usable = av_calloc(tf->n_sections + 1, sizeof(*usable));
	size_t *cnt = av_calloc(tf->n_sections + 1, sizeof(*cnt));
	uint64_t prod = 1, k, rem, sum = 0;

	for (size_t s = 0; s < tf->n_sections; s++) {
		const struct av_template_section *sec = &tf->sections[s];
		unsigned group = 0;

		if (!sec->used)
			continue;
		usable[s] = av_calloc(sec->n_variants, sizeof(**usable));
		for (size_t i = 0;
		     i < sec->n_variants && (cnt[s] == 0 || sec->variants[i].group == group); i++) {
			char *e;

			if (cnt[s] == 0)
				group = sec->variants[i].group;
			e = av_template_expand(tf, val, NULL, sec->variants[i].text);
			if (e != NULL)
				usable[s][cnt[s]++] = e;
		}
		if (cnt[s] > 1 && prod < (1u << 30))
			prod *= cnt[s];
	}
	k = (hash % prod + pos % prod) % prod;
	rem = k;
	for (size_t s = 0; s < tf->n_sections; s++) {
		uint64_t d;

		if (cnt[s] == 0) {
			free(usable[s]);
			continue;
		}
		d = rem % cnt[s];
		rem /= cnt[s];
		sum += d;
		d = sum % cnt[s];
		choice[s] = usable[s][d];
		for (size_t i = 0; i < cnt[s]; i++)
			if (i != d)
				free(usable[s][i]);
		free(usable[s]);
	}
	free(usable);
	free(cnt);
	return (unsigned)k;
}

/* Where iv sits in the panel (0 when it is not found there). */
static size_t
panel_position(const struct av_draft_input *in)
{
	for (size_t i = 0; in->panel != NULL && i < in->n_panel; i++) {
		const struct av_interviewer *p = &in->panel[i];

		if (p == in->iv)
			return i;
	}
	/* a copy of the panel entry: the same address, or the same name when neither has one */
	for (size_t i = 0; in->panel != NULL && i < in->n_panel; i++) {
		const struct av_interviewer *p = &in->panel[i];

		if (p->email != NULL && in->iv->email != NULL) {
			if (av_text_eq_ci(p->email, in->iv->email))
				return i;
		} else if (p->email == NULL && in->iv->email == NULL && p->name != NULL &&
			   in->iv->name != NULL && strcmp(p->name, in->iv->name) == 0) {
			return i;
		}
	}
	return 0;
}

/* The body lines: each template line expanded (left out when a value is missing), runs of
 * blank lines made one, none at the ends. LF separated, no line end at the end. */
static char *
body_text(const struct av_template *tf, char *const *val, char *const *choice, const char *first)
{
	struct av_buf b;
	bool blank_pending = false;

	av_buf_init(&b);
	if (first != NULL) {
		av_buf_puts(&b, first);
		blank_pending = true;
	}
	for (size_t i = 0; i < tf->n_body; i++) {
		char *e = av_template_expand(tf, val, choice, tf->body[i].text);
		bool blank = true;

		if (e == NULL)
			continue;
		for (const char *p = e; *p != '\0'; p++)
			blank = blank && (*p == ' ' || *p == '\t');
		if (blank) {
			blank_pending = b.len > 0;
		} else {
			if (b.len > 0)
				av_buf_puts(&b, blank_pending ? "\n\n" : "\n");
			av_buf_puts(&b, e);
			blank_pending = false;
		}
		free(e);
	}
	return av_buf_steal(&b);
}

/* The values of the placeholders for this draft; NULL means "not known". */
static void
values_make(const struct av_draft_input *in, const char *name, const char *first,
	    const char *company_conf, char **val)
{
	const struct av_conf *conf = in->conf;
	const char *hint = in->company;
	char **people = av_calloc(in->n_panel + 2, sizeof(*people));
	struct summary_info si;
	size_t np = 0;

	val[AV_PH_FIRST_NAME] = first != NULL ? av_strdup(first) : NULL;
	val[AV_PH_NAME] = name != NULL ? av_strdup(name) : NULL;
	if (conf->me.name != NULL)
		people[np++] = conf->me.name;
	for (size_t i = 0; in->panel != NULL && i < in->n_panel; i++)
		if (in->panel[i].name != NULL && !in->panel[i].name_guessed)
			people[np++] = in->panel[i].name;
	if (hint == NULL && in->iv->email != NULL && strchr(in->iv->email, '@') != NULL)
		hint = strchr(in->iv->email, '@') + 1;
	summary_read(in->inv->summary, people, hint, &si);
	free(people);
	val[AV_PH_ROLE] = si.role;
	val[AV_PH_INTERVIEW] = si.interview;
	if (company_conf != NULL)
		val[AV_PH_COMPANY] = av_text_clean(company_conf, false);
	if (val[AV_PH_COMPANY] == NULL && si.company != NULL) {
		val[AV_PH_COMPANY] = si.company;
		si.company = NULL;
	}
	if (val[AV_PH_COMPANY] == NULL && in->company != NULL && strchr(in->company, '.') == NULL &&
	    strchr(in->company, '@') == NULL)
		val[AV_PH_COMPANY] = av_text_clean(in->company, false);
	if (val[AV_PH_COMPANY] == NULL && hint != NULL) {
		char *label = domain_label(hint), squashed[128];
		const char *texts[] = {in->inv->location, in->inv->description,
				       in->inv->has_organizer ? in->inv->organizer.cn : NULL};

		if (label != NULL) {
			squash(label, squashed, sizeof(squashed));
			for (size_t i = 0; i < 3 && val[AV_PH_COMPANY] == NULL; i++)
				val[AV_PH_COMPANY] = company_from_text(texts[i], squashed);
			free(label);
		}
	}
	if (val[AV_PH_COMPANY] == NULL && hint != NULL)
		val[AV_PH_COMPANY] = company_from_domain(hint);
	if (val[AV_PH_COMPANY] != NULL)
		av_text_cut_chars(val[AV_PH_COMPANY], PHRASE_MAX_CHARS);
	free(si.company);

	if (in->inv->start > 0) {
		time_t t = in->inv->start + in->inv->utc_offset;
		struct tm tm;

		if (gmtime_r(&t, &tm) != NULL)
			val[AV_PH_DATE] = av_asprintf("%s, %s %d", wdays[tm.tm_wday],
						      months[tm.tm_mon], tm.tm_mday);
	}
	val[AV_PH_TOPIC] = av_text_clean(in->topic, false);
	if (val[AV_PH_TOPIC] != NULL) {
		av_text_strip_trailing(val[AV_PH_TOPIC], ".!?;:, ");
		if (val[AV_PH_TOPIC][0] == '\0') {
			free(val[AV_PH_TOPIC]);
			val[AV_PH_TOPIC] = NULL;
		}
	}
	val[AV_PH_SKILLS] = av_text_clean(conf->me.skills, false);
	if (val[AV_PH_SKILLS] != NULL)
		av_text_strip_trailing(val[AV_PH_SKILLS], ".;, ");
	val[AV_PH_PITCH] = av_text_clean(conf->me.pitch, false);
	if (val[AV_PH_PITCH] != NULL &&
	    strchr(".!?", val[AV_PH_PITCH][strlen(val[AV_PH_PITCH]) - 1]) == NULL) {
		char *p = av_asprintf("%s.", val[AV_PH_PITCH]);

		free(val[AV_PH_PITCH]);
		val[AV_PH_PITCH] = p;
	}
	val[AV_PH_MY_NAME] = av_text_clean(conf->me.name, false);
	val[AV_PH_PHONE] = av_text_clean(conf->me.phone, false);
	val[AV_PH_SIGNATURE] = av_text_clean(conf->me.signature, true);
	if (val[AV_PH_SIGNATURE] == NULL && val[AV_PH_MY_NAME] != NULL)
		val[AV_PH_SIGNATURE] =
			val[AV_PH_PHONE] != NULL
				? av_asprintf("%s\n%s", val[AV_PH_MY_NAME], val[AV_PH_PHONE])
				: av_strdup(val[AV_PH_MY_NAME]);
	if (val[AV_PH_SIGNATURE] == NULL && val[AV_PH_PHONE] != NULL)
		val[AV_PH_SIGNATURE] = av_strdup(val[AV_PH_PHONE]);
	/* the employer's feedback is acknowledged, never quoted: the notes are the
	 * person's own words about it, not something to send back */
	if (in->feedback != NULL && in->feedback[0] != '\0')
		val[AV_PH_FEEDBACK_GIVEN] = av_strdup("");
	/* the marked lines the person replaces: present exactly when the thing is missing */
	if (val[AV_PH_TOPIC] == NULL)
		val[AV_PH_ASK_TOPIC] = av_asprintf(
			"[[ afterview: add one thing you talked about with %s \xe2\x80\x94 a "
			"question they asked, an idea you discussed ]]",
			first != NULL ? first : "this interviewer");
	if (val[AV_PH_SKILLS] == NULL && val[AV_PH_PITCH] == NULL)
		val[AV_PH_ASK_FIT] = av_strdup(
			"[[ afterview: add why you fit the role \xe2\x80\x94 a skill or result "
			"that "
			"matters for this job (skills and pitch in [me] fill this in) ]]");
}

/* The words of one draft, chosen: what the message says. */
struct wording {
	char *val[AV_PH_COUNT]; /* the placeholders' values, NULL for "not known" */
	char *name;		/* the interviewer's name for To, or NULL */
	char *first;		/* the first name to greet, or NULL */
	char *subject;
	char *body; /* LF-separated paragraphs */
	unsigned variant;
	size_t pos; /* in the panel */
	enum av_tone tone;
	bool to_ok; /* the interviewer's address can go in To */
};

static void
wording_clear(struct wording *w)
{
	for (int i = 0; i < AV_PH_COUNT; i++)
		free(w->val[i]);
	free(w->name);
	free(w->first);
	free(w->subject);
	free(w->body);
	memset(w, 0, sizeof(*w));
}

/* The first body line when the interviewer has no usable address, else NULL. */
static char *
missing_address_line(const struct av_draft_input *in, const char *name)
{
	/* av_text_clean never gives back an address as a name, but the marker is for the
	 * person and may name someone we could not greet */
	char *who = name != NULL ? av_strdup(name) : av_text_clean(in->iv->name, false), *line;

	if (who != NULL && strchr(who, '@') != NULL) {
		free(who);
		who = NULL;
	}
	if (who != NULL)
		av_text_cut_chars(who, AV_MESSAGE_NAME_MAX_CHARS);
	line = av_asprintf(in->iv->email == NULL
				   ? "[[ afterview: no address found for %s \xe2\x80\x94 "
				     "add it before sending ]]"
				   : "[[ afterview: the address in the invite for %s is "
				     "not usable \xe2\x80\x94 add the right one before "
				     "sending ]]",
			   who != NULL ? who : "this interviewer");
	free(who);
	return line;
}

/* Choose the words: the tone, the placeholders' values, one variant per section by the
 * panel position, the subject and the body. */
static void
wording_choose(const struct av_templates *tpl, const struct av_draft_input *in, struct wording *w)
{
	const struct av_company *co = NULL;
	const struct av_template *tf;
	const char *company_conf = NULL;
	char **choice, *missing = NULL;
	uint64_t h;

	memset(w, 0, sizeof(*w));
	/* the employer's [company] section: by the interviewer's address, else the guess */
	if (in->iv->email != NULL)
		co = av_conf_company(in->conf, in->iv->email);
	if (co == NULL && in->company != NULL)
		co = av_conf_company(in->conf, in->company);
	w->tone = co != NULL && co->tone_set ? co->tone : in->conf->tone;
	if (co != NULL)
		company_conf = co->name;
	tf = av_templates_tone(tpl, w->tone);

	person_names(in->iv, &w->name, &w->first);
	values_make(in, w->name, w->first, company_conf, w->val);
	w->to_ok = in->iv->email != NULL && av_addr_header_safe(in->iv->email);
	if (!w->to_ok)
		missing = missing_address_line(in, w->name);

	w->pos = panel_position(in);
	choice = av_calloc(tf->n_sections + 1, sizeof(*choice));
	h = mix64(fnv1a(FNV_OFFSET, in->inv->uid != NULL ? in->inv->uid : "",
			in->inv->uid != NULL ? strlen(in->inv->uid) : 0));
	w->variant = choose_variants(tf, w->val, h, w->pos, choice);
	for (size_t i = 0; i < tf->n_subject && w->subject == NULL; i++)
		w->subject = av_template_expand(tf, w->val, choice, tf->subject[i].text);
	if (w->subject != NULL) {
		char *c = av_text_clean(w->subject, false);

		free(w->subject);
		w->subject = c;
	}
	if (w->subject == NULL)
		w->subject = av_strdup("Thank you");
	av_text_cut_chars(w->subject, SUBJECT_MAX_CHARS);
	w->body = body_text(tf, w->val, choice, missing);
	for (size_t s = 0; s < tf->n_sections; s++)
		free(choice[s]);
	free(choice);
	free(missing);
}

enum av_err
av_draft_render(const struct av_templates *tpl, const struct av_draft_input *in,
		struct av_draft *draft_r, char **error_r)
{
	struct av_message_parts parts;
	struct wording w;
	const char *from_addr;
	struct tm tm;
	enum av_err err;

	memset(draft_r, 0, sizeof(*draft_r));
	if (tpl == NULL || in == NULL || in->conf == NULL || in->inv == NULL || in->iv == NULL) {
		av_error_set(error_r, "draft: templates, config, invite and interviewer needed");
		return AV_ERR_DATA;
	}
	/* checked here too, for errors that say what to fix */
	from_addr = in->conf->me.addresses != NULL ? in->conf->me.addresses[0] : NULL;
	if (!av_addr_header_safe(from_addr)) {
		av_error_set(error_r, "draft: no usable address of mine in [me] addresses");
		return AV_ERR_DATA;
	}
	if (!av_message_token_ok(in->token)) {
		av_error_set(error_r, "draft: bad X-Afterview-Id token");
		return AV_ERR_DATA;
	}
	if (gmtime_r(&in->now, &tm) == NULL) {
		av_error_set(error_r, "draft: the time is out of range");
		return AV_ERR_DATA;
	}

	wording_choose(tpl, in, &w);
	parts = (struct av_message_parts){
		.from_name = w.val[AV_PH_MY_NAME],
		.from_addr = from_addr,
		.to_name = w.name,
		.to_addr = w.to_ok ? in->iv->email : NULL,
		.subject = w.subject,
		.body = w.body,
		.token = in->token,
		.variant = w.variant,
		.date = in->now,
	};
	err = av_message_compose(&parts, &draft_r->message, &draft_r->len, &draft_r->message_id,
				 error_r);
	if (err == AV_OK) {
		av_debug(AV_CAT_DRAFT, "draft %s: %s tone, variant %u, panel position %zu%s",
			 in->token, w.tone == AV_TONE_CASUAL ? "casual" : "formal", w.variant,
			 w.pos, w.to_ok ? "" : ", no usable address");
		draft_r->subject = w.subject;
		w.subject = NULL;
		draft_r->variant = w.variant;
	}
	wording_clear(&w);
	return err;
}

void
av_draft_clear(struct av_draft *draft)
{
	if (draft == NULL)
		return;
	free(draft->message);
	free(draft->message_id);
	free(draft->subject);
	memset(draft, 0, sizeof(*draft));
}
