/* SPDX-License-Identifier: GPL-3.0-or-later */
/* An IMAP mailbox held in memory, and a driver (include/afterview/driver.h) over it: for
 * tests of sync.c and engine.c that take milliseconds instead of a Dovecot.
 *
 * The mailbox: folders as arrays of messages, each with its UID, bytes (CRLF, as a server
 * hands them out), INTERNALDATE and flags; per folder UIDVALIDITY, UIDNEXT and a
 * special-use mark; whether the server has UIDPLUS. Tests build it, change it as the
 * person would (mem_msg_add, mem_msg_remove) and compare snapshots of it.
 *
 * The driver answers as plugin/imap.c does against a server, operation by operation:
 * find_folder (special-use, then the configured name, then common names; Drafts never
 * INBOX; Sent and Drafts never one folder, a second look answered from memory), examine,
 * search (UIDs from a UID, SINCE as the IMAP driver asks it; in Sent, none flagged
 * \Draft), a
 * BODYSTRUCTURE walk for calendar_parts (text/calendar, application/ics, a name or
 * filename ending in ".ics"; message/rfc822 not entered), fetch_part of "TEXT", "HEADER"
 * and part numbers (the part's body as encoded, at most max octets), envelopes (read
 * from the stored message's header by av_mime_envelope, as the IMAP driver reads the
 * header fields it fetches; with the flags INTERNALDATE and the list headers),
 * append (\Draft \Seen, the next UID; APPENDUID only with UIDPLUS), search_headers (a
 * case-insensitive substring of the field's unfolded value, all keys or any, read-only),
 * fetch_message (with the flags), withdraw (refused in a dry run, outside the Drafts
 * folder found, in Sent, without UIDPLUS; removes only the UID whose Message-ID is the one given
 * or whose X-Afterview-Id is exactly the token) and stats. search_headers, fetch_message
 * and withdraw select their folder, as the IMAP driver does.
 *
 * Faults: counting every operation but stats and close as one call, from 1,
 * mem_driver_fault() makes call N (or the Nth call of one operation) fail with AV_ERR_TEMP, either
 * before it has any effect (a connection cut before the command reached the server) or after it
 * took effect on the folders (the reply lost: a crash or a cut right after the server acted).
 * Either way the session is dead: every later call fails with AV_ERR_TEMP too. A restart is a new
 * driver over the same mailbox.
 */
#ifndef AV_TEST_MEM_DRIVER_H
#define AV_TEST_MEM_DRIVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "afterview/driver.h"

enum mem_flag {
	MEM_SEEN = 1u << 0,
	MEM_DRAFT = 1u << 1,
	MEM_DELETED = 1u << 2,
	MEM_ANSWERED = 1u << 3,
	MEM_FLAGGED = 1u << 4,
	MEM_KEYWORD = 1u << 5, /* a keyword the person set, such as $Important */
};

struct mem_msg {
	uint32_t uid;
	char *data; /* owned: the whole message, CRLF line ends */
	size_t len;
	time_t internaldate;
	unsigned flags; /* enum mem_flag */
};

struct mem_folder {
	char *name;  /* owned */
	int special; /* the role it is marked with (\Sent, \Drafts), or -1 */
	uint32_t uidvalidity;
	uint32_t uidnext;
	struct mem_msg *msgs; /* owned, by ascending UID */
	size_t n;
};

struct mem_mailbox {
	struct mem_folder *folders; /* owned */
	size_t n;
	bool uidplus; /* UIDPLUS: APPENDUID, UID EXPUNGE (the driver's can_withdraw) */
	time_t clock; /* INTERNALDATE given to appended messages */
};

void mem_mailbox_init(struct mem_mailbox *mb);
void mem_mailbox_clear(struct mem_mailbox *mb);
/* dst becomes a deep copy of src (dst need not be initialised). */
void mem_mailbox_copy(struct mem_mailbox *dst, const struct mem_mailbox *src);
/* Whether a and b hold the same folders (name, mark, UIDVALIDITY, UIDNEXT) with the same
 * messages (UID, bytes, INTERNALDATE, flags), the folder called except (may be NULL)
 * left out. When they differ and diff_r is not NULL, *diff_r says where (malloc'd). */
bool mem_mailbox_same(const struct mem_mailbox *a, const struct mem_mailbox *b, const char *except,
		      char **diff_r);

/* A new empty folder; special is an enum av_folder_role or -1. */
struct mem_folder *mem_folder_add(struct mem_mailbox *mb, const char *name, int special,
				  uint32_t uidvalidity);
/* The folder called name (exactly), or NULL. */
struct mem_folder *mem_folder_get(const struct mem_mailbox *mb, const char *name);

/* Add a message (bare LF turned into CRLF) with the next UID; returns the UID. */
uint32_t mem_msg_add(struct mem_folder *f, const char *data, size_t len, time_t internaldate,
		     unsigned flags);
struct mem_msg *mem_msg_get(const struct mem_folder *f, uint32_t uid);
/* Remove UID (as the person's client does: \Deleted and EXPUNGE); false if none. */
bool mem_msg_remove(struct mem_folder *f, uint32_t uid);

/* The unfolded value, without surrounding white space, of the first field called name in
 * the header of the message data[0..len); malloc'd, or NULL when there is none. */
char *mem_header_get(const char *data, size_t len, const char *name);

/* A driver over mb (borrowed: it must outlive the driver). */
void mem_driver_open(struct mem_mailbox *mb, bool dry_run, struct av_driver **drv_r);

enum mem_fault {
	MEM_FAULT_BEFORE, /* call N fails without effect */
	MEM_FAULT_AFTER,  /* call N takes effect, then fails */
};
/* Fail the nth call (from 1) of the operation op ("append", "withdraw", ... as named in
 * struct av_driver_ops; NULL: of any operation) as kind says, and every call after it;
 * nth 0 turns it off. */
void mem_driver_fault(struct av_driver *drv, const char *op, unsigned long nth,
		      enum mem_fault kind);
/* Before the nth call (from 1) of the operation op, call fn(ctx): another session at work
 * on the same mailbox in between (a second installation), say. */
void mem_driver_hook(struct av_driver *drv, const char *op, unsigned long nth,
		     void (*fn)(void *ctx), void *ctx);
/* Calls made so far (every operation but stats and close). */
unsigned long mem_driver_calls(const struct av_driver *drv);
/* The operations called so far, in order, as their names separated by spaces ("examine
 * search ..."); valid until the next call or close. */
const char *mem_driver_trace(const struct av_driver *drv);

#endif
