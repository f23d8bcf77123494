/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — what an invite's summary says about the job: the role (a whole job title,
 * "Senior Platform Engineer"), the company and the kind of interview ("phone screen"),
 * and the employer's name from other texts or its domain. Pure logic; libc only. One
 * list of job-title words serves every reading here.
 *
 * These are small static rules tried on the summaries real systems write
 * (tests/data/invites), not a grammar: a summary is split into segments at ':', '|',
 * "(...)" and separators (" - ", " / ", " – ", " for ", " at ", " bei ", " with "...);
 * each segment is then a role, a company, a kind of interview, people or nothing.
 * Results are malloc'd UTF-8 without control characters, at most 80 characters.
 *
 * The employer's name is read once, the way a person would write it (av_summary_employer),
 * for detection, status and drafts alike: the name as the texts capitalise it ("Acme AI",
 * "Smith & Jones"), never a recruiting system's ("Greenhouse"), never a person's.
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
 * segment naming one of them (or a first name alone) is no company or role.
 * Role: the first segment with a job-title word ("engineer", "Entwickler", also at the
 * end of a compound of six letters or more), without interview words at its ends and
 * without kind words after its last job word ("ML Engineer Technical Interview" is the
 * role "ML Engineer" and the kind "technical interview").
 * Kind: the longest segment of English interview words ("interview" alone is none).
 * Company: capitalised words (only connectors such as "of" "&" in lower case; interview
 * words at the ends, a legal form ", Inc." and quotes left off; each comma-separated
 * piece in turn), neither a job title, a status ("Invitation") nor one of people, and
 * when hint (the employer's domain or label, may be NULL) is given, only if its letters
 * begin like the hint's ("Cobalt Payments" for cobaltpay.example). Taken in this order:
 * after "at"/"@"/"bei"/"chez" ("Backend Developer at Orbital Labs"); a plain segment
 * ("Acme AI - ML Engineer", "Bank of Nowhere: Onsite"; a summary of one segment only
 * beside an interview word: "Acme Interview", not "Coffee chat"); a parenthesis
 * ("Platform Engineer (Birchwood Health)": without a hint only after a role and with an
 * organisation's word such as Health, Labs, AI); after "with"/"between"/"mit"/"avec"
 * ("Interview with Acme": without a hint not when it looks like a person's name, "Sam
 * Rivera"). *r is overwritten; free it with av_summary_clear. */
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

/* Is domain a recruiting system's: one of relay_domains (NULL-terminated, may be NULL;
 * subdomains too) or a registrable label of a known system ("greenhouse-mail",
 * "ashbyhq", "myworkdayjobs", "lever", "icims"...)? */
bool av_summary_is_relay(const char *domain, char *const *relay_domains);

/* The employer's label in an address at a recruiting system (av_summary_is_relay),
 * lower case: the host left of the system's domain ("no-reply@northbank.greenhouse-mail.io"
 * → "northbank"; generic hosts such as "mail", "hire", "wd5" are passed over), else the
 * local part ("northbank@myworkday.com", "acme-recruiting@..." → "acme"; never no-reply,
 * notifications, scheduling...). NULL for any other address. Malloc'd. */
char *av_summary_relay_label(const char *addr, char *const *relay_domains);

/* Everything that may name the employer; each may be NULL. */
struct av_employer_clues {
	const char *summary;	  /* the invite's SUMMARY */
	const char *subject;	  /* the Subject of the message it came in */
	const char *sender_name;  /* that message's From display name */
	const char *description;  /* the invite's DESCRIPTION, plain text */
	const char *const *texts; /* NULL-terminated: more texts that may spell the name
				     out (location, the organizer's CN) */
	const char *hint;	  /* the employer's domain (or an address there), or its
				     label from a relay address ("northbank") */
	char *const *people;	  /* NULL-terminated: the person and the interviewers */
	/* the caller's own refusals (its word lists), called with ctx; may be NULL */
	bool (*ok)(const char *candidate, void *ctx);
	void *ctx;
};

/* The employer's name as a person would write it, the first of:
 * 1. the summary's company (av_summary_read with people and hint);
 * 2. the same in the message subject, without what mail programs add around the title
 *    ("Updated invitation: ... @ Tue Nov 17, 2026 10am (EST) (sam@example.net)", "Fwd:");
 * 3. the sender's display name without its recruiting department ("Northbank
 *    Recruiting", "The Acme Hiring Team", "Careers @ Acme": Recruiting, Recruitment,
 *    Talent, Talent Acquisition, Careers, Hiring (Team), People Team, HR, Jobs); a name
 *    without such words is a person's and is not taken;
 * 4. a signature line of the description ("Talent Acquisition, Acme AI", "— The
 *    Northbank Recruiting Team", "Jane Doe | Senior Technical Recruiter | Acme"; a line
 *    of prose is none);
 * 5. with a hint: the hint's letters as the texts (summary, subject, sender name,
 *    description, texts) write them ("Blue Heron" for blueheron.example), else made from
 *    the hint ("halcyon-robotics.example" → "Halcyon Robotics", "northbank" →
 *    "Northbank"; none for private mail providers).
 * Candidates in 1-4 pass the rules of av_summary_read's company (with hint: only a name
 * whose letters begin like it) and ok. NULL when nothing is found. Malloc'd. */
char *av_summary_employer(const struct av_employer_clues *c);
/* The same, and which clue gave the name into *from_r (from_r may be NULL): a static
 * string, "summary", "subject", "display name", "signature", "domain" (5. with a domain
 * or an address as hint) or "relay label" (5. with a relay's label as hint); NULL when
 * no name was found. */
char *av_summary_employer_from(const struct av_employer_clues *c, const char **from_r);

#endif
