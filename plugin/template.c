/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — the template files (template.h): read, parse, check, fill in. Every mistake
 * in a file is collected before giving up, so that the person fixes them all in one go.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "afterview/builtin.h"
#include "afterview/log.h"
#include "afterview/language.h"
#include "afterview/template.h"
#include "afterview/text.h"

#define TEMPLATE_MAX_BYTES 65536 /* a template is a page of text, not a data file */

static const char *const ph_names[AV_PH_COUNT] = {
	[AV_PH_FIRST_NAME] = "first_name",
	[AV_PH_NAME] = "name",
	[AV_PH_COMPANY] = "company",
	[AV_PH_ROLE] = "role",
	[AV_PH_DATE] = "date",
	[AV_PH_TOPIC] = "topic",
	[AV_PH_SKILLS] = "skills",
	[AV_PH_PITCH] = "pitch",
	[AV_PH_MY_NAME] = "my_name",
	[AV_PH_PHONE] = "phone",
	[AV_PH_SIGNATURE] = "signature",
	[AV_PH_INTERVIEW] = "interview",
	[AV_PH_ASK_TOPIC] = "ask_topic",
	[AV_PH_ASK_FIT] = "ask_fit",
	[AV_PH_FEEDBACK_GIVEN] = "feedback_given",
};

/* The languages with templates: every language afterview knows (language.h), the default
 * first; a file name is "TONE.txt" for the default language and "TONE.CODE.txt" for the
 * others. A new language is a code in language.c, its two files in contrib/templates and
 * Makefile.am, and its words in draft.c. */
#define languages   av_language_codes
#define N_LANGUAGES AV_LANGUAGE_COUNT

struct av_templates {
	struct av_template tone[N_LANGUAGES][2]; /* by languages[] and enum av_tone */
};

static int
ph_lookup(const char *name, size_t len)
{
	for (int i = 0; i < AV_PH_COUNT; i++)
		if (strlen(ph_names[i]) == len && memcmp(ph_names[i], name, len) == 0)
			return i;
	return -1;
}

static int
section_lookup(const struct av_template *tf, const char *name, size_t len)
{
	for (size_t i = 0; i < tf->n_sections; i++)
		if (strlen(tf->sections[i].name) == len &&
		    memcmp(tf->sections[i].name, name, len) == 0)
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
tlines_add(struct av_template_line **v, size_t *n, const char *text, size_t len, unsigned line,
	   unsigned group)
{
	*v = av_realloc(*v, (*n + 1) * sizeof(**v));
	(*v)[*n].text = av_strndup(text, len);
	(*v)[*n].line = line;
	(*v)[*n].group = group;
	(*n)++;
}

static void
tlines_free(struct av_template_line *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].text);
	free(v);
}

static void
template_clear(struct av_template *tf)
{
	free(tf->path);
	tlines_free(tf->subject, tf->n_subject);
	tlines_free(tf->body, tf->n_body);
	for (size_t i = 0; i < tf->n_sections; i++) {
		free(tf->sections[i].name);
		tlines_free(tf->sections[i].variants, tf->sections[i].n_variants);
	}
	free(tf->sections);
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
check_line(struct av_template *tf, const struct av_template_line *l, const char *in_section,
	   struct av_buf *errs)
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
				tf->sections[s].used = true;
		} else {
			char *shown = av_strndup(name, len > 40 ? 40 : len);
			char *clean = av_text_clean(shown, false);

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
template_parse(struct av_template *tf, const char *text, size_t size, struct av_buf *errs)
{
	enum part part = PART_HEAD;
	const char *p = text ? text : "", *end = p + (text ? size : 0);
	unsigned lineno = 0, group = 0;
	struct av_template_section *cur = NULL;
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
			tf->sections = av_realloc(tf->sections,
						  (tf->n_sections + 1) * sizeof(*tf->sections));
			cur = &tf->sections[tf->n_sections++];
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
			if (cur->n_variants > 0 &&
			    cur->variants[cur->n_variants - 1].group == group)
				group++;
			continue;
		}
		tlines_add(&cur->variants, &cur->n_variants, line, len, lineno, group);
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
	for (size_t i = 0; i < tf->n_sections; i++)
		if (tf->sections[i].n_variants == 0)
			add_error(errs, "%s:%u: section [%s] has no lines", tf->path,
				  tf->sections[i].line, tf->sections[i].name);
	/* placeholders last: a section may be used before it is defined */
	for (size_t i = 0; i < tf->n_subject; i++)
		check_line(tf, &tf->subject[i], NULL, errs);
	for (size_t i = 0; i < tf->n_body; i++)
		check_line(tf, &tf->body[i], NULL, errs);
	for (size_t i = 0; i < tf->n_sections; i++)
		for (size_t k = 0; k < tf->sections[i].n_variants; k++)
			check_line(tf, &tf->sections[i].variants[k], tf->sections[i].name, errs);
}

static void
template_load(struct av_template *tf, const char *path, struct av_buf *errs)
{
	struct av_buf text;
	char chunk[8192];
	size_t n;
	FILE *f = NULL;
	int fd, e;

	tf->path = av_strdup(path);
	/* never block: a FIFO in a template's place would hang every run */
	if ((e = av_open_regular(path, false, &fd)) != 0 || (f = fdopen(fd, "rb")) == NULL) {
		add_error(errs, "%s: %s", path, av_open_strerror(e != 0 ? e : errno));
		if (e == 0)
			close(fd);
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
		template_parse(tf, text.data, text.len, errs);
	fclose(f);
	av_buf_clear(&text);
	av_debug(AV_CAT_DRAFT, "template %s: %zu subject lines, %zu body lines, %zu sections", path,
		 tf->n_subject, tf->n_body, tf->n_sections);
}

/* Nothing at path (or no directory above it)? Only then does the next place answer: a
 * file that is there but unreadable or broken is reported, never silently replaced. */
static bool
nothing_at(const char *path)
{
	struct stat st;

	return stat(path, &st) != 0 && (errno == ENOENT || errno == ENOTDIR);
}

/* The compiled-in copy of a shipped template (builtin.h), the last place looked. */
static void
template_builtin(struct av_template *tf, const char *name, struct av_buf *errs)
{
	const struct av_builtin_file *b = av_builtin_find(name);

	tf->path = av_asprintf("built-in %s", name);
	if (b == NULL) {
		add_error(errs, "%s: not compiled in", tf->path);
		return;
	}
	template_parse(tf, b->data, b->len, errs);
	av_debug(AV_CAT_DRAFT, "template %s: %zu subject lines, %zu body lines, %zu sections",
		 tf->path, tf->n_subject, tf->n_body, tf->n_sections);
}

/* Where lang is in languages[], or -1. */
static int
language_index(const char *lang)
{
	for (size_t i = 0; lang != NULL && i < N_LANGUAGES; i++)
		if (av_text_eq_ci(lang, languages[i]))
			return (int)i;
	return -1;
}

/* Load one file, the template of a language and tone, from the first place that has it. */
static void
load_one(struct av_template *tf, const char *dir, const char *shipped, const char *name,
	 struct av_buf *errs)
{
	char *path = NULL;

	if (dir != NULL) {
		path = av_asprintf("%s/%s", dir, name);
		if (access(path, F_OK) != 0) {
			free(path);
			path = NULL;
		}
	}
	if (path == NULL)
		path = av_asprintf("%s/%s", shipped, name);
	if (nothing_at(path))
		template_builtin(tf, name, errs);
	else
		template_load(tf, path, errs);
	free(path);
}

enum av_err
av_templates_load(const char *dir, struct av_templates **tpl_r, char **error_r)
{
	static const char *const tones[2] = {
		[AV_TONE_FORMAL] = "formal", [AV_TONE_CASUAL] = "casual"};
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
	for (size_t l = 0; l < N_LANGUAGES; l++)
		for (int i = 0; i < 2; i++) {
			char *name = l == 0 ? av_asprintf("%s.txt", tones[i])
					    : av_asprintf("%s.%s.txt", tones[i], languages[l]);

			load_one(&t->tone[l][i], dir, shipped, name, &errs);
			t->tone[l][i].language = languages[l];
			free(name);
		}
	if (errs.len > 0) {
		av_templates_free(&t);
		if (error_r != NULL)
			*error_r = av_buf_steal(&errs);
		av_buf_clear(&errs);
		return AV_ERR_CONFIG;
	}
	av_buf_clear(&errs);
	*tpl_r = t;
	return AV_OK;
}

void
av_templates_free(struct av_templates **tpl)
{
	if (tpl == NULL || *tpl == NULL)
		return;
	for (size_t l = 0; l < N_LANGUAGES; l++) {
		template_clear(&(*tpl)->tone[l][0]);
		template_clear(&(*tpl)->tone[l][1]);
	}
	free(*tpl);
	*tpl = NULL;
}

char *
av_template_expand(const struct av_template *tf, char *const *val, char *const *choice,
		   const char *text)
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
			av_buf_clear(&b);
			return NULL;
		}
		av_buf_append(&b, p, (size_t)(open - p));
		av_buf_puts(&b, v);
		p = end;
	}
	av_buf_puts(&b, p);
	return av_buf_steal(&b);
}

bool
av_templates_has_language(const struct av_templates *tpl, const char *lang)
{
	(void)tpl; /* every loaded set has every language: a missing file is an error */
	return lang == NULL || lang[0] == '\0' || language_index(lang) >= 0;
}

const struct av_template *
av_templates_get(const struct av_templates *tpl, const char *lang, enum av_tone tone)
{
	int l = language_index(lang);

	return &tpl->tone[l >= 0 ? l : 0][tone == AV_TONE_CASUAL ? AV_TONE_CASUAL : AV_TONE_FORMAL];
}

const struct av_template *
av_templates_tone(const struct av_templates *tpl, enum av_tone tone)
{
	return av_templates_get(tpl, NULL, tone);
}

size_t
av_templates_languages(const char *const **codes_r)
{
	*codes_r = languages;
	return N_LANGUAGES;
}
