/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — what an invite's summary says about the job: the role (a whole job title,
 * "Senior Platform Engineer"), the company and the kind of interview ("phone screen"),
 * and the employer's name from other texts or its domain. Pure logic; libc only. One
 * list of job-title words serves every reading here.
 *
 * These are small static rules tried on the summaries real systems write
 * (tests/data/invites), not a grammar: a summary is split into segments at ':', '|',
 * "(...)" and separators (" - ", " / ", " – ", " for ", " at ", " with "...); each segment
 * is then a role, a company, a kind of interview, people or nothing. Results are
 * malloc'd UTF-8 without control characters, at most 80 characters.
 */
#ifndef AFTERVIEW_SUMMARY_H
#define AFTERVIEW_SUMMARY_H

#include <stdbool.h>
#include <stddef.h>

#include "afterview/util.h"

struct av_summary {
	char *role;	 /* owned or NULL: "Senior Platform Engineer" */
	char *company;	 /* owned or NULL: "Northwind Analytics" */
	char *interview; /* owned or NULL, lower case, English: "phone screen" */
};

/* Read role, company and kind of interview from summary (NULL or any bytes: invalid
 * UTF-8 and control characters are dropped, only the first 400 characters are read).
 * people (NULL-terminated, may be NULL) are names of the person and the interviewers: a
 * segment naming one of them (or a first name alone), or following "with"/"between", is
 * no company or role. A segment with a job-title word ("engineer", "Entwickler", also at
 * the end of a compound of six letters or more) is the role, without interview words at
 * its ends; a segment of English interview words is the kind (the longest wins); a
 * capitalised segment of other words (outside parentheses, interview words at its ends
 * left off, only connectors such as "of" "&" in lower case) is the company, and when
 * hint (the employer's domain or name, may be NULL) is given, only if its letters begin
 * like the hint's ("Cobalt Payments" for cobaltpay.example). The first role and the first
 * company win. *r is overwritten; free it with av_summary_clear. */
void av_summary_read(const char *summary, char *const *people, const char *hint,
		     struct av_summary *r);
void av_summary_clear(struct av_summary *r);

/* The employer's name as written in text ("Blue Heron" in "Thank you for your interest
 * in Blue Heron Logistics" for blueheron.example): capitalised words (and
 * connectors) whose letters and digits spell the registrable label of domain (an
 * address's domain is taken too); the label may end inside the last of several words
 * ("Cobalt Payments" for cobaltpay). NULL when text or domain is NULL, the label is
 * shorter than 3 letters or no such words are found. Malloc'd. */
char *av_summary_company_in_text(const char *text, const char *domain);

/* A readable name from the employer's domain ("halcyon-robotics.example" → "Halcyon
 * Robotics"; "careers.acme.co.uk" → "Acme"). NULL for private mail providers (gmail,
 * outlook...), labels with other than a-z 0-9 '-', or no registrable label. Malloc'd. */
char *av_summary_company_from_domain(const char *domain);

/* The employer's name in a summary the way detect.c guesses it when no domain tells
 * (only the first 512 bytes are read): the text after " at ", " @ ", " bei " or " chez "
 * ("Backend Developer at Orbital Labs"), else the first of several segments (split at
 * ',', '[', '(', ": ", " - ", " | ", " / ", " – ", " — ") that does not hold " with ",
 * else the text after " with ", " mit ", " avec " or " con " ("Interview with Acme").
 * A candidate is trimmed of blanks, quotes, '.', '!' and '-' at its ends; one that is
 * empty, longer than 80 bytes, holds a control character or a job-title word
 * ("Engineer", "Senior", "Entwickler"...) is passed over, and so is one that ok (called
 * with ctx) refuses: the caller's word lists, the people in the invite. NULL when none
 * is left. Malloc'd. */
char *av_summary_company(const char *summary, bool (*ok)(const char *candidate, void *ctx),
			 void *ctx);

#endif
