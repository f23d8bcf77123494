/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — the IMAP driver (libetpan; imap.c is the only file using its IMAP API).
 *
 * Connects as the account says (security tls, starttls or plain-to-loopback), verifies
 * the server certificate through tls.c before any credential is sent, logs in with
 * LOGIN/AUTHENTICATE PLAIN or XOAUTH2, and implements driver.h. Every network operation
 * is bounded by the account's timeout. `-D imap` traces the protocol with credentials
 * redacted.
 *
 * Servers: none is assumed to be Dovecot (the suite runs Dovecot, Cyrus IMAP 3.6 and
 * Courier-IMAP 5.0). An optional extension command the server refuses with NO or BAD
 * (LIST RETURN (SPECIAL-USE)) means "not available": Sent and Drafts are then found by
 * the configured and common names. APPEND is never sent while its target is the folder
 * open read-only (some servers refuse it): that selection is left first (UNSELECT where
 * offered, else EXAMINE INBOX) and the folder examined again when a later command needs
 * it. No CONDSTORE, UIDPLUS (then no withdrawal), LITERAL+ or SPECIAL-USE is required.
 * Commands are pipelined (RFC 3501 5.5) in one place only: the LIST and up to three STATUS
 * (the folder examined, Sent, Drafts) written together and their answers read in order;
 * a NO to a STATUS leaves that folder to EXAMINE, a BAD or an answer out of turn is
 * checked by a NOOP as for any refused command.
 *
 * Errors: those of av_imap_open below; the operations return what driver.h says. The
 * driver's close operation follows util.h's destructor rule.
 */
#ifndef AFTERVIEW_IMAP_H
#define AFTERVIEW_IMAP_H

#include "afterview/conf.h"
#include "afterview/driver.h"

/* Connect and log in. secret is borrowed (only used during login). Errors:
 * AV_ERR_TEMP (cannot connect, timeout), AV_ERR_AUTH (certificate or credentials
 * refused, STARTTLS or XOAUTH2 missing), AV_ERR_CONFIG (plain to a non-loopback
 * address, no valid port, an unusable ca_file or tls_fingerprint), AV_ERR_SOFTWARE (out
 * of memory in libetpan or GnuTLS). */
enum av_err av_imap_open(const struct av_account *acc, const struct av_secret *secret, bool dry_run,
			 struct av_driver **drv_r, char **error_r);

#endif
