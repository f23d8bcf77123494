/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — the state database (sqlite3; store.c is the only file that includes it).
 *
 * One database per user, $XDG_STATE_HOME/afterview/state.db (else
 * ~/.local/state/afterview/state.db): directory 0700, file 0600, WAL, schema versioned by
 * PRAGMA user_version with migrations, and marked as ours by PRAGMA application_id.
 * A database that is not ours, or corrupt, is never replaced or emptied. Opening takes an
 * exclusive lock (a lock file beside the database) for the whole run.
 *
 * What it keeps: per folder UIDVALIDITY/UIDNEXT/HIGHESTMODSEQ; every version of every
 * calendar part read (the raw decoded text, so a better parser can re-read it); the
 * envelopes of sent messages; the person's interview/not-interview marks and "I thanked
 * this interviewer" marks; what the person was already told about an event (so that a
 * run says it once). Keys include the folder's UIDVALIDITY, so a recreated folder is read
 * again without duplicates. Secrets are never stored.
 *
 * Errors: AV_ERR_STORE, the database is unusable (not ours, damaged, of a newer schema,
 * cannot be created, read or written): stop, never start afresh; AV_ERR_TEMP, it is
 * locked by another run (at once, from av_store_open) or stayed busy past SQLite's
 * timeout: retry on the next run; AV_ERR_SOFTWARE, SQLite was misused or ran out of
 * memory. av_store_close, av_sent_clear and av_draft_row_clear follow util.h's destructor
 * rule.
 *
 * Threads: a store is used by one thread at a time (it has no lock of its own); separate
 * stores may be used in separate threads.
 */
#ifndef AFTERVIEW_STORE_H
#define AFTERVIEW_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "afterview/invite.h"
#include "afterview/util.h"

#define AV_STORE_SCHEMA_VERSION 10
#define AV_STORE_APPLICATION_ID 0x41665677 /* "AfVw" */

struct av_store;

/* The default path (malloc'd), following $XDG_STATE_HOME. */
char *av_store_default_path(void);

/* Open (creating when absent) the database at path, lock it, migrate it. Errors:
 * AV_ERR_TEMP (another run holds the lock), AV_ERR_STORE (not ours, corrupt, newer
 * schema than this program, cannot create). */
enum av_err av_store_open(const char *path, struct av_store **store_r, char **error_r);
/* Open the database at path only to read it: no lock, no creation, no migration, no
 * integrity check, nothing written (its mode included), so that what it holds can be
 * saved from a damaged database or from one moved away. An existing -wal is read when
 * SQLite can (a read-only directory cannot hold the -shm it needs: then the main file is
 * read as it is, with a warning). Links and FIFOs in place of its files are refused as
 * av_store_open refuses them. Errors: AV_ERR_STORE (missing, not ours, newer schema,
 * unreadable). Only the readers work on it (av_store_notes_each, ...); writes fail. */
enum av_err av_store_open_readonly(const char *path, struct av_store **store_r, char **error_r);
/* Close and unlock. */
void av_store_close(struct av_store **store);

/* Group many writes in one transaction (and one fsync). */
enum av_err av_store_begin(struct av_store *store, char **error_r);
enum av_err av_store_commit(struct av_store *store, char **error_r);
void av_store_rollback(struct av_store *store);

/* A folder as afterview last saw it. For a folder synced: uidnext is the next UID not yet
 * read. For the Drafts folder (never synced): the state at the last look that found
 * every draft of afterview's at its UID (engine.c), so that a Drafts folder in the same
 * state (no message added, none removed) need not be looked at again. */
struct av_folder_state {
	uint32_t uidvalidity;
	uint32_t uidnext;
	uint64_t highestmodseq; /* 0 without CONDSTORE */
	uint32_t messages;	/* 0 when not recorded (before schema 10) */
};

/* *found_r is false (and *state_r zeroed) when the folder was never recorded. */
enum av_err av_store_folder_get(struct av_store *store, const char *account, const char *folder,
				struct av_folder_state *state_r, bool *found_r, char **error_r);
enum av_err av_store_folder_set(struct av_store *store, const char *account, const char *folder,
				const struct av_folder_state *state, char **error_r);
/* The names of the folders recorded for account (those synced, and Drafts as last looked
 * at), in name order: *names_r NULL-terminated, never NULL (av_strv_free). */
enum av_err av_store_folder_names(struct av_store *store, const char *account, char ***names_r,
				  char **error_r);
/* The folder's UIDVALIDITY changed: forget what was read from it under any other
 * UIDVALIDITY (calendar versions and sent envelopes), so it is read again. */
enum av_err av_store_folder_forget(struct av_store *store, const char *account, const char *folder,
				   uint32_t keep_uidvalidity, char **error_r);

/* Where a message is: account, folder, UIDVALIDITY, UID. */
struct av_msgref {
	const char *account; /* foreign */
	const char *folder;  /* foreign */
	uint32_t uidvalidity;
	uint32_t uid;
};

/* Record one calendar part (decoded text) of a message with what the message says
 * beside it (mail: From address and display name, Subject, To and Cc, the list headers;
 * mail and each field may be NULL). Idempotent: the same message and section again
 * changes nothing. */
enum av_err av_store_calendar_add(struct av_store *store, const struct av_msgref *ref,
				  const char *section, const struct av_invite_mail *mail,
				  const char *ics, size_t len, char **error_r);

/* Called for each stored calendar part of an account, oldest first; return false to
 * stop. mail's fields are NULL where nothing was stored (a part stored before schema
 * 5 has no display name or subject, one stored before schema 6 no To, Cc or list
 * headers). All pointers are valid during the call only. */
typedef bool av_store_calendar_cb(void *ctx, const struct av_msgref *ref, const char *section,
				  const struct av_invite_mail *mail, const char *ics, size_t len);
enum av_err av_store_calendar_each(struct av_store *store, const char *account,
				   av_store_calendar_cb *cb, void *ctx, char **error_r);

/* Called with the who (address or name, see the draft rows below) of each of account's
 * draft rows, each once; return false to stop. who is valid during the call only. */
typedef bool av_store_who_cb(void *ctx, const char *who);
enum av_err av_store_draft_who_each(struct av_store *store, const char *account,
				    av_store_who_cb *cb, void *ctx, char **error_r);

/* A sent message's envelope. */
struct av_sent {
	char *message_id; /* owned or NULL: NULL in a row stored without asking for it
			     (sync.h), "" asked and there is none */
	time_t date;	  /* Date header; 0 when missing or absurd */
	time_t internaldate;
	char *subject;	   /* owned, decoded, or NULL */
	char **recipients; /* owned, NULL-terminated, lower case: To, Cc and Bcc */
	int thanks;	   /* enum av_thanks (match.h): 1 says thanks, 0 does not, 2 unsure,
			      -1 not looked at yet */
};
void av_sent_clear(struct av_sent *sent);

/* Record a sent envelope; idempotent per message (an existing row keeps its thanks
 * value unless the new one is known, and its message_id unless it has none). */
enum av_err av_store_sent_add(struct av_store *store, const struct av_msgref *ref,
			      const struct av_sent *sent, char **error_r);
typedef bool av_store_sent_cb(void *ctx, const struct av_msgref *ref, const struct av_sent *sent);
/* Each sent envelope of an account with a date (or internaldate) at or after since, in
 * the order of date (0, none, first), then internaldate, then UID, then as stored (the
 * model's matching relies on it). */
enum av_err av_store_sent_each(struct av_store *store, const char *account, time_t since,
			       av_store_sent_cb *cb, void *ctx, char **error_r);

/* The person's verdict on an event: 1 interview, 0 not an interview, -1 none. */
enum av_err av_store_mark_set(struct av_store *store, const char *account, const char *uid,
			      int mark, char **error_r);
enum av_err av_store_mark_get(struct av_store *store, const char *account, const char *uid,
			      int *mark_r, char **error_r);

/* The person's language mark on an event (`afterview mark ID language es`): the language
 * of its interview whatever the invite and the config say; one per (account, invite UID),
 * language an ISO 639-1 code (the caller checks it, language.h). set: record it, or with
 * language NULL take it back (`mark ID language auto`); *changed_r (may be NULL) whether
 * the store changed. get: *language_r malloc'd, NULL when there is no mark (also from a
 * database older than schema 9 opened read-only). Errors: AV_ERR_SOFTWARE for a NULL or
 * empty account or uid, or an empty language (nothing written), else the store's. */
enum av_err av_store_language_set(struct av_store *store, const char *account, const char *uid,
				  const char *language, bool *changed_r, char **error_r);
enum av_err av_store_language_get(struct av_store *store, const char *account, const char *uid,
				  char **language_r, char **error_r);

/* The person's "I thanked this interviewer" marks (`afterview mark ID thanked NAME`): a
 * thank-you afterview cannot see, sent from a client that keeps no copy in Sent. One per
 * (account, invite UID, who): who is the interviewer's address, kept in lower case (any
 * who with an '@' is taken for one), or their name when no address is known, kept as
 * given; at is when it was marked (seconds since 1970, not negative).
 * Errors: AV_ERR_SOFTWARE for a NULL or empty account, uid or who, or a negative at (a
 * caller's bug: nothing is written), else the store's.
 * thanked_set: record (or re-date) the mark. */
enum av_err av_store_thanked_set(struct av_store *store, const char *account, const char *uid,
				 const char *who, time_t at, char **error_r);
/* Take the mark back; *cleared_r (when not NULL) tells whether there was one. */
enum av_err av_store_thanked_clear(struct av_store *store, const char *account, const char *uid,
				   const char *who, bool *cleared_r, char **error_r);
/* *marked_r: whether who is marked thanked for the invite uid; *at_r (when not NULL) when,
 * 0 when not marked. */
enum av_err av_store_thanked_get(struct av_store *store, const char *account, const char *uid,
				 const char *who, bool *marked_r, time_t *at_r, char **error_r);

/* What the person was told about an event (invite UID), so that a run says a thing once:
 * what names the notice ("maybe": close to the line), version the version of the event
 * they were told about (the caller's string; a different one is news again).
 * told_get: *version_r is malloc'd, or NULL when they were never told. */
enum av_err av_store_told_get(struct av_store *store, const char *account, const char *uid,
			      const char *what, char **version_r, char **error_r);
/* Record (or replace) that they were told about version at time at. */
enum av_err av_store_told_set(struct av_store *store, const char *account, const char *uid,
			      const char *what, const char *version, time_t at, char **error_r);

/* afterview's own drafts, one per (account, invite UID, interviewer): the token is the
 * one inside the draft's Message-ID (drafts before schema 7 also carried it as an
 * X-Afterview-Id header). The intent is committed (fully synced) before APPEND; the UID
 * after. */
enum av_draft_state {
	AV_DRAFT_INTENT,    /* about to be appended (or the append's outcome is unknown) */
	AV_DRAFT_APPENDED,  /* in Drafts as far as we know */
	AV_DRAFT_GONE,	    /* no longer in Drafts: sent or deleted by the person; never re-made */
	AV_DRAFT_EDITED,    /* in Drafts, changed (saved anew, or flagged) by the person:
			       never touched again; uid is the person's copy */
	AV_DRAFT_WITHDRAWN, /* removed by afterview (thanked, cancelled): never re-made */
};

struct av_draft_row {
	char *token;	  /* owned */
	char *invite_uid; /* owned */
	char *who;	  /* owned: interviewer address, or name when unknown */
	enum av_draft_state state;
	char *message_id; /* owned or NULL */
	char *folder;	  /* owned or NULL: where it was appended */
	uint32_t uidvalidity;
	uint32_t uid; /* 0 when unknown */
	time_t created;
	char *body_hash;       /* owned or NULL: hash of the message as appended (to tell an
				  unedited draft from one the person changed) */
	char *basis;	       /* owned or NULL: hash of what the draft was made from (notes,
				  templates); a different basis means the draft is out of date */
	uint32_t replaces_uid; /* a replacement is under way: the UID of the old draft */
	char *replaces_hash;   /* owned or NULL: the old draft's body_hash */
	unsigned variant;      /* the wording variant the draft was written in */
	char *subject;	       /* owned or NULL (drafts before schema 7): its Subject, to
				  know the person's copy when a client rewrote the Message-ID */
	char *to_seen;	       /* owned or NULL: edited, the To address of the person's copy
				  when afterview had no address for the interviewer */
};
void av_draft_row_clear(struct av_draft_row *row);

/* *found_r false when there is no row for token. */
enum av_err av_store_draft_get(struct av_store *store, const char *account, const char *token,
			       struct av_draft_row *row_r, bool *found_r, char **error_r);
/* Record the intent to append (state AV_DRAFT_INTENT), durably, before the APPEND, with
 * the message's Message-ID, body_hash, basis and subject when known (so that a draft found after
 * a crash is known exactly). */
enum av_err av_store_draft_intent(struct av_store *store, const char *account,
				  const struct av_draft_row *row, char **error_r);
/* Record where the draft landed (state AV_DRAFT_APPENDED), and its Message-ID when not
 * NULL (NULL keeps the one recorded). */
enum av_err av_store_draft_appended(struct av_store *store, const char *account, const char *token,
				    const char *folder, uint32_t uidvalidity, uint32_t uid,
				    const char *message_id, char **error_r);
enum av_err av_store_draft_set_state(struct av_store *store, const char *account, const char *token,
				     enum av_draft_state state, char **error_r);

/* Record what an appended draft is (body_hash) and what it was made from (basis). */
enum av_err av_store_draft_set_hashes(struct av_store *store, const char *account,
				      const char *token, const char *body_hash, const char *basis,
				      char **error_r);
/* Forget a draft row altogether (our draft was withdrawn, or is to be made anew). */
enum av_err av_store_draft_delete(struct av_store *store, const char *account, const char *token,
				  char **error_r);

/* The person's notes sheet for an interview (the text as saved; NULL when none). */
enum av_err av_store_notes_get(struct av_store *store, const char *account, const char *uid,
			       char **text_r, time_t *updated_r, char **error_r);
enum av_err av_store_notes_set(struct av_store *store, const char *account, const char *uid,
			       const char *text, time_t updated, char **error_r);
/* Every notes sheet of the account, oldest first; pointers valid during the call only. */
typedef bool av_store_notes_cb(void *ctx, const char *uid, const char *text, time_t updated);
enum av_err av_store_notes_each(struct av_store *store, const char *account, av_store_notes_cb *cb,
				void *ctx, char **error_r);

/* A replacement of an appended draft is about to be appended (state back to INTENT,
 * durably, with the new draft's body_hash and basis; message_id NULL keeps the current
 * one until the new draft has landed): the old UID and hash
 * are kept so that the next run can finish the job after a crash (the new one found by
 * its token, the old one removed only if unedited). */
enum av_err av_store_draft_replacing(struct av_store *store, const char *account, const char *token,
				     uint32_t replaces_uid, const char *replaces_hash,
				     const char *message_id, const char *body_hash,
				     const char *basis, char **error_r);
/* The old draft of a replacement is gone: forget it. */
enum av_err av_store_draft_replaced(struct av_store *store, const char *account, const char *token,
				    char **error_r);

/* Which wording variant the appended draft uses (status says so) and its subject (NULL
 * keeps the one recorded). */
enum av_err av_store_draft_set_wording(struct av_store *store, const char *account,
				       const char *token, unsigned variant, const char *subject,
				       char **error_r);
/* The person edited the draft: state AV_DRAFT_EDITED, uid their copy in the same folder,
 * to_seen (or NULL) the address they wrote in its To when afterview had none. */
enum av_err av_store_draft_edited(struct av_store *store, const char *account, const char *token,
				  uint32_t uid, const char *to_seen, char **error_r);

#endif