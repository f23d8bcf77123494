/* afterview — is this invite a job interview, and who interviewed? Pure logic: no
 * library headers, no I/O beyond reading word-list files.
 *
 * The decision is a score with reasons a person can read (`afterview explain ID`):
 * interview words in SUMMARY/DESCRIPTION/LOCATION (many languages), recruiting-system
 * senders and organizers raise it; negative cues (mock interview, interview prep,
 * webinar, newsletter, survey…) lower it. is_interview = score >= AV_DETECT_THRESHOLD.
 */
#ifndef AFTERVIEW_DETECT_H
#define AFTERVIEW_DETECT_H

#include <stdbool.h>
#include <stddef.h>

#include "afterview/invite.h"
#include "afterview/util.h"
#include "afterview/words.h"

#define AV_DETECT_THRESHOLD 3

struct av_detection {
	int score;
	bool is_interview;
	char **reasons; /* owned, NULL-terminated, e.g. "+3 \"phone screen\" in summary" */
	char *company;	/* owned or NULL: the employer's name or domain, best guess */
};

/* Score one invite. sender_addr (the message's From, lower case) may be NULL. */
void av_detect_score(const struct av_invite *inv, const char *sender_addr,
		     const struct av_wordlists *lists, struct av_detection *det_r);
void av_detection_clear(struct av_detection *det);

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
 * addresses (my_addresses, NULL-terminated, compared case-insensitively with +tags
 * ignored), rooms/resources/groups, non-participants, decliners, no-reply/calendar/
 * scheduling and shared candidate-calendar mailboxes, and team mailboxes (recruiting@,
 * talent@, careers@…) unless their CN names a person; plus names (and addresses when
 * given) from the description ("Interviewers:", "You'll meet with", itinerary lines),
 * resolved against attendees with the same CN. Duplicates merged; order: attendees as
 * in the invite, the organizer, then names only the description gives. At most 100.
 * *list_r owned by the caller. */
void av_detect_interviewers(const struct av_invite *inv, char *const *my_addresses,
			    struct av_interviewer **list_r, size_t *n_r);
void av_interviewers_free(struct av_interviewer **list, size_t n);

const char *av_source_name(enum av_source source);

#endif
