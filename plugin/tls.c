/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — TLS certificate verification with GnuTLS (see tls.h). */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "afterview/log.h"
#include "afterview/tls.h"
#include "afterview/util.h"

#define SHA256_LEN 32
/* A server sends its leaf and a few intermediates; more is hostile or broken. */
#define MAX_CHAIN 16
#define MAX_NAMES 8

static char *
hex_colons(const unsigned char *d, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	char *out = av_malloc(len * 3 + 1);
	size_t o = 0;

	for (size_t i = 0; i < len; i++) {
		if (i > 0)
			out[o++] = ':';
		out[o++] = digits[d[i] >> 4];
		out[o++] = digits[d[i] & 15];
	}
	out[o] = '\0';
	return out;
}

char *
av_tls_fingerprint(const unsigned char *der, size_t len)
{
	unsigned char digest[SHA256_LEN];

	if (gnutls_hash_fast(GNUTLS_DIG_SHA256, der, len, digest) < 0)
		return NULL;
	return hex_colons(digest, sizeof(digest));
}

/* The pin as 64 lower-case hex digits (colons and blanks dropped) into out; false when it
 * is not a SHA-256 digest. */
static bool
normalize_pin(const char *pin, char out[2 * SHA256_LEN + 1])
{
	size_t n = 0;

	for (const char *p = pin; *p != '\0'; p++) {
		if (*p == ':' || *p == ' ' || *p == '\t')
			continue;
		if (!isxdigit((unsigned char)*p) || n == 2 * SHA256_LEN)
			return false;
		out[n++] = (char)tolower((unsigned char)*p);
	}
	out[n] = '\0';
	return n == 2 * SHA256_LEN;
}

static enum av_err
verify_pin(const struct av_tls_cert *leaf, const char *host, const char *fingerprint,
	   char **error_r)
{
	char want[2 * SHA256_LEN + 1], got[2 * SHA256_LEN + 1];
	char *shown;
	size_t n = 0;

	if (!normalize_pin(fingerprint, want)) {
		av_error_set(error_r,
			     "tls_fingerprint '%s' is not a SHA-256 digest (64 hex digits)",
			     fingerprint);
		return AV_ERR_CONFIG;
	}
	shown = av_tls_fingerprint(leaf->der, leaf->len);
	if (shown == NULL) {
		av_error_set(error_r, "cannot compute the certificate fingerprint of %s", host);
		return AV_ERR_SOFTWARE;
	}
	for (const char *p = shown; *p != '\0'; p++)
		if (*p != ':')
			got[n++] = *p;
	got[n] = '\0';
	if (strcmp(got, want) != 0) {
		av_error_set(error_r,
			     "TLS certificate of %s refused: its SHA-256 fingerprint %s does not "
			     "match tls_fingerprint",
			     host, shown);
		free(shown);
		return AV_ERR_AUTH;
	}
	/* Like msmtp's tls_fingerprint: the pin replaces the chain, date and name checks. */
	av_debug(AV_CAT_TLS,
		 "%s: certificate matches the pinned fingerprint %s; chain, dates "
		 "and host name not checked",
		 host, shown);
	free(shown);
	return AV_OK;
}

/* "CN=..." of a certificate's subject or issuer, malloc'd. */
static char *
crt_dn(gnutls_x509_crt_t crt, bool issuer)
{
	gnutls_datum_t dn = {NULL, 0};
	char *out;
	int r;

	r = issuer ? gnutls_x509_crt_get_issuer_dn3(crt, &dn, 0)
		   : gnutls_x509_crt_get_dn3(crt, &dn, 0);
	if (r < 0)
		return av_strdup("?");
	out = av_strndup((const char *)dn.data, dn.size);
	gnutls_free(dn.data);
	return out;
}

/* The names a certificate is for: its DNS and IP subject alternative names, else its
 * common name (RFC 6125 6.4.4), as "a, b, c". */
static char *
crt_names(gnutls_x509_crt_t crt)
{
	struct av_buf b;
	char buf[256];
	unsigned n = 0;

	av_buf_init(&b);
	for (unsigned seq = 0; n < MAX_NAMES; seq++) {
		size_t size = sizeof(buf) - 1;
		unsigned critical;
		int type = gnutls_x509_crt_get_subject_alt_name(crt, seq, buf, &size, &critical);

		if (type == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
			break;
		if (type == GNUTLS_SAN_DNSNAME) {
			buf[size] = '\0';
			av_buf_printf(&b, "%s%s", n++ ? ", " : "", buf);
		} else if (type == GNUTLS_SAN_IPADDRESS && (size == 4 || size == 16)) {
			char ip[INET6_ADDRSTRLEN];

			if (inet_ntop(size == 4 ? AF_INET : AF_INET6, buf, ip, sizeof(ip)) != NULL)
				av_buf_printf(&b, "%s%s", n++ ? ", " : "", ip);
		}
	}
	if (n == 0) {
		size_t size = sizeof(buf);

		if (gnutls_x509_crt_get_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0, 0, buf,
						  &size) == 0)
			av_buf_puts(&b, buf);
		else
			av_buf_puts(&b, "no name");
	}
	return av_buf_steal(&b);
}

/* Say which certificate of the chain is out of its validity period. */
static void
explain_dates(gnutls_x509_crt_t *crts, size_t n, bool expired, struct av_buf *why)
{
	time_t now = time(NULL);
	char when[AV_TIME_UTC_SIZE];

	for (size_t i = 0; i < n; i++) {
		time_t t = expired ? gnutls_x509_crt_get_expiration_time(crts[i])
				   : gnutls_x509_crt_get_activation_time(crts[i]);
		char *dn;

		if (t == (time_t)-1 || (expired ? t >= now : t <= now))
			continue;
		dn = i == 0 ? av_strdup("the server certificate") : crt_dn(crts[i], false);
		av_buf_printf(why, "; %s%s %s %s", i == 0 ? "" : "the chain certificate ", dn,
			      expired ? "expired on" : "is not valid before", av_time_utc(t, when));
		free(dn);
		return;
	}
	av_buf_puts(why, expired ? "; a certificate in the chain has expired"
				 : "; a certificate in the chain is not valid yet");
}

static void
explain(unsigned status, gnutls_x509_crt_t *crts, size_t n, const char *host, const char *trusted,
	struct av_buf *why)
{
	if (status & GNUTLS_CERT_SIGNER_NOT_FOUND) {
		char *issuer = crt_dn(crts[n - 1], true);

		av_buf_printf(why, "; unknown issuer: \"%s\" is not trusted by %s", issuer,
			      trusted);
		free(issuer);
	}
	if (status & GNUTLS_CERT_SIGNER_NOT_CA)
		av_buf_puts(why, "; a certificate in the chain is signed by one that is no CA");
	if (status & GNUTLS_CERT_EXPIRED)
		explain_dates(crts, n, true, why);
	if (status & GNUTLS_CERT_NOT_ACTIVATED)
		explain_dates(crts, n, false, why);
	if (status & GNUTLS_CERT_UNEXPECTED_OWNER) {
		char *names = crt_names(crts[0]);

		av_buf_printf(why, "; wrong host name: the certificate is for %s, not %s", names,
			      host);
		free(names);
	}
	if (status & GNUTLS_CERT_REVOKED)
		av_buf_puts(why, "; the certificate has been revoked");
	if (status & GNUTLS_CERT_INSECURE_ALGORITHM)
		av_buf_puts(why, "; the chain uses an insecure algorithm (e.g. a SHA-1 signature)");
	if (status & GNUTLS_CERT_SIGNATURE_FAILURE)
		av_buf_puts(why, "; a signature in the chain does not verify");
	if (status & GNUTLS_CERT_PURPOSE_MISMATCH)
		av_buf_puts(why, "; the certificate is not meant for a TLS server");
	if (status & GNUTLS_CERT_SIGNER_CONSTRAINTS_FAILURE)
		av_buf_puts(why, "; a CA in the chain exceeds its name or path constraints");
	if (status & GNUTLS_CERT_UNKNOWN_CRIT_EXTENSIONS)
		av_buf_puts(why, "; a certificate has an unknown critical extension");
	if (why->len == 0) {
		gnutls_datum_t out = {NULL, 0};

		if (gnutls_certificate_verification_status_print(status, GNUTLS_CRT_X509, &out,
								 0) == 0) {
			av_buf_printf(why, "; %.*s", (int)out.size, (const char *)out.data);
			gnutls_free(out.data);
		} else {
			av_buf_printf(why, "; verification status 0x%x", status);
		}
	}
}

enum av_err
av_tls_verify(const struct av_tls_cert *chain, size_t n, const char *host, const char *ca_file,
	      const char *fingerprint, char **error_r)
{
	gnutls_x509_trust_list_t tl = NULL;
	gnutls_x509_crt_t crts[MAX_CHAIN];
	gnutls_typed_vdata_st vdata[2];
	unsigned char ip[16];
	char name[256];
	const char *trusted;
	struct av_buf why;
	size_t n_crts = 0;
	unsigned status = 0;
	enum av_err ret = AV_ERR_AUTH;
	int r;

	av_buf_init(&why);
	if (n == 0 || chain == NULL) {
		av_error_set(error_r, "TLS certificate of %s refused: the server sent none", host);
		return AV_ERR_AUTH;
	}
	if (fingerprint != NULL)
		return verify_pin(&chain[0], host, fingerprint, error_r);
	if (n > MAX_CHAIN) {
		av_error_set(error_r, "TLS certificate of %s refused: a chain of %zu certificates",
			     host, n);
		return AV_ERR_AUTH;
	}

	for (n_crts = 0; n_crts < n; n_crts++) {
		gnutls_datum_t der = {(unsigned char *)chain[n_crts].der,
				      (unsigned)chain[n_crts].len};

		if (gnutls_x509_crt_init(&crts[n_crts]) < 0) {
			av_error_set(error_r, "out of memory for a certificate");
			ret = AV_ERR_SOFTWARE;
			goto free_crts;
		}
		r = gnutls_x509_crt_import(crts[n_crts], &der, GNUTLS_X509_FMT_DER);
		if (r < 0) {
			gnutls_x509_crt_deinit(crts[n_crts]);
			av_error_set(error_r,
				     "TLS certificate of %s refused: certificate %zu of the chain "
				     "cannot be parsed (%s)",
				     host, n_crts + 1, gnutls_strerror(r));
			goto free_crts;
		}
	}

	if (gnutls_x509_trust_list_init(&tl, 0) < 0) {
		av_error_set(error_r, "out of memory for a trust list");
		ret = AV_ERR_SOFTWARE;
		goto free_crts;
	}
	if (ca_file != NULL) {
		r = gnutls_x509_trust_list_add_trust_file(tl, ca_file, NULL, GNUTLS_X509_FMT_PEM, 0,
							  0);
		if (r <= 0) {
			av_error_set(error_r, "ca_file %s: %s", ca_file,
				     r < 0 ? gnutls_strerror(r) : "no certificate in it");
			ret = AV_ERR_CONFIG;
			goto free_tl;
		}
		trusted = ca_file;
	} else {
		r = gnutls_x509_trust_list_add_system_trust(tl, 0, 0);
		if (r <= 0) {
			av_error_set(error_r,
				     "the system trust store is empty or unreadable (%s): install "
				     "ca-certificates or set ca_file",
				     r < 0 ? gnutls_strerror(r) : "no certificate");
			ret = AV_ERR_CONFIG;
			goto free_tl;
		}
		trusted = "the system trust store";
	}

	/* RFC 6125: an IP address literal is matched against iPAddress names only. */
	snprintf(name, sizeof(name), "%s", host);
	if (name[0] == '[' && name[strlen(name) - 1] == ']') {
		memmove(name, name + 1, strlen(name));
		name[strlen(name) - 1] = '\0';
	}
	if (inet_pton(AF_INET, name, ip) == 1) {
		vdata[0] = (gnutls_typed_vdata_st){GNUTLS_DT_IP_ADDRESS, ip, 4};
	} else if (inet_pton(AF_INET6, name, ip) == 1) {
		vdata[0] = (gnutls_typed_vdata_st){GNUTLS_DT_IP_ADDRESS, ip, 16};
	} else {
		size_t len = strlen(name);

		if (len > 1 && name[len - 1] == '.')
			name[len - 1] = '\0';
		vdata[0] =
			(gnutls_typed_vdata_st){GNUTLS_DT_DNS_HOSTNAME, (unsigned char *)name, 0};
	}
	vdata[1] = (gnutls_typed_vdata_st){GNUTLS_DT_KEY_PURPOSE_OID,
					   (unsigned char *)GNUTLS_KP_TLS_WWW_SERVER, 0};

	r = gnutls_x509_trust_list_verify_crt2(tl, crts, (unsigned)n_crts, vdata, 2, 0, &status,
					       NULL);
	if (r < 0) {
		av_error_set(error_r, "TLS certificate of %s refused: %s", host,
			     gnutls_strerror(r));
		goto free_tl;
	}
	if (status != 0) {
		explain(status, crts, n_crts, host, trusted, &why);
		av_error_set(error_r, "TLS certificate of %s refused: %s", host, why.data + 2);
		goto free_tl;
	}
	if (av_log_debug_enabled(AV_CAT_TLS)) {
		char *subject = crt_dn(crts[0], false), *issuer = crt_dn(crts[0], true);
		char *fp = av_tls_fingerprint(chain[0].der, chain[0].len);

		av_debug(AV_CAT_TLS,
			 "%s: certificate \"%s\" issued by \"%s\" verified against %s "
			 "(SHA-256 %s)",
			 host, subject, issuer, trusted, fp ? fp : "?");
		free(subject);
		free(issuer);
		free(fp);
	}
	ret = AV_OK;

free_tl:
	gnutls_x509_trust_list_deinit(tl, 1);
free_crts:
	for (size_t i = 0; i < n_crts; i++)
		gnutls_x509_crt_deinit(crts[i]);
	av_buf_clear(&why);
	return ret;
}
