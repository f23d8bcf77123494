/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — what every mailbox driver shares (see driver.h): no mailbox library here,
 * so that a driver other than imap.c links it without libetpan. */
#include "config.h"

#include <stdlib.h>

#include "afterview/driver.h"

void
av_part_refs_free(struct av_part_ref **parts, size_t n)
{
	if (parts == NULL || *parts == NULL)
		return;
	for (size_t i = 0; i < n; i++) {
		free((*parts)[i].section);
		free((*parts)[i].content_type);
		free((*parts)[i].encoding);
		free((*parts)[i].charset);
	}
	free(*parts);
	*parts = NULL;
}

void
av_envelopes_free(struct av_envelope **envs, size_t n)
{
	if (envs == NULL || *envs == NULL)
		return;
	for (size_t i = 0; i < n; i++) {
		struct av_envelope *e = &(*envs)[i];

		free(e->date);
		free(e->message_id);
		free(e->subject);
		free(e->from);
		free(e->from_name);
		free(e->list_id);
		free(e->list_unsubscribe);
		free(e->precedence);
		for (char **r = e->recipients; r != NULL && *r != NULL; r++)
			free(*r);
		free(e->recipients);
	}
	free(*envs);
	*envs = NULL;
}

void
av_texts_free(struct av_text **texts, size_t n)
{
	if (texts == NULL || *texts == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		free((*texts)[i].data);
	free(*texts);
	*texts = NULL;
}
