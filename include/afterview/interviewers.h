/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — who interviewed? The interviewers of one invite, from its attendees, its
 * organizer and the names its description gives, with addresses the rest of the mail
 * supplies (names.h reads the names, correspondence.h says whose an address is, and
 * whether the invite is the person's interview at all). Pure logic: no library headers,
 * no I/O. Nothing here fails (no error codes): an invite without interviewers gives an
 * empty list. av_interviewers_free follows util.h's destructor rule for arrays.
 */
#ifndef AFTERVIEW_INTERVIEWERS_H
#define AFTERVIEW_INTERVIEWERS_H

#include <stdbool.h>
#include <stddef.h>

#include "afterview/invite.h"

enum av_source {
	AV_SOURCE_ATTENDEE,
	AV_SOURCE_ORGANIZER,
	AV_SOURCE_DESCRIPTION,
};

struct av_interviewer {
	char *name;  /* owned, UTF-8; never NULL (guessed from the address when needed) */
	char *email; /* owned, lower case, or NULL when only the description names them */
	enum av_source source;
	bool name_guessed;	/* the name was made from the address's local part */
	bool name_initial_only; /* the given name is only an initial ("K Lund", "K. Lund"):
				   no name to greet them by (drafts use the neutral greeting) */
	bool email_foreign;	/* the description wrote this address, and its domain is
				   neither the organizer's nor an attendee's: check it */
	bool email_from_mail;	/* the address is not in this invite: another invite or
				   the sent mail has it for this name at the employer's
				   domain */
};

/* An address seen elsewhere in the synced mail: an attendee, organizer or sender of
 * another invite, a recipient of sent mail. */
struct av_known_address {
	const char *email; /* foreign, lower case */
	const char *name;  /* foreign or NULL: the display name (CN) it came with */
};

struct av_known_index;

/* What is known beyond the invite. Every member may be NULL (or 0): that knowledge is
 * then missing, and the rules that need it do not apply. */
struct av_interviewers_ctx {
	char *const *my_addresses; /* the person's addresses, NULL-terminated */
	const char *my_name;	   /* [me] name */
	const char *sent_to;	   /* the address the invite message went to, when it went to
				      exactly one (an invite sent to the whole panel says
				      nothing of which recipient is the person) */
	const struct av_known_address *known; /* n_known addresses from the rest of the mail */
	size_t n_known;
	/* NULL, or av_correspondence_index_build of known and n_known: the same addresses
	 * found, without walking all of them for every name (correspondence.h) */
	const struct av_known_index *known_index;
};

/* The interviewers of one invite: attendees and organizer minus
 * - the person: their own addresses (my_addresses, compared case-insensitively with
 *   +tags ignored), an attendee whose CN (or, without one, the name guessed from a
 *   name-like address) is my_name, and the address in sent_to;
 * - rooms/resources/groups, non-participants, decliners, no-reply/calendar/scheduling
 *   and shared candidate-calendar mailboxes, team mailboxes (recruiting@, talent@,
 *   careers@…) unless their CN names a person, and mailing lists and groups, whatever
 *   their CN ("eng-all@lists.acme.example", all-…@, team-…@, a CN "Engineering All");
 * plus names (and addresses when given) from the description ("Interviewers:", "You'll
 * meet with", itinerary lines; HTML descriptions are read as text), resolved against
 * attendees with the same CN.
 * Names: a CN in RFC 2047 encoded words is decoded; a CN holding U+FFFD (a mis-declared
 * charset) is no name. An attendee without a usable CN gets the name the description
 * gives for them ("Kim Lund is inviting you to…", a signature) when it fits their
 * address (av_addr_local_fits_name), else a name guessed from the address. A name whose
 * given name is only an initial is marked name_initial_only.
 * Addresses: a name only the description gives, without an address, takes the one of
 * ctx->known with that name (its CN, else an address that fits the name) at the
 * employer's domain (the domain of the organizer or an attendee), when exactly one
 * address matches (email_from_mail). An address the description writes is kept as
 * written (lower case), and marked email_foreign when its domain is neither the
 * organizer's nor an attendee's.
 * Duplicates merged; order: attendees as in the invite, the organizer, then names only
 * the description gives. At most 100. *list_r (NULL when *n_r is 0) is owned by the
 * caller: av_interviewers_free. inv NULL gives an empty list; ctx NULL knows nothing. */
void av_interviewers_find_with(const struct av_invite *inv, const struct av_interviewers_ctx *ctx,
			       struct av_interviewer **list_r, size_t *n_r);
/* av_interviewers_find_with knowing only the person's addresses. */
void av_interviewers_find(const struct av_invite *inv, char *const *my_addresses,
			  struct av_interviewer **list_r, size_t *n_r);

/* Free the n entries of *list and the array; accepts NULL and *list == NULL; sets *list
 * to NULL. */
void av_interviewers_free(struct av_interviewer **list, size_t n);

/* Is name (NUL-terminated, not NULL) the name of an attendee or the organizer, as their
 * CN reads once tidied the way av_interviewers_find tidies it, compared by
 * av_text_name_key ("JOSÉ ÁLVAREZ" is "Jose Alvarez")? For the company guess: a summary
 * segment that names someone in the invite is no company. */
bool av_interviewers_is_party(const struct av_invite *inv, const char *name);

/* "attendee", "organizer", "description"; "unknown" for a value outside the enum. */
const char *av_interviewers_source_name(enum av_source source);

#endif
