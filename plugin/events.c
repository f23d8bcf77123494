/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "afterview/events.h"
#include "afterview/log.h"

void
av_events_init(struct av_events *set)
{
	set->v = NULL;
	set->n = 0;
}

static bool
is_cancel(const struct av_invite *inv)
{
	return inv->method == AV_METHOD_CANCEL || inv->cancelled;
}

/* The order of versions: SEQUENCE, then DTSTAMP, then a cancellation over an update. */

static struct av_event_version
version_of(const struct av_invite *inv)
{
	return (struct av_event_version){inv->sequence, inv->dtstamp, is_cancel(inv)};
}

static bool
newer(struct av_event_version a, struct av_event_version b)
{
	if (a.sequence != b.sequence)
		return a.sequence > b.sequence;
	if (a.dtstamp != b.dtstamp)
		return a.dtstamp > b.dtstamp;
	return a.cancel && !b.cancel;
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? av_strdup(s) : NULL;
}

static void
free_mail(struct av_event *ev)
{
	free(ev->sender);
	free(ev->sender_name);
	free(ev->subject);
	free(ev->mail_to);
	free(ev->mail_cc);
	free(ev->list_id);
	free(ev->list_unsubscribe);
	free(ev->precedence);
	ev->sender = ev->sender_name = ev->subject = NULL;
	ev->mail_to = ev->mail_cc = ev->list_id = ev->list_unsubscribe = ev->precedence = NULL;
}

/* Keep what the message of the version shown said. */
static void
set_mail(struct av_event *ev, const struct av_invite_mail *mail)
{
	static const struct av_invite_mail none;

	if (mail == NULL)
		mail = &none;
	free_mail(ev);
	ev->sender = dup_or_null(mail->from);
	ev->sender_name = dup_or_null(mail->from_name);
	ev->subject = dup_or_null(mail->subject);
	ev->mail_to = dup_or_null(mail->to);
	ev->mail_cc = dup_or_null(mail->cc);
	ev->list_id = dup_or_null(mail->list_id);
	ev->list_unsubscribe = dup_or_null(mail->list_unsubscribe);
	ev->precedence = dup_or_null(mail->precedence);
}

struct av_invite_mail
av_events_mail(const struct av_event *ev)
{
	return (struct av_invite_mail){ev->sender,	     ev->sender_name, ev->subject,
				       ev->mail_to,	     ev->mail_cc,     ev->list_id,
				       ev->list_unsubscribe, ev->precedence};
}

bool
av_events_add(struct av_events *set, struct av_invite *inv, const char *source, const char *sender)
{
	struct av_invite_mail mail = {.from = sender};

	return av_events_add_mail(set, inv, source, &mail);
}

bool
av_events_add_mail(struct av_events *set, struct av_invite *inv, const char *source,
		   const struct av_invite_mail *mail)
{
	struct av_event *ev = NULL;
	struct av_event_version v = version_of(inv);
	bool show;

	switch (inv->method) {
	case AV_METHOD_NONE:
	case AV_METHOD_REQUEST:
	case AV_METHOD_PUBLISH:
	case AV_METHOD_CANCEL:
		break;
	case AV_METHOD_REPLY:
	case AV_METHOD_OTHER:
		av_debug(AV_CAT_ENGINE, "%s: %s is not an invitation, ignored", source, inv->uid);
		av_invite_free(&inv);
		return false;
	}
	for (size_t i = 0; i < set->n && ev == NULL; i++)
		if (strcmp(set->v[i].inv->uid, inv->uid) == 0)
			ev = &set->v[i];
	if (ev == NULL) {
		set->v = av_realloc(set->v, (set->n + 1) * sizeof(*set->v));
		ev = &set->v[set->n++];
		ev->inv = inv;
		ev->source = av_strdup(source);
		ev->sender = ev->sender_name = ev->subject = NULL;
		ev->mail_to = ev->mail_cc = ev->list_id = ev->list_unsubscribe = NULL;
		ev->precedence = NULL;
		set_mail(ev, mail);
		ev->cancelled = v.cancel;
		ev->sequence = v.sequence;
		ev->dtstamp = v.dtstamp;
		ev->versions = 1;
		ev->seen[0] = v;
		return true;
	}
	{
		bool known = false;

		for (unsigned i = 0; i < ev->versions && i < 16 && !known; i++)
			known = ev->seen[i].sequence == v.sequence &&
				ev->seen[i].dtstamp == v.dtstamp && ev->seen[i].cancel == v.cancel;
		if (!known) {
			if (ev->versions < 16)
				ev->seen[ev->versions] = v;
			ev->versions++;
		}
	}
	if (newer(v, (struct av_event_version){ev->sequence, ev->dtstamp, ev->cancelled})) {
		ev->cancelled = v.cancel;
		ev->sequence = v.sequence;
		ev->dtstamp = v.dtstamp;
	}
	/* details shown: the newest update; a cancellation's own details only while no
	 * update is known */
	if (is_cancel(ev->inv))
		show = !v.cancel || newer(v, version_of(ev->inv));
	else
		show = !v.cancel && newer(v, version_of(ev->inv));
	if (show) {
		av_invite_free(&ev->inv);
		ev->inv = inv;
		free(ev->source);
		ev->source = av_strdup(source);
		set_mail(ev, mail);
	} else {
		av_invite_free(&inv);
	}
	return true;
}

static int
cmp_event(const void *a, const void *b)
{
	const struct av_event *x = a, *y = b;

	if (x->inv->start != y->inv->start)
		return x->inv->start < y->inv->start ? -1 : 1;
	return strcmp(x->inv->uid, y->inv->uid);
}

void
av_events_sort(struct av_events *set)
{
	if (set->n > 1)
		qsort(set->v, set->n, sizeof(*set->v), cmp_event);
}

void
av_events_clear(struct av_events *set)
{
	for (size_t i = 0; i < set->n; i++) {
		av_invite_free(&set->v[i].inv);
		free(set->v[i].source);
		free_mail(&set->v[i]);
	}
	free(set->v);
	av_events_init(set);
}

void
av_events_id(const char *uid, char buf[AV_EVENT_ID_SIZE])
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (const unsigned char *p = (const unsigned char *)uid; *p; p++) {
		h ^= *p;
		h *= 0x100000001b3ULL;
	}
	snprintf(buf, 13, "%012llx", (unsigned long long)(h & 0xffffffffffffULL));
}
