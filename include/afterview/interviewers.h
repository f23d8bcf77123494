/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — who interviewed? The interviewers of one invite, from its attendees, its
 * organizer and the names its description gives. Pure logic: no library headers, no
 * I/O. Nothing here fails (no error codes): an invite without interviewers gives an
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
	bool name_guessed; /* the name was made from the address's local part */
};

/* The interviewers of one invite: attendees and organizer minus the person's own
 * addresses (my_addresses, NULL-terminated or NULL, compared case-insensitively with
 * +tags ignored), rooms/resources/groups, non-participants, decliners, no-reply/
 * calendar/scheduling and shared candidate-calendar mailboxes, and team mailboxes
 * (recruiting@, talent@, careers@…) unless their CN names a person; plus names (and
 * addresses when given) from the description ("Interviewers:", "You'll meet with",
 * itinerary lines; HTML descriptions are read as text), resolved against attendees with
 * the same CN. Duplicates merged; order: attendees as in the invite, the organizer, then
 * names only the description gives. At most 100. *list_r (NULL when *n_r is 0) is owned
 * by the caller: av_interviewers_free. inv NULL gives an empty list. */
void av_interviewers_find(const struct av_invite *inv, char *const *my_addresses,
			  struct av_interviewer **list_r, size_t *n_r);
void av_interviewers_free(struct av_interviewer **list, size_t n);

/* Is name (NUL-terminated, not NULL) the name of an attendee or the organizer, as their
 * CN reads once tidied the way av_interviewers_find tidies it, compared by
 * av_text_name_key ("JOSÉ ÁLVAREZ" is "Jose Alvarez")? For the company guess: a summary
 * segment that names someone in the invite is no company. */
bool av_interviewers_is_party(const struct av_invite *inv, const char *name);

/* "attendee", "organizer", "description"; "unknown" for a value outside the enum. */
const char *av_interviewers_source_name(enum av_source source);

#endif
