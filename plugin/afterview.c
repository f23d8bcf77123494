/* afterview — the command line. */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "afterview/conf.h"
#include "afterview/log.h"
#include "afterview/util.h"

struct options {
	const char *config; /* foreign (argv) */
	bool verbose;
	bool quiet;
	bool syslog;
};

static void
usage(FILE *out)
{
	fprintf(out,
		"Usage: afterview [OPTIONS] COMMAND [ARGS]\n"
		"\n"
		"Finds job interviews in your calendar invites and puts a personal thank-you draft\n"
		"for each interviewer into your Drafts folder. Never sends mail, never changes it.\n"
		"\n"
		"Commands:\n"
		"  check-config        check the config file and print it, secrets masked\n"
		"\n"
		"Options:\n"
		"  -c, --config FILE   config file (default: $XDG_CONFIG_HOME/afterview/config)\n"
		"  -D, --debug CATS    debug output for categories: %s\n"
		"  -v, --verbose       say what is done, not only what needs you\n"
		"  -q, --quiet         errors only\n"
		"      --syslog        also log to syslog (facility mail)\n"
		"  -h, --help          this text\n"
		"  -V, --version       the version\n"
		"\n"
		"Exit status: 0 ok, %d config error, %d bad data, %d temporary failure (retry),\n"
		"%d permission/credential refused, %d state database unusable, %d internal error.\n",
		av_log_category_names(), EX_CONFIG, EX_DATAERR, EX_TEMPFAIL, EX_NOPERM,
		EX_CANTCREAT, EX_SOFTWARE);
}

static int
cmd_check_config(const struct options *opt, int argc, char **argv)
{
	struct av_conf *conf = NULL;
	char *path = opt->config ? av_strdup(opt->config) : av_conf_default_path();
	char *error = NULL;
	enum av_err err;

	if (argc > 1) {
		fprintf(stderr, "afterview: check-config takes no arguments\n");
		free(path);
		return EX_USAGE;
	}
	err = av_conf_load(path, &conf, &error);
	if (err != AV_OK) {
		/* one "file:line: message" per line, every error at once */
		fprintf(stderr, "%s\n", error);
		fprintf(stderr, "afterview: %s: configuration has errors\n", path);
		free(error);
		free(path);
		return av_err_exit_code(err);
	}
	av_conf_print(conf, stdout);
	if (!opt->quiet)
		fprintf(stderr, "afterview: %s: configuration OK\n", path);
	av_conf_free(&conf);
	free(path);
	return EX_OK;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"config", required_argument, NULL, 'c'},
		{"debug", required_argument, NULL, 'D'},
		{"verbose", no_argument, NULL, 'v'},
		{"quiet", no_argument, NULL, 'q'},
		{"syslog", no_argument, NULL, 's'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	struct options opt = {NULL, false, false, false};
	const char *debug = NULL;
	const char *cmd;
	char *error = NULL;
	int c, rc;

	/* '+' stops at the command: its own options follow it */
	while ((c = getopt_long(argc, argv, "+c:D:vqhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			opt.config = optarg;
			break;
		case 'D':
			debug = optarg;
			break;
		case 'v':
			opt.verbose = true;
			break;
		case 'q':
			opt.quiet = true;
			break;
		case 's':
			opt.syslog = true;
			break;
		case 'h':
			usage(stdout);
			return EX_OK;
		case 'V':
			printf("afterview %s\n", PACKAGE_VERSION);
			return EX_OK;
		default:
			usage(stderr);
			return EX_USAGE;
		}
	}
	av_log_open("afterview", opt.syslog);
	if (opt.verbose)
		av_log_set_level(AV_LOG_INFO);
	if (opt.quiet)
		av_log_set_level(AV_LOG_ERROR);
	if (debug != NULL && !av_log_set_debug(debug, &error)) {
		fprintf(stderr, "afterview: -D: %s\n", error);
		free(error);
		av_log_close();
		return EX_USAGE;
	}
	cmd = optind < argc ? argv[optind] : NULL;
	if (cmd == NULL) {
		usage(stderr);
		rc = EX_USAGE;
	} else if (strcmp(cmd, "check-config") == 0) {
		rc = cmd_check_config(&opt, argc - optind, argv + optind);
	} else if (strcmp(cmd, "help") == 0) {
		usage(stdout);
		rc = EX_OK;
	} else {
		fprintf(stderr, "afterview: unknown command '%s' (try afterview --help)\n", cmd);
		rc = EX_USAGE;
	}
	av_log_close();
	return rc;
}
