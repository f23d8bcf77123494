/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — the notes sheet a person writes after an interview. Pure logic.
 *
 * `afterview notes ID` opens $EDITOR on a plain-text sheet prefilled with the
 * interview's interviewers: per interviewer what was discussed, then questions and
 * answers, strengths, weaknesses, feedback and tools to learn. The saved sheet is parsed
 * back; one that does not parse is kept (never thrown away) and reopened with the error.
 * The per-interviewer "discussed" text becomes the personal line of that interviewer's
 * draft; the tools to learn appear in `status`.
 *
 * Errors: AV_ERR_DATA only, from av_notes_parse: the person's sheet does not parse (it is
 * kept and reopened with the message). av_notes_clear follows util.h's destructor rule
 * (and accepts NULL).
 */
#ifndef AFTERVIEW_NOTES_H
#define AFTERVIEW_NOTES_H

#include <stddef.h>

#include "afterview/interviewers.h"
#include "afterview/invite.h"
#include "afterview/util.h"

#define AV_NOTES_MAX_SIZE (256 * 1024) /* a larger sheet is refused */

struct av_notes_person {
	char *name;	 /* owned */
	char *email;	 /* owned or NULL */
	char *discussed; /* owned or NULL: what was talked about with them */
};

struct av_notes {
	struct av_notes_person *people; /* owned */
	size_t n_people;
	char *questions;  /* owned or NULL: questions asked and the answers given */
	char *strengths;  /* owned or NULL */
	char *weaknesses; /* owned or NULL */
	char *feedback;	  /* owned or NULL: what the employer said */
	char **tools;	  /* owned, NULL-terminated: tools/skills to learn, one each */
};

/* The sheet for an interview (malloc'd text): its summary/date/id in a comment header,
 * one section per interviewer, then the general sections; filled from existing notes
 * when not NULL (people matched by address, else name), with an error message as a
 * comment at the top when error is not NULL. */
char *av_notes_sheet(const struct av_invite *inv, const char *id, const struct av_interviewer *ivs,
		     size_t n_ivs, const struct av_notes *existing, const char *error);

/* Parse a saved sheet. AV_ERR_DATA with *error_r = "line N: ..." when it does not
 * parse; then *notes_r is untouched. */
enum av_err av_notes_parse(const char *text, size_t len, struct av_notes *notes_r, char **error_r);
void av_notes_clear(struct av_notes *notes);

/* A sheet that did not parse, to reopen as the person left it: error (from
 * av_notes_parse of this text) as a block of "#!" comment lines at the very top, its line
 * numbers moved to where those lines now are. Lines starting with "#!" are afterview's:
 * any already in text (an earlier block) are dropped; with error NULL that is all it
 * does. The rest of text is kept byte for byte (a NUL byte becomes U+FFFD). Malloc'd. */
char *av_notes_with_error(const char *text, size_t len, const char *error);

/* What was discussed with iv (matched by address, else name, case-insensitively); NULL
 * when the notes say nothing about them. Points into notes. */
const char *av_notes_discussed(const struct av_notes *notes, const struct av_interviewer *iv);

#endif
