/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — the evaluated interviews: the picture built from the state store alone.
 * No library headers; nothing here reaches a mailbox.
 *
 * av_model_evaluate() reads every event from the stored calendar versions, decides
 * whether each is an interview (the person's mark wins over the score), names its
 * interviewers with their X-Afterview-Id tokens and the person's notes, and per
 * interviewer gives the verdict from the stored sent envelopes, draft rows and the
 * person's "I thanked them" marks (a reply
 * that may or may not be the thank-you is told by run once, like a maybe). An event
 * close to the line that the person has not marked is a "maybe": never an interview by
 * itself, listed for the person to decide (run tells of it once per version); so is an
 * event with more than AV_MODEL_MAX_INTERVIEWERS interviewers (crowd). status,
 * explain and mark read it as it is; a run (engine.h) builds it, acts on it, and builds
 * it again.
 *
 * Errors: the store's (store.h), passed on. av_model_clear follows util.h's destructor
 * rule.
 */
#ifndef AFTERVIEW_MODEL_H
#define AFTERVIEW_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "afterview/conf.h"
#include "afterview/detect.h"
#include "afterview/interviewers.h"
#include "afterview/events.h"
#include "afterview/language.h"
#include "afterview/match.h"
#include "afterview/notes.h"
#include "afterview/store.h"
#include "afterview/words.h"

/* Interviewers drafted per event at most. More make the event a maybe ("N attendees: a
 * fair or a webinar?") until the person marks it; marked an interview, the first this
 * many get drafts. An interview panel is 1-8 people; 12 leaves room for a long onsite. */
#define AV_MODEL_MAX_INTERVIEWERS 12

struct av_iv_report {
	struct av_interviewer iv;  /* owned */
	struct av_verdict verdict; /* evidence points into av_model.sent */
	char *token;		   /* owned: X-Afterview-Id */
	bool has_draft;		   /* a draft row exists */
	struct av_draft_row draft; /* owned when has_draft */
	bool made_now;		   /* this run appended the draft */
	bool would_make;	   /* dry run: would have appended it */
	bool draft_deleted;	   /* pending, but the person removed our draft */
	bool marked_thanked;	   /* the person marked them thanked (av_model_mark_thanked):
				      verdict.state is thanked unless Sent shows more */
	time_t marked_at;	   /* when, if marked_thanked */
	bool draft_gone;	   /* our draft left Drafts (row AV_DRAFT_GONE) and no thank-you
				      shows in Sent (pending or missed, not marked): sent, maybe,
				      from a client that keeps no copy in Sent */
	bool replaced_now;	   /* this run replaced our draft (the notes changed) */
	bool withdrawn_now;	   /* this run removed our draft (thanked, cancelled) */
	bool unsure_told;	   /* verdict.unsure is set, and a run already told the
				      person about that reply (av_model_unsure_told) */
};

struct av_interview_report {
	const struct av_event *ev; /* foreign: av_model.events */
	char id[AV_EVENT_ID_SIZE];
	struct av_detection det;     /* owned */
	int mark;		     /* the person's mark: 1, 0, or -1 none */
	bool is_interview;	     /* mark, else the score (never a maybe by itself) */
	bool maybe;		     /* close to the line (det.maybe), not marked, not cancelled,
					ending within the horizon: the person decides */
	bool maybe_told;	     /* maybe, and a run already told the person about this
					version of the event */
	size_t crowd;		     /* more interviewers than AV_MODEL_MAX_INTERVIEWERS: the
					attendees (seen, the unread too); a maybe unless the
					person marked it an interview; else 0 */
	bool not_mine;		     /* the score said interview, but the invite is one the
					person sits on (av_correspondence_not_mine; the reason
					is among det.reasons): a maybe at most */
	const char *employer_domain; /* foreign (det or the invite) or NULL: det.domain, else
					the first party's domain that is not the person's, for
					"address not at DOMAIN" */
	struct av_iv_report *ivs;    /* owned */
	size_t n_ivs;
	struct av_notes *notes; /* owned or NULL: the person's notes, when they parse */
	/* The interview's language (interviews only; else lang is zero and language NULL):
	 * the person's mark (`mark ID language es`), else the [company DOMAIN] language of
	 * employer_domain, else what the invite says (lang, language.h). */
	struct av_language lang;   /* owned: what the invite says, with the reasons */
	const char *language;	   /* static: the ISO 639-1 code decided */
	const char *language_from; /* static: "mark", "config" or "invite" */
	/* The person does not write it ([me] languages, av_conf_writes_language) or no
	 * template has it: the drafts are in the default language, and a run tells the
	 * person once (av_model_language_news) */
	bool language_fallback;
	bool language_told; /* language_fallback, and a run told the person of this language */
	const char *const *writes; /* foreign: the config's [me] languages (NULL: the default
				      alone), for the fallback's advice */
};

struct av_sent_ref {
	char *folder; /* in its av_sent's block (see av_model.sent) */
	uint32_t uidvalidity;
	uint32_t uid;
	bool id_unknown; /* the Message-ID was not asked (store.h: NULL, not "") */
};

struct av_model {
	time_t now;
	unsigned window_hours;
	struct av_events events;
	struct av_interview_report *items; /* owned: one per event, sorted by start */
	size_t n_items;
	struct av_sent *sent;	       /* owned: envelopes since the horizon; each message's
					  strings live in one block, its recipients array: never
					  av_sent_clear them */
	struct av_sent_ref *sent_refs; /* owned: where each is */
	size_t n_sent;
	struct av_sent_index sent_index; /* owned: sent by recipient, for the verdicts */
	char **ids;			 /* owned: the Message-IDs set by av_model_sent_set_id */
	size_t n_ids;
};

void av_model_clear(struct av_model *m);

/* The picture of account acc from the store alone, as of now. m need not be initialised;
 * on failure it holds what was built so far (free it with av_model_clear either way). */
enum av_err av_model_evaluate(struct av_store *store, const struct av_conf *conf,
			      const struct av_account *acc, const struct av_wordlists *words,
			      time_t now, struct av_model *m, char **error_r);

/* The sent messages of m whose Message-ID is unknown (not asked by the sync, sync.h)
 * and that some verdict names as evidence or unsure reply: their indexes into m->sent,
 * malloc'd (never NULL), *n_r of them. */
size_t *av_model_ids_wanted(const struct av_model *m, size_t *n_r);
/* Set the Message-ID of m->sent[k], read from the server afterwards (copied; "" for none:
 * it stays NULL). */
void av_model_sent_set_id(struct av_model *m, size_t k, const char *id);
/* Judge the interviewers of it (an item of m) again, from their draft rows as stored now
 * and m's sent envelopes: after a run changed the rows. The marks made_now, would_make,
 * replaced_now and withdrawn_now are kept. */
enum av_err av_model_judge(struct av_model *m, struct av_store *store, const struct av_account *acc,
			   const struct av_wordlists *words, struct av_interview_report *it,
			   char **error_r);

/* What a draft for r (an interviewer of it) is made from, as 32 hex digits into buf: the
 * topic the notes give for r and whether feedback was noted. When it differs from a
 * draft row's basis, that draft is out of date. */
void av_model_basis(const struct av_interview_report *it, const struct av_iv_report *r,
		    char buf[AV_HASH_HEX_SIZE]);

/* The language the drafts of it are written in: it->language, or NULL for the default
 * (English, or the interview's language fell back), for av_draft_input.language. */
const char *av_model_draft_language(const struct av_interview_report *it);

/* Is it's language fallback news for the person: an interview, not cancelled, with an
 * interviewer still to be thanked (not due, pending or drafted), fallen back and not
 * told yet? run prints a line for it (av_report_run). */
bool av_model_language_news(const struct av_interview_report *it);

/* Record that the person was told of every language fallback of m that was news (after
 * run printed them); sets their language_told. Told again only when the decided
 * language changes. Errors are the store's. */
enum av_err av_model_languages_told(struct av_model *m, struct av_store *store,
				    const struct av_account *acc, char **error_r);

/* The version of it's event that a maybe was told about, as a string into buf: its
 * SEQUENCE and DTSTAMP (a new version of the invite is news again). */
#define AV_MODEL_VERSION_SIZE 48
void av_model_version(const struct av_interview_report *it, char buf[AV_MODEL_VERSION_SIZE]);

/* Record that the person was told about every maybe of m not told yet (after run printed
 * them, av_report_run); sets their maybe_told. Errors are the store's. */
enum av_err av_model_maybes_told(struct av_model *m, struct av_store *store,
				 const struct av_account *acc, char **error_r);

/* Record that the person was told about every unsure reply (verdict.unsure) of an
 * interviewer still pending or drafted and not told yet (after run printed them,
 * av_report_run); sets their unsure_told. One notice per interviewer (its token) and
 * reply (its Message-ID, else its date). Errors are the store's. */
enum av_err av_model_unsure_told(struct av_model *m, struct av_store *store,
				 const struct av_account *acc, char **error_r);

/* The interviewer of it that name designates, for `mark ID thanked NAME`: the one whose
 * name is name (compared as av_text_name_key makes keys: case, accents and white space
 * aside) or whose address is (as av_addr_same compares), else the one whose name or
 * address starts with name. NULL when none matches
 * or, with *ambiguous_r true, more than one does. */
const struct av_iv_report *av_model_find_interviewer(const struct av_interview_report *it,
						     const char *name, bool *ambiguous_r);

/* Mark r (an interviewer of it, an item of m) thanked at time at, or take the mark back
 * (thanked false), in the store; then judge it again (av_model_judge), so r->verdict and
 * r->marked_thanked are as the store now says. *changed_r: whether the store changed (a
 * mark set, or one there to take back). Taking a mark back that had afterview withdraw
 * r's draft (the row AV_DRAFT_WITHDRAWN, and now neither thanked in Sent nor cancelled)
 * forgets the row, so that a run makes the draft again while the thank-you window is
 * open; *redraft_r (may be NULL) says so. The mark is
 * kept under r's address, else its name; taking it back clears both. Errors are the
 * store's. */
enum av_err av_model_mark_thanked(struct av_model *m, struct av_store *store,
				  const struct av_account *acc, const struct av_wordlists *words,
				  struct av_interview_report *it, struct av_iv_report *r,
				  bool thanked, time_t at, bool *changed_r, bool *redraft_r,
				  char **error_r);

/* The interview whose id starts with prefix (at least 4 characters), or whose invite UID
 * is prefix; NULL if none or ambiguous (then *ambiguous_r is true). */
const struct av_interview_report *av_model_find(const struct av_model *m, const char *prefix,
						bool *ambiguous_r);

/* The notes sheet to edit for it (an interview of a model), malloc'd: stored (the text
 * av_store_notes_get gave, or NULL) made into a sheet with its interviewers, or, when
 * stored does not parse (a sheet of a later version, say), stored as it is with the parse
 * error on top (av_notes_with_error). What `afterview notes ID` and the Claws window
 * open. */
char *av_model_notes_sheet(const struct av_interview_report *it, const char *stored);

/* Store the sheet text (len bytes, as the person left it) as the notes of the event uid
 * of account, dated at: it must parse (AV_ERR_DATA with *error_r "line N: ..." when it
 * does not, nothing stored); afterview's own "#!" error lines are dropped first. What
 * `afterview notes ID` and the Claws window save. Other errors are the store's. */
enum av_err av_model_notes_save(struct av_store *store, const char *account, const char *uid,
				const char *text, size_t len, time_t at, char **error_r);

#endif
