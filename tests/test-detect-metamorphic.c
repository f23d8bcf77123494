/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Metamorphic tests of detection: boilerplate does not change a verdict. For every
 * fixture in tests/data/invites and tests/data/detect (NAME.eml with NAME.expect, as
 * test-fixtures-detect reads them; "error:" fixtures are skipped) and every block in
 * tests/data/boilerplate (NAME.txt), the block is added to the end of each event's
 * DESCRIPTION and to the start of the message's first text/plain part (re-encoded in its
 * transfer encoding; messages without one have no message text to change), the message
 * goes through av_mime_parse → av_invite_parse → av_detect_score_msg again, and the
 * verdict (any event an interview) must be the one the fixture had without the block and
 * the one its .expect gives.
 *
 * Output: the matrix (fixtures × blocks; '.' same verdict, 'X' changed, 'm' marks a
 * fixture whose message text could not be changed), the totals, and precision and recall
 * against the .expect files, over the fixtures alone and over fixtures plus variants
 * (counted per message: an interview found where the .expect says yes is a true
 * positive, and so on). AV_METAMORPHIC_COUNT=1 prints the same but never fails (for
 * measuring an older detect.c); AV_TEST_VERBOSE=1 prints the reasons of every changed
 * verdict. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <strings.h>

#include "afterview/detect.h"
#include "afterview/invite.h"
#include "afterview/log.h"
#include "afterview/mime.h"
#include "afterview/util.h"
#include "afterview/words.h"
#include "harness.h"

#define ZONE "America/New_York"

static struct av_wordlists *words;

static char *
read_all(const char *path, size_t *len_r)
{
	FILE *f = fopen(path, "rb");
	struct av_buf b;
	char chunk[65536];
	size_t n;

	if (f == NULL)
		return NULL;
	av_buf_init(&b);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		av_buf_append(&b, chunk, n);
	fclose(f);
	*len_r = b.len;
	return av_buf_steal(&b);
}

/* The names (without the extension) of dir's files ending in ext, sorted. */
static char **
list_dir(const char *dir, const char *ext, size_t *n_r)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, el = strlen(ext);

	if (d == NULL) {
		printf("%s: %s\n", dir, strerror(errno));
		*n_r = 0;
		return NULL;
	}
	while ((de = readdir(d)) != NULL) {
		size_t l = strlen(de->d_name);

		if (l > el && strcmp(de->d_name + l - el, ext) == 0) {
			names = av_realloc(names, (n + 1) * sizeof(*names));
			names[n++] = av_strndup(de->d_name, l - el);
		}
	}
	closedir(d);
	for (size_t i = 1; i < n; i++) /* insertion sort: a few dozen names */
		for (size_t k = i; k > 0 && strcmp(names[k - 1], names[k]) > 0; k--) {
			char *t = names[k];

			names[k] = names[k - 1];
			names[k - 1] = t;
		}
	*n_r = n;
	return names;
}

/* "interview: yes|no" of an .expect: 1, 0, -1 without the line, -2 for "error:". */
static int
expect_verdict(const char *path)
{
	size_t len;
	char *text = read_all(path, &len), *line, *save = NULL;
	int v = -1;

	if (text == NULL)
		return -1;
	for (line = strtok_r(text, "\r\n", &save); line != NULL;
	     line = strtok_r(NULL, "\r\n", &save)) {
		if (strncmp(line, "error:", 6) == 0)
			v = -2;
		else if (strncmp(line, "interview: yes", 14) == 0 && v != -2)
			v = 1;
		else if (strncmp(line, "interview: no", 13) == 0 && v != -2)
			v = 0;
	}
	free(text);
	return v;
}

/* ---- changing the message text ------------------------------------------------------ */

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void
b64_decode(const char *s, size_t len, struct av_buf *out)
{
	unsigned acc = 0;
	int bits = 0;

	for (size_t i = 0; i < len; i++) {
		const char *p = s[i] != '\0' ? strchr(b64, s[i]) : NULL;

		if (p == NULL)
			continue; /* line breaks, padding */
		acc = (acc << 6) | (unsigned)(p - b64);
		bits += 6;
		if (bits >= 8) {
			char c = (char)((acc >> (bits - 8)) & 0xff);

			av_buf_append(out, &c, 1);
			bits -= 8;
		}
	}
}

static void
b64_encode(const unsigned char *s, size_t len, const char *eol, struct av_buf *out)
{
	size_t col = 0;

	for (size_t i = 0; i < len; i += 3) {
		unsigned v = (unsigned)s[i] << 16;
		char q[4];

		if (i + 1 < len)
			v |= (unsigned)s[i + 1] << 8;
		if (i + 2 < len)
			v |= s[i + 2];
		q[0] = b64[(v >> 18) & 63];
		q[1] = b64[(v >> 12) & 63];
		q[2] = i + 1 < len ? b64[(v >> 6) & 63] : '=';
		q[3] = i + 2 < len ? b64[v & 63] : '=';
		av_buf_append(out, q, 4);
		col += 4;
		if (col >= 76) {
			av_buf_puts(out, eol);
			col = 0;
		}
	}
	if (col > 0)
		av_buf_puts(out, eol);
}

/* The block as lines ending in eol; for quoted-printable '=' is escaped and long lines
 * get soft breaks. */
static void
append_text(struct av_buf *out, const char *block, const char *eol, bool qp)
{
	size_t col = 0;

	for (const char *p = block; *p != '\0'; p++) {
		if (*p == '\r')
			continue;
		if (*p == '\n') {
			av_buf_puts(out, eol);
			col = 0;
			continue;
		}
		if (qp && col >= 72) {
			av_buf_puts(out, "=");
			av_buf_puts(out, eol);
			col = 0;
		}
		if (qp && *p == '=') {
			av_buf_puts(out, "=3D");
			col += 3;
		} else {
			av_buf_append(out, p, 1);
			col++;
		}
	}
	av_buf_puts(out, eol);
	av_buf_puts(out, eol);
}

static const char *
find(const char *s, size_t len, const char *needle)
{
	size_t nl = strlen(needle);

	for (size_t i = 0; i + nl <= len; i++)
		if (memcmp(s + i, needle, nl) == 0)
			return s + i;
	return NULL;
}

static const char *
find_ci(const char *s, size_t len, const char *needle)
{
	size_t nl = strlen(needle);

	for (size_t i = 0; i + nl <= len; i++)
		if (strncasecmp(s + i, needle, nl) == 0)
			return s + i;
	return NULL;
}

/* A copy of msg with block at the start of its first text/plain part, or NULL when it
 * has none (or one in an encoding this test does not write). */
static char *
add_to_message_text(const char *msg, size_t len, const char *block, size_t *len_r)
{
	const char *eol = find(msg, len, "\r\n") != NULL ? "\r\n" : "\n";
	const char *ct = NULL, *hstart, *hend, *body, *bend, *cte;
	struct av_buf out, dec;
	bool qp = false, base64 = false;

	for (const char *p = msg; p < msg + len;) {
		const char *hit = find_ci(p, (size_t)(msg + len - p), "content-type:");

		if (hit == NULL)
			break;
		if (hit == msg || hit[-1] == '\n') {
			const char *v = hit + 13;

			while (*v == ' ' || *v == '\t')
				v++;
			if (strncasecmp(v, "text/plain", 10) == 0) {
				ct = hit;
				break;
			}
		}
		p = hit + 13;
	}
	if (ct == NULL)
		return NULL;
	/* the part's headers start after its boundary line (or at the top) */
	hstart = msg;
	for (const char *p = msg; p < ct; p++)
		if ((p == msg || p[-1] == '\n') && p[0] == '-' && p[1] == '-') {
			const char *nl = memchr(p, '\n', (size_t)(ct - p));

			if (nl != NULL)
				hstart = nl + 1;
		}
	hend = find(ct, (size_t)(msg + len - ct), eol[0] == '\r' ? "\r\n\r\n" : "\n\n");
	if (hend == NULL)
		return NULL;
	body = hend + strlen(eol) * 2;
	cte = find_ci(hstart, (size_t)(hend - hstart), "content-transfer-encoding:");
	if (cte != NULL) {
		const char *v = cte + 26;

		while (*v == ' ' || *v == '\t')
			v++;
		qp = strncasecmp(v, "quoted-printable", 16) == 0;
		base64 = strncasecmp(v, "base64", 6) == 0;
	}
	/* the body ends at the next boundary line */
	bend = msg + len;
	for (const char *p = body; p < msg + len; p++)
		if ((p == body || p[-1] == '\n') && p + 1 < msg + len && p[0] == '-' &&
		    p[1] == '-') {
			bend = p;
			break;
		}
	av_buf_init(&out);
	av_buf_append(&out, msg, (size_t)(body - msg));
	if (base64) {
		av_buf_init(&dec);
		append_text(&dec, block, eol, false);
		b64_decode(body, (size_t)(bend - body), &dec);
		b64_encode((const unsigned char *)dec.data, dec.len, eol, &out);
		av_buf_clear(&dec);
	} else {
		append_text(&out, block, eol, qp);
		av_buf_append(&out, body, (size_t)(bend - body));
	}
	av_buf_append(&out, bend, (size_t)(msg + len - bend));
	*len_r = out.len;
	return av_buf_steal(&out);
}

/* ---- detection over one message ----------------------------------------------------- */

/* Is any event of msg an interview, with block (may be NULL) added to each DESCRIPTION?
 * -1 when the message does not parse. The reasons go to why (may be NULL). */
static int
verdict(const char *msg, size_t len, const char *block, struct av_buf *why)
{
	struct av_mime_result *res = NULL;
	char *error = NULL;
	int any = 0;
	struct av_invite_mail m = {0};

	if (av_mime_parse(msg, len, &res, &error) != AV_OK) {
		free(error);
		return -1;
	}
	memset(&m, 0, sizeof(m));
	m.from = res->info.from_addr;
	m.list_unsubscribe = res->info.list_unsubscribe;
	m.list_id = res->info.list_id;
	m.precedence = res->info.precedence;
	for (size_t p = 0; p < res->n_parts; p++) {
		struct av_invite **invs = NULL;
		size_t n = 0;

		if (av_invite_parse(res->parts[p].data, res->parts[p].len, ZONE, &invs, &n,
				    &error) != AV_OK) {
			free(error);
			error = NULL;
			continue;
		}
		for (size_t k = 0; k < n; k++) {
			struct av_detection d;

			if (block != NULL) {
				char *desc = invs[k]->description != NULL
						     ? av_asprintf("%s\n\n%s", invs[k]->description,
								   block)
						     : av_strdup(block);

				free(invs[k]->description);
				invs[k]->description = desc;
			}
			av_detect_score_msg(invs[k], &m, words, NULL, &d);
			if (why != NULL) {
				av_buf_printf(why, "      \"%s\": score %d%s%s\n",
					      invs[k]->summary ? invs[k]->summary : "", d.score,
					      d.is_interview ? " (interview)" : "",
					      d.maybe ? " (maybe)" : "");
				for (char **r = d.reasons; *r; r++)
					av_buf_printf(why, "        %s\n", *r);
			}
			any = any || d.is_interview;
			av_detection_clear(&d);
		}
		av_invite_free_all(&invs, n);
	}
	av_mime_result_free(&res);
	return any;
}

/* ---- counting ------------------------------------------------------------------------- */

struct counts {
	unsigned tp, fp, fn, tn;
};

static void
count(struct counts *c, int want, int got)
{
	if (want == 1 && got == 1)
		c->tp++;
	else if (want == 1)
		c->fn++;
	else if (got == 1)
		c->fp++;
	else
		c->tn++;
}

static void
print_counts(const char *what, const struct counts *c)
{
	double p = c->tp + c->fp ? (double)c->tp / (c->tp + c->fp) : 1.0;
	double r = c->tp + c->fn ? (double)c->tp / (c->tp + c->fn) : 1.0;

	printf("%-28s %5u messages: TP %u FP %u FN %u TN %u  precision %.3f  recall %.3f\n", what,
	       c->tp + c->fp + c->fn + c->tn, c->tp, c->fp, c->fn, c->tn, p, r);
}

/* ---- the matrix ----------------------------------------------------------------------- */

struct block {
	char *name;
	char *text;
};

static void
run_dir(const char *dir, const struct block *blocks, size_t n_blocks, struct counts *base_c,
	struct counts *all_c, unsigned *pass_r, unsigned *fail_r, unsigned *base_bad_r)
{
	size_t n_fx;
	char **fx = list_dir(dir, ".eml", &n_fx);
	bool verbose = getenv("AV_TEST_VERBOSE") != NULL;

	for (size_t i = 0; i < n_fx; i++) {
		char *exp_path = av_asprintf("%s/%s.expect", dir, fx[i]);
		char *eml_path = av_asprintf("%s/%s.eml", dir, fx[i]);
		int want = expect_verdict(exp_path), base;
		size_t len = 0;
		char *msg = NULL;
		struct av_buf row, why;
		bool text_changed = true;

		if (want < 0 || (msg = read_all(eml_path, &len)) == NULL)
			goto next; /* "error:" fixtures are the parser's */
		av_buf_init(&row);
		av_buf_init(&why);
		base = verdict(msg, len, NULL, NULL);
		if (base < 0)
			base = 0;
		count(base_c, want, base);
		count(all_c, want, base);
		if (base != want) {
			(*base_bad_r)++;
			av_buf_printf(&why, "    %s without a block: %s, the .expect says %s\n",
				      fx[i], base ? "interview" : "not one", want ? "yes" : "no");
		}
		for (size_t b = 0; b < n_blocks; b++) {
			size_t vlen = 0;
			char *variant = add_to_message_text(msg, len, blocks[b].text, &vlen);
			int got;

			if (variant == NULL)
				text_changed = false;
			else if (!test_assert(vlen > len))
				printf("  %s + %s: the message text did not grow\n", fx[i],
				       blocks[b].name);
			got = verdict(variant ? variant : msg, variant ? vlen : len, blocks[b].text,
				      NULL);
			if (got < 0) { /* the variant must parse as the fixture did */
				test_assert(!"a variant parses");
				printf("  %s + %s: does not parse\n", fx[i], blocks[b].name);
				got = 0;
			}
			count(all_c, want, got);
			if (got == base && got == want) {
				av_buf_puts(&row, " .");
				(*pass_r)++;
			} else {
				av_buf_puts(&row, " X");
				(*fail_r)++;
				av_buf_printf(&why, "    %s + %s: %s (expected %s)\n", fx[i],
					      blocks[b].name, got ? "interview" : "not one",
					      want ? "yes" : "no");
				if (verbose)
					verdict(variant ? variant : msg, variant ? vlen : len,
						blocks[b].text, &why);
			}
			free(variant);
		}
		printf("%-44.44s %-3s %c%s\n", fx[i], want ? "yes" : "no", text_changed ? ' ' : 'm',
		       row.data ? row.data : "");
		if (why.len > 0)
			printf("%s", why.data);
		av_buf_clear(&row);
		av_buf_clear(&why);
	next:
		free(msg);
		free(exp_path);
		free(eml_path);
		free(fx[i]);
	}
	free(fx);
}

int
main(void)
{
	const char *srcdir = getenv("srcdir");
	char *bdir = av_asprintf("%s/tests/data/boilerplate", srcdir ? srcdir : ".");
	static const char *const fixture_dirs[] = {"tests/data/invites", "tests/data/detect"};
	struct block *blocks;
	size_t n_blocks;
	char **bnames = list_dir(bdir, ".txt", &n_blocks);
	char *err = NULL;
	struct counts base_c = {0}, all_c = {0};
	unsigned pass = 0, fail = 0, base_bad = 0;
	bool count_only = getenv("AV_METAMORPHIC_COUNT") != NULL;

	av_log_open("test-detect-metamorphic", false);
	av_log_set_level(AV_LOG_ERROR);
	if (av_words_load(NULL, NULL, NULL, &words, &err) != AV_OK) {
		printf("word lists: %s\n", err);
		return 1;
	}
	blocks = av_calloc(n_blocks + 1, sizeof(*blocks));
	for (size_t b = 0; b < n_blocks; b++) {
		char *path = av_asprintf("%s/%s.txt", bdir, bnames[b]);
		size_t l;

		blocks[b].name = bnames[b];
		blocks[b].text = read_all(path, &l);
		if (blocks[b].text == NULL) {
			printf("%s: %s\n", path, strerror(errno));
			return 1;
		}
		free(path);
	}
	free(bnames);

	test_begin("boilerplate in the description and message text keeps every verdict");
	printf("blocks (columns):\n");
	for (size_t b = 0; b < n_blocks; b++)
		printf("  %2zu %s\n", b + 1, blocks[b].name);
	printf("%-44s %-3s %c", "fixture", "exp", ' ');
	for (size_t b = 0; b < n_blocks; b++)
		printf("%2zu", (b + 1) % 100);
	printf("\n");
	for (size_t k = 0; k < sizeof(fixture_dirs) / sizeof(fixture_dirs[0]); k++) {
		char *dir = av_asprintf("%s/%s", srcdir ? srcdir : ".", fixture_dirs[k]);

		printf("-- %s\n", fixture_dirs[k]);
		run_dir(dir, blocks, n_blocks, &base_c, &all_c, &pass, &fail, &base_bad);
		free(dir);
	}
	printf("('m': no text/plain part, only the DESCRIPTION was changed)\n");
	printf("matrix: %u fixtures x %zu blocks = %u variants: %u kept the verdict, %u changed\n",
	       base_c.tp + base_c.fp + base_c.fn + base_c.tn, n_blocks, pass + fail, pass, fail);
	print_counts("fixtures:", &base_c);
	print_counts("fixtures + variants:", &all_c);
	if (!count_only) {
		test_assert(n_blocks >= 12);
		test_assert(base_c.tp + base_c.fn >= 30 && base_c.fp + base_c.tn >= 8);
		test_assert_int(base_bad, 0);
		test_assert_int(fail, 0);
	}
	test_end();

	for (size_t b = 0; b < n_blocks; b++) {
		free(blocks[b].name);
		free(blocks[b].text);
	}
	free(blocks);
	free(bdir);
	av_words_free(&words);
	av_invite_cleanup();
	av_log_close();
	return test_exit();
}
