/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — the set of events: one current version per invite UID. Pure logic.
 *
 * Versions (RFC 5546): of the versions of one UID, the one with the highest SEQUENCE
 * wins, then the later DTSTAMP; at a full tie a cancellation wins. A cancellation
 * (METHOD:CANCEL or STATUS:CANCELLED) marks the event cancelled, even when it arrives
 * alone; when it carries fewer details than an earlier version (a bare CANCEL often has
 * no attendees), the earlier details are kept for display. A later version with a
 * higher SEQUENCE than the cancellation revives the event. METHOD:REPLY and other
 * methods that are not invitations are ignored. The result does not depend on the
 * order in which versions arrive.
 *
 * No function here fails. av_events_clear releases what the set holds and resets it (the
 * struct av_events itself is the caller's).
 */
#ifndef AFTERVIEW_EVENTS_H
#define AFTERVIEW_EVENTS_H

#include <stdbool.h>
#include <stddef.h>

#include "afterview/invite.h"

struct av_event {
	struct av_invite *inv; /* owned: the details shown (see above) */
	char *source;	       /* owned: where inv came from ("file.eml", "INBOX:42") */
	char *sender;	       /* owned or NULL: From address of the message inv came in */
	char *sender_name;     /* owned or NULL: that message's From display name */
	char *subject;	       /* owned or NULL: that message's Subject */
	/* owned or NULL: the rest of what that message said (struct av_invite_mail) */
	char *mail_to, *mail_cc, *list_id, *list_unsubscribe, *precedence;
	bool cancelled;
	int sequence;	   /* of the winning version */
	time_t dtstamp;	   /* of the winning version */
	unsigned versions; /* distinct versions seen (a calendar sent twice in one message,
			      inline and as an attachment, is one version) */
	struct av_event_version {
		int sequence;
		time_t dtstamp;
		bool cancel;
	} seen[16]; /* the first distinct versions, for counting */
};

struct av_events {
	struct av_event *v; /* owned */
	size_t n;
};

void av_events_init(struct av_events *set);
/* Add one version that came in a message from sender (may be NULL); inv is taken over (freed here
 * if it is not kept). Returns false when it was ignored (a REPLY, a method that is no invitation).
 */
bool av_events_add(struct av_events *set, struct av_invite *inv, const char *source,
		   const char *sender);
/* The same, with all the message says beside the calendar (mail may be NULL): kept with
 * the version shown, like sender. */
bool av_events_add_mail(struct av_events *set, struct av_invite *inv, const char *source,
			const struct av_invite_mail *mail);
/* What ev's message said, as borrowed strings. */
struct av_invite_mail av_events_mail(const struct av_event *ev);
/* Sort by start time, then UID (stable output). */
void av_events_sort(struct av_events *set);
void av_events_clear(struct av_events *set);

/* A short stable identifier for an event (12 hex digits of a 64-bit FNV-1a hash of the
 * UID), for the command line (`explain ID`). Writes into buf. */
#define AV_EVENT_ID_SIZE 13 /* 12 hex digits and the NUL */
void av_events_id(const char *uid, char buf[AV_EVENT_ID_SIZE]);

#endif
