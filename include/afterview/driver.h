/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — the mailbox driver: the only way the engine reaches a mailbox.
 *
 * In the manner of isync's driver.h: a small table of operations, so that the engine
 * never includes an IMAP header. imap.c (libetpan) is the first driver; the Claws Mail
 * plugin will be a second, using the client's own folders and connection; tests may add
 * one in memory.
 *
 * Contract for every operation: arguments are borrowed; results are owned by the caller
 * and freed with the matching *_free below (util.h's destructor rule for arrays); on
 * failure the results are untouched. Errors: AV_ERR_TEMP (network, timeout, server busy:
 * retry next run), AV_ERR_AUTH (credentials or certificate refused), AV_ERR_DATA (a bad
 * reply about one message or folder: skip it), AV_ERR_CONFIG (a folder that does not
 * exist or cannot be named, a server without what an operation needs), AV_ERR_SOFTWARE
 * (a call this contract rules out: an append or withdrawal in a dry run or outside
 * Drafts, a fetch before any examine, an invalid argument; or the mail library ran out
 * of memory).
 *
 * Safety: every folder is opened read-only (EXAMINE) except by append/withdraw; message
 * data is fetched only with BODY.PEEK; no flag is ever changed on the person's mail
 * (withdraw flags only afterview's own draft, in Drafts). A driver opened with dry_run
 * refuses append and withdraw itself, whatever the caller.
 */
#ifndef AFTERVIEW_DRIVER_H
#define AFTERVIEW_DRIVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "afterview/util.h"

enum av_folder_role {
	AV_FOLDER_SENT,
	AV_FOLDER_DRAFTS,
};

struct av_folder_info {
	uint32_t uidvalidity;
	uint32_t uidnext;
	uint32_t exists;
	uint64_t highestmodseq; /* 0 when the server has no CONDSTORE */
};

/* A calendar part located by BODYSTRUCTURE, not yet fetched. */
struct av_part_ref {
	uint32_t uid;
	char *section;	    /* owned: "2.1" */
	char *content_type; /* owned, lower case */
	char *encoding;	    /* owned or NULL: Content-Transfer-Encoding, lower case */
	char *charset;	    /* owned or NULL */
	uint32_t size;	    /* octets as the server reports them (encoded) */
};

/* A message's envelope (sent mail, and the messages that carry invites), read from its
 * header fields (mime.h's av_mime_envelope says how, and the bounds). Strings decoded to
 * UTF-8, addresses lower case. */
struct av_envelope {
	uint32_t uid;
	time_t internaldate;
	char *date;	   /* owned or NULL: the raw Date header */
	char *message_id;  /* owned or NULL, without <> */
	char *subject;	   /* owned or NULL */
	char *from;	   /* owned or NULL: address */
	char *from_name;   /* owned or NULL: the From display name, RFC 2047 decoded */
	char **recipients; /* owned, NULL-terminated: To, Cc and Bcc addresses, in that order */
	size_t n_to;	   /* recipients[0..n_to) are the To addresses */
	/* Only with AV_ENV_LIST_HEADERS, else NULL: the raw values (unfolded, at most
	 * AV_ENV_MAX_HEADER octets) of these headers, owned, NULL when absent. */
	char *list_id;		/* List-Id (RFC 2919) */
	char *list_unsubscribe; /* List-Unsubscribe (RFC 2369) */
	char *precedence;	/* Precedence */
};

/* What the envelopes operation fetches beside the header fields of the envelope (flags,
 * or'ed). */
enum {
	/* INTERNALDATE (else internaldate is 0: most messages need only their Date header,
	 * and asking for INTERNALDATE costs ~40 bytes per message) */
	AV_ENV_INTERNALDATE = 1u << 0,
	/* the bulk-mail headers List-Id, List-Unsubscribe and Precedence, in the same
	 * HEADER.FIELDS list */
	AV_ENV_LIST_HEADERS = 1u << 1,
	/* Message-ID too (else message_id is NULL): ~60 octets per message, asked only of the
	 * few messages that need it (sync.h) */
	AV_ENV_MESSAGE_ID = 1u << 2,
	/* the Message-ID alone (HEADER.FIELDS (MESSAGE-ID)): every other field NULL */
	AV_ENV_ID_ONLY = 1u << 3,
};
#define AV_ENV_MAX_HEADER    4096  /* a value other than To/Cc/Bcc is cut to this many octets */
#define AV_ENV_MAX_ADDRESSES 65536 /* To, Cc and Bcc are each read from this many octets */

/* One message's section, or the start of it (fetch_sections). */
struct av_text {
	uint32_t uid;
	char *data; /* owned, NUL-terminated */
	size_t len;
};

/* One condition of search_headers: the field header contains value. */
struct av_header_key {
	const char *header;
	const char *value;
};

/* A message's flags as fetch_message reports them (or'ed). */
enum {
	AV_MSG_SEEN = 1u << 0,
	AV_MSG_DRAFT = 1u << 1,
	AV_MSG_FLAGGED = 1u << 2,
	AV_MSG_KEYWORD = 1u << 3, /* a keyword the person (or their client) set, such as
				     $Important or $label1; not the junk-filter ones */
};

struct av_driver;

struct av_driver_ops {
	/* The folder playing role: special-use first (\Sent, \Drafts, also through
	 * LIST RETURN (SPECIAL-USE)), then `configured` when not NULL, then common
	 * localized names. AV_ERR_CONFIG when none exists. Drafts never falls back to
	 * INBOX. Sent and Drafts are never one folder: AV_ERR_CONFIG, naming both
	 * settings, when the folder for role is the one found for the other role in this
	 * session (look for Drafts before reading Sent). A second look for role with the
	 * same configured name answers from memory. */
	enum av_err (*find_folder)(struct av_driver *drv, enum av_folder_role role,
				   const char *configured, char **name_r, char **error_r);
	/* Report folder's state and make it the folder later fetches refer to, opened
	 * read-only (EXAMINE). AV_ERR_CONFIG when the folder does not exist. The state may
	 * come from a STATUS of this session (the IMAP driver asks the STATUS of the folder,
	 * Sent and Drafts together with the listing or with each other, one round trip);
	 * the folder is then opened only when a command needs it, so an unchanged folder is
	 * never opened, and one opened later under another UIDVALIDITY ends the session
	 * (AV_ERR_TEMP). A folder afterview wrote to is asked again. An operation that needs
	 * a folder open opens it only when another one is (one EXAMINE per folder and run,
	 * unless work in another folder came between). */
	enum av_err (*examine)(struct av_driver *drv, const char *folder,
			       struct av_folder_info *info_r, char **error_r);
	/* UIDs >= from_uid in the examined folder, ascending; with since > 0 only those
	 * whose INTERNALDATE is on or after since's day (SEARCH SINCE). In the Sent folder
	 * found, none flagged \Draft (UNDRAFT): that never went out. */
	enum av_err (*search)(struct av_driver *drv, uint32_t from_uid, time_t since,
			      uint32_t **uids_r, size_t *n_r, char **error_r);
	/* The calendar parts of the given messages, from BODYSTRUCTURE only. n > 0. */
	enum av_err (*calendar_parts)(struct av_driver *drv, const uint32_t *uids, size_t n,
				      struct av_part_ref **parts_r, size_t *n_parts_r,
				      char **error_r);
	/* BODY.PEEK[section]<0.max> of one message: at most max octets, never more.
	 * section "TEXT" gives the body text. */
	enum av_err (*fetch_part)(struct av_driver *drv, uint32_t uid, const char *section,
				  size_t max, char **data_r, size_t *len_r, char **error_r);
	/* Envelopes of the given messages, n > 0, with what flags (AV_ENV_*) ask for
	 * besides, in one command per batch of UIDs: the header fields the envelope is made
	 * of (IMAP: UID BODY.PEEK[HEADER.FIELDS (DATE FROM TO CC BCC SUBJECT)], MESSAGE-ID
	 * only with AV_ENV_MESSAGE_ID, alone with AV_ENV_ID_ONLY,
	 * not the ENVELOPE item, which carries Sender, Reply-To and In-Reply-To too: ~11 %
	 * more octets), the list headers in the same list; flags 0 asks for these alone.
	 * Messages gone from the folder have no envelope in the result. */
	enum av_err (*envelopes)(struct av_driver *drv, const uint32_t *uids, size_t n,
				 unsigned flags, struct av_envelope **envs_r, size_t *n_envs_r,
				 char **error_r);
	/* APPEND msg (CRLF) to folder with flags \Draft \Seen: only to the Drafts folder
	 * found, never INBOX nor the Sent folder found (AV_ERR_SOFTWARE). *uid_r is the new
	 * UID from APPENDUID, 0 when the server does not say. */
	enum av_err (*append)(struct av_driver *drv, const char *folder, const char *msg,
			      size_t len, uint32_t *uidvalidity_r, uint32_t *uid_r, char **error_r);
	/* UIDs in folder, ascending, of messages whose headers match: keys[0..n) come in runs
	 * of per keys (n a multiple of per), and a message matches when it matches every key
	 * of one run (AND within a run, OR across runs: per = n asks for all keys, per = 1 for
	 * any). A key is a header name and a value the field must contain (UID SEARCH HEADER,
	 * case-insensitive substring, RFC 3501 6.4.4), in as few commands as the server takes
	 * (one for up to 64 runs). Read-only. n > 0. */
	enum av_err (*search_headers)(struct av_driver *drv, const char *folder,
				      const struct av_header_key *keys, size_t n, size_t per,
				      uint32_t **uids_r, size_t *n_r, char **error_r);
	/* Which of uids[0..n) (ascending) are still in folder, read-only (UID SEARCH UID
	 * set: one command however many): *present_r ascending, a subset. n > 0. */
	enum av_err (*present)(struct av_driver *drv, const char *folder, const uint32_t *uids,
			       size_t n, uint32_t **present_r, size_t *n_present_r, char **error_r);
	/* BODY.PEEK[section]<0.max> of each of uids[0..n) (ascending) in the examined folder
	 * ("TEXT", "HEADER" or a part number, as fetch_part takes), at most max octets each,
	 * one command per batch of UIDs, and no more than total octets of data in all (a
	 * server that sends more ends the session, AV_ERR_TEMP): *texts_r one entry per message
	 * the server had (a UID gone is left out). n > 0. */
	enum av_err (*fetch_sections)(struct av_driver *drv, const uint32_t *uids, size_t n,
				      const char *section, size_t max, size_t total,
				      struct av_text **texts_r, size_t *n_texts_r, char **error_r);
	/* The whole message UID in folder, read-only (EXAMINE, BODY.PEEK[]), at most max
	 * octets (AV_ERR_DATA when larger), and its flags (AV_MSG_*) into *flags_r when not
	 * NULL: to compare a draft of ours with what was appended and to see whether the
	 * person marked it. AV_ERR_DATA when the UID does not exist. */
	enum av_err (*fetch_message)(struct av_driver *drv, const char *folder, uint32_t uid,
				     size_t max, char **data_r, size_t *len_r, unsigned *flags_r,
				     char **error_r);
	/* Remove afterview's own draft UID from the Drafts folder found by find_folder:
	 * only if it is ours (checked on the server right before): its Message-ID carries
	 * av_message_id_key(token), or, for a draft written before afterview stopped writing
	 * its own header, its X-Afterview-Id is exactly token. Done with UID STORE +FLAGS
	 * (\Deleted) and UID EXPUNGE of that one UID (UIDPLUS), never a plain EXPUNGE.
	 * AV_ERR_CONFIG without UIDPLUS (nothing is done), AV_ERR_DATA when the message is
	 * not ours or is gone. Refused in a dry run and for any folder but Drafts (never
	 * the Sent folder found). */
	enum av_err (*withdraw)(struct av_driver *drv, const char *folder, uint32_t uid,
				const char *token, char **error_r);
	/* Optional (NULL when a driver has no use for it): the folders the caller expects to
	 * examine in this session (the last run's, from the store), so that a driver can
	 * ask their state together with its first command. A name that is no folder costs
	 * nothing but its refusal. folders is borrowed for the call only. */
	void (*expect)(struct av_driver *drv, char *const *folders);
	/* Counters for reports and benchmarks. */
	void (*stats)(struct av_driver *drv, unsigned long *commands_r,
		      unsigned long long *bytes_in_r);
	/* Log out and free, by util.h's destructor rule (drv itself may be NULL too). */
	void (*close)(struct av_driver **drv);
};

/* Every driver's struct starts with this. */
struct av_driver {
	const struct av_driver_ops *ops;
	bool dry_run;
	bool can_withdraw; /* the server can remove one message by UID (UIDPLUS): without
			      it afterview neither withdraws nor replaces a draft */
};

void av_part_refs_free(struct av_part_ref **parts, size_t n);
void av_envelopes_free(struct av_envelope **envs, size_t n);
void av_texts_free(struct av_text **texts, size_t n);

#endif
