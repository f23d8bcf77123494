/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — the notes sheet: render it, parse it back. Pure logic: libc only.
 *
 * The sheet is plain UTF-8 text for a terminal editor:
 *
 *   # Notes on: Technical interview – Quillfeather
 *   # Thu 22 Oct 2026, 10:00–11:30 (America/New_York) · id 3f9a0c1b2d4e
 *   # ...short instructions...
 *
 *   == Renée Dubois <renee.dubois@quillfeather.example> ==
 *   discussed: their move from cron jobs to a workflow engine
 *
 *   == Jane Okafor <no address> ==
 *   discussed:
 *
 *   == Questions and answers ==
 *   # the questions they asked, and what you answered
 *   ...
 *   == Strengths ==  == Weaknesses ==  == Feedback ==  == Tools to learn ==
 *
 * Parsing rules, chosen so that what a person types is never misread silently:
 *   - a line whose first character is '#' is a comment and ignored wherever it is;
 *   - a line starting with "==" is a heading; any run of '=' on either side is accepted,
 *     the title between is trimmed. General titles are matched case-insensitively (a few
 *     short forms too: "Q&A", "Tools"); a title of the form "Name <address>" is a person
 *     (the last '<' splits it), "<>" or "<no address>" meaning the address is unknown.
 *     A person the sheet did not offer (added by hand) is kept like the others. Any other
 *     title is an error: a misspelt heading must not swallow its text into nowhere;
 *   - text before the first heading is an error for the same reason;
 *   - under a person, an optional "discussed:" at the start of the first line is a label;
 *   - each line loses its trailing white space, each section its leading blank lines and
 *     trailing white space; an empty section is NULL;
 *   - under "Tools to learn" every non-empty line is one tool, a "- ", "* " or "• " bullet
 *     in front is dropped;
 *   - a section or person given twice is merged, not refused: both texts are kept;
 *   - the whole text must be UTF-8 without NUL bytes and at most AV_NOTES_MAX_SIZE bytes;
 *   - lines starting with "#!" are afterview's own: the block that says why a sheet did
 *     not read (av_notes_with_error puts it on top and takes it away again).
 * Errors are collected (up to MAX_ERRORS) so that one round in the editor can fix them all.
 */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "afterview/addr.h"
#include "afterview/notes.h"
#include "afterview/text.h"

#define MAX_ERRORS   10 /* more are summed up in one line */
#define MAX_QUOTED   60 /* characters of a heading quoted in an error */
#define DISCUSSED    "discussed:"
#define NO_ADDRESS   "no address"
#define ERROR_PREFIX "#!"

enum kind {
	KIND_NONE, /* before the first heading */
	KIND_UNKNOWN,
	KIND_PERSON,
	KIND_QUESTIONS,
	KIND_STRENGTHS,
	KIND_WEAKNESSES,
	KIND_FEEDBACK,
	KIND_TOOLS,
	KIND_N,
};

/* The general sections in the order of the sheet, with the hint shown under each. */
static const struct {
	enum kind kind;
	const char *title;
	const char *hint;
} general[] = {
	{KIND_QUESTIONS, "Questions and answers",
	 "the questions they asked, and what you answered"},
	{KIND_STRENGTHS, "Strengths", "what went well"},
	{KIND_WEAKNESSES, "Weaknesses", "what to do better next time"},
	{KIND_FEEDBACK, "Feedback", "what they said about you, and the next steps"},
	{KIND_TOOLS, "Tools to learn",
	 "one per line (a \"- \" in front is fine); afterview status lists them"},
};

/* Short forms a person may type for a general title. */
static const struct {
	const char *title;
	enum kind kind;
} aliases[] = {
	{"Questions", KIND_QUESTIONS},
	{"Questions & answers", KIND_QUESTIONS},
	{"Q&A", KIND_QUESTIONS},
	{"Tools", KIND_TOOLS},
};

static const char *const weekdays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
				     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* ---- UTF-8 and small string helpers -------------------------------------------------- */

static bool
is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* Names equal ignoring case (av_text_fold_cp: accents count) and runs of white space. */
static bool
same_name(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;
	size_t na = strlen(a), nb = strlen(b), i = 0, j = 0;

	while (i < na && is_space(p[i]))
		i++;
	while (j < nb && is_space(q[j]))
		j++;
	while (na > i && is_space(p[na - 1]))
		na--;
	while (nb > j && is_space(q[nb - 1]))
		nb--;
	while (i < na && j < nb) {
		uint32_t ca, cb;
		size_t ka, kb;

		if (is_space(p[i]) && is_space(q[j])) {
			while (i < na && is_space(p[i]))
				i++;
			while (j < nb && is_space(q[j]))
				j++;
			continue;
		}
		ka = av_utf8_decode((const char *)p + i, na - i, &ca);
		kb = av_utf8_decode((const char *)q + j, nb - j, &cb);
		if (ka == 0 || kb == 0) /* not UTF-8: only the very same bytes match */
			return na - i == nb - j && memcmp(p + i, q + j, na - i) == 0;
		if (av_text_fold_cp(ca) != av_text_fold_cp(cb))
			return false;
		i += ka;
		j += kb;
	}
	return i == na && j == nb;
}

/* s (n bytes) equals title ignoring ASCII case and runs of white space. */
static bool
title_is(const char *s, size_t n, const char *title)
{
	size_t i = 0;

	for (; *title != '\0'; title++) {
		if (*title == ' ') {
			if (i >= n || !is_space((unsigned char)s[i]))
				return false;
			while (i < n && is_space((unsigned char)s[i]))
				i++;
			continue;
		}
		if (i >= n || av_ascii_lower(s[i]) != av_ascii_lower(*title))
			return false;
		i++;
	}
	return i == n;
}

static void
trim(const char **s, const char **e)
{
	while (*s < *e && is_space((unsigned char)**s))
		(*s)++;
	while (*e > *s && is_space((unsigned char)(*e)[-1]))
		(*e)--;
}

/* Text from an invite or a caller made safe for one line of the sheet: control
 * characters become spaces (a newline in a SUMMARY must not end a comment early and
 * leave the rest as text before the first heading), invalid UTF-8 becomes U+FFFD. */
static void
put_line_text(struct av_buf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;

	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = av_utf8_decode((const char *)p + i, n - i, &cp);

		if (k == 0) {
			av_buf_puts(b, "\xef\xbf\xbd");
			i++;
		} else if (av_text_breaks_line(cp)) {
			av_buf_puts(b, " ");
			i += k;
		} else {
			av_buf_append(b, p + i, k);
			i += k;
		}
	}
}

/* At most max characters of s (valid UTF-8, n bytes), with "…" when cut. */
static char *
quote_cut(const char *s, size_t n, size_t max)
{
	size_t i = av_utf8_prefix_chars(s, n, max);

	return i < n ? av_asprintf("%.*s…", (int)i, s) : av_strndup(s, n);
}

/* ---- matching people ----------------------------------------------------------------- */

/* The person in notes who is name/email: the same address first; else the same name,
 * but only when one side has no address (two different addresses are two people, even
 * namesakes). Persons marked in used (may be NULL) are skipped. -1 when none. */
static long
find_person(const struct av_notes *notes, const char *name, const char *email, const bool *used)
{
	if (notes == NULL)
		return -1;
	for (size_t i = 0; email != NULL && i < notes->n_people; i++)
		if ((used == NULL || !used[i]) && notes->people[i].email != NULL &&
		    av_addr_same(email, notes->people[i].email))
			return (long)i;
	for (size_t i = 0; name != NULL && i < notes->n_people; i++)
		if ((used == NULL || !used[i]) &&
		    (email == NULL || notes->people[i].email == NULL) &&
		    same_name(name, notes->people[i].name))
			return (long)i;
	return -1;
}

const char *
av_notes_discussed(const struct av_notes *notes, const struct av_interviewer *iv)
{
	long i = iv != NULL ? find_person(notes, iv->name, iv->email, NULL) : -1;

	return i < 0 ? NULL : notes->people[i].discussed;
}

/* ---- parsing ------------------------------------------------------------------------- */

struct person_acc {
	char *name;  /* owned */
	char *email; /* owned or NULL */
	struct av_buf text;
};

struct parser {
	struct av_buf sec[KIND_N]; /* the general sections' text, by kind */
	struct person_acc *people; /* owned */
	size_t n_people;
	enum kind cur;
	size_t cur_person;
	bool fresh;	  /* nothing written yet under this heading */
	bool label_ok;	  /* "discussed:" may still come (first line under a person) */
	bool told_before; /* text before the first heading was reported */
	struct av_buf errors;
	unsigned n_errors;
};

static void perr(struct parser *ps, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
perr(struct parser *ps, unsigned line, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	if (++ps->n_errors > MAX_ERRORS)
		return;
	va_start(ap, fmt);
	msg = av_vasprintf(fmt, ap);
	va_end(ap);
	av_buf_printf(&ps->errors, "%sline %u: %s", ps->errors.len > 0 ? "\n" : "", line, msg);
	free(msg);
}

/* A heading "== Name <address> ==" (t..e is "Name <address>", e[-1] is '>'). */
static void
person_heading(struct parser *ps, unsigned line, const char *t, const char *e)
{
	const char *lt = e - 1, *as, *ae = e - 1;
	char *name, *email = NULL;
	struct av_buf nb;
	size_t i, skip = 0;

	while (lt > t && *lt != '<')
		lt--;
	as = lt + 1;
	trim(&as, &ae);
	/* the name as the sheet writes names (a tab or another control is a space), so
	 * that it reads back the same */
	av_buf_init(&nb);
	put_line_text(&nb, t, (size_t)(lt - t));
	while (nb.len > 0 && nb.data[nb.len - 1] == ' ')
		nb.data[--nb.len] = '\0';
	while (skip < nb.len && nb.data[skip] == ' ')
		skip++;
	if (skip == nb.len) {
		char *q = quote_cut(as, (size_t)(ae - as), MAX_QUOTED);

		perr(ps, line, "no name before '<%s>'", q);
		free(q);
		av_buf_clear(&nb);
		ps->cur = KIND_UNKNOWN;
		return;
	}
	if (as < ae && !title_is(as, (size_t)(ae - as), NO_ADDRESS)) {
		if (!av_addr_plausible(as, (size_t)(ae - as))) {
			char *q = quote_cut(as, (size_t)(ae - as), MAX_QUOTED);

			perr(ps, line,
			     "'%s' is not an e-mail address (write <" NO_ADDRESS
			     "> when you do not know it)",
			     q);
			free(q);
			av_buf_clear(&nb);
			ps->cur = KIND_UNKNOWN;
			return;
		}
		email = av_strndup(as, (size_t)(ae - as));
		av_text_lower(email);
	}
	name = av_strdup(nb.data + skip);
	av_buf_clear(&nb);
	/* the same person twice: one entry, both texts */
	for (i = 0; i < ps->n_people; i++) {
		struct person_acc *p = &ps->people[i];

		if (email != NULL ? (p->email != NULL && av_addr_same(email, p->email))
				  : (p->email == NULL && same_name(name, p->name)))
			break;
	}
	if (i == ps->n_people) {
		ps->people = av_realloc(ps->people, (ps->n_people + 1) * sizeof(*ps->people));
		ps->people[i].name = name;
		ps->people[i].email = email;
		av_buf_init(&ps->people[i].text);
		ps->n_people++;
	} else {
		free(name);
		free(email);
	}
	ps->cur = KIND_PERSON;
	ps->cur_person = i;
	ps->label_ok = true;
}

static void
heading(struct parser *ps, unsigned line, const char *s, const char *e)
{
	const char *t = s, *te = e;

	ps->fresh = true;
	ps->label_ok = false;
	while (t < te && *t == '=')
		t++;
	if (t == te || te[-1] != '=') {
		perr(ps, line, "a heading has '==' on both sides, like '== Feedback =='");
		ps->cur = KIND_UNKNOWN;
		return;
	}
	while (te > t && te[-1] == '=')
		te--;
	trim(&t, &te);
	if (t == te) {
		perr(ps, line, "a heading without a title");
		ps->cur = KIND_UNKNOWN;
		return;
	}
	for (size_t i = 0; i < sizeof(general) / sizeof(general[0]); i++)
		if (title_is(t, (size_t)(te - t), general[i].title)) {
			ps->cur = general[i].kind;
			return;
		}
	for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (title_is(t, (size_t)(te - t), aliases[i].title)) {
			ps->cur = aliases[i].kind;
			return;
		}
	if (te[-1] == '>' && memchr(t, '<', (size_t)(te - t)) != NULL) {
		person_heading(ps, line, t, te);
		return;
	}
	{
		char *q = quote_cut(t, (size_t)(te - t), MAX_QUOTED);

		perr(ps, line,
		     "unknown section '%s' (the sections are Questions and answers, Strengths, "
		     "Weaknesses, Feedback, Tools to learn; a person is 'Name <address>')",
		     q);
		free(q);
	}
	ps->cur = KIND_UNKNOWN;
}

/* One line of text (trailing white space already gone) under the current heading. */
static void
text_line(struct parser *ps, unsigned line, const char *s, const char *e)
{
	struct av_buf *b;

	switch (ps->cur) {
	case KIND_NONE:
		if (s < e && !ps->told_before) {
			perr(ps, line,
			     "text before the first section; put it under a heading such as "
			     "'== Feedback =='");
			ps->told_before = true;
		}
		return;
	case KIND_UNKNOWN: /* reported at its heading */
		return;
	case KIND_PERSON:
		b = &ps->people[ps->cur_person].text;
		if (ps->label_ok && s < e) {
			ps->label_ok = false;
			if (av_text_starts_ci(s, (size_t)(e - s), DISCUSSED)) {
				s += strlen(DISCUSSED);
				while (s < e && (*s == ' ' || *s == '\t'))
					s++;
				if (s == e)
					return;
			}
		}
		break;
	default:
		b = &ps->sec[ps->cur];
		break;
	}
	if (ps->fresh) {
		if (s == e)
			return;
		/* a section given twice: one blank line between its two texts */
		if (b->len > 0) {
			while (b->len > 0 && b->data[b->len - 1] == '\n')
				b->data[--b->len] = '\0';
			av_buf_puts(b, "\n\n");
		}
		ps->fresh = false;
	}
	av_buf_append(b, s, (size_t)(e - s));
	av_buf_puts(b, "\n");
}

/* A section's text without leading blank lines and trailing white space; NULL when
 * nothing is left. */
static char *
section_text(const struct av_buf *b)
{
	const char *s = b->data ? b->data : "", *e = s + b->len, *first = s;

	for (const char *p = s; p < e; p++) {
		if (*p == '\n')
			first = p + 1;
		else if (!is_space((unsigned char)*p))
			break;
	}
	while (e > first && (e[-1] == '\n' || is_space((unsigned char)e[-1])))
		e--;
	return e > first ? av_strndup(first, (size_t)(e - first)) : NULL;
}

/* Bullets a person may put in front of a tool. */
static const char *
skip_bullet(const char *s, const char *e)
{
	static const char *const bullets[] = {"-", "*", "•", "–"};

	for (size_t i = 0; i < sizeof(bullets) / sizeof(bullets[0]); i++) {
		size_t n = strlen(bullets[i]);

		if ((size_t)(e - s) >= n && memcmp(s, bullets[i], n) == 0 &&
		    (s + n == e || is_space((unsigned char)s[n])))
			return s + n;
	}
	return s;
}

static char **
tools_list(const char *text)
{
	char **tools = av_calloc(1, sizeof(char *));
	size_t n = 0;

	for (const char *p = text; p != NULL && *p != '\0';) {
		const char *nl = strchr(p, '\n');
		const char *s = p, *e = nl ? nl : p + strlen(p);

		trim(&s, &e);
		s = skip_bullet(s, e);
		trim(&s, &e);
		if (s < e) {
			tools = av_realloc(tools, (n + 2) * sizeof(char *));
			tools[n++] = av_strndup(s, (size_t)(e - s));
			tools[n] = NULL;
		}
		p = nl ? nl + 1 : NULL;
	}
	return tools;
}

static void
parser_clear(struct parser *ps)
{
	for (size_t i = 0; i < KIND_N; i++)
		av_buf_clear(&ps->sec[i]);
	for (size_t i = 0; i < ps->n_people; i++) {
		free(ps->people[i].name);
		free(ps->people[i].email);
		av_buf_clear(&ps->people[i].text);
	}
	free(ps->people);
	av_buf_clear(&ps->errors);
}

enum av_err
av_notes_parse(const char *text, size_t len, struct av_notes *notes_r, char **error_r)
{
	struct parser ps;
	struct av_notes out;
	const char *p = text, *end = text + len;
	unsigned line = 0;
	char *tools_text;

	if (len > AV_NOTES_MAX_SIZE) {
		/* name the line where the limit is crossed: that is where to start cutting */
		unsigned at = 1;

		for (size_t i = 0; i < AV_NOTES_MAX_SIZE; i++)
			at += text[i] == '\n';
		av_error_set(error_r, "line %u: the sheet is longer than %d bytes; shorten it", at,
			     AV_NOTES_MAX_SIZE);
		return AV_ERR_DATA;
	}
	memset(&ps, 0, sizeof(ps));
	for (size_t i = 0; i < KIND_N; i++)
		av_buf_init(&ps.sec[i]);
	av_buf_init(&ps.errors);
	ps.cur = KIND_NONE;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *s = p, *e = nl ? nl : end;

		p = nl ? nl + 1 : end;
		line++;
		if (memchr(s, '\0', (size_t)(e - s)) != NULL) {
			perr(&ps, line, "has a NUL byte; is this a text file?");
			continue;
		}
		if (!av_utf8_valid(s, (size_t)(e - s))) {
			perr(&ps, line, "is not valid UTF-8; save the sheet as UTF-8");
			continue;
		}
		if (s < e && *s == '#')
			continue;
		while (e > s && is_space((unsigned char)e[-1]))
			e--;
		if (e - s >= 2 && s[0] == '=' && s[1] == '=')
			heading(&ps, line, s, e);
		else
			text_line(&ps, line, s, e);
	}
	if (ps.n_errors > 0) {
		if (ps.n_errors > MAX_ERRORS)
			av_buf_printf(&ps.errors, "\nand %u more", ps.n_errors - MAX_ERRORS);
		if (error_r != NULL)
			*error_r = av_buf_steal(&ps.errors);
		parser_clear(&ps);
		return AV_ERR_DATA;
	}
	memset(&out, 0, sizeof(out));
	out.people = av_calloc(ps.n_people ? ps.n_people : 1, sizeof(*out.people));
	out.n_people = ps.n_people;
	for (size_t i = 0; i < ps.n_people; i++) {
		out.people[i].name = ps.people[i].name;
		out.people[i].email = ps.people[i].email;
		out.people[i].discussed = section_text(&ps.people[i].text);
		ps.people[i].name = ps.people[i].email = NULL;
	}
	out.questions = section_text(&ps.sec[KIND_QUESTIONS]);
	out.strengths = section_text(&ps.sec[KIND_STRENGTHS]);
	out.weaknesses = section_text(&ps.sec[KIND_WEAKNESSES]);
	out.feedback = section_text(&ps.sec[KIND_FEEDBACK]);
	tools_text = section_text(&ps.sec[KIND_TOOLS]);
	out.tools = tools_list(tools_text);
	free(tools_text);
	parser_clear(&ps);
	*notes_r = out;
	return AV_OK;
}

void
av_notes_clear(struct av_notes *notes)
{
	if (notes == NULL)
		return;
	for (size_t i = 0; i < notes->n_people; i++) {
		free(notes->people[i].name);
		free(notes->people[i].email);
		free(notes->people[i].discussed);
	}
	free(notes->people);
	free(notes->questions);
	free(notes->strengths);
	free(notes->weaknesses);
	free(notes->feedback);
	for (char **t = notes->tools; t != NULL && *t != NULL; t++)
		free(*t);
	free(notes->tools);
	memset(notes, 0, sizeof(*notes));
}

/* ---- rendering ----------------------------------------------------------------------- */

/* The "#!" block that tells what is wrong; av_notes_with_error removes it again. With
 * renumber, an error line "line N: ..." (N counted in the text the error was found in)
 * is given the number line N has under the block, once the lines in removed (sorted)
 * are gone: the person must find line N where the block says it is. */
static void
put_error_block(struct av_buf *b, const char *error, bool renumber, const unsigned long *removed,
		size_t n_removed)
{
	unsigned long block = 3; /* the first line, the "Fix it" line, the closing "#!" */

	for (const char *p = error; *p != '\0'; p++)
		block += *p == '\n';
	block += *error != '\0';
	av_buf_puts(b, ERROR_PREFIX " afterview could not read this sheet:\n");
	for (const char *p = error; *p != '\0';) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		const char *rest = p;

		av_buf_puts(b, ERROR_PREFIX "   ");
		if (renumber && strncmp(p, "line ", 5) == 0 && p[5] >= '0' && p[5] <= '9') {
			char *colon;
			unsigned long line = strtoul(p + 5, &colon, 10);

			if (colon < p + n && *colon == ':') {
				size_t k = 0;

				while (k < n_removed && removed[k] < line)
					k++;
				av_buf_printf(b, "line %lu", line - k + block);
				rest = colon;
			}
		}
		put_line_text(b, rest, n - (size_t)(rest - p));
		av_buf_puts(b, "\n");
		p += n + (nl ? 1 : 0);
	}
	av_buf_puts(b, ERROR_PREFIX
		    " Fix it and save again; nothing you wrote is lost. (The " ERROR_PREFIX
		    " lines go away by themselves.)\n" ERROR_PREFIX "\n");
}

static void
put_date(struct av_buf *b, const struct tm *tm)
{
	av_buf_printf(b, "%s %d %s %d", weekdays[tm->tm_wday % 7], tm->tm_mday,
		      months[tm->tm_mon % 12], tm->tm_year + 1900);
}

/* When the interview is, in its own zone (the zone the person lives the day in). */
static void
put_when(struct av_buf *b, const struct av_invite *inv)
{
	time_t s = inv->start + inv->utc_offset, e = inv->end + inv->utc_offset;
	struct tm ts, te;
	bool same_day;

	if (gmtime_r(&s, &ts) == NULL) {
		av_buf_puts(b, "(time unknown)");
		return;
	}
	if (inv->all_day && e > s)
		e--; /* an all-day event ends at the midnight after its last day */
	if (gmtime_r(&e, &te) == NULL)
		te = ts;
	same_day = ts.tm_year == te.tm_year && ts.tm_yday == te.tm_yday;
	put_date(b, &ts);
	if (inv->all_day) {
		if (!same_day) {
			av_buf_puts(b, " – ");
			put_date(b, &te);
		}
		av_buf_puts(b, ", all day");
	} else {
		av_buf_printf(b, ", %02d:%02d", ts.tm_hour, ts.tm_min);
		if (inv->end > inv->start && same_day) {
			av_buf_printf(b, "–%02d:%02d", te.tm_hour, te.tm_min);
		} else if (inv->end > inv->start) {
			av_buf_puts(b, " – ");
			put_date(b, &te);
			av_buf_printf(b, ", %02d:%02d", te.tm_hour, te.tm_min);
		}
	}
	if (inv->zone != NULL) {
		av_buf_puts(b, " (");
		put_line_text(b, inv->zone, strlen(inv->zone));
		av_buf_puts(b, ")");
	} else {
		int off = inv->utc_offset / 60;

		av_buf_printf(b, " (UTC%c%02d:%02d)", off < 0 ? '-' : '+', abs(off) / 60,
			      abs(off) % 60);
	}
}

static void
put_header(struct av_buf *b, const struct av_invite *inv, const char *id)
{
	const char *summary = inv->summary != NULL ? inv->summary : "(no summary)";

	av_buf_puts(b, "# Notes on: ");
	put_line_text(b, summary, strlen(summary));
	av_buf_puts(b, "\n# ");
	put_when(b, inv);
	av_buf_puts(b, " · id ");
	put_line_text(b, id, strlen(id));
	av_buf_puts(b,
		    "\n#\n"
		    "# Write under the headings, then save. Lines starting with '#' are ignored.\n"
		    "# Leave without saving to keep the notes as they were.\n"
		    "# After \"" DISCUSSED "\", what you talked about with that interviewer: it "
		    "becomes\n"
		    "# the personal line of their thank-you draft.\n"
		    "# Someone missing? Add a heading \"== Name <address> ==\" (or <" NO_ADDRESS
		    ">).\n");
}

static void
put_person(struct av_buf *b, const char *name, const char *email, const char *discussed,
	   bool name_guessed)
{
	av_buf_puts(b, "\n== ");
	put_line_text(b, name, strlen(name));
	av_buf_puts(b, " <");
	if (email != NULL)
		put_line_text(b, email, strlen(email));
	else
		av_buf_puts(b, NO_ADDRESS);
	av_buf_puts(b, "> ==\n");
	if (name_guessed)
		av_buf_puts(b, "# (the name is guessed from the address: correct it if need be)\n");
	av_buf_puts(b, DISCUSSED);
	if (discussed != NULL) {
		/* text that starts with white space goes on its own line, where the
		 * parser keeps it as it is (it drops the blanks after the label) */
		av_buf_puts(b, is_space((unsigned char)discussed[0]) ? "\n" : " ");
		av_buf_puts(b, discussed);
	}
	av_buf_puts(b, "\n");
}

char *
av_notes_sheet(const struct av_invite *inv, const char *id, const struct av_interviewer *ivs,
	       size_t n_ivs, const struct av_notes *existing, const char *error)
{
	struct av_buf b;
	size_t n_old = existing != NULL ? existing->n_people : 0;
	bool *used = av_calloc(n_old ? n_old : 1, sizeof(bool));

	av_buf_init(&b);
	if (error != NULL)
		put_error_block(&b, error, false, NULL, 0);
	put_header(&b, inv, id);
	for (size_t i = 0; i < n_ivs; i++) {
		long k = find_person(existing, ivs[i].name, ivs[i].email, used);
		const char *email = ivs[i].email;

		if (k >= 0) {
			used[k] = true;
			/* an address the person typed for someone the invite gave none */
			if (email == NULL)
				email = existing->people[k].email;
		}
		put_person(&b, ivs[i].name, email, k >= 0 ? existing->people[k].discussed : NULL,
			   ivs[i].name_guessed);
	}
	/* people the person added by hand, or who are no longer in the invite: kept */
	for (size_t k = 0; k < n_old; k++)
		if (!used[k])
			put_person(&b, existing->people[k].name, existing->people[k].email,
				   existing->people[k].discussed, false);
	for (size_t i = 0; i < sizeof(general) / sizeof(general[0]); i++) {
		const char *text = NULL;

		av_buf_printf(&b, "\n== %s ==\n# %s\n", general[i].title, general[i].hint);
		if (existing == NULL)
			continue;
		switch (general[i].kind) {
		case KIND_QUESTIONS:
			text = existing->questions;
			break;
		case KIND_STRENGTHS:
			text = existing->strengths;
			break;
		case KIND_WEAKNESSES:
			text = existing->weaknesses;
			break;
		case KIND_FEEDBACK:
			text = existing->feedback;
			break;
		case KIND_TOOLS:
			for (char **t = existing->tools; t != NULL && *t != NULL; t++)
				av_buf_printf(&b, "- %s\n", *t);
			break;
		default:
			break;
		}
		if (text != NULL)
			av_buf_printf(&b, "%s\n", text);
	}
	free(used);
	return av_buf_steal(&b);
}

char *
av_notes_with_error(const char *text, size_t len, const char *error)
{
	const char *p = text, *end = text + len;
	unsigned long line = 0, *removed = NULL;
	size_t n_removed = 0;
	struct av_buf rest, b;

	/* every "#!" line goes, not only those on top: a person may have typed above the
	 * block, and blocks must never pile up */
	av_buf_init(&rest);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl + 1 : end;

		line++;
		if (e - p >= 2 && p[0] == ERROR_PREFIX[0] && p[1] == ERROR_PREFIX[1]) {
			removed = av_realloc(removed, (n_removed + 1) * sizeof(*removed));
			removed[n_removed++] = line;
			p = e;
			continue;
		}
		/* a NUL byte (never typed text) becomes U+FFFD so that the result is one C
		 * string and nothing after it is cut off */
		for (const char *z; (z = memchr(p, '\0', (size_t)(e - p))) != NULL; p = z + 1) {
			av_buf_append(&rest, p, (size_t)(z - p));
			av_buf_puts(&rest, "\xef\xbf\xbd");
		}
		av_buf_append(&rest, p, (size_t)(e - p));
		p = e;
	}
	av_buf_init(&b);
	if (error != NULL)
		put_error_block(&b, error, true, removed, n_removed);
	av_buf_append(&b, rest.data ? rest.data : "", rest.len);
	av_buf_clear(&rest);
	free(removed);
	return av_buf_steal(&b);
}
