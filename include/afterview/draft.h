/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — render a personalized thank-you draft as an RFC 5322 message from the
 * templates (template.h). Pure logic; no library headers.
 *
 * The company is the first of: the config's [company DOMAIN] name (for the interviewer's
 * address, else the employer's domain), the detection's name (input company), the name
 * av_summary_employer reads from the invite; the role and kind come from the summary
 * (av_summary_read).
 *
 * The templates' placeholders {{first_name}} {{name}} {{company}} {{role}} {{date}}
 * {{topic}} {{skills}} {{pitch}} {{my_name}} {{phone}} {{signature}} {{interview}}
 * {{ask_topic}} {{ask_fit}} {{feedback_given}} are filled in from the config, the invite
 * and the notes; the template's own [sections] give the wording variants.
 *
 * The message: CRLF line ends, UTF-8, RFC 2047 encoded-words for non-ASCII display names
 * and subjects, display names quoted, no header injection from any invite text (CR, LF
 * and other control characters removed from header values), lines <= 998 octets, Date,
 * a unique Message-ID, X-Afterview-Id: <token>. An interviewer with no (usable) address
 * gets no To header (RFC 5322 allows no empty one) and a first body line saying the
 * address is missing. Drafts for one panel
 * never have identical bodies: wording varies deterministically with the interviewer.
 */
#ifndef AFTERVIEW_DRAFT_H
#define AFTERVIEW_DRAFT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "afterview/conf.h"
#include "afterview/interviewers.h"
#include "afterview/invite.h"
#include "afterview/template.h"
#include "afterview/util.h"

/* The X-Afterview-Id token for (account, invite UID, interviewer): 32 hex digits,
 * stable across runs and machines. who is the interviewer's address, or their name
 * when the address is unknown. Malloc'd. */
char *av_draft_token(const char *account, const char *uid, const char *who);

/* Does iv's draft greet them by their first name ("Dear Jane,")? False when no real name
 * is known (a name that is an address, or guessed from a local part that is no name)
 * or the given name is only an initial (name_initial_only): the template's neutral
 * greeting then. For status to say which. */
bool av_draft_greets_by_name(const struct av_interviewer *iv);

struct av_draft_input {
	const struct av_conf *conf;	    /* [me], tone, companies */
	const struct av_invite *inv;	    /* summary, times, zone */
	const char *company;		    /* the employer's name (av_detect_company), or
					       NULL: then read here from the invite the same
					       way, with domain (or the interviewer's) as hint */
	const char *domain;		    /* the employer's domain, may be NULL */
	const struct av_interviewer *iv;    /* the addressee */
	const struct av_interviewer *panel; /* all interviewers of the interview */
	size_t n_panel;
	const char *topic;    /* what was discussed with iv (from notes), or NULL */
	const char *feedback; /* the employer's feedback from the notes, or NULL: only
				 switches on {{feedback_given}} (an empty value), never quoted */
	const char *language; /* ISO 639-1 code of the draft's language ("en", "es", "de", "fr");
				 NULL or "" for the default */
	const char *token;    /* X-Afterview-Id */
	time_t now;	      /* for Date */
};

struct av_draft {
	char *message; /* owned: the whole message, CRLF */
	size_t len;
	char *message_id; /* owned, without <> */
	char *subject;	  /* owned, UTF-8 (for display) */
	unsigned variant; /* which wording variant was used (status says so) */
};

/* Render the draft for in->iv. AV_ERR_DATA only for an impossible input. */
enum av_err av_draft_render(const struct av_templates *tpl, const struct av_draft_input *in,
			    struct av_draft *draft_r, char **error_r);
void av_draft_clear(struct av_draft *draft);

#endif
