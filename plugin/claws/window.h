/* afterview — the Claws plugin's follow-ups window (Tools → "Interview follow-ups…").
 *
 * The plugin (plugin.c) hands the window what it needs in struct av_claws_env and calls
 * these from Claws' main loop only. The window reads the state database itself.
 */
#ifndef AFTERVIEW_CLAWS_WINDOW_H
#define AFTERVIEW_CLAWS_WINDOW_H

#include <stdint.h>
#include <time.h>

struct av_conf;
struct av_account;

/* clang-format off: the contract as agreed with window.c, verbatim */
struct av_claws_env {            /* borrowed, lives as long as the plugin */
    const char *conf_path;       /* the config file read, or NULL */
    const char *db_path;         /* the state database (the cron job's format and place) */
    const struct av_conf *conf;  /* the configuration as the plugin uses it */
    const struct av_account *acc;/* the account (identity from Claws) */
    time_t (*now)(void);         /* AFTERVIEW_NOW honoured */
    void (*open_draft)(uint32_t uid, const char *message_id, void *data); /* open in Claws' composer */
    void (*run_now)(void *data); /* a run on demand */
    void *data;
};
void av_claws_window_open(const struct av_claws_env *env); /* Tools → "Interview follow-ups…" */
void av_claws_window_close(void);                          /* plugin_done, not exiting */
void av_claws_window_refresh(void);                        /* after a run changed something */
/* clang-format on */

#endif
