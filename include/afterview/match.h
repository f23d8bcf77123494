/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — was each interviewer thanked in time? Pure logic: no library headers.
 *
 * Per interviewer, deadline = end + window_hours. A thank-you is a sent message
 * addressed to the interviewer (To, Cc or Bcc; addresses compared as av_addr_same
 * does) sent at or after the interview's end, whose subject or text says thanks (the
 * thanks word list) and is not an invitation reply or a scheduling message ("Accepted:",
 * "Declined:", "Confirming Tuesday works"...).
 * Its time is the Date header, or INTERNALDATE when Date is missing or absurd (the
 * store already made that choice: av_sent.date is 0 then).
 *
 * States: not-due (not over yet), pending (window open, nothing sent), drafted (pending
 * and our draft is in Drafts), thanked, thanked-late (after the deadline),
 * thanked-group (one message to several interviewers of this interview: counts, but not
 * personalized), missed (deadline passed, none sent), cancelled.
 *
 * Send-by suggestion (in the interview's zone, from its UTC offset at the start): a
 * morning interview (starting before 12:00) -> 18:00 the same day, or 09:00 the next
 * day when it ends after 17:00; an afternoon or evening interview -> 09:00 the next day;
 * never later than the deadline, never earlier than the end.
 *
 * No function here fails.
 */
#ifndef AFTERVIEW_MATCH_H
#define AFTERVIEW_MATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "afterview/interviewers.h"
#include "afterview/invite.h"
#include "afterview/store.h"
#include "afterview/words.h"

enum av_state {
	AV_STATE_NOT_DUE,
	AV_STATE_PENDING,
	AV_STATE_DRAFTED,
	AV_STATE_THANKED,
	AV_STATE_THANKED_LATE,
	AV_STATE_THANKED_GROUP,
	AV_STATE_MISSED,
	AV_STATE_CANCELLED,
};

/* "not-due", "pending", ... as in design.md's status --json. */
const char *av_state_name(enum av_state state);

/* 1 when subject or text (either may be NULL) says thanks and is not an invitation
 * reply or scheduling message; 0 when it does not; -1 when the subject alone does not
 * tell and text is NULL (the caller may fetch the text and ask again). */
int av_match_says_thanks(const char *subject, const char *text, const struct av_wordlists *words);

/* The send-by suggestion for an interview (see above). */
time_t av_match_send_by(time_t start, time_t end, int utc_offset, time_t deadline);

struct av_verdict {
	enum av_state state;
	time_t deadline;
	time_t send_by;
	const struct av_sent *evidence; /* foreign: the thank-you found, or NULL */
	bool needs_text; /* a message to this interviewer after the end whose subject does not
			    tell (thanks == -1): fetch its text, set thanks, decide again */
};

/* Decide for interviewer iv (one of panel[0..n_panel-1], the interview's interviewers)
 * of the interview inv (cancelled: the event is cancelled), given the sent envelopes
 * and whether our draft for iv is in Drafts. sent[i].thanks is used when >= 0, else
 * the subject is judged with av_match_says_thanks. */
void av_match_interviewer(const struct av_invite *inv, bool cancelled,
			  const struct av_interviewer *iv, const struct av_interviewer *panel,
			  size_t n_panel, const struct av_sent *sent, size_t n_sent,
			  const struct av_wordlists *words, unsigned window_hours, bool drafted,
			  time_t now, struct av_verdict *verdict_r);

#endif
