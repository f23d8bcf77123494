/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — the Claws plugin's follow-ups window (Tools → "Interview follow-ups…"): the
 * interviews and their interviewers with state and send-by time in the words `status`
 * uses, the "maybe an interview" list with Yes/No (= `afterview mark ID
 * interview|not-interview`), a button that opens the selected interviewer's draft, the
 * notes sheet of the selected interview (saved as `afterview notes ID` saves it), the job
 * hunt's pulse (interviews per week, the last 12 weeks) and "Run now". GTK 3 and the
 * afterview core only: it knows nothing of Claws, which it reaches through the env.
 *
 * It reads the state database read-only (no lock: a run may hold it) each time it is
 * filled, and opens it for writing (taking the lock) only to store a mark or a notes
 * sheet; a run holding the lock then is said in the window, nothing is lost (the sheet
 * stays in the editor). Call everything from the GTK main loop.
 *
 * For tests: when $AFTERVIEW_WINDOW_DUMP names a file, each time the window is filled
 * (and once it is on screen) the visible rows are written to it as plain text (replaced
 * whole), with the root-window coordinates of the buttons and rows a test clicks.
 */
#ifndef AFTERVIEW_CLAWS_WINDOW_H
#define AFTERVIEW_CLAWS_WINDOW_H

#include <stdint.h>
#include <time.h>

#include "afterview/conf.h"
#include "afterview/words.h"

struct av_claws_env {		      /* borrowed, lives as long as the plugin */
	const char *conf_path;	      /* the config file read, or NULL */
	const char *db_path;	      /* the state database (the cron job's format and place) */
	const struct av_conf *conf;   /* the configuration as the plugin uses it */
	const struct av_account *acc; /* the account (identity from Claws) */
	time_t (*now)(void);	      /* AFTERVIEW_NOW honoured */
	void (*open_draft)(uint32_t uid, const char *message_id,
			   void *data); /* open in Claws' composer */
	void (*run_now)(void *data);	/* a run on demand */
	void *data;
	/* Added by the window's side: the word lists the plugin's runs use, or NULL (the
	 * window then loads conf's own, as the command line does). */
	const struct av_wordlists *words;
};

/* Open the window (or raise it when open). env must outlive the window. */
void av_claws_window_open(const struct av_claws_env *env); /* Tools → "Interview follow-ups…" */
/* Close it and free what it holds; harmless when it is not open (plugin_done, not exiting). */
void av_claws_window_close(void);
/* Read the state database again and refill the window, when open (after a run changed
 * something); the notes being edited are kept. */
void av_claws_window_refresh(void);

#endif
