/* afterview — is this invite a job interview? Pure logic: no library headers, no I/O.
 * Nothing here fails (no error codes).
 *
 * The decision is a score with reasons a person can read (`afterview explain ID`):
 * interview words in SUMMARY/DESCRIPTION/LOCATION (many languages), recruiting-system
 * senders and organizers raise it; negative cues (mock interview, interview prep,
 * webinar, newsletter, survey…) lower it. is_interview = score >= AV_DETECT_THRESHOLD.
 * The words come from struct av_wordlists and are matched as words.h describes; the
 * weights are in detect.c. The employer is named too (av_detect_company).
 */
#ifndef AFTERVIEW_DETECT_H
#define AFTERVIEW_DETECT_H

#include <stdbool.h>
#include <stddef.h>

#include "afterview/conf.h"
#include "afterview/invite.h"
#include "afterview/util.h"
#include "afterview/words.h"

#define AV_DETECT_THRESHOLD 3

struct av_detection {
	int score;
	bool is_interview;
	char **reasons; /* owned, NULL-terminated, e.g. "+3 \"phone screen\" in summary" */
	char *company;	/* owned or NULL: the employer's name as a person writes it */
	char *domain;	/* owned or NULL: the employer's domain, lower case, when one is seen */
};

/* Score one invite into *det_r (always filled in; the caller clears it with
 * av_detection_clear). sender_addr (the message's From, lower case) may be NULL. With
 * inv or lists NULL the score is 0, with no reasons and no company. */
void av_detect_score(const struct av_invite *inv, const char *sender_addr,
		     const struct av_wordlists *lists, struct av_detection *det_r);
/* Name the employer of inv into det->company and det->domain (replacing what they held;
 * av_detect_score calls it with the sender's address alone). The domain is the one most
 * seen among the message's sender (1), the organizer (2) and the attendees (1 each),
 * leaving out recruiting systems (lists->recruiting_domains and av_summary_is_relay),
 * scheduling services and private mail providers; a domain seen only once as an attendee
 * (maybe the person's own) needs the summary, description or organizer's name to mention
 * it; ties go to a mentioned domain, then to the first seen. The name: conf's [company
 * DOMAIN] name for that domain (conf may be NULL), else av_summary_employer with the
 * summary, mail's subject and display name (else the organizer's name), the description,
 * and as hint the domain or else the employer's label in a relay address of the sender or
 * organizer ("no-reply@northbank.greenhouse-mail.io" → "Northbank"); names of people in
 * the invite and interview, negative and status words are refused. mail may be NULL. */
void av_detect_company(const struct av_invite *inv, const struct av_invite_mail *mail,
		       const struct av_wordlists *lists, const struct av_conf *conf,
		       struct av_detection *det);
/* Free what det owns and zero it; accepts NULL. */
void av_detection_clear(struct av_detection *det);

#endif
