/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — the language an interview was held in, read from its invite. Pure logic:
 * no library headers, no I/O. Nothing here fails.
 *
 * The languages are ISO 639-1 codes; afterview knows English ("en", the default: the
 * templates' default language), Spanish ("es"), German ("de") and French ("fr").
 *
 * av_language_detect counts, in each text the invite gives, the words that are common in
 * each language (articles, prepositions, pronouns, the words of an invitation: "para",
 * "und", "avec", "with") and the words that belong to one language only ("entrevista",
 * "Vorstellungsgespräch", "entretien"), compared without case (accented capitals too);
 * a word outside the lists that carries a letter only one of the languages uses ("ñ",
 * "ß", "ç", "ê") counts half a word (reasons show points doubled: a listed word 2, such
 * a word 1). The texts:
 * - the words the employer wrote: the description, the organizer's name (CN: "Equipo de
 *   Selección") and the message's display name;
 * - the title: the summary and the message's Subject.
 * The calendar products' own boilerplate in a description (Google's block between the
 * "-::~:~::~:" lines, Microsoft Teams' block under its line of underscores) is not the
 * employer's words and is left out.
 *
 * The rule for a mixed invite: the employer's words decide when they clearly say one
 * language (at least AV_LANGUAGE_MIN_WORDS points and twice the next language's): an
 * applicant tracking system often writes the summary in English from a template
 * ("Interview: Data Engineer") while the recruiter writes the description in the
 * language the interview is held in. Otherwise the points of all texts together decide,
 * when the first language has at least AV_LANGUAGE_MIN_WORDS and leads the next by
 * AV_LANGUAGE_MARGIN; otherwise (too little text, or a tie) the default, English. So a
 * few English words in a German description ("Call", "Meeting", "Team") do not flip it,
 * and a short Spanish summary ("Entrevista – Ingeniera de Datos") is enough alone.
 */
#ifndef AFTERVIEW_LANGUAGE_H
#define AFTERVIEW_LANGUAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "afterview/invite.h"

#define AV_LANGUAGE_DEFAULT "en"
/* A listed word is one point per occurrence, a word with a telling letter half a point. */
#define AV_LANGUAGE_MIN_WORDS 3 /* points a language needs to be chosen */
#define AV_LANGUAGE_MARGIN    2 /* points it must lead the next by */

struct av_language {
	const char *code; /* static: the language decided ("en" when unsure) */
	int confidence;	  /* 0-100: how clearly the texts say it (0: the default, unsure) */
	char **reasons;	  /* owned, NULL-terminated: one line per text that had words of
			     some language ("description: es 14, en 2 (\"para\", \"con\",
			     \"equipo\")"), then the decision */
};

/* Decide the language of inv (may be NULL: the default, no reasons), with what the
 * message around it says (mail may be NULL). *lang_r is always filled in; clear it with
 * av_language_clear. */
void av_language_detect(const struct av_invite *inv, const struct av_invite_mail *mail,
			struct av_language *lang_r);

/* The same from plain texts (each may be NULL): for tests and for scan. */
void av_language_detect_texts(const char *summary, const char *description,
			      const char *organizer_name, const char *subject,
			      const char *from_name, struct av_language *lang_r);

/* Free what lang owns and zero it; accepts NULL. */
void av_language_clear(struct av_language *lang);

/* The static code for s when it names a language afterview knows: the two letters in
 * any case, white space around them ignored ("ES", " de"); else NULL ("it", "spanish"). */
const char *av_language_code(const char *s);

/* The language's English name ("Spanish") for a known code, else the code itself. */
const char *av_language_name(const char *code);

/* The known codes, NULL-terminated, the default first: for messages ("en, es, de, fr"),
 * and the languages the templates (template.c) and the drafts' own words (draft.c) come
 * in. AV_LANGUAGE_COUNT of them. */
#define AV_LANGUAGE_COUNT 4
extern const char *const av_language_codes[AV_LANGUAGE_COUNT + 1];

#endif
