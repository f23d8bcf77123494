/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — incremental, read-only sync of one account into the state store, through
 * a driver (driver.h). Pure orchestration: no library headers.
 *
 * Per folder (INBOX and the configured extra folders for invites; Sent for envelopes):
 * EXAMINE; a changed UIDVALIDITY forgets what was read under the old one; a folder
 * whose UIDNEXT has not moved costs nothing more; otherwise only UIDs from the stored
 * UIDNEXT on are searched (the first time, only those within the horizon). Invites:
 * BODYSTRUCTURE, then, for the messages with calendar parts, their envelopes with the
 * bulk-mail headers (one UID FETCH; kept with each part: sender and display name,
 * Subject, To and Cc, List-Id, List-Unsubscribe, Precedence) and BODY.PEEK of the
 * calendar parts only. Sent: envelopes only (Date, From, To, Cc, Bcc, Subject), of
 * messages not flagged \Draft, and none of afterview's own drafts as it composed them (its
 * Message-ID's form under the Date in it): a draft is not sent mail. The Message-ID only
 * of the messages it can matter for, asked for together (one more command per 500 of
 * them): to an address of the stored invites or draft rows, or with a Date of the form
 * afterview writes to an address at an invite's domain; a reply to an interviewer whose
 * address came from other mail has none stored (the run reads it when it is a verdict's
 * evidence, engine.h). The Drafts folder is looked for before Sent, so that the driver
 * refuses a Sent folder that is the Drafts folder before anything is read.
 * Everything read from one folder is committed in one transaction together with the
 * folder's new UIDNEXT, so an interrupted sync is simply redone.
 *
 * Errors: the driver's and the store's, passed on, AV_ERR_CONFIG among them when INBOX or
 * the Sent folder does not exist. A missing extra folder, and a calendar part that is too
 * large or cannot be fetched (AV_ERR_DATA) or decoded, are logged and skipped.
 * av_sync_stats_clear follows util.h's destructor rule.
 */
#ifndef AFTERVIEW_SYNC_H
#define AFTERVIEW_SYNC_H

#include <time.h>

#include "afterview/conf.h"
#include "afterview/driver.h"
#include "afterview/store.h"

struct av_sync_stats {
	unsigned folders;	    /* folders examined */
	unsigned folders_unchanged; /* of those, with nothing new */
	unsigned messages;	    /* new messages looked at */
	unsigned calendars;	    /* calendar parts stored */
	unsigned sent;		    /* sent envelopes stored */
	unsigned skipped;	    /* parts or messages skipped (reason logged) */
	char *sent_folder;	    /* owned: the Sent folder used, or NULL */
};

/* Sync account acc of conf. now is the run's time (--now) for the horizon. stats is
 * filled as far as the sync got; free with av_sync_stats_clear. */
enum av_err av_sync_account(struct av_driver *drv, struct av_store *store,
			    const struct av_conf *conf, const struct av_account *acc, time_t now,
			    struct av_sync_stats *stats, char **error_r);
void av_sync_stats_clear(struct av_sync_stats *stats);

#endif
