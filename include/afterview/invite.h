/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — iCalendar invites (libical; invite.c is the only file that includes it).
 *
 * Reads the VEVENTs of one decoded calendar part into struct av_invite, with start and
 * end in UTC. Time rules (design.md "Finding invites"): the calendar's own VTIMEZONE,
 * then IANA names, then Windows zone names through the CLDR windowsZones mapping
 * (including "(UTC-08:00) Pacific Time (US & Canada)" forms); a floating time is in the
 * configured zone; an all-day event ends at midnight after its last day in the
 * configured zone; DURATION stands in for DTEND. ATTENDEEs inside VALARM are not
 * attendees. Control characters are stripped before libical sees the text.
 *
 * Errors: AV_ERR_DATA only, from av_invite_parse: the text is no iCalendar object (skip
 * this part); a VEVENT it cannot use is skipped and logged, not an error. av_invite_free
 * follows util.h's destructor rule; av_invite_free_all frees an array of pointers the
 * way av_xs_free does (*invites may be NULL, invites itself not).
 */
#ifndef AFTERVIEW_INVITE_H
#define AFTERVIEW_INVITE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "afterview/util.h"

#define AV_INVITE_MAX_ATTENDEES 200 /* more are counted (n_attendees_seen), not read */
/* VEVENTs read per calendar part, and per message over all its parts (model.c). A real
 * invite carries one VEVENT; an onsite itinerary one per session (4-8), a recurring
 * series its moved occurrences; 20 leaves room for all of these, while a hostile
 * message (200 calendar parts, or one with hundreds of VEVENTs) can make at most 20
 * events, each of at most AV_MODEL_MAX_INTERVIEWERS drafts. */
#define AV_INVITE_MAX_EVENTS 20
#define AV_INVITE_MAX_LINE   16384 /* longer content lines are cut before parsing */
#define AV_INVITE_MAX_TEXT   65536 /* SUMMARY/DESCRIPTION/LOCATION kept up to this */

enum av_method {
	AV_METHOD_NONE, /* no METHOD property (a plain .ics file) */
	AV_METHOD_REQUEST,
	AV_METHOD_PUBLISH,
	AV_METHOD_CANCEL,
	AV_METHOD_REPLY,
	AV_METHOD_OTHER,
};

enum av_role {
	AV_ROLE_REQ_PARTICIPANT, /* the default */
	AV_ROLE_OPT_PARTICIPANT,
	AV_ROLE_NON_PARTICIPANT,
	AV_ROLE_CHAIR,
};

enum av_cutype {
	AV_CUTYPE_INDIVIDUAL, /* the default */
	AV_CUTYPE_GROUP,
	AV_CUTYPE_RESOURCE,
	AV_CUTYPE_ROOM,
	AV_CUTYPE_UNKNOWN,
};

enum av_partstat {
	AV_PARTSTAT_NEEDS_ACTION, /* the default */
	AV_PARTSTAT_ACCEPTED,
	AV_PARTSTAT_DECLINED,
	AV_PARTSTAT_TENTATIVE,
	AV_PARTSTAT_OTHER,
};

struct av_attendee {
	char *email; /* owned, lower case, "mailto:" removed; NULL if the value is no address */
	char *cn;    /* owned, UTF-8, unquoted; NULL if absent */
	enum av_role role;
	enum av_cutype cutype;
	enum av_partstat partstat;
};

struct av_invite {
	enum av_method method; /* of the enclosing VCALENDAR */
	char *uid;	       /* owned; never NULL (events without UID are skipped) */
	int sequence;
	time_t dtstamp; /* UTC; 0 if absent */
	bool cancelled; /* METHOD:CANCEL or STATUS:CANCELLED */
	char *summary;	/* owned, UTF-8, or NULL */
	char *description;
	char *location;
	bool has_organizer;
	struct av_attendee organizer;
	struct av_attendee *attendees; /* owned: the first AV_INVITE_MAX_ATTENDEES */
	size_t n_attendees;
	size_t n_attendees_seen; /* ATTENDEE properties in the VEVENT, those not read too */
	time_t start;		 /* UTC */
	time_t end;		 /* UTC; start when neither DTEND nor DURATION is given */
	bool all_day;
	bool floating;	/* the times had no zone and were read in the configured zone */
	char *zone;	/* owned: IANA name of the event's zone (after Windows mapping), or the
			   configured zone for floating, all-day and UTC (...Z) times — a
			   time in UTC says nothing of where the interview is — or NULL when
			   only a custom VTIMEZONE defined it */
	int utc_offset; /* seconds east of UTC at the start, in that zone */
};

/* What the message an invite came in says about it, beside the calendar (borrowed
 * strings, each may be NULL): for naming the employer (from_name, subject), telling bulk
 * mail (the list headers) and recognising the person (to). */
struct av_invite_mail {
	const char *from;      /* the From address, lower case */
	const char *from_name; /* the From display name, decoded */
	const char *subject;   /* the Subject, decoded */
	const char *to;	       /* the To addresses, lower case, one a line ("a@x\nb@y") */
	const char *cc;	       /* the Cc (and Bcc) addresses, the same way */
	/* raw values (unfolded) of the bulk-mail headers: */
	const char *list_id;	      /* List-Id */
	const char *list_unsubscribe; /* List-Unsubscribe */
	const char *precedence;	      /* Precedence */
};

/* Parse one decoded calendar (UTF-8 text). default_zone is the configured IANA zone for
 * floating times and all-day events. On success *invites_r holds *n_r new invites (zero
 * when the calendar has no usable VEVENT; reasons logged). AV_ERR_DATA with *error_r
 * when the text is not an iCalendar object at all. What the limits leave out (events
 * beyond AV_INVITE_MAX_EVENTS, attendees beyond AV_INVITE_MAX_ATTENDEES) is logged at
 * debug level only: every evaluation parses every stored calendar again, and cron would
 * mail the same warning each time; av_invite_note_limits warns once, at the first
 * reading. */
enum av_err av_invite_parse(const char *ics, size_t len, const char *default_zone,
			    struct av_invite ***invites_r, size_t *n_r, char **error_r);

/* Warn (av_warn, prefixed with where, e.g. "INBOX UID 7 part 2") of what av_invite_parse
 * will leave out of the calendar ics[0..len): VEVENTs beyond AV_INVITE_MAX_EVENTS, and
 * per VEVENT the ATTENDEEs beyond AV_INVITE_MAX_ATTENDEES ("5001 attendees, only the
 * first 200 kept"). For the one time a calendar is first read (sync); a quick scan of
 * the content lines, not a parse. Returns the warnings given; *events_r (when not NULL)
 * the VEVENTs counted, for the caller to see a message whose parts hold more than
 * AV_INVITE_MAX_EVENTS together. */
unsigned av_invite_note_limits(const char *ics, size_t len, const char *where, size_t *events_r);

void av_invite_free(struct av_invite **inv);
/* Free an array from av_invite_parse and its invites. */
void av_invite_free_all(struct av_invite ***invites, size_t n);

/* Map a Windows time zone name ("Pacific Standard Time", or the display form
 * "(UTC-08:00) Pacific Time (US & Canada)") to an IANA name; NULL if unknown.
 * Returns static storage. */
const char *av_invite_windows_zone(const char *name);

/* libical's caches: call once at exit (valgrind clean). */
void av_invite_cleanup(void);

#endif
