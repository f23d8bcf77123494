/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — one run: sync -> detect -> match -> draft -> report. No library headers.
 *
 * av_engine_run() first syncs through the driver (sync.h), builds the picture from the
 * store (model.h), settles unclear thank-yous by reading a bounded part of their text,
 * then makes the missing drafts:
 *
 *   for each pending interviewer (the interview is over, the window is open):
 *     a draft row GONE (the person deleted or sent our draft)  -> never re-made;
 *     otherwise UID SEARCH in Drafts for its token (in the Message-ID afterview writes;
 *     an older draft's X-Afterview-Id header), then for a draft to them with the same
 *     subject (a client that rewrote the Message-ID, or the person's own draft):
 *       found     -> recorded (a crash after APPEND left no duplicate; theirs: edited);
 *       not found -> intent committed (fully synced), APPEND, UID recorded.
 *   a draft recorded as appended but no longer at its UID: its token on another message,
 *   or its subject and recipient on a newer one, is the person's edit saved anew
 *   (EDITED, whatever the client kept); nothing there becomes GONE ("removed").
 *
 * Drafts kept current (conf->update_drafts): a draft of ours that is still exactly as
 * appended (its hash) and that the person did not flag (\Flagged or a keyword) is
 * replaced when the notes about its interviewer change (the new one appended first,
 * then the old one withdrawn: a crash in between leaves both, and the next run
 * finishes), and withdrawn once a thank-you went out or the interview was cancelled. A
 * draft the person edited or flagged is never touched again.
 *
 * With dry_run nothing is appended and no draft row is written: the drafts that would
 * be made are printed to dry_out instead.
 *
 * Errors: the driver's and the store's, passed on. A failure while syncing, reading sent
 * texts or finishing what an earlier run began stops the run (a sent message that can no
 * longer be read is left undecided instead), and so does AV_ERR_CONFIG when a folder the
 * run needs (INBOX, Sent, Drafts) does not exist. While drafts are made, AV_ERR_TEMP,
 * AV_ERR_AUTH, AV_ERR_STORE and AV_ERR_SOFTWARE stop it; any other failure to make, check
 * or keep one draft is logged and counted in stats.failures. av_run_stats_clear follows
 * util.h's destructor rule.
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
#include "afterview/model.h"
#include "afterview/store.h"
#include "afterview/sync.h"

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

/* One run of one account: what it works with (borrowed, the caller's) and what it counted.
 * The caller fills every field but stats before av_engine_run. */
struct av_run {
	struct av_driver *drv; /* opened with the same dry_run */
	struct av_store *store;
	const struct av_conf *conf;
	const struct av_account *acc; /* one of conf's accounts */
	const struct av_wordlists *words;
	const struct av_templates *tpl;
	time_t now;		   /* the run's time (--now) */
	bool dry_run;		   /* append and withdraw nothing, write no draft row */
	FILE *dry_out;		   /* dry run: where the drafts it would make are printed */
	struct av_run_stats stats; /* filled by av_engine_run; av_run_stats_clear */
};

/* Sync, evaluate, settle unclear thank-yous, make the missing drafts, keep ours current.
 * m is filled with the final picture (free it with av_model_clear, also after a failure).
 * Errors as above. */
enum av_err av_engine_run(struct av_run *run, struct av_model *m, char **error_r);

#endif
