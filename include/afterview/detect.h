/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — is this invite a job interview? Pure logic: no library headers, no I/O.
 * Nothing here fails (no error codes).
 *
 * The decision is a score with reasons a person can read (`afterview explain ID`):
 * interview words in SUMMARY/DESCRIPTION/LOCATION (many languages), recruiting-system
 * senders and organizers raise it; negative cues (mock interview, interview prep,
 * webinar, newsletter, survey…) lower it. is_interview = score >= AV_DETECT_THRESHOLD.
 * The words come from struct av_wordlists and are matched as words.h describes; the
 * weights are in detect.c. The score also guesses the employer (company).
 */
#ifndef AFTERVIEW_DETECT_H
#define AFTERVIEW_DETECT_H

#include <stdbool.h>
#include <stddef.h>

#include "afterview/invite.h"
#include "afterview/util.h"
#include "afterview/words.h"

#define AV_DETECT_THRESHOLD 3

struct av_detection {
	int score;
	bool is_interview;
	bool maybe;	/* not an interview by score, but close to the line: the person decides */
	char **reasons; /* owned, NULL-terminated, e.g. "+3 \"phone screen\" in summary" */
	char *company;	/* owned or NULL: the employer's name or domain, best guess */
};

/* Score one invite into *det_r (always filled in; the caller clears it with
 * av_detection_clear). sender_addr (the message's From, lower case) may be NULL. With
 * inv or lists NULL the score is 0, with no reasons and no company. */
void av_detect_score(const struct av_invite *inv, const char *sender_addr,
		     const struct av_wordlists *lists, struct av_detection *det_r);
/* Free what det owns and zero it; accepts NULL. */
void av_detection_clear(struct av_detection *det);

#endif
