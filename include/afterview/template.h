/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — the thank-you templates: loading, parsing and checking the template files,
 * and filling a template line in. Pure logic plus reading the files; libc only. draft.c
 * chooses the wording and renders the message from them.
 *
 * The format is documented for the people who edit templates in
 * contrib/templates/README; in short: Subject: lines (the first whose placeholders all
 * have a value wins), a blank line, the body, then [sections] of variants, one per line,
 * "--" starting a fallback group. '#' starts a comment line. A line that uses a
 * placeholder without a value is left out; that is how optional things (phone, topic,
 * skills) stay optional.
 *
 * Templates exist per language and tone: formal.txt and casual.txt are the default
 * language's (English), formal.LL.txt and casual.LL.txt another language's (LL its ISO
 * 639-1 code: formal.es.txt, casual.de.txt; the languages are listed in template.c). They
 * ship in contrib/templates/, are installed to $(pkgdatadir)/templates
 * ($AFTERVIEW_TEMPLATES overrides that place) and are compiled in (builtin.h); the
 * config's `templates` directory overrides them file by file. Each file comes from the
 * first place that has it: the config's directory, $AFTERVIEW_TEMPLATES or else
 * $(pkgdatadir)/templates, the compiled-in copy (its path "built-in formal.es.txt").
 */
#ifndef AFTERVIEW_TEMPLATE_H
#define AFTERVIEW_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include "afterview/conf.h"
#include "afterview/language.h"
#include "afterview/util.h"

/* The placeholders a template may use, {{first_name}} ... {{feedback_given}}; values are
 * passed to av_template_expand as an array indexed by these. */
enum av_placeholder {
	AV_PH_FIRST_NAME,     /* {{first_name}} */
	AV_PH_NAME,	      /* {{name}} */
	AV_PH_COMPANY,	      /* {{company}} */
	AV_PH_ROLE,	      /* {{role}} */
	AV_PH_DATE,	      /* {{date}} */
	AV_PH_TOPIC,	      /* {{topic}} */
	AV_PH_SKILLS,	      /* {{skills}} */
	AV_PH_PITCH,	      /* {{pitch}} */
	AV_PH_MY_NAME,	      /* {{my_name}} */
	AV_PH_PHONE,	      /* {{phone}} */
	AV_PH_SIGNATURE,      /* {{signature}} */
	AV_PH_INTERVIEW,      /* {{interview}} */
	AV_PH_ASK_TOPIC,      /* {{ask_topic}} */
	AV_PH_ASK_FIT,	      /* {{ask_fit}} */
	AV_PH_FEEDBACK_GIVEN, /* {{feedback_given}} */
	AV_PH_COUNT
};

struct av_template_line {
	char *text;	/* owned, valid UTF-8, no line end */
	unsigned line;	/* in the file, from 1 */
	unsigned group; /* variants only: the fallback group ("--" separated), from 0 */
};

struct av_template_section {
	char *name; /* owned: "closing" for [closing] */
	unsigned line;
	struct av_template_line *variants; /* owned, n_variants >= 1 */
	size_t n_variants;
	bool used; /* referenced by a Subject or body line */
};

/* One template file, checked: every placeholder known, every {{section}} defined, at
 * least one Subject: line and a non-blank body. Read-only for the callers. */
struct av_template {
	char *path;			  /* owned: the file it was read from */
	const char *language;		  /* static: its ISO 639-1 code, "en" */
	struct av_template_line *subject; /* owned, n_subject >= 1 */
	size_t n_subject;
	struct av_template_line *body; /* owned; a blank line has text "" */
	size_t n_body;
	struct av_template_section *sections; /* owned */
	size_t n_sections;
};

/* The default language: the one of formal.txt and casual.txt, and of a draft whose
 * language is not given or has no templates. */
#define AV_TEMPLATES_DEFAULT_LANGUAGE AV_LANGUAGE_DEFAULT

/* Both tones' templates of every language. */
struct av_templates;

/* Load the templates of every language, both tones (formal.txt, casual.txt,
 * formal.es.txt, ...), from dir (the config's `templates`, may be NULL), each falling back
 * to the shipped one when dir has no such file, and to the compiled-in copy when the
 * shipped one is not there either (not when it is there and unreadable). AV_ERR_CONFIG
 * when dir is given but is no directory, or a file cannot be read, is larger than 64 KiB or has
 * mistakes; *error_r then lists every mistake of all the files, one per line, each as
 * "file:line: message" (e.g. "formal.txt:3: unknown placeholder {{x}}"). */
enum av_err av_templates_load(const char *dir, struct av_templates **tpl_r, char **error_r);
void av_templates_free(struct av_templates **tpl);

/* Does tpl hold templates in lang, an ISO 639-1 code ("es"; ASCII case ignored)? True for
 * NULL and "" (the default language). tpl may be NULL: then whether afterview has
 * templates in that language at all. */
bool av_templates_has_language(const struct av_templates *tpl, const char *lang);

/* The template of a language and tone; never NULL. A tone that is not casual is formal;
 * a language NULL, "" or without templates (av_templates_has_language false) is the
 * default language. Owned by tpl. */
const struct av_template *av_templates_get(const struct av_templates *tpl, const char *lang,
					   enum av_tone tone);

/* The template of a tone in the default language: av_templates_get(tpl, NULL, tone). */
const struct av_template *av_templates_tone(const struct av_templates *tpl, enum av_tone tone);

/* The languages there are templates for, in a fixed order, the default language first:
 * codes[0..return value). Static. */
size_t av_templates_languages(const char *const **codes_r);

/* text (a line of t) with its placeholders filled in (malloc'd), or NULL when one of them
 * has no value. values has AV_PH_COUNT entries, NULL meaning "no value"; choices has
 * t->n_sections entries (the chosen variant of each section, NULL for none) or is NULL,
 * when a {{section}} counts as having no value. An unclosed "{{" is copied as it is. */
char *av_template_expand(const struct av_template *t, char *const *values, char *const *choices,
			 const char *text);

#endif
