/* SPDX-License-Identifier: GPL-3.0-or-later */
/* av-imap-probe - drive the IMAP driver (imap.c through driver.h) from the command line,
 * for the end-to-end tests.
 *
 *	av-imap-probe --port N [--host H] --security tls|starttls|plain --user U
 *		--password-file F [--oauth2] [--ca-file F] [--fingerprint FP]
 *		[--timeout S] [--debug CATS] [--dry-run] [COMMAND ARGS...]...
 *
 * Opens one session, runs the commands in order and prints one line per result:
 *
 *	find sent|drafts [CONFIGURED|-]	folder ROLE NAME
 *	examine FOLDER			examine FOLDER uidvalidity N uidnext N exists N modseq N
 *	search FROM SINCE		search UID... (SINCE: epoch seconds, 0 for none)
 *	parts				part UID SECTION TYPE ENCODING CHARSET SIZE (of the UIDs
 *					of the last search; "-" for NULL)
 *	fetch UID SECTION MAX FILE	fetch UID SECTION LEN (the bytes go to FILE)
 *	envelopes			env UID INTERNALDATE from=A to=A,B msgid=M subject=S
 *					date=D name=N (the UIDs of the last search; N the From
 *					display name)
 *	append FOLDER FILE		append UIDVALIDITY UID
 *	search-header FOLDER NAME VALUE	search-header UID...
 *	search-any FOLDER N1 V1 N2 V2	search-any UID... (either matches)
 *	search-all FOLDER N1 V1 N2 V2	search-all UID... (both match)
 *	fetch-message FOLDER UID MAX	fetch-message UID LEN SHA256 (of the whole message)
 *					[flagged] [keyword] (what the person set)
 *	withdraw FOLDER UID TOKEN	withdraw UID (needs "find drafts" first, as append)
 *	stats				stats commands=N bytes=N
 *
 * Also "open S.SSS" (seconds to connect and log in) on stderr. On an error it prints
 * "error NAME: message" on stderr and exits with the sysexits code of the error
 * (av_err_exit_code); usage errors exit 64.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

#include "afterview/conf.h"
#include "afterview/driver.h"
#include "afterview/imap.h"
#include "afterview/log.h"
#include "afterview/util.h"

static const char *const err_names[] = {
	"ok", "config", "data", "temp", "auth", "store", "software",
};

static void
usage(void)
{
	fprintf(stderr, "usage: av-imap-probe --port N [--host H] --security tls|starttls|plain "
			"--user U --password-file F [--oauth2] [--ca-file F] [--fingerprint FP] "
			"[--timeout S] [--debug CATS] [--dry-run] [COMMAND ARGS...]...\n");
	exit(64);
}

static char *
read_file(const char *path, size_t *len_r)
{
	char *data;
	int e = av_file_read(path, SIZE_MAX, &data, len_r);

	if (e != 0) {
		fprintf(stderr, "av-imap-probe: %s: %s\n", path, strerror(e));
		exit(66);
	}
	return data;
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *
nz(const char *s)
{
	return s != NULL ? s : "-";
}

static void
print_uids(const char *what, const uint32_t *uids, size_t n)
{
	printf("%s", what);
	for (size_t i = 0; i < n; i++)
		printf(" %u", (unsigned)uids[i]);
	printf("\n");
}

static int
failed(enum av_err err, char *error)
{
	fprintf(stderr, "error %s: %s\n", err_names[err], error != NULL ? error : "?");
	free(error);
	return av_err_exit_code(err);
}

/* Whether command argv[i] has its k arguments. */
static bool
has_args(int argc, char **argv, int i, int k)
{
	if (i + k < argc)
		return true;
	fprintf(stderr, "av-imap-probe: %s needs %d arguments\n", argv[i], k);
	return false;
}

/* Run the commands in argv[0..argc); returns the exit status. */
static int
run(struct av_driver *drv, int argc, char **argv)
{
	uint32_t *last = NULL;
	size_t n_last = 0;
	char *error = NULL;
	enum av_err err = AV_OK;
	int i = 0, status = 0;

	for (i = 0; i < argc; i++) {
		const char *cmd = argv[i];

		if (strcmp(cmd, "find") == 0) {
			char *name = NULL;
			const char *conf;
			enum av_folder_role role;

			if (!has_args(argc, argv, i, 2)) {
				status = 64;
				goto done;
			}
			role = strcmp(argv[i + 1], "sent") == 0 ? AV_FOLDER_SENT : AV_FOLDER_DRAFTS;
			conf = strcmp(argv[i + 2], "-") == 0 ? NULL : argv[i + 2];
			err = drv->ops->find_folder(drv, role, conf, &name, &error);
			if (err != AV_OK)
				break;
			printf("folder %s %s\n", argv[i + 1], name);
			free(name);
			i += 2;
		} else if (strcmp(cmd, "examine") == 0) {
			struct av_folder_info info;

			if (!has_args(argc, argv, i, 1)) {
				status = 64;
				goto done;
			}
			err = drv->ops->examine(drv, argv[i + 1], &info, &error);
			if (err != AV_OK)
				break;
			printf("examine %s uidvalidity %u uidnext %u exists %u modseq %llu\n",
			       argv[i + 1], (unsigned)info.uidvalidity, (unsigned)info.uidnext,
			       (unsigned)info.exists, (unsigned long long)info.highestmodseq);
			i += 1;
		} else if (strcmp(cmd, "search") == 0) {
			if (!has_args(argc, argv, i, 2)) {
				status = 64;
				goto done;
			}
			free(last);
			last = NULL;
			err = drv->ops->search(drv, (uint32_t)strtoul(argv[i + 1], NULL, 10),
					       (time_t)strtoll(argv[i + 2], NULL, 10), &last,
					       &n_last, &error);
			if (err != AV_OK)
				break;
			print_uids("search", last, n_last);
			i += 2;
		} else if (strcmp(cmd, "parts") == 0) {
			struct av_part_ref *parts = NULL;
			size_t n = 0;

			if (n_last == 0) {
				printf("parts none\n");
				continue;
			}
			err = drv->ops->calendar_parts(drv, last, n_last, &parts, &n, &error);
			if (err != AV_OK)
				break;
			for (size_t k = 0; k < n; k++)
				printf("part %u %s %s %s %s %u\n", (unsigned)parts[k].uid,
				       parts[k].section, parts[k].content_type,
				       nz(parts[k].encoding), nz(parts[k].charset),
				       (unsigned)parts[k].size);
			av_part_refs_free(&parts, n);
		} else if (strcmp(cmd, "fetch") == 0) {
			char *data = NULL;
			size_t len = 0;
			FILE *f;

			if (!has_args(argc, argv, i, 4)) {
				status = 64;
				goto done;
			}
			err = drv->ops->fetch_part(drv, (uint32_t)strtoul(argv[i + 1], NULL, 10),
						   argv[i + 2], strtoul(argv[i + 3], NULL, 10),
						   &data, &len, &error);
			if (err != AV_OK)
				break;
			f = fopen(argv[i + 4], "wb");
			if (f == NULL || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
				fprintf(stderr, "av-imap-probe: %s: cannot write\n", argv[i + 4]);
				free(data);
				status = 73;
				goto done;
			}
			printf("fetch %s %s %zu\n", argv[i + 1], argv[i + 2], len);
			free(data);
			i += 4;
		} else if (strcmp(cmd, "envelopes") == 0) {
			struct av_envelope *envs = NULL;
			size_t n = 0;

			if (n_last == 0) {
				printf("envelopes none\n");
				continue;
			}
			err = drv->ops->envelopes(drv, last, n_last,
						  AV_ENV_INTERNALDATE | AV_ENV_MESSAGE_ID, &envs,
						  &n, &error);
			if (err != AV_OK)
				break;
			for (size_t k = 0; k < n; k++) {
				printf("env %u %lld from=%s to=", (unsigned)envs[k].uid,
				       (long long)envs[k].internaldate, nz(envs[k].from));
				for (char **r = envs[k].recipients; *r != NULL; r++)
					printf("%s%s", r == envs[k].recipients ? "" : ",", *r);
				printf(" msgid=%s subject=%s date=%s name=%s\n",
				       nz(envs[k].message_id), nz(envs[k].subject),
				       nz(envs[k].date), nz(envs[k].from_name));
			}
			av_envelopes_free(&envs, n);
		} else if (strcmp(cmd, "append") == 0) {
			uint32_t uidvalidity = 0, uid = 0;
			size_t len;
			char *msg;

			if (!has_args(argc, argv, i, 2)) {
				status = 64;
				goto done;
			}
			msg = read_file(argv[i + 2], &len);
			err = drv->ops->append(drv, argv[i + 1], msg, len, &uidvalidity, &uid,
					       &error);
			free(msg);
			if (err != AV_OK)
				break;
			printf("append %u %u\n", (unsigned)uidvalidity, (unsigned)uid);
			i += 2;
		} else if (strcmp(cmd, "search-header") == 0 || strcmp(cmd, "search-any") == 0 ||
			   strcmp(cmd, "search-all") == 0) {
			/* search-header FOLDER H V; search-any/search-all FOLDER H1 V1 H2 V2 */
			bool one = strcmp(cmd, "search-header") == 0;
			struct av_header_key keys[2];
			uint32_t *uids = NULL;
			size_t n = 0;

			if (!has_args(argc, argv, i, one ? 3 : 5)) {
				status = 64;
				goto done;
			}
			keys[0] = (struct av_header_key){argv[i + 2], argv[i + 3]};
			if (!one)
				keys[1] = (struct av_header_key){argv[i + 4], argv[i + 5]};
			err = drv->ops->search_headers(drv, argv[i + 1], keys, one ? 1 : 2,
						       strcmp(cmd, "search-all") == 0 ? 2 : 1,
						       &uids, &n, &error);
			if (err != AV_OK)
				break;
			print_uids(cmd, uids, n);
			free(uids);
			i += one ? 3 : 5;
		} else if (strcmp(cmd, "fetch-message") == 0) {
			unsigned char md[32];
			unsigned flags = 0;
			char *data = NULL;
			size_t len = 0;

			if (!has_args(argc, argv, i, 3)) {
				status = 64;
				goto done;
			}
			err = drv->ops->fetch_message(
				drv, argv[i + 1], (uint32_t)strtoul(argv[i + 2], NULL, 10),
				strtoul(argv[i + 3], NULL, 10), &data, &len, &flags, &error);
			if (err != AV_OK)
				break;
			if (gnutls_hash_fast(GNUTLS_DIG_SHA256, data, len, md) != 0) {
				fprintf(stderr, "av-imap-probe: SHA-256 failed\n");
				free(data);
				status = 70;
				goto done;
			}
			printf("fetch-message %s %zu ", argv[i + 2], len);
			for (size_t k = 0; k < sizeof(md); k++)
				printf("%02x", md[k]);
			/* only what the person set: the lines of earlier tests stay as they were */
			if (flags & AV_MSG_FLAGGED)
				printf(" flagged");
			if (flags & AV_MSG_KEYWORD)
				printf(" keyword");
			printf("\n");
			free(data);
			i += 3;
		} else if (strcmp(cmd, "withdraw") == 0) {
			if (!has_args(argc, argv, i, 3)) {
				status = 64;
				goto done;
			}
			err = drv->ops->withdraw(drv, argv[i + 1],
						 (uint32_t)strtoul(argv[i + 2], NULL, 10),
						 argv[i + 3], &error);
			if (err != AV_OK)
				break;
			printf("withdraw %s\n", argv[i + 2]);
			i += 3;
		} else if (strcmp(cmd, "stats") == 0) {
			unsigned long commands;
			unsigned long long bytes;

			drv->ops->stats(drv, &commands, &bytes);
			printf("stats commands=%lu bytes=%llu\n", commands, bytes);
		} else {
			fprintf(stderr, "av-imap-probe: unknown command %s\n", cmd);
			status = 64;
			goto done;
		}
		fflush(stdout);
	}
	if (err != AV_OK) {
		fflush(stdout);
		status = failed(err, error);
	}
done:
	free(last);
	return status;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"host", required_argument, NULL, 'H'},
		{"port", required_argument, NULL, 'p'},
		{"security", required_argument, NULL, 's'},
		{"user", required_argument, NULL, 'u'},
		{"password-file", required_argument, NULL, 'P'},
		{"oauth2", no_argument, NULL, 'o'},
		{"ca-file", required_argument, NULL, 'c'},
		{"fingerprint", required_argument, NULL, 'f'},
		{"timeout", required_argument, NULL, 't'},
		{"debug", required_argument, NULL, 'D'},
		{"dry-run", no_argument, NULL, 'n'},
		{NULL, 0, NULL, 0},
	};
	struct av_account acc;
	struct av_secret secret = {false, NULL};
	struct av_driver *drv = NULL;
	char *error = NULL, *debug = NULL, *pwfile = NULL;
	bool dry_run = false;
	enum av_err err;
	size_t len;
	double t0;
	int c, status;

	memset(&acc, 0, sizeof(acc));
	acc.host = av_strdup("127.0.0.1");
	acc.security = AV_SECURITY_TLS;
	acc.timeout_s = 30;
	while ((c = getopt_long(argc, argv, "+", longopts, NULL)) != -1) {
		switch (c) {
		case 'H':
			free(acc.host);
			acc.host = av_strdup(optarg);
			break;
		case 'p':
			acc.port = (unsigned)strtoul(optarg, NULL, 10);
			break;
		case 's':
			if (strcmp(optarg, "tls") == 0)
				acc.security = AV_SECURITY_TLS;
			else if (strcmp(optarg, "starttls") == 0)
				acc.security = AV_SECURITY_STARTTLS;
			else if (strcmp(optarg, "plain") == 0)
				acc.security = AV_SECURITY_PLAIN;
			else
				usage();
			break;
		case 'u':
			free(acc.user);
			acc.user = av_strdup(optarg);
			break;
		case 'P':
			pwfile = optarg;
			break;
		case 'o':
			secret.oauth2 = true;
			break;
		case 'c':
			free(acc.ca_file);
			acc.ca_file = av_strdup(optarg);
			break;
		case 'f':
			free(acc.tls_fingerprint);
			acc.tls_fingerprint = av_strdup(optarg);
			break;
		case 't':
			acc.timeout_s = (unsigned)strtoul(optarg, NULL, 10);
			break;
		case 'D':
			debug = optarg;
			break;
		case 'n':
			dry_run = true;
			break;
		default:
			usage();
		}
	}
	if (acc.port == 0 || acc.user == NULL || pwfile == NULL)
		usage();
	secret.value = read_file(pwfile, &len);
	secret.value[strcspn(secret.value, "\r\n")] = '\0';

	av_log_open("av-imap-probe", false);
	if (debug != NULL && !av_log_set_debug(debug, &error)) {
		fprintf(stderr, "av-imap-probe: %s\n", error);
		free(error);
		return 64;
	}

	t0 = now_s();
	err = av_imap_open(&acc, &secret, dry_run, &drv, &error);
	fprintf(stderr, "open %.3f\n", now_s() - t0);
	av_wipe(secret.value, strlen(secret.value));
	free(secret.value);
	if (err != AV_OK) {
		status = failed(err, error);
	} else {
		status = run(drv, argc - optind, argv + optind);
		drv->ops->close(&drv);
	}
	free(acc.host);
	free(acc.user);
	free(acc.ca_file);
	free(acc.tls_fingerprint);
	av_log_close();
	return status;
}
