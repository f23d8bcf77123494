/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — which folder is Sent, which is Drafts: the choice every driver makes from
 * the folders its mailbox lists, whatever protocol or client lists them. Pure logic:
 * libc only, so the IMAP driver and a mail client's driver choose alike.
 *
 * The order (design.md): a folder marked with the special-use attribute (RFC 6154:
 * \Sent, \Drafts), then the configured name, then common localized names ("Sent Items",
 * "Gesendet", "Brouillons"...). Drafts never falls back to INBOX, and a configured
 * "drafts = INBOX" is ignored with a warning. Sent and Drafts are never one folder
 * (av_folders_apart): afterview would take its own drafts for sent thank-yous, and
 * write where the person's sent mail is. Errors: AV_ERR_CONFIG when no folder fits,
 * with a message naming every name tried, or when Sent and Drafts would be one folder.
 * av_folders_free follows util.h's rule for arrays.
 */
#ifndef AFTERVIEW_FOLDERS_H
#define AFTERVIEW_FOLDERS_H

#include <stdbool.h>
#include <stddef.h>

#include "afterview/driver.h"
#include "afterview/util.h"

/* One folder as the mailbox lists it. */
struct av_folder {
	char *name; /* owned: UTF-8 */
	bool selectable;
	bool sent, drafts; /* special-use attributes */
};

void av_folders_free(struct av_folder **list, size_t n);

/* INBOX in any case (RFC 3501 5.1: the name INBOX is case-insensitive). */
bool av_folders_is_inbox(const char *name);

/* The index in list (n entries, list may be NULL) of the first selectable folder marked
 * for role, or -1. Drafts is never INBOX. */
long av_folders_special_use(const struct av_folder *list, size_t n, enum av_folder_role role);

/* The folder playing role among list (n entries), in the order above. more (n_more
 * entries, may be NULL) is a second listing asked for only when list marks none, such as
 * IMAP's LIST RETURN (SPECIAL-USE): its special-use marks count next, before the
 * configured name. configured may be NULL; where names the mailbox in messages ("host").
 * On success *name_r points into list or more (not a copy) and *how_r says why it was
 * chosen ("special-use", "configured", "common name"). */
enum av_err av_folders_choose(const struct av_folder *list, size_t n, const struct av_folder *more,
			      size_t n_more, enum av_folder_role role, const char *configured,
			      const char *where, const char **name_r, const char **how_r,
			      char **error_r);

/* Whether a and b name one folder: the same name, or INBOX in any case. NULL is no
 * folder. */
bool av_folders_same(const char *a, const char *b);

/* AV_OK when the Sent folder sent and the Drafts folder drafts (as chosen by
 * av_folders_choose; either may be NULL: not chosen) are two folders; else AV_ERR_CONFIG
 * with a message naming the folder and both settings, each with what it is set to
 * (sent_conf, drafts_conf: NULL when not set) and why the folder was chosen for it
 * (sent_how, drafts_how: av_folders_choose's *how_r, or NULL). where names the mailbox. */
enum av_err av_folders_apart(const char *sent, const char *sent_conf, const char *sent_how,
			     const char *drafts, const char *drafts_conf, const char *drafts_how,
			     const char *where, char **error_r);

#endif
