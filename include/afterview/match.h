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
 * A reply whose only thanks is a courtesy opener of a short logistics message ("Thanks,
 * Thursday at 3pm works for the second round.", "Thanks! See you then") is *unsure*: it
 * never counts as thanked (the interviewer stays pending or drafted, our draft stays),
 * and the verdict names it so that status can ask the person.
 *
 * States: not-due (not over yet), pending (window open, nothing sent), drafted (pending
 * and our draft is in Drafts), thanked, thanked-late (after the deadline),
 * thanked-group (one message to several interviewers of this interview: counts, but not
 * personalized), missed (deadline passed, none sent), cancelled. An interviewer the person
 * marked thanked (a thank-you sent from a client that keeps no copy in Sent) is thanked
 * without evidence (av_match_marked_thanked).
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
#include <stdint.h>
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

/* What a sent message is, as av_match_says_thanks judges it; av_sent.thanks keeps these
 * values. */
enum av_thanks {
	AV_THANKS_UNKNOWN = -1, /* the subject alone does not tell: read the text */
	AV_THANKS_NO = 0,	/* an invitation reply, a scheduling message, no thanks */
	AV_THANKS_YES = 1,	/* a thank-you for the interview */
	AV_THANKS_UNSURE = 2,	/* thanks only as the courtesy of a logistics reply */
};

/* AV_THANKS_YES when subject or text (either may be NULL) thanks for the interview;
 * AV_THANKS_NO for an invitation reply, a scheduling message or no thanks at all;
 * AV_THANKS_UNSURE (only with text) when the thanks opens or passes through a short
 * logistics reply and nothing refers to the interview, the time or the conversation;
 * AV_THANKS_UNKNOWN when the subject alone does not tell and text is NULL (the caller
 * may fetch the text and ask again), or words is NULL. */
enum av_thanks av_match_says_thanks(const char *subject, const char *text,
				    const struct av_wordlists *words);

/* The send-by suggestion for an interview (see above). */
time_t av_match_send_by(time_t start, time_t end, int utc_offset, time_t deadline);

struct av_verdict {
	enum av_state state;
	time_t deadline;
	time_t send_by;
	const struct av_sent *evidence; /* foreign: the thank-you found, or NULL */
	const struct av_sent *unsure;	/* foreign: when no thank-you was found, the earliest
					   unsure reply to this interviewer after the end
					   (AV_THANKS_UNSURE), else NULL */
	bool needs_text; /* a message to this interviewer after the end whose subject does not
			    tell (thanks == -1): fetch its text, set thanks, decide again */
};

struct av_sent_index;

/* Decide for interviewer iv (one of panel[0..n_panel-1], the interview's interviewers)
 * of the interview inv (cancelled: the event is cancelled), given the sent envelopes
 * and whether our draft for iv is in Drafts. sent[i].thanks (enum av_thanks) is used
 * when >= 0, else the subject is judged with av_match_says_thanks; only AV_THANKS_YES
 * counts as thanked. */
void av_match_interviewer(const struct av_invite *inv, bool cancelled,
			  const struct av_interviewer *iv, const struct av_interviewer *panel,
			  size_t n_panel, const struct av_sent *sent, size_t n_sent,
			  const struct av_sent_index *idx, const struct av_wordlists *words,
			  unsigned window_hours, bool drafted, time_t now,
			  struct av_verdict *verdict_r);

/* Which sent messages went to which address, for av_match_interviewer (idx NULL: it looks
 * at every message): built once per picture, the same verdicts at a fraction of the cost
 * on a large Sent folder (tens of thousands of messages times every interviewer). The
 * addresses are keyed as av_addr_same compares them (mailto: skipped, +tags dropped, case
 * folded). av_sent_index_clear follows util.h's destructor rule. */
struct av_sent_key {
	uint64_t hash; /* the key of an address of sent[k] */
	size_t k;
};
struct av_sent_index {
	struct av_sent_key *v; /* owned: by hash, then k, ascending */
	size_t n;
};
void av_sent_index_build(struct av_sent_index *idx, const struct av_sent *sent, size_t n_sent);
void av_sent_index_clear(struct av_sent_index *idx);

/* The person marked the interviewer of verdict thanked: not-due, pending, drafted and
 * missed become thanked, with no evidence, no unsure reply and no text to read (the
 * deadline and send-by stay). A thank-you found in Sent (thanked, thanked-late,
 * thanked-group) says more and stays, as does cancelled. */
void av_match_marked_thanked(struct av_verdict *verdict);

#endif
