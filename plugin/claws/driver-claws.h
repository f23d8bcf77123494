/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — the second mailbox driver (driver.h): Claws Mail's own folders and
 * connection, for the Claws plugin. No second login: every read and write goes through
 * the folders of the Claws account, as Claws itself holds them.
 *
 * Folders are named as the IMAP driver names them (the folder's path on the server:
 * "INBOX", "Sent", "Drafts"), so the state database is shared with the cron job.
 * find_folder: Drafts is the account's draft folder (account_get_special_folder,
 * F_DRAFT), Sent its "outbox" (F_OUTBOX: in Claws that is Sent); only when the account
 * has none, the configured name. Messages are read from the files Claws fetches them
 * into (procmsg_get_message_file: Claws fetches with BODY.PEEK, so nothing is marked
 * read) and parsed with the core's mime.h; envelopes likewise. append writes Drafts only
 * (folder_item_add_msg), withdraw removes only afterview's own draft (checked first)
 * with folder_item_remove_msg, and refuses (AV_ERR_CONFIG, nothing done) while another
 * message in Drafts is flagged deleted: Claws removes with a plain EXPUNGE.
 *
 * What Claws cannot give: UIDVALIDITY (Claws keeps it private) is a fixed number derived
 * from the folder's identifier, so the first plugin run after cron runs (or the other
 * way round) reads the horizon again; the engine finds its drafts by the token in their
 * Message-ID, so this makes no duplicate. highestmodseq is 0. INTERNALDATE is the
 * message's Date (MsgInfo.date_t, ignored when not a plausible time). The message
 * numbers are Claws' (the IMAP UIDs for an IMAP account).
 *
 * Must be called from Claws' main loop (Claws' IMAP calls block it while they run).
 * Errors: AV_ERR_CONFIG (the account has no folder tree), else as driver.h.
 */
#ifndef AFTERVIEW_CLAWS_DRIVER_CLAWS_H
#define AFTERVIEW_CLAWS_DRIVER_CLAWS_H

#include <stdbool.h>

#include "afterview/driver.h"

struct _PrefsAccount;

/* A driver over account ac (borrowed: it must outlive the driver). */
enum av_err av_claws_driver_open(struct _PrefsAccount *ac, bool dry_run, struct av_driver **drv_r,
				 char **error_r);

#endif
