/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "afterview/util.h"

int
av_err_exit_code(enum av_err err)
{
	switch (err) {
	case AV_OK:
		return EX_OK;
	case AV_ERR_CONFIG:
		return EX_CONFIG;
	case AV_ERR_DATA:
		return EX_DATAERR;
	case AV_ERR_TEMP:
		return EX_TEMPFAIL;
	case AV_ERR_AUTH:
		return EX_NOPERM;
	case AV_ERR_STORE:
		return EX_CANTCREAT;
	case AV_ERR_SOFTWARE:
		break;
	}
	return EX_SOFTWARE;
}

static void
out_of_memory(size_t size)
{
	fprintf(stderr, "afterview: out of memory (%zu bytes)\n", size);
	abort();
}

void *
av_malloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (p == NULL)
		out_of_memory(size);
	return p;
}

void *
av_calloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		out_of_memory(n * size);
	return p;
}

void *
av_realloc(void *p, size_t size)
{
	void *q = realloc(p, size ? size : 1);

	if (q == NULL)
		out_of_memory(size);
	return q;
}

char *
av_strdup(const char *s)
{
	return av_strndup(s, strlen(s));
}

char *
av_strndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = av_malloc(len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *
av_vasprintf(const char *fmt, va_list ap)
{
	va_list ap2;
	int n;
	char *p;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return av_strdup("(unformattable message)");
	p = av_malloc((size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *
av_asprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = av_vasprintf(fmt, ap);
	va_end(ap);
	return p;
}

void
av_error_set(char **error_r, const char *fmt, ...)
{
	va_list ap;

	if (error_r == NULL)
		return;
	va_start(ap, fmt);
	*error_r = av_vasprintf(fmt, ap);
	va_end(ap);
}

void
av_wipe(void *p, size_t len)
{
	if (p == NULL)
		return;
#ifdef HAVE_EXPLICIT_BZERO
	explicit_bzero(p, len);
#else
	volatile unsigned char *v = p;

	while (len-- > 0)
		*v++ = 0;
#endif
}

void
av_buf_init(struct av_buf *b)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

void
av_buf_append(struct av_buf *b, const void *data, size_t len)
{
	if (b->len + len + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;

		while (cap < b->len + len + 1)
			cap *= 2;
		b->data = av_realloc(b->data, cap);
		b->cap = cap;
	}
	if (len > 0)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void
av_buf_puts(struct av_buf *b, const char *s)
{
	av_buf_append(b, s, strlen(s));
}

void
av_buf_printf(struct av_buf *b, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = av_vasprintf(fmt, ap);
	va_end(ap);
	av_buf_puts(b, s);
	free(s);
}

int
av_file_read(const char *path, size_t max, char **data_r, size_t *len_r)
{
	FILE *f = fopen(path, "rb");
	struct av_buf b;
	char chunk[65536];
	size_t n;
	int e = 0;

	if (f == NULL)
		return errno;
	av_buf_init(&b);
	while (e == 0 && (n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (b.len + n > max)
			e = EFBIG;
		else
			av_buf_append(&b, chunk, n);
	}
	if (e == 0 && ferror(f))
		e = errno != 0 ? errno : EIO;
	fclose(f);
	if (e != 0) {
		av_buf_clear(&b);
		return e;
	}
	*len_r = b.len;
	*data_r = av_buf_steal(&b);
	return 0;
}

char *
av_buf_steal(struct av_buf *b)
{
	char *p = b->data;

	if (p == NULL)
		p = av_strdup("");
	av_buf_init(b);
	return p;
}

void
av_buf_clear(struct av_buf *b)
{
	free(b->data);
	av_buf_init(b);
}

void
av_strv_push(struct av_strv *sv, char *s)
{
	if (sv->n + 2 > sv->cap) {
		sv->cap = sv->cap ? sv->cap * 2 : 16;
		sv->v = av_realloc(sv->v, sv->cap * sizeof(*sv->v));
	}
	sv->v[sv->n++] = s;
	sv->v[sv->n] = NULL;
}

char **
av_strv_finish(struct av_strv *sv)
{
	char **v = sv->v != NULL ? sv->v : av_calloc(1, sizeof(*v));

	sv->v = NULL;
	sv->n = 0;
	sv->cap = 0;
	return v;
}

void
av_strv_free(char ***v)
{
	if (v == NULL || *v == NULL)
		return;
	for (char **p = *v; *p != NULL; p++)
		free(*p);
	free(*v);
	*v = NULL;
}

char *
av_time_utc(time_t t, char buf[AV_TIME_UTC_SIZE])
{
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL || strftime(buf, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, 21, "(bad time)");
	return buf;
}

int64_t
av_days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static const char *
skip_cfws(const char *p)
{
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			p++;
		if (*p != '(')
			return p;
		/* RFC 5322 comments nest */
		for (int depth = 0; *p != '\0'; p++) {
			if (*p == '(')
				depth++;
			else if (*p == ')' && --depth == 0) {
				p++;
				break;
			}
		}
	}
}

bool
av_parse_rfc5322_date(const char *s, time_t *t_r)
{
	static const char months[] = "janfebmaraprmayjunjulaugsepoctnovdec";
	static const struct {
		const char *name;
		int minutes;
	} zones[] = {{"ut", 0},	    {"gmt", 0},	   {"utc", 0},	  {"z", 0},
		     {"est", -300}, {"edt", -240}, {"cst", -360}, {"cdt", -300},
		     {"mst", -420}, {"mdt", -360}, {"pst", -480}, {"pdt", -420}};
	const char *p = skip_cfws(s);
	int day, year, hour, min, sec = 0, month = -1, off = 0;
	char mon[4];
	int n;

	if (isalpha((unsigned char)p[0])) { /* day of week */
		while (isalpha((unsigned char)*p))
			p++;
		p = skip_cfws(p);
		if (*p == ',')
			p++;
		p = skip_cfws(p);
	}
	if (sscanf(p, "%2d%n", &day, &n) != 1)
		return false;
	p = skip_cfws(p + n);
	if (sscanf(p, "%3[A-Za-z]%n", mon, &n) != 1 || n != 3)
		return false;
	for (int i = 0; i < 12; i++)
		if (strncasecmp(mon, months + 3 * i, 3) == 0)
			month = i + 1;
	if (month < 0)
		return false;
	while (isalpha((unsigned char)p[n]))
		n++;
	p = skip_cfws(p + n);
	if (sscanf(p, "%4d%n", &year, &n) != 1)
		return false;
	if (n == 2)
		year += year < 50 ? 2000 : 1900; /* RFC 5322 4.3 */
	else if (n == 3)
		year += 1900;
	p = skip_cfws(p + n);
	if (sscanf(p, "%2d : %2d%n", &hour, &min, &n) != 2)
		return false;
	p += n;
	if (*skip_cfws(p) == ':') {
		p = skip_cfws(p) + 1;
		if (sscanf(p, "%2d%n", &sec, &n) != 1)
			return false;
		p += n;
	}
	p = skip_cfws(p);
	if ((*p == '+' || *p == '-') && isdigit((unsigned char)p[1])) {
		int hhmm;

		if (sscanf(p + 1, "%4d", &hhmm) != 1)
			return false;
		off = (hhmm / 100) * 60 + hhmm % 100;
		if (*p == '-')
			off = -off;
	} else if (isalpha((unsigned char)*p)) {
		size_t len = 0;

		while (isalpha((unsigned char)p[len]))
			len++;
		for (size_t i = 0; i < sizeof(zones) / sizeof(zones[0]); i++)
			if (strlen(zones[i].name) == len && strncasecmp(p, zones[i].name, len) == 0)
				off = zones[i].minutes;
		/* other (military) zone letters mean "unknown": RFC 5322 4.3 says -0000 */
	}
	if (day < 1 || day > 31 || hour > 23 || min > 59 || sec > 60 || year < 1900 || year > 9999)
		return false;
	*t_r = (time_t)(av_days_from_civil(year, month, day) * 86400 + hour * 3600 + min * 60 +
			sec - off * 60);
	return true;
}

bool
av_parse_iso8601(const char *s, time_t *t_r)
{
	int y, mo, d, h, mi, sec = 0, n = 0, oh = 0, om = 0, sign = 1;
	const char *p;

	if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10 ||
	    (s[10] != 'T' && s[10] != ' '))
		return false;
	p = s + 11;
	if (sscanf(p, "%2d:%2d%n", &h, &mi, &n) != 2 || n != 5)
		return false;
	p += n;
	if (*p == ':') {
		if (sscanf(p + 1, "%2d%n", &sec, &n) != 1 || n != 2)
			return false;
		p += 3;
	}
	if (*p == 'Z' && p[1] == '\0') {
		/* UTC */
	} else if ((*p == '+' || *p == '-') && sscanf(p + 1, "%2d:%2d%n", &oh, &om, &n) == 2 &&
		   n == 5 && p[6] == '\0') {
		sign = *p == '-' ? -1 : 1;
	} else {
		return false;
	}
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60 || oh > 23 ||
	    om > 59)
		return false;
	*t_r = (time_t)(av_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec -
			sign * (oh * 3600 + om * 60));
	return true;
}

char *
av_hash_hex(const void *data, size_t len, char buf[AV_HASH_HEX_SIZE])
{
	const unsigned char *p = data;
	uint64_t a = 0xcbf29ce484222325ULL, b = 0x84222325cbf29ce4ULL;

	/* two FNV-1a streams with different offsets, b also fed the byte's position */
	for (size_t i = 0; i < len; i++) {
		a = (a ^ p[i]) * 0x100000001b3ULL;
		b = (b ^ p[i] ^ (uint64_t)(i & 0xff) << 8) * 0x100000001b3ULL;
	}
	/* finalise (splitmix64) so that short inputs spread over all digits */
	for (int k = 0; k < 2; k++) {
		uint64_t *x = k ? &b : &a;

		*x ^= *x >> 30;
		*x *= 0xbf58476d1ce4e5b9ULL;
		*x ^= *x >> 27;
		*x *= 0x94d049bb133111ebULL;
		*x ^= *x >> 31;
	}
	snprintf(buf, 33, "%016llx%016llx", (unsigned long long)a, (unsigned long long)b);
	return buf;
}

int
av_open_regular(const char *path, bool nofollow, int *fd_r)
{
	/* O_NONBLOCK: opening a FIFO for reading waits for a writer, forever under cron */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | (nofollow ? O_NOFOLLOW : 0));
	struct stat st;
	int e;

	if (fd < 0)
		return errno;
	if (fstat(fd, &st) != 0) {
		e = errno;
		close(fd);
		return e;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return S_ISDIR(st.st_mode) ? EISDIR : -(int)(st.st_mode & S_IFMT);
	}
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0) {
		e = errno;
		close(fd);
		return e;
	}
	*fd_r = fd;
	return 0;
}

const char *
av_open_strerror(int e)
{
	if (e >= 0)
		return strerror(e);
	switch ((mode_t)-e) {
	case S_IFIFO:
		return "a FIFO (named pipe), not a regular file";
	case S_IFSOCK:
		return "a socket, not a regular file";
	case S_IFCHR:
	case S_IFBLK:
		return "a device, not a regular file";
	default:
		return "not a regular file";
	}
}
