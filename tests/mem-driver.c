/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "afterview/folders.h"
#include "afterview/message.h"
#include "afterview/mime.h"
#include "afterview/text.h"
#include "afterview/util.h"
#include "mem-driver.h"

/* ---- the mailbox ---------------------------------------------------------------------- */

void
mem_mailbox_init(struct mem_mailbox *mb)
{
	memset(mb, 0, sizeof(*mb));
	mb->uidplus = true;
}

static void
folder_clear(struct mem_folder *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->msgs[i].data);
	free(f->msgs);
	free(f->name);
	memset(f, 0, sizeof(*f));
}

void
mem_mailbox_clear(struct mem_mailbox *mb)
{
	for (size_t i = 0; i < mb->n; i++)
		folder_clear(&mb->folders[i]);
	free(mb->folders);
	mem_mailbox_init(mb);
}

void
mem_mailbox_copy(struct mem_mailbox *dst, const struct mem_mailbox *src)
{
	*dst = *src;
	dst->folders = av_calloc(src->n ? src->n : 1, sizeof(*dst->folders));
	for (size_t i = 0; i < src->n; i++) {
		const struct mem_folder *s = &src->folders[i];
		struct mem_folder *d = &dst->folders[i];

		*d = *s;
		d->name = av_strdup(s->name);
		d->msgs = av_calloc(s->n ? s->n : 1, sizeof(*d->msgs));
		for (size_t k = 0; k < s->n; k++) {
			d->msgs[k] = s->msgs[k];
			d->msgs[k].data = av_malloc(s->msgs[k].len + 1);
			memcpy(d->msgs[k].data, s->msgs[k].data, s->msgs[k].len + 1);
		}
	}
}

static bool differ(char **diff_r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static bool
differ(char **diff_r, const char *fmt, ...)
{
	va_list ap;

	if (diff_r != NULL) {
		va_start(ap, fmt);
		*diff_r = av_vasprintf(fmt, ap);
		va_end(ap);
	}
	return false;
}

bool
mem_mailbox_same(const struct mem_mailbox *a, const struct mem_mailbox *b, const char *except,
		 char **diff_r)
{
	size_t i = 0, j = 0;

	for (;;) {
		const struct mem_folder *x, *y;

		while (i < a->n && except != NULL && strcmp(a->folders[i].name, except) == 0)
			i++;
		while (j < b->n && except != NULL && strcmp(b->folders[j].name, except) == 0)
			j++;
		if (i == a->n || j == b->n)
			break;
		x = &a->folders[i++];
		y = &b->folders[j++];
		if (strcmp(x->name, y->name) != 0)
			return differ(diff_r, "folder %s where %s was", y->name, x->name);
		if (x->special != y->special || x->uidvalidity != y->uidvalidity ||
		    x->uidnext != y->uidnext || x->n != y->n)
			return differ(diff_r, "%s: mark, UIDVALIDITY, UIDNEXT or count changed",
				      x->name);
		for (size_t k = 0; k < x->n; k++) {
			const struct mem_msg *m = &x->msgs[k], *n = &y->msgs[k];

			if (m->uid != n->uid || m->len != n->len || m->flags != n->flags ||
			    m->internaldate != n->internaldate ||
			    memcmp(m->data, n->data, m->len) != 0)
				return differ(diff_r, "%s UID %u changed", x->name, m->uid);
		}
	}
	if (i != a->n || j != b->n)
		return differ(diff_r, "a folder came or went");
	return true;
}

struct mem_folder *
mem_folder_add(struct mem_mailbox *mb, const char *name, int special, uint32_t uidvalidity)
{
	struct mem_folder *f;

	mb->folders = av_realloc(mb->folders, (mb->n + 1) * sizeof(*mb->folders));
	f = &mb->folders[mb->n++];
	memset(f, 0, sizeof(*f));
	f->name = av_strdup(name);
	f->special = special;
	f->uidvalidity = uidvalidity;
	f->uidnext = 1;
	return f;
}

struct mem_folder *
mem_folder_get(const struct mem_mailbox *mb, const char *name)
{
	for (size_t i = 0; i < mb->n; i++)
		if (strcmp(mb->folders[i].name, name) == 0)
			return &mb->folders[i];
	return NULL;
}

/* data with every bare LF made CRLF, as a server stores and hands out a message. */
static char *
crlf_dup(const char *data, size_t len, size_t *len_r)
{
	struct av_buf b;

	av_buf_init(&b);
	for (size_t i = 0; i < len; i++) {
		if (data[i] == '\n' && (i == 0 || data[i - 1] != '\r'))
			av_buf_append(&b, "\r", 1);
		av_buf_append(&b, &data[i], 1);
	}
	*len_r = b.len;
	return b.data != NULL ? av_buf_steal(&b) : av_strdup("");
}

uint32_t
mem_msg_add(struct mem_folder *f, const char *data, size_t len, time_t internaldate, unsigned flags)
{
	struct mem_msg *m;

	f->msgs = av_realloc(f->msgs, (f->n + 1) * sizeof(*f->msgs));
	m = &f->msgs[f->n++];
	m->uid = f->uidnext++;
	m->data = crlf_dup(data, len, &m->len);
	m->internaldate = internaldate;
	m->flags = flags;
	return m->uid;
}

struct mem_msg *
mem_msg_get(const struct mem_folder *f, uint32_t uid)
{
	for (size_t i = 0; i < f->n; i++)
		if (f->msgs[i].uid == uid)
			return &f->msgs[i];
	return NULL;
}

bool
mem_msg_remove(struct mem_folder *f, uint32_t uid)
{
	for (size_t i = 0; i < f->n; i++) {
		if (f->msgs[i].uid != uid)
			continue;
		free(f->msgs[i].data);
		memmove(&f->msgs[i], &f->msgs[i + 1], (f->n - i - 1) * sizeof(*f->msgs));
		f->n--;
		return true;
	}
	return false;
}

/* ---- reading messages: header fields, MIME entities ------------------------------------ */

struct span {
	const char *p;
	size_t len;
};

/* An entity (a message or a body part): its header block and its body. */
struct entity {
	struct span header; /* the fields, each with its CRLF, without the blank line */
	struct span body;
	size_t header_full; /* the header with the blank line (BODY[HEADER]) */
};

static void
entity_split(const char *d, size_t len, struct entity *e)
{
	const char *end = NULL;

	e->header.p = d;
	if (len >= 2 && d[0] == '\r' && d[1] == '\n') {
		e->header.len = 0;
		e->header_full = 2;
	} else {
		for (size_t i = 0; i + 3 < len && end == NULL; i++)
			if (memcmp(d + i, "\r\n\r\n", 4) == 0)
				end = d + i;
		e->header.len = end != NULL ? (size_t)(end - d) + 2 : len;
		e->header_full = end != NULL ? e->header.len + 2 : len;
	}
	e->body.p = d + e->header_full;
	e->body.len = len - e->header_full;
}

/* The nth (from 0) field called name in the header h, unfolded (the CRLF before
 * continuation white space dropped) and trimmed; malloc'd, or NULL when there is none. */
static char *
field_value(struct span h, const char *name, unsigned nth)
{
	size_t nlen = strlen(name), i = 0;

	while (i < h.len) {
		const char *line = h.p + i;
		const char *nl = memchr(line, '\n', h.len - i);
		size_t llen = nl != NULL ? (size_t)(nl - line) + 1 : h.len - i;
		struct av_buf v;
		size_t a, b, next = i + llen;

		if (llen <= nlen || strncasecmp(line, name, nlen) != 0 || line[nlen] != ':' ||
		    nth-- > 0) {
			i = next;
			continue;
		}
		av_buf_init(&v);
		av_buf_append(&v, line + nlen + 1, llen - nlen - 1);
		while (next < h.len && (h.p[next] == ' ' || h.p[next] == '\t')) {
			const char *c = h.p + next;
			const char *cnl = memchr(c, '\n', h.len - next);
			size_t clen = cnl != NULL ? (size_t)(cnl - c) + 1 : h.len - next;

			av_buf_append(&v, c, clen);
			next += clen;
		}
		/* unfold: drop every CR and LF */
		b = 0;
		for (a = 0; a < v.len; a++)
			if (v.data[a] != '\r' && v.data[a] != '\n')
				v.data[b++] = v.data[a];
		a = 0;
		while (a < b && (v.data[a] == ' ' || v.data[a] == '\t'))
			a++;
		while (b > a && (v.data[b - 1] == ' ' || v.data[b - 1] == '\t'))
			b--;
		{
			char *out = av_strndup(v.data + a, b - a);

			av_buf_clear(&v);
			return out;
		}
	}
	return NULL;
}

char *
mem_header_get(const char *data, size_t len, const char *name)
{
	struct entity e;

	entity_split(data, len, &e);
	return field_value(e.header, name, 0);
}

struct param {
	char *name; /* lower case */
	char *value;
};

/* A Content-Type or Content-Disposition value: "type/subtype; a=b; c=\"d\"". */
struct ctype {
	char *type;    /* lower case: "text", or the disposition */
	char *subtype; /* lower case or "" */
	struct param *params;
	size_t n;
};

static char *
lower(char *s)
{
	av_text_lower(s);
	return s;
}

static void
ctype_parse(const char *v, const char *dflt, struct ctype *ct)
{
	const char *p = v != NULL ? v : dflt;
	size_t n;

	memset(ct, 0, sizeof(*ct));
	p += strspn(p, " \t");
	n = strcspn(p, "/; \t");
	ct->type = lower(av_strndup(p, n));
	p += n;
	if (*p == '/') {
		p++;
		n = strcspn(p, "; \t");
		ct->subtype = lower(av_strndup(p, n));
		p += n;
	} else {
		ct->subtype = av_strdup("");
	}
	while ((p = strchr(p, ';')) != NULL) {
		struct av_buf val;
		char *name;

		p++;
		p += strspn(p, " \t");
		n = strcspn(p, "= \t;");
		name = lower(av_strndup(p, n));
		p += n;
		p += strspn(p, " \t");
		if (*p != '=') {
			free(name);
			continue;
		}
		p++;
		p += strspn(p, " \t");
		av_buf_init(&val);
		if (*p == '"') {
			for (p++; *p != '\0' && *p != '"'; p++) {
				if (*p == '\\' && p[1] != '\0')
					p++;
				av_buf_append(&val, p, 1);
			}
			if (*p == '"')
				p++;
		} else {
			n = strcspn(p, "; \t");
			av_buf_append(&val, p, n);
			p += n;
		}
		ct->params = av_realloc(ct->params, (ct->n + 1) * sizeof(*ct->params));
		ct->params[ct->n].name = name;
		ct->params[ct->n].value = val.data != NULL ? av_buf_steal(&val) : av_strdup("");
		ct->n++;
	}
}

static void
ctype_clear(struct ctype *ct)
{
	for (size_t i = 0; i < ct->n; i++) {
		free(ct->params[i].name);
		free(ct->params[i].value);
	}
	free(ct->params);
	free(ct->type);
	free(ct->subtype);
	memset(ct, 0, sizeof(*ct));
}

static const char *
ctype_param(const struct ctype *ct, const char *name)
{
	for (size_t i = 0; i < ct->n; i++)
		if (strcmp(ct->params[i].name, name) == 0)
			return ct->params[i].value;
	return NULL;
}

/* Whether the parameter base (also as base*, base*0, base*1* ..., joined) ends in ".ics". */
static bool
ctype_is_ics(const struct ctype *ct, const char *base)
{
	size_t blen = strlen(base), len;
	struct av_buf b;
	bool yes;

	av_buf_init(&b);
	for (size_t i = 0; i < ct->n; i++)
		if (strncmp(ct->params[i].name, base, blen) == 0 &&
		    (ct->params[i].name[blen] == '\0' || ct->params[i].name[blen] == '*'))
			av_buf_puts(&b, ct->params[i].value);
	len = b.len;
	while (len > 0 && (b.data[len - 1] == ' ' || b.data[len - 1] == '"'))
		len--;
	yes = len >= 4 && strncasecmp(b.data + len - 4, ".ics", 4) == 0;
	av_buf_clear(&b);
	return yes;
}

/* The body parts of a multipart body with the given boundary (RFC 2046 5.1.1): each from
 * after its delimiter line to before the CRLF that precedes the next delimiter. */
static size_t
children(struct span body, const char *boundary, struct span *out, size_t max)
{
	size_t blen = strlen(boundary), pos = 0, n = 0, start = 0;
	bool open = false;

	while (pos < body.len && n < max) {
		const char *line = body.p + pos;
		const char *nl = memchr(line, '\n', body.len - pos);
		size_t next = nl != NULL ? (size_t)(nl - body.p) + 1 : body.len;
		size_t llen = next - pos;

		if (llen >= 2 + blen && line[0] == '-' && line[1] == '-' &&
		    memcmp(line + 2, boundary, blen) == 0 &&
		    (llen == 2 + blen || strchr("-\r\n \t", line[2 + blen]) != NULL)) {
			bool close =
				llen >= 4 + blen && line[2 + blen] == '-' && line[3 + blen] == '-';

			if (open) {
				size_t end = pos >= start + 2 && body.p[pos - 2] == '\r' &&
							     body.p[pos - 1] == '\n'
						     ? pos - 2
						     : pos;

				out[n].p = body.p + start;
				out[n++].len = end - start;
			}
			if (close)
				return n;
			open = true;
			start = next;
		}
		pos = next;
	}
	if (open && n < max) {
		out[n].p = body.p + start;
		out[n++].len = body.len - start;
	}
	return n;
}

struct walk {
	uint32_t uid;
	unsigned parts;
	bool truncated;
	struct av_part_ref *refs;
	size_t n;
};

/* BODYSTRUCTURE's view of the calendar parts, numbered as RFC 3501 6.4.5 does. */
static void
walk(struct walk *w, struct span ent, const char *prefix, unsigned depth)
{
	struct entity e;
	struct ctype ct, dsp;
	char *v, *d;

	if (depth > AV_MIME_MAX_DEPTH || w->parts >= AV_MIME_MAX_PARTS) {
		w->truncated = true;
		return;
	}
	w->parts++;
	entity_split(ent.p, ent.len, &e);
	v = field_value(e.header, "Content-Type", 0);
	ctype_parse(v, "text/plain", &ct);
	free(v);
	if (strcmp(ct.type, "multipart") == 0 && ctype_param(&ct, "boundary") != NULL) {
		struct span kids[AV_MIME_MAX_PARTS + 1];
		size_t n =
			children(e.body, ctype_param(&ct, "boundary"), kids, AV_MIME_MAX_PARTS + 1);

		for (size_t i = 0; i < n; i++) {
			char *section = prefix[0] != '\0' ? av_asprintf("%s.%zu", prefix, i + 1)
							  : av_asprintf("%zu", i + 1);

			walk(w, kids[i], section, depth + 1);
			free(section);
		}
		ctype_clear(&ct);
		return;
	}
	d = field_value(e.header, "Content-Disposition", 0);
	ctype_parse(d, "", &dsp);
	free(d);
	/* message/rfc822: a forwarded message's invite is not an invite to us */
	if (!(strcmp(ct.type, "message") == 0 && strcmp(ct.subtype, "rfc822") == 0) &&
	    ((strcmp(ct.type, "text") == 0 && strcmp(ct.subtype, "calendar") == 0) ||
	     (strcmp(ct.type, "application") == 0 && strcmp(ct.subtype, "ics") == 0) ||
	     ctype_is_ics(&ct, "name") || ctype_is_ics(&dsp, "filename"))) {
		struct av_part_ref *ref;
		char *enc = field_value(e.header, "Content-Transfer-Encoding", 0);

		w->refs = av_realloc(w->refs, (w->n + 1) * sizeof(*w->refs));
		ref = &w->refs[w->n++];
		memset(ref, 0, sizeof(*ref));
		ref->uid = w->uid;
		ref->section = av_strdup(prefix[0] != '\0' ? prefix : "1");
		ref->content_type = av_asprintf("%s/%s", ct.type, ct.subtype);
		/* BODYSTRUCTURE says 7BIT when the field is missing */
		ref->encoding = enc != NULL ? lower(enc) : av_strdup("7bit");
		ref->charset = ctype_param(&ct, "charset") != NULL
				       ? lower(av_strdup(ctype_param(&ct, "charset")))
				       : NULL;
		ref->size = (uint32_t)e.body.len;
	}
	ctype_clear(&dsp);
	ctype_clear(&ct);
}

/* BODY[section] of a message: "TEXT", "HEADER" or part numbers ("2.1"); false
 * when the part does not exist (a server answers with an empty string then). */
static bool
locate(const char *data, size_t len, const char *section, struct span *out)
{
	struct entity e;
	const char *p = section;
	bool top = true;

	entity_split(data, len, &e);
	if (strcmp(section, "TEXT") == 0) {
		*out = e.body;
		return true;
	}
	if (strcmp(section, "HEADER") == 0) {
		out->p = data;
		out->len = e.header_full;
		return true;
	}
	while (*p != '\0') {
		char *end, *v;
		unsigned long k = strtoul(p, &end, 10);
		struct ctype ct;

		if (end == p || k == 0 || (*end != '.' && *end != '\0'))
			return false;
		p = *end == '.' ? end + 1 : end;
		v = field_value(e.header, "Content-Type", 0);
		ctype_parse(v, "text/plain", &ct);
		free(v);
		if (!top && strcmp(ct.type, "message") == 0 && strcmp(ct.subtype, "rfc822") == 0) {
			/* into the encapsulated message */
			entity_split(e.body.p, e.body.len, &e);
			ctype_clear(&ct);
			v = field_value(e.header, "Content-Type", 0);
			ctype_parse(v, "text/plain", &ct);
			free(v);
		}
		top = false;
		if (strcmp(ct.type, "multipart") == 0 && ctype_param(&ct, "boundary") != NULL) {
			struct span kids[AV_MIME_MAX_PARTS + 1];
			size_t n = children(e.body, ctype_param(&ct, "boundary"), kids,
					    AV_MIME_MAX_PARTS + 1);

			ctype_clear(&ct);
			if (k > n)
				return false;
			entity_split(kids[k - 1].p, kids[k - 1].len, &e);
		} else {
			ctype_clear(&ct);
			if (k != 1)
				return false;
		}
	}
	*out = e.body;
	return true;
}

/* ---- the driver ------------------------------------------------------------------------ */

struct mem {
	struct av_driver base;
	struct mem_mailbox *mb;	       /* foreign */
	char *selected;		       /* owned or NULL */
	char *drafts;		       /* owned or NULL: the Drafts folder find_folder found */
	char *sent;		       /* owned or NULL: the Sent folder find_folder found */
	char *drafts_conf, *sent_conf; /* owned or NULL: what each was found from */
	const char *drafts_how, *sent_how;
	char *refused; /* owned or NULL: Sent and Drafts refused as one folder, why */
	unsigned long calls;
	const char *fault_op; /* static, or NULL: any operation */
	unsigned long fault_at, op_calls;
	enum mem_fault fault;
	bool dead;
	unsigned long long bytes_in;
	struct av_buf trace; /* the operations called, space separated */
	const char *hook_op; /* static: mem_driver_hook's */
	unsigned long hook_at, hook_calls;
	void (*hook)(void *ctx);
	void *hook_ctx;
};

enum gate {
	GATE_GO,    /* do the operation */
	GATE_FAIL,  /* fail it at once */
	GATE_AFTER, /* do it, then fail */
};

static enum gate
enter(struct mem *d, const char *op, char **error_r)
{
	d->calls++;
	av_buf_printf(&d->trace, "%s%s", d->trace.len > 0 ? " " : "", op);
	if (d->hook != NULL && strcmp(d->hook_op, op) == 0 && ++d->hook_calls == d->hook_at)
		d->hook(d->hook_ctx);
	if (d->fault_op == NULL || strcmp(d->fault_op, op) == 0)
		d->op_calls++;
	if (!d->dead && d->fault_at != 0 && d->op_calls == d->fault_at) {
		d->dead = true;
		if (d->fault == MEM_FAULT_AFTER)
			return GATE_AFTER;
	} else if (!d->dead) {
		return GATE_GO;
	}
	av_error_set(error_r, "call %lu: connection to the in-memory server lost", d->calls);
	return GATE_FAIL;
}

/* The result of an operation done under gate: unchanged, or (GATE_AFTER) lost. */
static enum av_err
leave(struct mem *d, enum gate g, enum av_err err, char **error, char **error_r)
{
	if (g == GATE_AFTER) {
		free(*error);
		av_error_set(error_r, "call %lu: connection lost after the server acted", d->calls);
		return AV_ERR_TEMP;
	}
	if (err != AV_OK)
		*error_r = *error;
	return err;
}

static struct mem_folder *
selected(struct mem *d)
{
	return d->selected != NULL ? mem_folder_get(d->mb, d->selected) : NULL;
}

static bool
is_inbox(const char *name)
{
	return strcasecmp(name, "INBOX") == 0;
}

static long
folder_find(const struct mem_mailbox *mb, const char *name)
{
	for (size_t i = 0; i < mb->n; i++)
		if (strcmp(mb->folders[i].name, name) == 0 ||
		    (is_inbox(name) && is_inbox(mb->folders[i].name)))
			return (long)i;
	for (size_t i = 0; i < mb->n; i++)
		if (strcasecmp(mb->folders[i].name, name) == 0)
			return (long)i;
	return -1;
}

static const char *const sent_names[] = {"Sent", "Sent Items", "Sent Messages", NULL};
static const char *const drafts_names[] = {"Drafts", "INBOX.Drafts", "INBOX/Drafts", NULL};

static bool
same_conf(const char *a, const char *b)
{
	return a == NULL ? b == NULL : b != NULL && strcmp(a, b) == 0;
}

/* As imap.c: a second look for the same answers from memory, and Sent and Drafts are
 * never one folder (av_folders_apart). */
static enum av_err
do_find_folder(struct mem *d, enum av_folder_role role, const char *configured, char **name_r,
	       char **error_r)
{
	const char *const *g = role == AV_FOLDER_SENT ? sent_names : drafts_names;
	const struct mem_mailbox *mb = d->mb;
	bool sent = role == AV_FOLDER_SENT;
	char **mine = sent ? &d->sent : &d->drafts,
	     **mine_conf = sent ? &d->sent_conf : &d->drafts_conf;
	const char **mine_how = sent ? &d->sent_how : &d->drafts_how;
	const char *how = "special-use", *name;
	enum av_err err;
	long i = -1;

	if (d->refused != NULL) {
		av_error_set(error_r, "%s", d->refused);
		return AV_ERR_CONFIG;
	}
	if (*mine != NULL && same_conf(*mine_conf, configured)) {
		*name_r = av_strdup(*mine);
		return AV_OK;
	}
	for (size_t k = 0; k < mb->n && i < 0; k++)
		if (mb->folders[k].special == (int)role &&
		    !(role == AV_FOLDER_DRAFTS && is_inbox(mb->folders[k].name)))
			i = (long)k;
	if (i < 0 && configured != NULL && !(role == AV_FOLDER_DRAFTS && is_inbox(configured))) {
		how = "configured";
		i = folder_find(mb, configured);
	}
	for (; i < 0 && *g != NULL; g++) {
		how = "common name";
		i = folder_find(mb, *g);
	}
	if (i < 0) {
		av_error_set(error_r, "no %s folder", role == AV_FOLDER_SENT ? "Sent" : "Drafts");
		return AV_ERR_CONFIG;
	}
	name = mb->folders[i].name;
	err = sent ? av_folders_apart(name, configured, how, d->drafts, d->drafts_conf,
				      d->drafts_how, "the in-memory server", error_r)
		   : av_folders_apart(d->sent, d->sent_conf, d->sent_how, name, configured, how,
				      "the in-memory server", error_r);
	if (err != AV_OK) {
		/* for the rest of the session: no later look, no write */
		d->refused = av_strdup(*error_r);
		free(d->drafts);
		d->drafts = NULL;
		return err;
	}
	free(*mine);
	*mine = av_strdup(name);
	free(*mine_conf);
	*mine_conf = configured != NULL ? av_strdup(configured) : NULL;
	*mine_how = how;
	*name_r = av_strdup(name);
	return AV_OK;
}

static enum av_err
mem_find_folder(struct av_driver *drv, enum av_folder_role role, const char *configured,
		char **name_r, char **error_r)
{
	struct mem *d = (struct mem *)drv;
	char *name = NULL, *error = NULL;
	enum gate g = enter(d, "find_folder", error_r);
	enum av_err err;

	if (g == GATE_FAIL)
		return AV_ERR_TEMP;
	err = do_find_folder(d, role, configured, &name, &error);
	err = leave(d, g, err, &error, error_r);
	if (err == AV_OK)
		*name_r = name;
	else
		free(name);
	return err;
}

/* EXAMINE: select folder read-only. */
static enum av_err
do_examine(struct mem *d, const char *folder, struct av_folder_info *info_r, char **error_r)
{
	long i = folder_find(d->mb, folder);
	const struct mem_folder *f;

	free(d->selected);
	d->selected = NULL;
	if (i < 0) {
		av_error_set(error_r, "EXAMINE \"%s\": no such folder", folder);
		return AV_ERR_CONFIG;
	}
	f = &d->mb->folders[i];
	d->selected = av_strdup(f->name);
	if (info_r != NULL) {
		memset(info_r, 0, sizeof(*info_r));
		info_r->uidvalidity = f->uidvalidity;
		info_r->uidnext = f->uidnext;
		info_r->exists = (uint32_t)f->n;
	}
	return AV_OK;
}

static enum av_err
mem_examine(struct av_driver *drv, const char *folder, struct av_folder_info *info_r,
	    char **error_r)
{
	struct mem *d = (struct mem *)drv;
	struct av_folder_info info;
	char *error = NULL;
	enum gate g = enter(d, "examine", error_r);
	enum av_err err;

	if (g == GATE_FAIL)
		return AV_ERR_TEMP;
	err = do_examine(d, folder, &info, &error);
	err = leave(d, g, err, &error, error_r);
	if (err == AV_OK && info_r != NULL)
		*info_r = info;
	return err;
}

static enum av_err
need_selected(struct mem *d, struct mem_folder **f_r, char **error_r)
{
	*f_r = selected(d);
	if (*f_r != NULL)
		return AV_OK;
	av_error_set(error_r, "no folder examined");
	return AV_ERR_SOFTWARE;
}

static enum av_err
mem_search(struct av_driver *drv, uint32_t from_uid, time_t since, uint32_t **uids_r, size_t *n_r,
	   char **error_r)
{
	struct mem *d = (struct mem *)drv;
	struct mem_folder *f;
	char *error = NULL;
	uint32_t *uids = NULL;
	size_t n = 0;
	enum gate g = enter(d, "search", error_r);
	enum av_err err;

	if (g == GATE_FAIL)
		return AV_ERR_TEMP;
	err = need_selected(d, &f, &error);
	if (err == AV_OK) {
		/* SINCE as the IMAP driver asks it (the day of since - 12 h), compared as a
		 * server in UTC does: by the day of INTERNALDATE */
		time_t day = since > 0 ? (since - 12 * 3600) / 86400 : 0;

		uids = av_calloc(f->n + 1, sizeof(*uids));
		for (size_t i = 0; i < f->n; i++)
			if (f->msgs[i].uid >= (from_uid ? from_uid : 1) &&
			    (since <= 0 || f->msgs[i].internaldate / 86400 >= day) &&
			    !(av_folders_same(f->name, d->sent) && (f->msgs[i].flags & MEM_DRAFT)))
				uids[n++] = f->msgs[i].uid;
	}
	err = leave(d, g, err, &error, error_r);
	if (err != AV_OK) {
		free(uids);
		return err;
	}
	*uids_r = uids;
	*n_r = n;
	return AV_OK;
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* uids sorted, without duplicates. */
static uint32_t *
sorted(const uint32_t *uids, size_t n, size_t *m_r)
{
	uint32_t *s = av_calloc(n + 1, sizeof(*s));
	size_t m = 0;

	memcpy(s, uids, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_u32);
	for (size_t i = 0; i < n; i++)
		if (m == 0 || s[m - 1] != s[i])
			s[m++] = s[i];
	*m_r = m;
	return s;
}

static enum av_err
mem_calendar_parts(struct av_driver *drv, const uint32_t *uids, size_t n,
		   struct av_part_ref **parts_r, size_t *n_parts_r, char **error_r)
{
	struct mem *d = (struct mem *)drv;
	struct walk w = {0, 0, false, NULL, 0};
	struct mem_folder *f;
	char *error = NULL;
	enum gate g = enter(d, "calendar_parts", error_r);
	enum av_err err;

	if (g == GATE_FAIL)
		return AV_ERR_TEMP;
	err = need_selected(d, &f, &error);
	if (err == AV_OK) {
		size_t m;
		uint32_t *s = sorted(uids, n, &m);

		for (size_t i = 0; i < m; i++) {
			const struct mem_msg *msg = mem_msg_get(f, s[i]);
			struct span all;

			if (msg == NULL)
				continue;
			all.p = msg->data;
			all.len = msg->len;
			w.uid = msg->uid;
			w.parts = 0;
			walk(&w, all, "", 0);
		}
		free(s);
	}
	err = leave(d, g, err, &error, error_r);
	if (err != AV_OK) {
		av_part_refs_free(&w.refs, w.n);
		return err;
	}
	*parts_r = w.refs != NULL ? w.refs : av_calloc(1, sizeof(**parts_r));
	*n_parts_r = w.n;
	return AV_OK;
}

static enum av_err
mem_fetch_part(struct av_driver *drv, uint32_t uid, const char *section, size_t max, char **data_r,
	       size_t *len_r, char **error_r)
{
	struct mem *d = (struct mem *)drv;
	struct mem_folder *f;
	const struct mem_msg *msg;
	struct span part = {"", 0};
	char *error = NULL, *data = NULL;
	enum gate g = enter(d, "fetch_part", error_r);
	enum av_err err;

	if (g == GATE_FAIL)
		return AV_ERR_TEMP;
	err = need_selected(d, &f, &error);
	if (err == AV_OK && (uid == 0 || max == 0)) {
		av_error_set(&error, "fetch_part: UID %u, max %zu", (unsigned)uid, max);
		err = AV_ERR_SOFTWARE;
	}
	if (err == AV_OK && (msg = mem_msg_get(f, uid)) == NULL) {
		av_error_set(&error, "UID %u part %s: not in \"%s\" (expunged?)", (unsigned)uid,
			     section, f->name);
		err = AV_ERR_DATA;
	} else if (err == AV_OK) {
		/* a part that does not exist comes back empty */
		if (!locate(msg->data, msg->len, section, &part))
			part.len = 0;
		if (part.len > max)
			part.len = max; /* BODY.PEEK[section]<0.max> */
		data = av_malloc(part.len + 1);
		memcpy(data, part.p, part.len);
		data[part.len] = '\0';
		d->bytes_in += part.len;
	}
	err = leave(d, g, err, &error, error_r);
	if (err != AV_OK) {
		free(data);
		return err;
	}
	*data_r = data;
	*len_r = part.len;
	return AV_OK;
}

/* As the IMAP driver makes it: from the header fields the server returns (here the
 * whole header block: av_mime_envelope reads only the fields it names). */
static void
fill_envelope(struct av_envelope *e, const struct mem_msg *msg, unsigned flags)
{
	struct entity ent;

	entity_split(msg->data, msg->len, &ent);
	av_mime_envelope(ent.header.p, ent.header.len, (flags & AV_ENV_LIST_HEADERS) != 0, e);
	e->uid = msg->uid;
	e->internaldate = (flags & AV_ENV_INTERNALDATE) ? msg->internaldate : 0;
	/* as imap.c, which asks for MESSAGE-ID only with the flag, and with AV_ENV_ID_ONLY
	 * for it alone */
	if (!(flags & (AV_ENV_MESSAGE_ID | AV_ENV_ID_ONLY))) {
		free(e->message_id);
		e->message_id = NULL;
	}
	if (flags & AV_ENV_ID_ONLY) {
		/* what the header block of that one field gives */
		char *hdr = e->message_id != NULL
				    ? av_asprintf("Message-ID: <%s>\r\n", e->message_id)
				    : av_strdup("");
		struct av_envelope *one = av_malloc(sizeof(*one));

		*one = *e;
		av_envelopes_free(&one, 1); /* e's fields */
		av_mime_envelope(hdr, strlen(hdr), false, e);
		e->uid = msg->uid;
		e->internaldate = (flags & AV_ENV_INTERNALDATE) ? msg->internaldate : 0;
		free(hdr);
	}
}

static enum av_err
mem_envelopes(struct av_driver *drv, const uint32_t *uids, size_t n, unsigned flags,
	      struct av_envelope **envs_r, size_t *n_envs_r, char **error_r)
{
	struct mem *d = (struct mem *)drv;
	struct mem_folder *f;
	struct av_envelope *envs = NULL;
	size_t n_envs = 0;
	char *error = NULL;
	enum gate g = enter(d, "envelopes", error_r);
	enum av_err err;

	if (g == GATE_FAIL)
		return AV_ERR_TEMP;
	err = need_selected(d, &f, &error);
	if (err == AV_OK) {
		size_t m;
		uint32_t *s = sorted(uids, n, &m);

		envs = av_calloc(m + 1, sizeof(*envs));
		for (size_t i = 0; i < m; i++) {
			const struct mem_msg *msg = mem_msg_get(f, s[i]);

			if (msg != NULL)
				fill_envelope(&envs[n_envs++], msg, flags);
		}
		free(s);
	}
	err = leave(d, g, err, &error, error_r);
	if (err != AV_OK) {
		av_envelopes_free(&envs, n_envs);
		return err;
	}
	*envs_r = envs;
	*n_envs_r = n_envs;
	return AV_OK;
}

/* Only the Drafts folder find_folder found, never INBOX nor Sent, never in a dry run. */
static enum av_err
may_write(struct mem *d, const char *what, const char *folder, char **error_r)
{
	if (d->base.dry_run) {
		av_error_set(error_r, "dry run: %s refused", what);
		return AV_ERR_SOFTWARE;
	}
	if (d->drafts == NULL || strcmp(folder, d->drafts) != 0 || is_inbox(folder) ||
	    av_folders_same(folder, d->sent)) {
		av_error_set(error_r, "%s in \"%s\" refused: it is not the Drafts folder", what,
			     folder);
		return AV_ERR_SOFTWARE;
	}
	return AV_OK;
}

static enum av_err
do_append(struct mem *d, const char *folder, const char *msg, size_t len, uint32_t *uidvalidity_r,
	  uint32_t *uid_r, char **error_r)
{
	struct mem_folder *f;
	enum av_err err = may_write(d, "APPEND", folder, error_r);

	if (err != AV_OK)
		return err;
	if (memchr(msg, '\0', len) != NULL) {
		av_error_set(error_r, "APPEND: the message holds a NUL byte");
		return AV_ERR_SOFTWARE;
	}
	if ((f = mem_folder_get(d->mb, folder)) == NULL) {
		av_error_set(error_r, "APPEND to \"%s\": NO [TRYCREATE]", folder);
		return AV_ERR_TEMP;
	}
	*uid_r = mem_msg_add(f, msg, len, d->mb->clock, MEM_DRAFT | MEM_SEEN);
	*uidvalidity_r = f->uidvalidity;
	if (!d->mb->uidplus)
		*uid_r = *uidvalidity_r = 0; /* no APPENDUID */
	return AV_OK;
}

static enum av_err
mem_append(struct av_driver *drv, const char *folder, const char *msg, size_t len,
	   uint32_t *uidvalidity_r, uint32_t *uid_r, char **error_r)
{
	struct mem *d = (struct mem *)drv;
	uint32_t uidvalidity = 0, uid = 0;
	char *error = NULL;
	enum gate g = enter(d, "append", error_r);
	enum av_err err;

	if (g == GATE_FAIL)
		return AV_ERR_TEMP;
	err = do_append(d, folder, msg, len, &uidvalidity, &uid, &error);
	err = leave(d, g, err, &error, error_r);
	if (err != AV_OK)
		return err;
	if (uidvalidity_r != NULL)
		*uidvalidity_r = uidvalidity;
	if (uid_r != NULL)
		*uid_r = uid;
	return AV_OK;
}

/* Whether s contains sub, ignoring ASCII case (SEARCH HEADER's comparison). */
static bool
contains_nocase(const char *s, const char *sub)
{
	size_t n = strlen(sub);

	for (; *s != '\0'; s++)
		if (strncasecmp(s, sub, n) == 0)
			return true;
	return n == 0;
}

/* Whether msg's header has a field header containing value. */
static bool
header_has(const struct mem_msg *msg, const char *header, const char *value)
{
	struct entity e;
	bool hit = false;
	char *v;

	entity_split(msg->data, msg->len, &e);
	for (unsigned k = 0; !hit && (v = field_value(e.header, header, k)) != NULL; k++) {
		hit = contains_nocase(v, value);
		free(v);
	}
	return hit;
}

static enum av_err
mem_search_headers(struct av_driver *drv, const char *folder, const struct av_header_key *keys,
		   size_t n_keys, size_t per, uint32_t **uids_r, size_t *n_r, char **error_r)
{
	struct mem *d = (struct mem *)drv;
	struct mem_folder *f;
	uint32_t *uids = NULL;
	size_t n = 0;
	char *error = NULL;
	enum gate g = enter(d, "search_headers", error_r);
	enum av_err err = AV_OK;

	if (g == GATE_FAIL)
		return AV_ERR_TEMP;
	if (n_keys == 0 || per == 0 || n_keys % per != 0) {
		av_error_set(&error, "search_headers: %zu keys in runs of %zu", n_keys, per);
		err = AV_ERR_SOFTWARE;
	}
	if (err == AV_OK)
		err = do_examine(d, folder, NULL, &error);
	if (err == AV_OK) {
		f = selected(d);
		uids = av_calloc(f->n + 1, sizeof(*uids));
		for (size_t i = 0; i < f->n; i++) {
			bool hit = false;

			for (size_t r = 0; !hit && r < n_keys / per; r++) {
				bool all = true;

				for (size_t k = r * per; all && k < (r + 1) * per; k++)
					all = header_has(&f->msgs[i], keys[k].header,
							 keys[k].value);
				hit = all;
			}
			if (hit)
				uids[n++] = f->msgs[i].uid;
		}
	}
	err = leave(d, g, err, &error, error_r);
	if (err != AV_OK) {
		free(uids);
		return err;
	}
	*uids_r = uids;
	*n_r = n;
	return AV_OK;
}

static enum av_err
mem_present(struct av_driver *drv, const char *folder, const uint32_t *uids, size_t n,
	    uint32_t **present_r, size_t *n_present_r, char **error_r)
{
	struct mem *d = (struct mem *)drv;
	uint32_t *got = NULL;
	size_t k = 0;
	char *error = NULL;
	enum gate g = enter(d, "present", error_r);
	enum av_err err = AV_OK;

	if (g == GATE_FAIL)
		return AV_ERR_TEMP;
	if (n == 0) {
		av_error_set(&error, "present: no UID");
		err = AV_ERR_SOFTWARE;
	}
	if (err == AV_OK)
		err = do_examine(d, folder, NULL, &error);
	if (err == AV_OK) {
		got = av_calloc(n + 1, sizeof(*got));
		for (size_t i = 0; i < n; i++)
			if (mem_msg_get(selected(d), uids[i]) != NULL)
				got[k++] = uids[i];
	}
	err = leave(d, g, err, &error, error_r);
	if (err != AV_OK) {
		free(got);
		return err;
	}
	*present_r = got;
	*n_present_r = k;
	return AV_OK;
}

static enum av_err
mem_fetch_sections(struct av_driver *drv, const uint32_t *uids, size_t n, const char *section,
		   size_t max, size_t total, struct av_text **texts_r, size_t *n_texts_r,
		   char **error_r)
{
	struct mem *d = (struct mem *)drv;
	struct mem_folder *f;
	struct av_text *texts = NULL;
	size_t k = 0;
	char *error = NULL;
	enum gate g = enter(d, "fetch_sections", error_r);
	size_t sum = 0;
	enum av_err err;

	if (g == GATE_FAIL)
		return AV_ERR_TEMP;
	err = need_selected(d, &f, &error);
	if (err == AV_OK && (n == 0 || max == 0)) {
		av_error_set(&error, "fetch_sections: %zu UIDs, max %zu", n, max);
		err = AV_ERR_SOFTWARE;
	}
	if (err == AV_OK) {
		texts = av_calloc(n + 1, sizeof(*texts));
		for (size_t i = 0; i < n; i++) {
			const struct mem_msg *msg = mem_msg_get(f, uids[i]);
			struct span part = {"", 0};

			if (msg == NULL)
				continue;
			if (!locate(msg->data, msg->len, section, &part))
				part.len = 0;
			if (part.len > max)
				part.len = max;
			if ((sum += part.len) > total) {
				/* the stream guard ends a session whose reply is larger */
				av_error_set(&error, "fetch_sections: more than %zu octets", total);
				err = AV_ERR_TEMP;
				break;
			}
			texts[k].uid = uids[i];
			texts[k].len = part.len;
			texts[k].data = av_malloc(part.len + 1);
			memcpy(texts[k].data, part.p, part.len);
			texts[k].data[part.len] = '\0';
			d->bytes_in += part.len;
			k++;
		}
	}
	err = leave(d, g, err, &error, error_r);
	if (err != AV_OK) {
		av_texts_free(&texts, k);
		return err;
	}
	*texts_r = texts;
	*n_texts_r = k;
	return AV_OK;
}

static enum av_err
mem_fetch_message(struct av_driver *drv, const char *folder, uint32_t uid, size_t max,
		  char **data_r, size_t *len_r, unsigned *flags_r, char **error_r)
{
	struct mem *d = (struct mem *)drv;
	const struct mem_msg *msg = NULL;
	char *error = NULL, *data = NULL;
	size_t len = 0;
	enum gate g = enter(d, "fetch_message", error_r);
	enum av_err err = AV_OK;

	if (g == GATE_FAIL)
		return AV_ERR_TEMP;
	if (uid == 0 || max == 0) {
		av_error_set(&error, "fetch_message: UID %u, max %zu", (unsigned)uid, max);
		err = AV_ERR_SOFTWARE;
	}
	if (err == AV_OK)
		err = do_examine(d, folder, NULL, &error);
	if (err == AV_OK && (msg = mem_msg_get(selected(d), uid)) == NULL) {
		av_error_set(&error, "UID %u: not in \"%s\" (expunged?)", (unsigned)uid, folder);
		err = AV_ERR_DATA;
	} else if (err == AV_OK && msg->len > max) {
		av_error_set(&error, "UID %u in \"%s\": larger than the %zu octets allowed",
			     (unsigned)uid, folder, max);
		err = AV_ERR_DATA;
	} else if (err == AV_OK) {
		len = msg->len;
		data = av_malloc(len + 1);
		memcpy(data, msg->data, len + 1);
		d->bytes_in += len;
	}
	err = leave(d, g, err, &error, error_r);
	if (err != AV_OK) {
		free(data);
		return err;
	}
	*data_r = data;
	*len_r = len;
	if (flags_r != NULL)
		*flags_r = ((msg->flags & MEM_SEEN) ? AV_MSG_SEEN : 0) |
			   ((msg->flags & MEM_DRAFT) ? AV_MSG_DRAFT : 0) |
			   ((msg->flags & MEM_FLAGGED) ? AV_MSG_FLAGGED : 0) |
			   ((msg->flags & MEM_KEYWORD) ? AV_MSG_KEYWORD : 0);
	return AV_OK;
}

/* The withdrawal's check: exactly one field name, its value exactly want. */
static bool
field_exactly(const struct entity *e, const char *name, const char *want)
{
	char *v = field_value(e->header, name, 0), *again = field_value(e->header, name, 1);
	bool same = want != NULL && v != NULL && again == NULL && strcmp(v, want) == 0;

	free(v);
	free(again);
	return same;
}

static enum av_err
do_withdraw(struct mem *d, const char *folder, uint32_t uid, const char *token, char **error_r)
{
	enum av_err err = may_write(d, "withdrawal", folder, error_r);
	struct mem_folder *f;
	const struct mem_msg *msg;
	struct entity e;
	bool ours;

	if (err != AV_OK)
		return err;
	if (uid == 0 || token == NULL || token[0] == '\0') {
		av_error_set(error_r, "withdraw: UID %u, token \"%s\"", (unsigned)uid,
			     token != NULL ? token : "");
		return AV_ERR_SOFTWARE;
	}
	if (!d->mb->uidplus) {
		av_error_set(error_r, "server lacks UIDPLUS: afterview never removes anything "
				      "without it");
		return AV_ERR_CONFIG;
	}
	/* SELECT, read-write */
	free(d->selected);
	d->selected = NULL;
	if ((f = mem_folder_get(d->mb, folder)) == NULL) {
		av_error_set(error_r, "SELECT \"%s\": no such folder", folder);
		return AV_ERR_TEMP;
	}
	d->selected = av_strdup(folder);
	/* the check on the server right before: UID there, its Message-ID carrying the
	 * token's key or (an older draft) its X-Afterview-Id exactly token, once */
	if ((msg = mem_msg_get(f, uid)) == NULL) {
		av_error_set(error_r, "UID %u: not in \"%s\" (gone already?)", (unsigned)uid,
			     folder);
		err = AV_ERR_DATA;
	} else {
		char *key = av_message_id_key(token), *id;

		entity_split(msg->data, msg->len, &e);
		id = field_value(e.header, "Message-ID", 0);
		ours = (id != NULL && strstr(id, key) != NULL) ||
		       field_exactly(&e, "X-Afterview-Id", token);
		free(id);
		free(key);
		if (!ours) {
			av_error_set(error_r,
				     "UID %u in \"%s\" is not afterview's draft %s: left alone",
				     (unsigned)uid, folder, token);
			err = AV_ERR_DATA;
		} else {
			/* UID STORE +FLAGS (\Deleted), UID EXPUNGE of that UID only */
			mem_msg_remove(f, uid);
		}
	}
	/* back to EXAMINE */
	return err;
}

static enum av_err
mem_withdraw(struct av_driver *drv, const char *folder, uint32_t uid, const char *token,
	     char **error_r)
{
	struct mem *d = (struct mem *)drv;
	char *error = NULL;
	enum gate g = enter(d, "withdraw", error_r);
	enum av_err err;

	if (g == GATE_FAIL)
		return AV_ERR_TEMP;
	err = do_withdraw(d, folder, uid, token, &error);
	return leave(d, g, err, &error, error_r);
}

static void
mem_stats(struct av_driver *drv, unsigned long *commands_r, unsigned long long *bytes_in_r)
{
	struct mem *d = (struct mem *)drv;

	if (commands_r != NULL)
		*commands_r = d->calls;
	if (bytes_in_r != NULL)
		*bytes_in_r = d->bytes_in;
}

static void
mem_close(struct av_driver **drv)
{
	struct mem *d;

	if (drv == NULL || *drv == NULL)
		return;
	d = (struct mem *)*drv;
	*drv = NULL;
	free(d->selected);
	free(d->drafts);
	free(d->sent);
	free(d->drafts_conf);
	free(d->sent_conf);
	free(d->refused);
	av_buf_clear(&d->trace);
	free(d);
}

static const struct av_driver_ops mem_ops = {
	.find_folder = mem_find_folder,
	.examine = mem_examine,
	.search = mem_search,
	.calendar_parts = mem_calendar_parts,
	.fetch_part = mem_fetch_part,
	.envelopes = mem_envelopes,
	.append = mem_append,
	.search_headers = mem_search_headers,
	.present = mem_present,
	.fetch_sections = mem_fetch_sections,
	.fetch_message = mem_fetch_message,
	.withdraw = mem_withdraw,
	.stats = mem_stats,
	.close = mem_close,
};

void
mem_driver_open(struct mem_mailbox *mb, bool dry_run, struct av_driver **drv_r)
{
	struct mem *d = av_calloc(1, sizeof(*d));

	d->base.ops = &mem_ops;
	d->base.dry_run = dry_run;
	d->base.can_withdraw = mb->uidplus;
	d->mb = mb;
	av_buf_init(&d->trace);
	*drv_r = &d->base;
}

void
mem_driver_fault(struct av_driver *drv, const char *op, unsigned long nth, enum mem_fault kind)
{
	struct mem *d = (struct mem *)drv;

	d->fault_op = op;
	d->fault_at = nth;
	d->op_calls = 0;
	d->fault = kind;
}

unsigned long
mem_driver_calls(const struct av_driver *drv)
{
	return ((const struct mem *)drv)->calls;
}

const char *
mem_driver_trace(const struct av_driver *drv)
{
	const struct mem *d = (const struct mem *)drv;

	return d->trace.data != NULL ? d->trace.data : "";
}

void
mem_driver_hook(struct av_driver *drv, const char *op, unsigned long nth, void (*fn)(void *ctx),
		void *ctx)
{
	struct mem *d = (struct mem *)drv;

	d->hook_op = op;
	d->hook_at = nth;
	d->hook_calls = 0;
	d->hook = fn;
	d->hook_ctx = ctx;
}
