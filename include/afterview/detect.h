/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — is this invite a job interview? Pure logic: no library headers, no I/O.
 * Nothing here fails (no error codes).
 *
 * The decision is a score with reasons a person can read (`afterview explain ID`), one
 * reason line for every point added or removed ("+4 \"interview\" in summary",
 * "-1 \"newsletter\" in description (boilerplate: weighs less)"). Fields are not equal:
 * - the summary counts most: an interview word there is enough on its own, a negative
 *   phrase there ("mock interview", "webinar", "interview tips") says what the event is;
 * - the invite's structure supports a summary that names an interview: a bounded slot
 *   (AV_DETECT_SLOT_MIN to AV_DETECT_SLOT_MAX, or an all-day onsite), a few individual
 *   attendees, an organizer who is a person at an organization's own domain; a recruiting
 *   system as sender, organizer or attendee counts on its own;
 * - the description and location count less: their interview words add a little, and
 *   lone negative words and topic phrases there are boilerplate (one point for all of
 *   them together), so they never outweigh a summary that names an interview; a
 *   negative phrase that says what the event is ("mock interview", "career coach")
 *   still weighs;
 * - bulk mail lowers the score: AV_DETECT_BULK_ATTENDEES or more attendees, attendees of
 *   which none is an individual (lists, groups, rooms), and, where the message is at
 *   hand (struct av_invite_mail), List-Id, Precedence: bulk/list/junk and
 *   List-Unsubscribe.
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

#define AV_DETECT_THRESHOLD	 3	   /* is_interview: score >= this */
#define AV_DETECT_MAYBE_MARGIN	 2	   /* maybe: this close below the threshold */
#define AV_DETECT_SLOT_MIN	 (15 * 60) /* a bounded slot, in seconds */
#define AV_DETECT_SLOT_MAX	 (8 * 3600)
#define AV_DETECT_FEW_ATTENDEES	 20  /* individual attendees of a personal invite, at most */
#define AV_DETECT_BULK_ATTENDEES 200 /* attendees of a bulk invite ("hundreds"), at least */

struct av_detection {
	int score;
	bool is_interview; /* score >= AV_DETECT_THRESHOLD */
	/* Not an interview by score, but close to the line, for the person to decide
	 * (`afterview mark ID interview`): !is_interview, score >= AV_DETECT_THRESHOLD -
	 * AV_DETECT_MAYBE_MARGIN, and the summary has an interview word that counted or a
	 * recruiting system is among sender, organizer and attendees. A word only in the
	 * description ("the Northwind interview" over coffee) is not enough. */
	bool maybe;
	char **reasons; /* owned, NULL-terminated, e.g. "+4 \"phone screen\" in summary" */
	char *company;	/* owned or NULL: the employer's name as a person writes it */
	char *domain;	/* owned or NULL: the employer's domain, lower case, when one is seen */
	/* static or NULL (no company): which clue gave company, "config" ([company DOMAIN]
	 * name) or one of av_summary_employer_from's ("summary", "subject", "display name",
	 * "signature", "relay label", "domain") */
	const char *company_from;
};

/* Score one invite into *det_r and name its employer (av_detect_company, once), always
 * filled in; the caller clears it with av_detection_clear. mail is what the message that
 * carried the invite says besides the calendar (its From, display name, Subject and
 * bulk-mail headers: scan and filter read them from the whole message, the IMAP sync
 * keeps them with the calendar); mail and conf may be NULL. With inv or lists NULL the
 * score is 0, with no reasons and no company. */
void av_detect_score_msg(const struct av_invite *inv, const struct av_invite_mail *mail,
			 const struct av_wordlists *lists, const struct av_conf *conf,
			 struct av_detection *det_r);
/* The same with only the message's From (lower case; may be NULL) and no config. */
void av_detect_score(const struct av_invite *inv, const char *sender_addr,
		     const struct av_wordlists *lists, struct av_detection *det_r);
/* Name the employer of inv into det->company, det->company_from and det->domain
 * (replacing what they held; av_detect_score_msg calls it).
 * The domain is the one most
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
