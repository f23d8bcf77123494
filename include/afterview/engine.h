/* afterview — one run: sync -> detect -> match -> draft -> report. No library headers.
 *
 * av_engine_evaluate() builds the picture from the state store alone (status, explain):
 * every event from the stored calendar versions, the interview decision (the person's
 * mark wins over the score), the interviewers, and per interviewer the verdict from the
 * stored sent envelopes and draft rows. av_engine_run() first syncs through the driver,
 * settles unclear thank-yous by reading a bounded part of their text, then makes the
 * missing drafts:
 *
 *   for each pending interviewer (the interview is over, the window is open):
 *     a draft row GONE (the person deleted or sent our draft)  -> never re-made;
 *     otherwise UID SEARCH HEADER X-Afterview-Id <token> in Drafts:
 *       found     -> recorded as appended (a crash after APPEND left no duplicate);
 *       not found -> intent committed (fully synced), APPEND, UID recorded.
 *   a draft recorded as appended but no longer in Drafts becomes GONE.
 *
 * Drafts kept current (conf->update_drafts): a draft of ours that is still exactly as
 * appended (its hash) is replaced when the notes about its interviewer change (the new
 * one appended first, then the old one withdrawn: a crash in between leaves both, and
 * the next run finishes), and withdrawn once a thank-you went out or the interview was
 * cancelled. A draft the person edited is never touched again.
 *
 * With dry_run nothing is appended and no draft row is written: the drafts that would
 * be made are printed to dry_out instead.
 */
#ifndef AFTERVIEW_ENGINE_H
#define AFTERVIEW_ENGINE_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "afterview/conf.h"
#include "afterview/detect.h"
#include "afterview/draft.h"
#include "afterview/driver.h"
#include "afterview/events.h"
#include "afterview/interviewers.h"
#include "afterview/match.h"
#include "afterview/notes.h"
#include "afterview/store.h"
#include "afterview/sync.h"
#include "afterview/words.h"

struct av_iv_report {
	struct av_interviewer iv;  /* owned */
	struct av_verdict verdict; /* evidence points into av_model.sent */
	char *token;		   /* owned: X-Afterview-Id */
	bool has_draft;		   /* a draft row exists */
	struct av_draft_row draft; /* owned when has_draft */
	bool made_now;		   /* this run appended the draft */
	bool would_make;	   /* dry run: would have appended it */
	bool draft_deleted;	   /* pending, but the person removed our draft */
	bool replaced_now;	   /* this run replaced our draft (the notes changed) */
	bool withdrawn_now;	   /* this run removed our draft (thanked, cancelled) */
};

struct av_interview_report {
	const struct av_event *ev; /* foreign: av_model.events */
	char id[13];
	struct av_detection det;  /* owned */
	int mark;		  /* the person's mark: 1, 0, or -1 none */
	bool is_interview;	  /* mark, else the score */
	struct av_iv_report *ivs; /* owned */
	size_t n_ivs;
	struct av_notes *notes; /* owned or NULL: the person's notes, when they parse */
};

struct av_sent_ref {
	char *folder; /* owned */
	uint32_t uidvalidity;
	uint32_t uid;
};

struct av_model {
	time_t now;
	unsigned window_hours;
	struct av_events events;
	struct av_interview_report *items; /* owned: one per event, sorted by start */
	size_t n_items;
	struct av_sent *sent;	       /* owned: envelopes since the horizon */
	struct av_sent_ref *sent_refs; /* owned: where each is */
	size_t n_sent;
};

void av_model_clear(struct av_model *m);

/* The picture from the store alone. */
enum av_err av_engine_evaluate(struct av_store *store, const struct av_conf *conf,
			       const struct av_account *acc, const struct av_wordlists *words,
			       time_t now, struct av_model *m, char **error_r);

struct av_run_stats {
	struct av_sync_stats sync;
	unsigned drafts_made;
	unsigned drafts_would; /* dry run */
	unsigned drafts_found; /* already in Drafts (after a crash or a lost state) */
	unsigned texts_read;   /* sent messages whose text was read to settle thanks */
	unsigned failures;     /* drafts that could not be made (reasons logged) */
	unsigned replaced;     /* our unedited drafts made anew (the notes changed) */
	unsigned withdrawn;    /* our unedited drafts removed (thanked, cancelled) */
	unsigned edited;       /* our drafts the person edited: left alone */
};
void av_run_stats_clear(struct av_run_stats *st);

/* Sync, evaluate, settle unclear thank-yous, make the missing drafts. m is filled with
 * the final picture. */
enum av_err av_engine_run(struct av_driver *drv, struct av_store *store, const struct av_conf *conf,
			  const struct av_account *acc, const struct av_wordlists *words,
			  const struct av_templates *tpl, time_t now, bool dry_run, FILE *dry_out,
			  struct av_model *m, struct av_run_stats *st, char **error_r);

/* The interview whose id starts with prefix (at least 4 characters); NULL if none or
 * ambiguous (then *ambiguous_r is true). */
const struct av_interview_report *av_model_find(const struct av_model *m, const char *prefix,
						bool *ambiguous_r);

#endif
