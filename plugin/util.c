#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

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
av_buf_free(struct av_buf *b)
{
	free(b->data);
	av_buf_init(b);
}

char *
av_time_utc(time_t t, char buf[21])
{
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL || strftime(buf, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, 21, "(bad time)");
	return buf;
}
