/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — TLS certificate verification (GnuTLS; tls.c is the only file including it).
 *
 * libetpan verifies no certificate at all: the IMAP driver hands the server's chain
 * (DER, leaf first) to av_tls_verify() after the handshake and before any credential.
 *
 * Errors (av_tls_verify): AV_ERR_AUTH, the certificate is refused; AV_ERR_CONFIG, what
 * the account says to trust is unusable (a tls_fingerprint that is no SHA-256 digest, an
 * unreadable or empty ca_file, no system trust store); AV_ERR_SOFTWARE, GnuTLS ran out
 * of memory.
 */
#ifndef AFTERVIEW_TLS_H
#define AFTERVIEW_TLS_H

#include <stddef.h>

#include "afterview/util.h"

struct av_tls_cert {
	const unsigned char *der; /* foreign */
	size_t len;
};

/* Verify chain for host: against ca_file when not NULL, else the system trust store;
 * or, when fingerprint (SHA-256, hex with optional colons) is not NULL, accept exactly
 * the leaf with that digest. Checks validity dates, the chain, the host name (DNS name
 * or IP address) and the TLS server purpose. AV_ERR_AUTH with a message that says what
 * is wrong (unknown issuer, expired, wrong name, fingerprint mismatch). */
enum av_err av_tls_verify(const struct av_tls_cert *chain, size_t n, const char *host,
			  const char *ca_file, const char *fingerprint, char **error_r);

/* The SHA-256 fingerprint of a DER certificate as 64 lower-case hex digits with colons
 * between bytes (malloc'd; NULL when GnuTLS cannot compute it), to show a person what to
 * pin. */
char *av_tls_fingerprint(const unsigned char *der, size_t len);

#endif
