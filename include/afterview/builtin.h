/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — the shipped files compiled into the program: the two templates
 * (contrib/templates/formal.txt and casual.txt) and the Windows zone table
 * (data/windowsZones.tsv). make writes them into av-builtin-data.c with data/embed.sh, so
 * the program works from the build tree, installed, or packaged without its data files.
 *
 * They are the last place looked: template.c and invite.c read the files from the places
 * they always did and take the compiled-in copy only when no file is there.
 */
#ifndef AFTERVIEW_BUILTIN_H
#define AFTERVIEW_BUILTIN_H

#include <stddef.h>

struct av_builtin_file {
	const char *name; /* the file's base name: "formal.txt", "windowsZones.tsv" */
	const char *data; /* its bytes as shipped, followed by a NUL not counted in len */
	size_t len;
};

/* The compiled-in copy of the shipped file called name (a base name), or NULL when there
 * is none. Static data: never freed, valid for the whole run. */
const struct av_builtin_file *av_builtin_find(const char *name);

#endif
