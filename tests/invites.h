/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Invites built by hand for the unit tests of detect.c, interviewers.c and words.c, so
 * they need neither libical nor the MIME parser. Header-only, like harness.h: each test
 * program includes it once. */
#ifndef AV_TEST_INVITES_H
#define AV_TEST_INVITES_H

#include <stdlib.h>
#include <string.h>

#include "afterview/invite.h"
#include "afterview/util.h"

static inline char *
dup_or_null(const char *s)
{
	return s ? av_strdup(s) : NULL;
}

static inline struct av_invite *
invite(const char *summary, const char *description, const char *location)
{
	struct av_invite *inv = av_calloc(1, sizeof(*inv));

	inv->method = AV_METHOD_REQUEST;
	inv->uid = av_strdup("test-uid@example");
	inv->summary = dup_or_null(summary);
	inv->description = dup_or_null(description);
	inv->location = dup_or_null(location);
	inv->start = 1794150000;
	inv->end = inv->start + 2700;
	return inv;
}

static inline struct av_attendee *
attendee(struct av_invite *inv, const char *email, const char *cn)
{
	struct av_attendee *a;

	inv->attendees = av_realloc(inv->attendees, (inv->n_attendees + 1) * sizeof(*a));
	a = &inv->attendees[inv->n_attendees++];
	memset(a, 0, sizeof(*a));
	a->email = dup_or_null(email);
	a->cn = dup_or_null(cn);
	return a;
}

static inline void
organizer(struct av_invite *inv, const char *email, const char *cn)
{
	inv->has_organizer = true;
	inv->organizer.email = dup_or_null(email);
	inv->organizer.cn = dup_or_null(cn);
}

static inline void
invite_free(struct av_invite *inv)
{
	for (size_t i = 0; i < inv->n_attendees; i++) {
		free(inv->attendees[i].email);
		free(inv->attendees[i].cn);
	}
	free(inv->attendees);
	free(inv->organizer.email);
	free(inv->organizer.cn);
	free(inv->uid);
	free(inv->summary);
	free(inv->description);
	free(inv->location);
	free(inv->zone);
	free(inv);
}

#endif
