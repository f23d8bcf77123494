/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: bytes -> a configuration file -> av_conf_load (inih and conf.c's
 * checks), then av_conf_print of a config that loads. conf.c reads a file by path, so each
 * input is written to a private temporary file (mode 0600, so that a password in it is no
 * error of its own). No password command is ever run: loading does not run it. Seeds:
 * tests/fuzz/corpus-conf and contrib/afterview.conf.sample. */
#include "config.h"

#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "afterview/conf.h"
#include "afterview/log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static FILE *devnull;
static char dir[] = "/tmp/av-fuzz-conf.XXXXXX";
static char path[sizeof(dir) + 16];

static void
remove_dir(void)
{
	unlink(path);
	rmdir(dir);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	av_log_open("fuzz-conf", false);
	devnull = fopen("/dev/null", "w");
	av_log_set_stream(devnull);
	av_log_set_debug("all", NULL);
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		exit(1);
	}
	snprintf(path, sizeof(path), "%s/config", dir);
	atexit(remove_dir);
	/* the config's default zone must not depend on the machine */
	setenv("TZ", "Europe/Berlin", 1);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct av_conf *conf = NULL;
	char *err = NULL;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	if (fd < 0 || (size > 0 && write(fd, data, size) != (ssize_t)size)) {
		perror(path);
		abort();
	}
	close(fd);
	if (av_conf_load(path, &conf, &err) != AV_OK) {
		if (err == NULL)
			abort(); /* conf.h: every error is said */
		free(err);
		return 0;
	}
	if (conf->n_accounts == 0)
		abort(); /* a config without an account is refused */
	av_conf_print(conf, devnull);
	av_conf_free(&conf);
	return 0;
}
