/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — the Claws plugin's preferences (Configuration → Preferences → Plugins →
 * afterview): how often it runs and which config file it reads. Kept in Claws' own
 * clawsrc, block [afterview]. Main loop only. */
#ifndef AFTERVIEW_CLAWS_PLUGIN_PREFS_H
#define AFTERVIEW_CLAWS_PLUGIN_PREFS_H

/* Read the preferences and register the page; changed is called after the person saved
 * the page (borrowed function). */
void av_claws_prefs_init(void (*changed)(void));
/* Unregister the page, free the values. */
void av_claws_prefs_done(void);

/* Minutes between runs: 1 to 1440, 30 unless set. */
unsigned av_claws_prefs_interval_min(void);
/* The config file to read (borrowed), or NULL/"" for the cron job's default. */
const char *av_claws_prefs_conf_path(void);

#endif
