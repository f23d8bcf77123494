/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests for tls.c that need no server: fingerprints, pins, bad input. The chain,
 * name and date checks against real certificates are in tests/e2e-imap-tls.sh. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "afterview/tls.h"
#include "harness.h"

/* SHA-256("abc"), FIPS 180-2 appendix B.1. */
#define ABC_SHA256 "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"

static void
test_fingerprint(void)
{
	char *fp;

	test_begin("av_tls_fingerprint: lower-case hex with colons");
	fp = av_tls_fingerprint((const unsigned char *)"abc", 3);
	test_assert_str(fp, "ba:78:16:bf:8f:01:cf:ea:41:41:40:de:5d:ae:22:23:"
			    "b0:03:61:a3:96:17:7a:9c:b4:10:ff:61:f2:00:15:ad");
	free(fp);
	test_end();
}

static void
test_pin(void)
{
	struct av_tls_cert leaf = {(const unsigned char *)"abc", 3};
	char *error = NULL;

	/* With a pin only the leaf's digest counts: the bytes need not even parse. */
	test_begin("pin: plain lower case matches");
	test_assert_int(av_tls_verify(&leaf, 1, "h", NULL, ABC_SHA256, &error), AV_OK);
	test_assert(error == NULL);
	test_end();

	test_begin("pin: upper case with colons and blanks matches");
	test_assert_int(av_tls_verify(&leaf, 1, "h", "/nonexistent",
				      "BA:78:16:BF:8F:01:CF:EA:41:41:40:DE:5D:AE:22:23:"
				      "B0:03:61:A3:96:17:7A:9C:B4:10:FF:61:F2:00:15:AD ",
				      &error),
			AV_OK);
	test_end();

	test_begin("pin: another digest is AV_ERR_AUTH, naming the real one");
	test_assert_int(
		av_tls_verify(&leaf, 1, "imap.example.org", NULL,
			      "007816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
			      &error),
		AV_ERR_AUTH);
	test_assert(error != NULL && strstr(error, "imap.example.org") != NULL);
	test_assert(error != NULL && strstr(error, "ba:78:16:bf") != NULL);
	free(error);
	error = NULL;
	test_end();

	test_begin("pin: not a SHA-256 digest is AV_ERR_CONFIG");
	test_assert_int(av_tls_verify(&leaf, 1, "h", NULL, "ba:78:16", &error), AV_ERR_CONFIG);
	test_assert(error != NULL && strstr(error, "tls_fingerprint") != NULL);
	free(error);
	error = NULL;
	test_assert_int(av_tls_verify(&leaf, 1, "h", NULL, ABC_SHA256 "00", &error), AV_ERR_CONFIG);
	free(error);
	error = NULL;
	test_assert_int(
		av_tls_verify(&leaf, 1, "h", NULL,
			      "zz7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
			      &error),
		AV_ERR_CONFIG);
	free(error);
	test_end();
}

static void
test_bad_input(void)
{
	struct av_tls_cert junk = {(const unsigned char *)"not a certificate", 17};
	char *error = NULL;

	test_begin("no certificate at all is AV_ERR_AUTH");
	test_assert_int(av_tls_verify(NULL, 0, "h", NULL, NULL, &error), AV_ERR_AUTH);
	test_assert(error != NULL && strstr(error, "sent none") != NULL);
	free(error);
	error = NULL;
	test_end();

	test_begin("a certificate that does not parse is AV_ERR_AUTH");
	test_assert_int(av_tls_verify(&junk, 1, "h", NULL, NULL, &error), AV_ERR_AUTH);
	test_assert(error != NULL && strstr(error, "cannot be parsed") != NULL);
	free(error);
	test_end();
}

int
main(void)
{
	test_fingerprint();
	test_pin();
	test_bad_input();
	return test_exit();
}
