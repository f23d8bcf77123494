/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — whose address is it? The person's own (one of their addresses, or another
 * address under their name), a mailbox no person reads (robots, shared calendars, team
 * mailboxes, mailing lists), one at the invite's domains, the address the rest of the
 * mail gives for a name; and whether the invite is the person's interview at all. What
 * interviewers.c leaves people out and fills addresses in with. Pure logic on struct
 * av_invite and struct av_interviewers_ctx (interviewers.h): no library headers, no I/O.
 * Nothing here fails (no error codes). Addresses are compared case-insensitively with
 * +tags ignored (av_addr_same); a ctx NULL knows nothing.
 */
#ifndef AFTERVIEW_CORRESPONDENCE_H
#define AFTERVIEW_CORRESPONDENCE_H

#include <stdbool.h>
#include <stddef.h>

#include "afterview/interviewers.h"
#include "afterview/invite.h"

/* Is email (NULL allowed: false) one of ctx->my_addresses? */
bool av_correspondence_is_mine(const struct av_interviewers_ctx *ctx, const char *email);
/* Is name (NULL allowed: false) the person's name, ctx->my_name, compared by
 * av_names_key? */
bool av_correspondence_is_my_name(const struct av_interviewers_ctx *ctx, const char *name);
/* Is the attendee (not NULL) the person under an address the config does not list: their
 * name as CN (or, without a CN, as a name-like local part gives it)? */
bool av_correspondence_is_me_by_name(const struct av_interviewers_ctx *ctx,
				     const struct av_attendee *a);

/* A mailbox no person reads: no-reply, calendar notifications, scheduling robots,
 * invitations, shared candidate calendars, Google group and resource calendars. Never an
 * interviewer, whatever the CN says. False for addr NULL. */
bool av_correspondence_is_system_mailbox(const char *addr);
/* A team mailbox (recruiting@, talent@, careers@, jobs@, interviews@…): not a person to
 * thank, unless the CN names one (av_names_is_person). False for addr NULL. */
bool av_correspondence_is_team_mailbox(const char *addr);
/* A CN that names a shared calendar or a robot ("Acme Candidate Calendar", "Google
 * Calendar", "Do Not Reply"). False for cn NULL. */
bool av_correspondence_is_system_cn(const char *cn);
/* A mailing list or group ("eng-all@lists.acme.example", "all-hands@", "team-platform@",
 * a CN "Engineering All" or "Platform Team" at an address that is not a person's name):
 * many people, none of them to thank by name, whatever the CN says. addr and cn may be
 * NULL. */
bool av_correspondence_is_list(const char *addr, const char *cn);

/* Is domain (NULL allowed: false) one the invite's people are at: the organizer's or an
 * attendee's, not the person's own, not a system mailbox's (either domain may be a
 * subdomain of the other)? *any_r: the invite has such people at all. inv not NULL. */
bool av_correspondence_at_party_domain(const struct av_invite *inv,
				       const struct av_interviewers_ctx *ctx, const char *domain,
				       bool *any_r);
/* The employer's domain as the invite shows it: the organizer's, else the first
 * attendee's, skipping my_addresses (NULL allowed) and system mailboxes. Points into
 * inv; NULL when there is none or inv is NULL. For "(address not at DOMAIN)". */
const char *av_correspondence_employer_domain(const struct av_invite *inv,
					      char *const *my_addresses);
/* The address the rest of the mail (ctx->known) gives for a name that has none: one at a
 * domain of the invite's people (av_correspondence_at_party_domain), not the person's,
 * not a system, team or list mailbox, whose CN has the name key key (av_names_key of
 * name), or failing any such, that fits name (av_addr_local_fits_name). Returns it
 * (pointing into ctx->known) or NULL; *ambiguous_r says that more than one address
 * matched equally (the result is then one of them, not to be used). NULL and
 * *ambiguous_r false for ctx or key NULL. With ctx->known_index the result is the same,
 * found from the index. */
const char *av_correspondence_find_address(const struct av_invite *inv,
					   const struct av_interviewers_ctx *ctx, const char *name,
					   const char *key, bool *ambiguous_r);

/* ctx->known by domain, for av_correspondence_find_address to look only at the addresses
 * at the invite's people's domains: a large mailbox knows tens of thousands of addresses,
 * and every name without one would walk them all. Borrows known[0..n), which must outlive
 * it; the caller frees it with av_correspondence_index_free (accepts NULL, clears the
 * pointer). Never NULL. */
struct av_known_index *av_correspondence_index_build(const struct av_known_address *known,
						     size_t n);
void av_correspondence_index_free(struct av_known_index **idx);

/* Is this the person's interview, or one they sit on as an interviewer (someone job
 * hunting while employed)? When the organizer's address is at one of the person's own
 * domains (a domain of ctx->my_addresses that is not a public mail service) and the
 * summary names another person as the candidate ("Interview: Jordan Smith (candidate)",
 * "Candidate interview – Jordan Smith"), names the person as interviewer ("Interviewer:
 * Sam Rivera"), or names an attendee from outside that domain ("Interview with Jordan
 * Smith"), returns why it is not theirs, malloc'd ("not your interview: …"); else NULL.
 * NULL for inv or ctx NULL. */
char *av_correspondence_not_mine(const struct av_invite *inv,
				 const struct av_interviewers_ctx *ctx);

/* The address an invite's message went to that stands for the person, for
 * ctx->sent_to: mail->to when it holds exactly one address and that address can be the
 * person's: it is one of my_addresses; or none of my_addresses is among mail->cc or
 * inv's attendees (then the person got a copy sent to someone else), and it is neither
 * the message's From nor the organizer, nor at either's domain (unless that is a public
 * mail service: a colleague of the sender is not the person). Points into mail->to;
 * NULL otherwise (inv, mail and my_addresses may be NULL). */
const char *av_correspondence_sent_to(const struct av_invite *inv,
				      const struct av_invite_mail *mail, char *const *my_addresses);

#endif
