/* afterview — thank-you drafts (design.md "Drafts"): templates with wording variants, the
 * role and company read from the invite's summary, and the RFC 5322 message. Pure logic
 * plus reading the template files; libc only.
 *
 * The template format is documented for the people who edit templates in
 * contrib/templates/README; in short: Subject: lines (the first whose placeholders all
 * have a value wins), a blank line, the body, then [sections] of variants, one per line,
 * "--" starting a fallback group. A line that uses a placeholder without a value is left
 * out; that is how optional things (phone, topic, skills) stay optional.
 *
 * Why the variants are chosen the way they are: the design promises that drafts for one
 * panel never have identical bodies. Each used section s has c_s usable variants; the
 * draft's wording number is k = (hash(invite UID) + position in panel) mod prod(c_s), and
 * k is spread over the sections bijectively (see choose_variants), so different positions
 * always give different wordings while the panel is no larger than prod(c_s) (243 with
 * the shipped templates; detect.c keeps at most 100 interviewers). The hash is the
 * invite's, not the interviewer's, so that positions cannot collide; it still makes a
 * single interviewer's wording vary from one interview to the next.
 *
 * The body is format=flowed (RFC 3676): paragraphs are wrapped at 76 columns for
 * readers that show lines as they are, while clients that know flowed text re-flow
 * them when the person edits the draft.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "afterview/addr.h"
#include "afterview/draft.h"
#include "afterview/log.h"
#include "afterview/text.h"

#define TEMPLATE_MAX_BYTES 65536 /* a template is a page of text, not a data file */
#define WRAP_COLS	   76	 /* body line width in characters (RFC 3676 4.2: <= 78) */
#define HEADER_COLS	   78	 /* RFC 5322 2.1.1 SHOULD */
#define LONG_WORD_MAX	   996	 /* octets: + soft-break space + space-stuffing <= 998 */
#define EW_CHUNK	   39	 /* input octets per encoded-word: 12 + 52 = 64 columns */
#define NAME_MAX_CHARS	   100	 /* display names (a hostile CN can be 64 KiB) */
#define PHRASE_MAX_CHARS   80	 /* role, company, interview kind */
#define SUMMARY_MAX_CHARS  400	 /* a summary longer than this is prose, not a title */
#define SUBJECT_MAX_CHARS  200
#define MAX_SEGMENT_WORDS  12

/* ---- text ---------------------------------------------------------------------------- */

/* Text from an invite, the notes or the config made safe for a header or a body line:
 * invalid UTF-8 is dropped; C0 and C1 controls, DEL and the Unicode line separators
 * become white space (so "\r\nBcc:" can never start a header line); bidi overrides go
 * (they can make a name display as something else); white space collapses to one space
 * and the ends are trimmed. With multiline (signatures), LF survives and each line is
 * trimmed at its end. NULL stays NULL; an empty result is NULL. */
static char *
clean_text(const char *s, bool multiline)
{
	struct av_buf b;
	size_t len, i = 0;
	bool space = false;

	if (s == NULL)
		return NULL;
	len = strlen(s);
	av_buf_init(&b);
	while (i < len) {
		uint32_t cp;
		size_t n = av_utf8_decode(s + i, len - i, &cp);

		if (n == 0) {
			i++;
			continue;
		}
		if (multiline && (cp == '\n' || cp == 0x2028 || cp == 0x2029)) {
			while (b.len > 0 && b.data[b.len - 1] == ' ')
				b.data[--b.len] = '\0';
			av_buf_append(&b, "\n", 1);
			space = false;
		} else if (av_text_breaks_line(cp)) {
			space = true;
		} else if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)) {
			/* dropped */
		} else if (cp == ' ') {
			space = true;
		} else {
			bool line_start = b.len == 0 || b.data[b.len - 1] == '\n';

			if (space && !line_start)
				av_buf_append(&b, " ", 1);
			space = false;
			av_buf_append(&b, s + i, n);
		}
		i += n;
	}
	while (b.len > 0 && (b.data[b.len - 1] == ' ' || b.data[b.len - 1] == '\n'))
		b.data[--b.len] = '\0';
	if (b.len == 0) {
		av_buf_free(&b);
		return NULL;
	}
	return av_buf_steal(&b);
}

/* Cut valid UTF-8 s after max characters (never inside one), trailing space removed. */
static void
cut_chars(char *s, size_t max)
{
	size_t i = av_utf8_prefix_chars(s, strlen(s), max);

	s[i] = '\0';
	while (i > 0 && s[i - 1] == ' ')
		s[--i] = '\0';
}

/* Remove trailing characters found in set. */
static void
strip_trailing(char *s, const char *set)
{
	size_t len = strlen(s);

	while (len > 0 && strchr(set, s[len - 1]) != NULL)
		s[--len] = '\0';
}

/* Is word one of the space-separated words of list? */
static bool
in_words(const char *word, const char *list)
{
	size_t n = strlen(word);

	if (n == 0)
		return false;
	for (const char *p = list; (p = strstr(p, word)) != NULL; p++)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return true;
	return false;
}

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

/* ---- templates ----------------------------------------------------------------------- */

enum ph {
	PH_FIRST_NAME,
	PH_NAME,
	PH_COMPANY,
	PH_ROLE,
	PH_DATE,
	PH_TOPIC,
	PH_SKILLS,
	PH_PITCH,
	PH_MY_NAME,
	PH_PHONE,
	PH_SIGNATURE,
	PH_INTERVIEW,
	PH_ASK_TOPIC,
	PH_ASK_FIT,
	PH_FEEDBACK_GIVEN,
	PH__N
};

static const char *const ph_names[PH__N] = {
	[PH_FIRST_NAME] = "first_name",
	[PH_NAME] = "name",
	[PH_COMPANY] = "company",
	[PH_ROLE] = "role",
	[PH_DATE] = "date",
	[PH_TOPIC] = "topic",
	[PH_SKILLS] = "skills",
	[PH_PITCH] = "pitch",
	[PH_MY_NAME] = "my_name",
	[PH_PHONE] = "phone",
	[PH_SIGNATURE] = "signature",
	[PH_INTERVIEW] = "interview",
	[PH_ASK_TOPIC] = "ask_topic",
	[PH_ASK_FIT] = "ask_fit",
	[PH_FEEDBACK_GIVEN] = "feedback_given",
};

struct tline {
	char *text; /* owned, UTF-8, no line end */
	unsigned line;
	unsigned group; /* variants only: the fallback group ("--" separated) */
};

struct tsection {
	char *name; /* owned */
	unsigned line;
	struct tline *v; /* owned: the variants */
	size_t n;
	bool used; /* referenced by a Subject or body line */
};

struct tfile {
	char *path; /* owned */
	struct tline *subject;
	size_t n_subject;
	struct tline *body;
	size_t n_body;
	struct tsection *sec;
	size_t n_sec;
};

struct av_templates {
	struct tfile tone[2]; /* indexed by enum av_tone */
};

static int
ph_lookup(const char *name, size_t len)
{
	for (int i = 0; i < PH__N; i++)
		if (strlen(ph_names[i]) == len && memcmp(ph_names[i], name, len) == 0)
			return i;
	return -1;
}

static int
section_lookup(const struct tfile *tf, const char *name, size_t len)
{
	for (size_t i = 0; i < tf->n_sec; i++)
		if (strlen(tf->sec[i].name) == len && memcmp(tf->sec[i].name, name, len) == 0)
			return (int)i;
	return -1;
}

/* The next "{{name}}" in s: returns where "{{" starts (NULL when there is none) with the
 * name (blanks inside the braces trimmed) and the position after "}}". *end_r is NULL when
 * the braces are not closed on the line. */
static const char *
next_placeholder(const char *s, const char **name_r, size_t *len_r, const char **end_r)
{
	const char *open = strstr(s, "{{"), *close, *n, *e;

	if (open == NULL)
		return NULL;
	close = strstr(open + 2, "}}");
	if (close == NULL) {
		*end_r = NULL;
		return open;
	}
	n = open + 2;
	e = close;
	while (n < e && *n == ' ')
		n++;
	while (e > n && e[-1] == ' ')
		e--;
	*name_r = n;
	*len_r = (size_t)(e - n);
	*end_r = close + 2;
	return open;
}

static void __attribute__((format(printf, 2, 3)))
add_error(struct av_buf *errs, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = av_vasprintf(fmt, ap);
	va_end(ap);
	if (errs->len > 0)
		av_buf_append(errs, "\n", 1);
	av_buf_puts(errs, msg);
	free(msg);
}

static void
tlines_add(struct tline **v, size_t *n, const char *text, size_t len, unsigned line, unsigned group)
{
	*v = av_realloc(*v, (*n + 1) * sizeof(**v));
	(*v)[*n].text = av_strndup(text, len);
	(*v)[*n].line = line;
	(*v)[*n].group = group;
	(*n)++;
}

static void
tlines_free(struct tline *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].text);
	free(v);
}

static void
tfile_clear(struct tfile *tf)
{
	free(tf->path);
	tlines_free(tf->subject, tf->n_subject);
	tlines_free(tf->body, tf->n_body);
	for (size_t i = 0; i < tf->n_sec; i++) {
		free(tf->sec[i].name);
		tlines_free(tf->sec[i].v, tf->sec[i].n);
	}
	free(tf->sec);
	memset(tf, 0, sizeof(*tf));
}

/* Is line "[name]" (trailing blanks allowed)? Sets the name. A line starting with '['
 * that is no valid header is reported by the caller. */
static bool
section_header(const char *line, size_t len, const char **name_r, size_t *name_len_r)
{
	while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\t'))
		len--;
	if (len < 3 || line[0] != '[' || line[len - 1] != ']')
		return false;
	for (size_t i = 1; i < len - 1; i++) {
		char c = line[i];

		if (!((c >= 'a' && c <= 'z') || av_ascii_digit(c) || c == '_' || c == '-'))
			return false;
	}
	*name_r = line + 1;
	*name_len_r = len - 2;
	return true;
}

/* Check every placeholder of one line; mark the sections it uses. */
static void
check_line(struct tfile *tf, const struct tline *l, const char *in_section, struct av_buf *errs)
{
	const char *p = l->text, *name, *end;
	size_t len;

	while (next_placeholder(p, &name, &len, &end) != NULL) {
		int s;

		if (end == NULL) {
			add_error(errs, "%s:%u: \"{{\" without \"}}\"", tf->path, l->line);
			return;
		}
		if (ph_lookup(name, len) >= 0) {
			/* a value */
		} else if ((s = section_lookup(tf, name, len)) >= 0) {
			if (in_section != NULL)
				add_error(errs,
					  "%s:%u: {{%.*s}} is a section; section [%s] cannot use "
					  "sections",
					  tf->path, l->line, (int)len, name, in_section);
			else
				tf->sec[s].used = true;
		} else {
			char *shown = av_strndup(name, len > 40 ? 40 : len);
			char *clean = clean_text(shown, false);

			add_error(errs, "%s:%u: unknown placeholder {{%s}}", tf->path, l->line,
				  clean != NULL ? clean : "");
			free(clean);
			free(shown);
		}
		p = end;
	}
}

enum part { PART_HEAD, PART_BODY, PART_SECTION };

/* Parse one template file's text into tf (tf->path set); errors appended to errs. */
static void
tfile_parse(struct tfile *tf, const char *text, size_t size, struct av_buf *errs)
{
	enum part part = PART_HEAD;
	const char *p = text ? text : "", *end = p + (text ? size : 0);
	unsigned lineno = 0, group = 0;
	struct tsection *cur = NULL;
	bool head_reported = false;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *name;
		size_t len = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p), name_len;
		const char *line = p;
		bool blank = true;

		p = nl != NULL ? nl + 1 : end;
		lineno++;
		if (len > 0 && line[len - 1] == '\r')
			len--;
		for (size_t i = 0; i < len; i++)
			if (line[i] != ' ' && line[i] != '\t')
				blank = false;
		if (!av_utf8_valid(line, len)) {
			add_error(errs, "%s:%u: not valid UTF-8", tf->path, lineno);
			continue;
		}
		if (memchr(line, '\0', len) != NULL) {
			add_error(errs, "%s:%u: NUL byte", tf->path, lineno);
			continue;
		}
		if (len > 0 && line[0] == '#')
			continue;
		if (part == PART_HEAD) {
			if (blank && tf->n_subject > 0) {
				part = PART_BODY;
				continue;
			}
			if (blank)
				continue;
			if (len >= 8 && memcmp(line, "Subject:", 8) == 0) {
				const char *v = line + 8;
				size_t vlen = len - 8;

				while (vlen > 0 && (*v == ' ' || *v == '\t')) {
					v++;
					vlen--;
				}
				if (vlen == 0)
					add_error(errs, "%s:%u: empty Subject: line", tf->path,
						  lineno);
				else
					tlines_add(&tf->subject, &tf->n_subject, v, vlen, lineno,
						   0);
				continue;
			}
			/* go on as if the blank line were there, to report what follows */
			head_reported = true;
			if (tf->n_subject == 0)
				add_error(errs, "%s:%u: expected a \"Subject:\" line first",
					  tf->path, lineno);
			else
				add_error(errs,
					  "%s:%u: expected a blank line after the Subject: lines",
					  tf->path, lineno);
			part = PART_BODY;
		}
		if (len > 0 && line[0] == '[') {
			if (!section_header(line, len, &name, &name_len)) {
				add_error(errs,
					  "%s:%u: bad section header (expected [name]: lower-case "
					  "letters, digits, '_' and '-')",
					  tf->path, lineno);
				cur = NULL;
				part = PART_SECTION;
				continue;
			}
			cur = NULL;
			part = PART_SECTION;
			group = 0;
			if (ph_lookup(name, name_len) >= 0) {
				add_error(errs,
					  "%s:%u: section [%.*s] has the name of a placeholder",
					  tf->path, lineno, (int)name_len, name);
				continue;
			}
			if (section_lookup(tf, name, name_len) >= 0) {
				add_error(errs, "%s:%u: section [%.*s] is defined twice", tf->path,
					  lineno, (int)name_len, name);
				continue;
			}
			tf->sec = av_realloc(tf->sec, (tf->n_sec + 1) * sizeof(*tf->sec));
			cur = &tf->sec[tf->n_sec++];
			memset(cur, 0, sizeof(*cur));
			cur->name = av_strndup(name, name_len);
			cur->line = lineno;
			continue;
		}
		if (part == PART_BODY) {
			tlines_add(&tf->body, &tf->n_body, line, blank ? 0 : len, lineno, 0);
			continue;
		}
		/* PART_SECTION */
		if (blank || cur == NULL)
			continue;
		if (len == 2 && line[0] == '-' && line[1] == '-') {
			if (cur->n > 0 && cur->v[cur->n - 1].group == group)
				group++;
			continue;
		}
		tlines_add(&cur->v, &cur->n, line, len, lineno, group);
	}
	if (tf->n_subject == 0 && !head_reported)
		add_error(errs, "%s:%u: no \"Subject:\" line", tf->path, lineno > 0 ? lineno : 1);
	else {
		bool any = false;

		for (size_t i = 0; i < tf->n_body; i++)
			any = any || tf->body[i].text[0] != '\0';
		if (!any && tf->n_subject > 0)
			add_error(errs, "%s:%u: the body is empty", tf->path,
				  lineno > 0 ? lineno : 1);
	}
	for (size_t i = 0; i < tf->n_sec; i++)
		if (tf->sec[i].n == 0)
			add_error(errs, "%s:%u: section [%s] has no lines", tf->path,
				  tf->sec[i].line, tf->sec[i].name);
	/* placeholders last: a section may be used before it is defined */
	for (size_t i = 0; i < tf->n_subject; i++)
		check_line(tf, &tf->subject[i], NULL, errs);
	for (size_t i = 0; i < tf->n_body; i++)
		check_line(tf, &tf->body[i], NULL, errs);
	for (size_t i = 0; i < tf->n_sec; i++)
		for (size_t k = 0; k < tf->sec[i].n; k++)
			check_line(tf, &tf->sec[i].v[k], tf->sec[i].name, errs);
}

static void
tfile_load(struct tfile *tf, const char *path, struct av_buf *errs)
{
	FILE *f = fopen(path, "rb");
	struct av_buf text;
	char chunk[8192];
	size_t n;

	tf->path = av_strdup(path);
	if (f == NULL) {
		add_error(errs, "%s: %s", path, strerror(errno));
		return;
	}
	av_buf_init(&text);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0 && text.len <= TEMPLATE_MAX_BYTES)
		av_buf_append(&text, chunk, n);
	if (ferror(f))
		add_error(errs, "%s: %s", path, strerror(errno));
	else if (text.len > TEMPLATE_MAX_BYTES)
		add_error(errs, "%s: larger than %d bytes", path, TEMPLATE_MAX_BYTES);
	else
		tfile_parse(tf, text.data, text.len, errs);
	fclose(f);
	av_buf_free(&text);
	av_debug(AV_CAT_DRAFT, "template %s: %zu subject lines, %zu body lines, %zu sections", path,
		 tf->n_subject, tf->n_body, tf->n_sec);
}

enum av_err
av_draft_templates_load(const char *dir, struct av_templates **tpl_r, char **error_r)
{
	static const char *const files[2] = {
		[AV_TONE_FORMAL] = "formal.txt", [AV_TONE_CASUAL] = "casual.txt"};
	const char *shipped = getenv("AFTERVIEW_TEMPLATES");
	struct av_templates *t;
	struct av_buf errs;
	struct stat st;

	if (shipped == NULL || *shipped == '\0')
		shipped = AV_DATADIR "/templates";
	/* a templates directory that is not there is a mistake in the config: saying so beats
	 * silently using the shipped wording */
	if (dir != NULL && stat(dir, &st) != 0) {
		av_error_set(error_r, "templates %s: %s", dir, strerror(errno));
		return AV_ERR_CONFIG;
	}
	if (dir != NULL && !S_ISDIR(st.st_mode)) {
		av_error_set(error_r, "templates %s: not a directory", dir);
		return AV_ERR_CONFIG;
	}
	av_buf_init(&errs);
	t = av_calloc(1, sizeof(*t));
	for (int i = 0; i < 2; i++) {
		char *path = NULL;

		if (dir != NULL) {
			path = av_asprintf("%s/%s", dir, files[i]);
			if (access(path, F_OK) != 0) {
				free(path);
				path = NULL;
			}
		}
		if (path == NULL)
			path = av_asprintf("%s/%s", shipped, files[i]);
		tfile_load(&t->tone[i], path, &errs);
		free(path);
	}
	if (errs.len > 0) {
		av_draft_templates_free(&t);
		if (error_r != NULL)
			*error_r = av_buf_steal(&errs);
		av_buf_free(&errs);
		return AV_ERR_CONFIG;
	}
	av_buf_free(&errs);
	*tpl_r = t;
	return AV_OK;
}

void
av_draft_templates_free(struct av_templates **tpl)
{
	if (tpl == NULL || *tpl == NULL)
		return;
	tfile_clear(&(*tpl)->tone[0]);
	tfile_clear(&(*tpl)->tone[1]);
	free(*tpl);
	*tpl = NULL;
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
			strip_trailing(w[n].low, ",.;!?\"'");
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
	if (in_words(low, kind_words) || (!english_only && in_words(low, kind_words_foreign)))
		return true;
	if (strchr(low, '-') == NULL)
		return false;
	while (*p != '\0') {
		size_t n = strcspn(p, "-");

		if (n == 0 || n >= sizeof(part))
			return false;
		memcpy(part, p, n);
		part[n] = '\0';
		if (!in_words(part, kind_words))
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
	if (in_words(low, role_words))
		return true;
	/* compounds: the end of the word, from six letters on */
	for (size_t k = 6; k < len; k++)
		if (in_words(low + len - k, role_words))
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

	strip_trailing(r, ",;");
	c = clean_text(r, false);
	free(r);
	if (c != NULL)
		cut_chars(c, PHRASE_MAX_CHARS);
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
	char *s = clean_text(summary, false);
	size_t best_kind = 0;

	memset(r, 0, sizeof(*r));
	if (s == NULL)
		return;
	cut_chars(s, SUMMARY_MAX_CHARS);
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
			for (from = 0; from < n && in_words(w[from].low, role_trim_words); from++)
				;
			for (to = n; to > from && in_words(w[to - 1].low, role_trim_words); to--)
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
				     in_words(w[k].low, company_connectors);
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
	if (in_words(label, personal) || strlen(label) < 2) {
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
			connector = words > 0 && in_words(word, company_connectors);
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

			c = clean_text(raw, false);
			free(raw);
			if (c != NULL)
				strip_trailing(c, ".'");
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
	char *name = clean_text(iv->name, false);
	struct word w[MAX_SEGMENT_WORDS];
	const char *comma;
	size_t n, i = 0;

	*name_r = *first_r = NULL;
	if (name == NULL || strchr(name, '@') != NULL ||
	    (iv->name_guessed && !av_addr_local_is_name(iv->email))) {
		free(name);
		return;
	}
	cut_chars(name, NAME_MAX_CHARS);
	*name_r = name;
	/* "Okafor, Jane" (but "Jane Okafor, PhD" is Jane) */
	comma = strchr(name, ',');
	if (comma != NULL &&
	    (strchr(comma + 1, ',') != NULL || memchr(name, ' ', (size_t)(comma - name)) != NULL))
		comma = NULL;
	n = split_words(comma != NULL ? comma + 1 : name, w, MAX_SEGMENT_WORDS);
	if (n == 0 || iv->name_initial_only) /* "Dear K," greets nobody */
		return;
	if (n > MAX_SEGMENT_WORDS)
		n = MAX_SEGMENT_WORDS;
	while (i + 1 < n && in_words(w[i].low, titles))
		i++;
	*first_r = av_strndup(w[i].s, w[i].len);
	strip_trailing(*first_r, ",;");
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

static bool
needs_encoding(const char *s)
{
	for (const char *p = s; *p != '\0'; p++)
		if ((unsigned char)*p >= 0x80)
			return true;
	/* text that looks like an encoded-word would be decoded by some readers */
	return strstr(s, "=?") != NULL;
}

static void
base64_append(struct av_buf *b, const unsigned char *in, size_t len)
{
	static const char tab[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

	for (size_t i = 0; i < len; i += 3) {
		uint32_t v = (uint32_t)in[i] << 16;
		char out[4];

		if (i + 1 < len)
			v |= (uint32_t)in[i + 1] << 8;
		if (i + 2 < len)
			v |= in[i + 2];
		out[0] = tab[(v >> 18) & 63];
		out[1] = tab[(v >> 12) & 63];
		out[2] = i + 1 < len ? tab[(v >> 6) & 63] : '=';
		out[3] = i + 2 < len ? tab[v & 63] : '=';
		av_buf_append(b, out, 4);
	}
}

/* RFC 2047 B encoded-words for valid UTF-8 s, separated by spaces (where the header may
 * fold; readers drop white space between encoded-words). Each takes at most EW_CHUNK
 * octets, so it stays within 75 characters (RFC 2047 2), and never splits a character
 * (RFC 2047 5: each encoded-word must be self-contained). */
static void
encoded_words_append(struct av_buf *b, const char *s)
{
	size_t len = strlen(s), i = 0;

	while (i < len) {
		size_t start = i;
		uint32_t cp;

		while (i < len) {
			size_t n = av_utf8_decode(s + i, len - i, &cp);

			if (n == 0)
				n = 1;
			if (i + n - start > EW_CHUNK)
				break;
			i += n;
		}
		if (start > 0)
			av_buf_append(b, " ", 1);
		av_buf_puts(b, "=?UTF-8?B?");
		base64_append(b, (const unsigned char *)s + start, i - start);
		av_buf_puts(b, "?=");
	}
}

/* A display name as a quoted-string (RFC 5322 3.2.4; '"' and '\' escaped) or, with
 * anything beyond ASCII, as encoded-words (which may not appear inside quotes). */
static void
phrase_append(struct av_buf *b, const char *name)
{
	if (needs_encoding(name)) {
		encoded_words_append(b, name);
		return;
	}
	av_buf_append(b, "\"", 1);
	for (const char *p = name; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			av_buf_append(b, "\\", 1);
		av_buf_append(b, p, 1);
	}
	av_buf_append(b, "\"", 1);
}

static char *
mailbox(const char *name, const char *addr)
{
	struct av_buf b;

	av_buf_init(&b);
	if (name != NULL) {
		char *n = av_strdup(name);

		cut_chars(n, NAME_MAX_CHARS);
		phrase_append(&b, n);
		free(n);
		av_buf_printf(&b, " <%s>", addr);
	} else {
		av_buf_puts(&b, addr);
	}
	return av_buf_steal(&b);
}

/* Append "Name: value" folded at the value's spaces (RFC 5322 2.2.3), so lines stay within
 * 78 columns wherever a space allows; value holds no CR or LF, and no piece between spaces
 * is near 998 octets (names, subjects and addresses are bounded before they get here). */
static void
header_add(struct av_buf *b, const char *name, const char *value)
{
	size_t col = strlen(name) + 1, first = col;
	const char *p = value;

	av_buf_printf(b, "%s:", name);
	while (*p != '\0') {
		size_t n = strcspn(p, " ");

		if (col > first && col + 1 + n > HEADER_COLS) {
			av_buf_puts(b, "\r\n");
			col = 0;
		}
		av_buf_append(b, " ", 1);
		av_buf_append(b, p, n);
		col += 1 + n;
		p += n;
		if (*p == ' ')
			p++;
	}
	av_buf_puts(b, "\r\n");
}

/* The Subject value: plain text when it is ASCII with ordinary words, else encoded-words
 * (which can be folded anywhere a character ends). */
static char *
subject_value(const char *subject)
{
	struct av_buf b;
	bool encode = needs_encoding(subject);

	for (const char *p = subject; !encode && *p != '\0';) {
		size_t n = strcspn(p, " ");

		encode = n > HEADER_COLS - 10;
		p += n;
		if (*p == ' ')
			p++;
	}
	if (!encode)
		return av_strdup(subject);
	av_buf_init(&b);
	encoded_words_append(&b, subject);
	return av_buf_steal(&b);
}

static void
flowed_piece(struct av_buf *b, const char *s, size_t len)
{
	/* RFC 3676 4.4: space-stuffing, or the line would read as quoted or flowed */
	if (len > 0 && (s[0] == ' ' || s[0] == '>' || (len >= 5 && strncmp(s, "From ", 5) == 0)))
		av_buf_append(b, " ", 1);
	av_buf_append(b, s, len);
	av_buf_puts(b, "\r\n");
}

/* One logical line of the body (a paragraph or a signature line) as format=flowed lines
 * (RFC 3676): broken at spaces to WRAP_COLS characters, each soft break keeping its space
 * at the end of the line; a line ending without a space is a hard break. A word longer
 * than the width gets a line of its own; one longer than LONG_WORD_MAX octets is cut,
 * since RFC 5322 2.1.1 allows no line over 998 octets. */
static void
flowed_append(struct av_buf *b, const char *line, size_t len)
{
	size_t pos = 0;

	if (len == 3 && memcmp(line, "-- ", 3) == 0) {
		av_buf_puts(b, "-- \r\n"); /* the signature separator is not a soft break */
		return;
	}
	while (len > 0 && line[len - 1] == ' ')
		len--; /* a hard break must not look soft */
	if (len == 0) {
		av_buf_puts(b, "\r\n");
		return;
	}
	while (pos < len) {
		size_t i = pos, chars = 0, last_space = 0;
		bool found_space = false;
		uint32_t cp;

		while (i < len && chars < WRAP_COLS) {
			size_t n = av_utf8_decode(line + i, len - i, &cp);

			if (n == 0)
				n = 1;
			if (line[i] == ' ' && i > pos) {
				last_space = i;
				found_space = true;
			}
			i += n;
			chars++;
		}
		if (i >= len) {
			flowed_piece(b, line + pos, len - pos);
			return;
		}
		if (line[i] == ' ') {
			/* the width ends exactly before a space: break there */
			flowed_piece(b, line + pos, i + 1 - pos);
			pos = i + 1;
			continue;
		}
		if (found_space) {
			flowed_piece(b, line + pos, last_space + 1 - pos);
			pos = last_space + 1;
			continue;
		}
		/* one word fills the width: keep it whole if it can be */
		{
			size_t w_end = pos;

			while (w_end < len && line[w_end] != ' ')
				w_end++;
			if (w_end - pos <= LONG_WORD_MAX) {
				size_t cut = w_end < len ? w_end + 1 : w_end;

				flowed_piece(b, line + pos, cut - pos);
				pos = cut;
			} else {
				flowed_piece(b, line + pos, i - pos);
				pos = i;
			}
		}
	}
}

/* ---- rendering ----------------------------------------------------------------------- */

/* Expand placeholders; NULL when one of them has no value (the line is then left out). */
static char *
expand(const struct tfile *tf, char *const *val, char *const *choice, const char *text)
{
	struct av_buf b;
	const char *p = text, *open, *name, *end;
	size_t len;

	av_buf_init(&b);
	while ((open = next_placeholder(p, &name, &len, &end)) != NULL && end != NULL) {
		int i = ph_lookup(name, len);
		const char *v = NULL;

		if (i >= 0) {
			v = val[i];
		} else if (choice != NULL && (i = section_lookup(tf, name, len)) >= 0) {
			v = choice[i];
		}
		if (v == NULL) {
			av_buf_free(&b);
			return NULL;
		}
		av_buf_append(&b, p, (size_t)(open - p));
		av_buf_puts(&b, v);
		p = end;
	}
	av_buf_puts(&b, p);
	return av_buf_steal(&b);
}

/* Choose one variant per used section: from the first fallback group with a usable
 * variant (all placeholders have values), the variant given by k. k is split into one
 * digit per section (mixed radix, so every k below prod(c_s) is a different combination),
 * and each section takes the running sum of the digits so far: still one-to-one, and
 * neighbouring k (neighbours on a panel) differ in every section with a choice, not only
 * the first. Returns k reduced modulo prod(c_s). */
static unsigned
choose_variants(const struct tfile *tf, char *const *val, uint64_t hash, size_t pos, char **choice)
{
	char ***usable = av_calloc(tf->n_sec + 1, sizeof(*usable));
	size_t *cnt = av_calloc(tf->n_sec + 1, sizeof(*cnt));
	uint64_t prod = 1, k, rem, sum = 0;

	for (size_t s = 0; s < tf->n_sec; s++) {
		const struct tsection *sec = &tf->sec[s];
		unsigned group = 0;

		if (!sec->used)
			continue;
		usable[s] = av_calloc(sec->n, sizeof(**usable));
		for (size_t i = 0; i < sec->n && (cnt[s] == 0 || sec->v[i].group == group); i++) {
			char *e;

			if (cnt[s] == 0)
				group = sec->v[i].group;
			e = expand(tf, val, NULL, sec->v[i].text);
			if (e != NULL)
				usable[s][cnt[s]++] = e;
		}
		if (cnt[s] > 1 && prod < (1u << 30))
			prod *= cnt[s];
	}
	k = (hash % prod + pos % prod) % prod;
	rem = k;
	for (size_t s = 0; s < tf->n_sec; s++) {
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
body_text(const struct tfile *tf, char *const *val, char *const *choice, const char *first)
{
	struct av_buf b;
	bool blank_pending = false;

	av_buf_init(&b);
	if (first != NULL) {
		av_buf_puts(&b, first);
		blank_pending = true;
	}
	for (size_t i = 0; i < tf->n_body; i++) {
		char *e = expand(tf, val, choice, tf->body[i].text);
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

static void
random_hex(char out[17])
{
	static unsigned counter;
	unsigned char r[8] = {0};
	uint64_t v = 0;
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	struct timespec ts;
	bool got = false;

	if (fd >= 0) {
		got = read(fd, r, sizeof(r)) == (ssize_t)sizeof(r);
		close(fd);
	}
	for (size_t i = 0; i < sizeof(r); i++)
		v = v << 8 | r[i];
	if (!got) {
		/* no /dev/urandom (a chroot): time, process and a counter still differ */
		clock_gettime(CLOCK_REALTIME, &ts);
		v = mix64((uint64_t)ts.tv_nsec ^ (uint64_t)ts.tv_sec << 30 ^
			  (uint64_t)getpid() << 20 ^ (uint64_t)++counter);
	}
	snprintf(out, 17, "%016llx", (unsigned long long)v);
}

static bool
token_ok(const char *t)
{
	size_t n = t != NULL ? strlen(t) : 0;

	if (n == 0 || n > 64)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!av_ascii_alpha(t[i]) && !av_ascii_digit(t[i]) && t[i] != '-' && t[i] != '_' &&
		    t[i] != '.')
			return false;
	return true;
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

	val[PH_FIRST_NAME] = first != NULL ? av_strdup(first) : NULL;
	val[PH_NAME] = name != NULL ? av_strdup(name) : NULL;
	if (conf->me.name != NULL)
		people[np++] = conf->me.name;
	for (size_t i = 0; in->panel != NULL && i < in->n_panel; i++)
		if (in->panel[i].name != NULL && !in->panel[i].name_guessed)
			people[np++] = in->panel[i].name;
	if (hint == NULL && in->iv->email != NULL && strchr(in->iv->email, '@') != NULL)
		hint = strchr(in->iv->email, '@') + 1;
	summary_read(in->inv->summary, people, hint, &si);
	free(people);
	val[PH_ROLE] = si.role;
	val[PH_INTERVIEW] = si.interview;
	if (company_conf != NULL)
		val[PH_COMPANY] = clean_text(company_conf, false);
	if (val[PH_COMPANY] == NULL && si.company != NULL) {
		val[PH_COMPANY] = si.company;
		si.company = NULL;
	}
	if (val[PH_COMPANY] == NULL && in->company != NULL && strchr(in->company, '.') == NULL &&
	    strchr(in->company, '@') == NULL)
		val[PH_COMPANY] = clean_text(in->company, false);
	if (val[PH_COMPANY] == NULL && hint != NULL) {
		char *label = domain_label(hint), squashed[128];
		const char *texts[] = {in->inv->location, in->inv->description,
				       in->inv->has_organizer ? in->inv->organizer.cn : NULL};

		if (label != NULL) {
			squash(label, squashed, sizeof(squashed));
			for (size_t i = 0; i < 3 && val[PH_COMPANY] == NULL; i++)
				val[PH_COMPANY] = company_from_text(texts[i], squashed);
			free(label);
		}
	}
	if (val[PH_COMPANY] == NULL && hint != NULL)
		val[PH_COMPANY] = company_from_domain(hint);
	if (val[PH_COMPANY] != NULL)
		cut_chars(val[PH_COMPANY], PHRASE_MAX_CHARS);
	free(si.company);

	if (in->inv->start > 0) {
		time_t t = in->inv->start + in->inv->utc_offset;
		struct tm tm;

		if (gmtime_r(&t, &tm) != NULL)
			val[PH_DATE] = av_asprintf("%s, %s %d", wdays[tm.tm_wday],
						   months[tm.tm_mon], tm.tm_mday);
	}
	val[PH_TOPIC] = clean_text(in->topic, false);
	if (val[PH_TOPIC] != NULL) {
		strip_trailing(val[PH_TOPIC], ".!?;:, ");
		if (val[PH_TOPIC][0] == '\0') {
			free(val[PH_TOPIC]);
			val[PH_TOPIC] = NULL;
		}
	}
	val[PH_SKILLS] = clean_text(conf->me.skills, false);
	if (val[PH_SKILLS] != NULL)
		strip_trailing(val[PH_SKILLS], ".;, ");
	val[PH_PITCH] = clean_text(conf->me.pitch, false);
	if (val[PH_PITCH] != NULL &&
	    strchr(".!?", val[PH_PITCH][strlen(val[PH_PITCH]) - 1]) == NULL) {
		char *p = av_asprintf("%s.", val[PH_PITCH]);

		free(val[PH_PITCH]);
		val[PH_PITCH] = p;
	}
	val[PH_MY_NAME] = clean_text(conf->me.name, false);
	val[PH_PHONE] = clean_text(conf->me.phone, false);
	val[PH_SIGNATURE] = clean_text(conf->me.signature, true);
	if (val[PH_SIGNATURE] == NULL && val[PH_MY_NAME] != NULL)
		val[PH_SIGNATURE] = val[PH_PHONE] != NULL
					    ? av_asprintf("%s\n%s", val[PH_MY_NAME], val[PH_PHONE])
					    : av_strdup(val[PH_MY_NAME]);
	if (val[PH_SIGNATURE] == NULL && val[PH_PHONE] != NULL)
		val[PH_SIGNATURE] = av_strdup(val[PH_PHONE]);
	/* the employer's feedback is acknowledged, never quoted: the notes are the
	 * person's own words about it, not something to send back */
	if (in->feedback != NULL && in->feedback[0] != '\0')
		val[PH_FEEDBACK_GIVEN] = av_strdup("");
	/* the marked lines the person replaces: present exactly when the thing is missing */
	if (val[PH_TOPIC] == NULL)
		val[PH_ASK_TOPIC] = av_asprintf(
			"[[ afterview: add one thing you talked about with %s \xe2\x80\x94 a "
			"question they asked, an idea you discussed ]]",
			first != NULL ? first : "this interviewer");
	if (val[PH_SKILLS] == NULL && val[PH_PITCH] == NULL)
		val[PH_ASK_FIT] = av_strdup(
			"[[ afterview: add why you fit the role \xe2\x80\x94 a skill or result "
			"that "
			"matters for this job (skills and pitch in [me] fill this in) ]]");
}

enum av_err
av_draft_render(const struct av_templates *tpl, const struct av_draft_input *in,
		struct av_draft *draft_r, char **error_r)
{
	const struct av_company *co = NULL;
	const struct tfile *tf;
	const char *from_addr, *company_conf = NULL;
	enum av_tone tone;
	char *val[PH__N] = {0}, **choice = NULL, *name = NULL, *first = NULL, *subject = NULL;
	char *body = NULL, *missing = NULL, *hv, date[96], rnd[17], id_time[80];
	bool to_ok;
	struct av_buf msg;
	struct tm tm;
	size_t pos;
	unsigned variant;

	memset(draft_r, 0, sizeof(*draft_r));
	if (tpl == NULL || in == NULL || in->conf == NULL || in->inv == NULL || in->iv == NULL) {
		av_error_set(error_r, "draft: templates, config, invite and interviewer needed");
		return AV_ERR_DATA;
	}
	from_addr = in->conf->me.addresses != NULL ? in->conf->me.addresses[0] : NULL;
	if (!av_addr_header_safe(from_addr)) {
		av_error_set(error_r, "draft: no usable address of mine in [me] addresses");
		return AV_ERR_DATA;
	}
	if (!token_ok(in->token)) {
		av_error_set(error_r, "draft: bad X-Afterview-Id token");
		return AV_ERR_DATA;
	}
	if (gmtime_r(&in->now, &tm) == NULL) {
		av_error_set(error_r, "draft: the time is out of range");
		return AV_ERR_DATA;
	}

	/* the employer's [company] section: by the interviewer's address, else the guess */
	if (in->iv->email != NULL)
		co = av_conf_company(in->conf, in->iv->email);
	if (co == NULL && in->company != NULL)
		co = av_conf_company(in->conf, in->company);
	tone = co != NULL && co->tone_set ? co->tone : in->conf->tone;
	if (co != NULL)
		company_conf = co->name;
	tf = &tpl->tone[tone == AV_TONE_CASUAL ? AV_TONE_CASUAL : AV_TONE_FORMAL];

	person_names(in->iv, &name, &first);
	values_make(in, name, first, company_conf, val);
	to_ok = in->iv->email != NULL && av_addr_header_safe(in->iv->email);
	if (!to_ok) {
		/* clean_text never gives back an address as a name, but the marker is for the
		 * person and may name someone we could not greet */
		char *who = name != NULL ? av_strdup(name) : clean_text(in->iv->name, false);

		if (who != NULL && strchr(who, '@') != NULL) {
			free(who);
			who = NULL;
		}
		if (who != NULL)
			cut_chars(who, NAME_MAX_CHARS);
		missing =
			av_asprintf(in->iv->email == NULL
					    ? "[[ afterview: no address found for %s \xe2\x80\x94 "
					      "add it before sending ]]"
					    : "[[ afterview: the address in the invite for %s is "
					      "not usable \xe2\x80\x94 add the right one before "
					      "sending ]]",
				    who != NULL ? who : "this interviewer");
		free(who);
	}

	pos = panel_position(in);
	choice = av_calloc(tf->n_sec + 1, sizeof(*choice));
	{
		uint64_t h = mix64(fnv1a(FNV_OFFSET, in->inv->uid != NULL ? in->inv->uid : "",
					 in->inv->uid != NULL ? strlen(in->inv->uid) : 0));

		variant = choose_variants(tf, val, h, pos, choice);
	}
	for (size_t i = 0; i < tf->n_subject && subject == NULL; i++)
		subject = expand(tf, val, choice, tf->subject[i].text);
	if (subject != NULL) {
		char *c = clean_text(subject, false);

		free(subject);
		subject = c;
	}
	if (subject == NULL)
		subject = av_strdup("Thank you");
	cut_chars(subject, SUBJECT_MAX_CHARS);
	body = body_text(tf, val, choice, missing);

	/* the message (RFC 5322 3.6: Date and From are required, the rest recommended) */
	av_buf_init(&msg);
	snprintf(date, sizeof(date), "%.3s, %d %.3s %04d %02d:%02d:%02d +0000", wdays[tm.tm_wday],
		 tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
		 tm.tm_sec);
	header_add(&msg, "Date", date);
	hv = mailbox(val[PH_MY_NAME], from_addr);
	header_add(&msg, "From", hv);
	free(hv);
	if (to_ok) {
		hv = mailbox(name, in->iv->email);
		header_add(&msg, "To", hv);
		free(hv);
	}
	hv = subject_value(subject);
	header_add(&msg, "Subject", hv);
	free(hv);
	random_hex(rnd);
	snprintf(id_time, sizeof(id_time), "%04d%02d%02d%02d%02d%02d", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	/* time, the token and randomness: unique per render, and still traceable to the
	 * interviewer; the right side is the person's own domain, as mail clients do */
	draft_r->message_id =
		av_asprintf("%s.%.16s.%s@%s", id_time, in->token, rnd, strrchr(from_addr, '@') + 1);
	hv = av_asprintf("<%s>", draft_r->message_id);
	header_add(&msg, "Message-ID", hv);
	free(hv);
	header_add(&msg, "MIME-Version", "1.0");
	header_add(&msg, "Content-Type", "text/plain; charset=UTF-8; format=flowed");
	header_add(&msg, "Content-Transfer-Encoding", "8bit");
	header_add(&msg, "X-Afterview-Id", in->token);
	hv = av_asprintf("%u", variant);
	header_add(&msg, "X-Afterview-Variant", hv);
	free(hv);
	av_buf_puts(&msg, "\r\n");
	for (const char *p = body; *p != '\0';) {
		size_t n = strcspn(p, "\n");

		flowed_append(&msg, p, n);
		p += n;
		if (*p == '\n')
			p++;
	}

	av_debug(AV_CAT_DRAFT, "draft %s: %s tone, variant %u, panel position %zu%s", in->token,
		 tone == AV_TONE_CASUAL ? "casual" : "formal", variant, pos,
		 to_ok ? "" : ", no usable address");
	draft_r->len = msg.len;
	draft_r->message = av_buf_steal(&msg);
	draft_r->subject = subject;
	draft_r->variant = variant;
	for (size_t s = 0; s < tf->n_sec; s++)
		free(choice[s]);
	free(choice);
	for (int i = 0; i < PH__N; i++)
		free(val[i]);
	free(body);
	free(missing);
	free(name);
	free(first);
	return AV_OK;
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
