/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — the Claws plugin's preferences (Configuration → Preferences → Plugins →
 * afterview): how often it runs, which config file it reads, and what the drafts say
 * about the person (skills, pitch, phone, signature, tone, thank-you window, languages).
 * Kept in Claws' own clawsrc, block [afterview]. Main loop only. No GLib types here: the
 * plugin hands these values to the core as they are.
 *
 * The rule for the draft values: a field left empty takes the config file's value, else
 * the default; a field set in the page wins over the config file. The page refuses (with
 * a message, saving nothing) a window outside 1-168 hours or a language afterview has no
 * templates for; values read from a hand-edited clawsrc that break those rules count as
 * unset (and are logged). */
#ifndef AFTERVIEW_CLAWS_PLUGIN_PREFS_H
#define AFTERVIEW_CLAWS_PLUGIN_PREFS_H

#include <stdbool.h>

#include "afterview/conf.h"

/* Read the preferences and register the page; changed is called after the person saved
 * the page (borrowed function). */
void av_claws_prefs_init(void (*changed)(void));
/* Unregister the page, free the values. */
void av_claws_prefs_done(void);

/* Minutes between runs: 1 to 1440, 30 unless set. */
unsigned av_claws_prefs_interval_min(void);
/* The config file to read (borrowed), or NULL/"" for the cron job's default. */
const char *av_claws_prefs_conf_path(void);

/* The page's [me] values (borrowed, valid until the page is saved or the plugin
 * unloaded), or NULL when the field is empty. The signature may hold newlines. */
const char *av_claws_prefs_skills(void);
const char *av_claws_prefs_pitch(void);
const char *av_claws_prefs_phone(void);
const char *av_claws_prefs_signature(void);
/* The tone, when the page sets one: true and *tone_r filled in; false when unset. */
bool av_claws_prefs_tone(enum av_tone *tone_r);
/* The thank-you window in hours (1-168), or 0 when unset. */
unsigned av_claws_prefs_window_hours(void);
/* The languages the person writes: a new NULL-terminated array of static codes
 * (language.h) in the form struct av_me's languages takes (free the array alone), or
 * NULL when unset. */
const char **av_claws_prefs_languages(void);

#endif
