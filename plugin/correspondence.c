/* SPDX-License-Identifier: GPL-3.0-or-later */
/* afterview — whose address is it? The person's own (by address or by name), a robot's,
 * a team's or a list's, one at the invite's domains, one the rest of the mail gives for a
 * name; and whether the invite is the person's interview at all (correspondence.h has the
 * rules). Pure logic on struct av_invite and the interviewers' context. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "afterview/addr.h"
#include "afterview/correspondence.h"
#include "afterview/names.h"
#include "afterview/text.h"
#include "afterview/util.h"
#include "afterview/words.h"

/* ---- the person ----------------------------------------------------------------------- */

bool
av_correspondence_is_mine(const struct av_interviewers_ctx *ctx, const char *email)
{
	for (size_t i = 0; ctx != NULL && ctx->my_addresses != NULL && ctx->my_addresses[i] != NULL;
	     i++)
		if (av_addr_same(email, ctx->my_addresses[i]))
			return true;
	return false;
}

bool
av_correspondence_is_my_name(const struct av_interviewers_ctx *ctx, const char *name)
{
	char *a, *b;
	bool same;

	if (ctx == NULL || ctx->my_name == NULL || name == NULL)
		return false;
	a = av_names_key(ctx->my_name);
	b = av_names_key(name);
	same = a != NULL && b != NULL && strcmp(a, b) == 0;
	free(a);
	free(b);
	return same;
}

bool
av_correspondence_is_me_by_name(const struct av_interviewers_ctx *ctx, const struct av_attendee *a)
{
	char *name = av_names_from_cn(a->cn, a->email);
	bool hit;

	if (name == NULL && a->email != NULL && av_addr_local_is_name(a->email))
		name = av_addr_guess_name(a->email);
	hit = av_correspondence_is_my_name(ctx, name);
	free(name);
	return hit;
}

/* ---- mailboxes no person reads -------------------------------------------------------- */

/* The compact local part: lower case, without "+tag" and without . - _ ("no-reply" and
 * "no_reply" are both "noreply"). */
static void
compact_local(const char *addr, char *out, size_t outsize)
{
	const char *local;
	size_t len, o = 0;

	out[0] = '\0';
	if (addr == NULL)
		return;
	av_addr_local(addr, &local, &len);
	for (size_t i = 0; i < len && o + 1 < outsize; i++)
		if (local[i] != '.' && local[i] != '-' && local[i] != '_')
			out[o++] = av_ascii_lower(local[i]);
	out[o] = '\0';
}

bool
av_correspondence_is_system_mailbox(const char *addr)
{
	static const char *const prefixes[] = {"noreply",      "donotreply", "donotrespond",
					       "mailerdaemon", "postmaster", NULL};
	static const char *const parts[] = {"calendar",	  "notification", "scheduling", "scheduler",
					    "invitation", "candidate",	  NULL};
	static const char *const exact[] = {"invites", "invite",    "bounce", "bounces",
					    "notify",  "automated", "robot",  NULL};
	char c[128];

	if (addr == NULL)
		return false;
	if (av_addr_domain_is(av_addr_domain(addr), "calendar.google.com"))
		return true; /* group and resource calendars */
	compact_local(addr, c, sizeof(c));
	for (size_t i = 0; prefixes[i] != NULL; i++)
		if (strncmp(c, prefixes[i], strlen(prefixes[i])) == 0)
			return true;
	for (size_t i = 0; parts[i] != NULL; i++)
		if (strstr(c, parts[i]) != NULL)
			return true;
	for (size_t i = 0; exact[i] != NULL; i++)
		if (strcmp(c, exact[i]) == 0)
			return true;
	return false;
}

bool
av_correspondence_is_team_mailbox(const char *addr)
{
	static const char *const parts[] = {"recruit",	   "talent",   "career",   "hiring",
					    "interviews",  "staffing", "karriere", "bewerbung",
					    "recrutement", NULL};
	static const char *const exact[] = {
		"jobs",	  "job",     "hr",     "ta",	    "rh",     "people", "peopleops",
		"team",	  "info",    "hello",  "contact",   "admin",  "office", "interview",
		"empleo", "empleos", "lavoro", "vacatures", "werken", "apply",	NULL};
	char c[128];

	compact_local(addr, c, sizeof(c));
	if (c[0] == '\0')
		return false;
	for (size_t i = 0; parts[i] != NULL; i++)
		if (strstr(c, parts[i]) != NULL)
			return true;
	for (size_t i = 0; exact[i] != NULL; i++)
		if (strcmp(c, exact[i]) == 0)
			return true;
	return false;
}

bool
av_correspondence_is_system_cn(const char *cn)
{
	static const char *const words[] = {"calendar",	    "calendars",     "kalender",
					    "calendrier",   "calendario",    "candidate",
					    "candidates",   "noreply",	     "no-reply",
					    "no reply",	    "do not reply",  "donotreply",
					    "notification", "notifications", "scheduling",
					    "scheduler",    "invitations",   NULL};
	char *f;
	bool hit;

	if (cn == NULL)
		return false;
	f = av_text_fold(cn, strlen(cn));
	hit = av_words_find_folded(f, strlen(f), words) != NULL;
	free(f);
	return hit;
}

static bool
is_letter_at(const char *f, size_t i)
{
	return av_ascii_alpha(f[i]) || (unsigned char)f[i] >= 0x80;
}

bool
av_correspondence_is_list(const char *addr, const char *cn)
{
	static const char *const list_domains[] = {"lists", "list", "groups", "group", NULL};
	static const char *const any_part[] = {"group",	 "groups",   "list",	 "lists",    "dl",
					       "distro", "everyone", "allhands", "allstaff", NULL};
	static const char *const first_part[] = {"all", "team", "teams", NULL};
	static const char *const last_part[] = {"all", "everyone", "team", "teams", NULL};
	static const char *const cn_words[] = {"all", "everyone", "team", "group", "list", NULL};

	if (addr != NULL && av_addr_domain(addr) != NULL) {
		const char *d = av_addr_domain(addr), *local;
		size_t llen, parts = 0, start = 0;
		char part[64], first[64] = "", last[64] = "";

		for (size_t k = 0; list_domains[k] != NULL; k++) {
			size_t n = strlen(list_domains[k]);

			if (av_text_starts_ci(d, strlen(d), list_domains[k]) && d[n] == '.' &&
			    strchr(d + n + 1, '.') != NULL)
				return true;
		}
		if (av_addr_domain_is(d, "googlegroups.com"))
			return true;
		av_addr_local(addr, &local, &llen);
		for (size_t i = 0; i <= llen; i++) {
			size_t n;

			if (i < llen && local[i] != '.' && local[i] != '-' && local[i] != '_')
				continue;
			n = i - start;
			if (n > 0 && n < sizeof(part)) {
				for (size_t k = 0; k < n; k++)
					part[k] = av_ascii_lower(local[start + k]);
				part[n] = '\0';
				for (size_t k = 0; any_part[k] != NULL; k++)
					if (strcmp(part, any_part[k]) == 0)
						return true;
				if (parts++ == 0)
					memcpy(first, part, n + 1);
				memcpy(last, part, n + 1);
			}
			start = i + 1;
		}
		for (size_t k = 0; parts >= 2 && first_part[k] != NULL; k++)
			if (strcmp(first, first_part[k]) == 0)
				return true;
		for (size_t k = 0; parts >= 2 && last_part[k] != NULL; k++)
			if (strcmp(last, last_part[k]) == 0)
				return true;
	}
	/* "Jane Doe - Recruiting Team" at jane.doe@ is Jane */
	if (cn != NULL && !av_addr_local_is_name(addr)) {
		char *f = av_text_fold(cn, strlen(cn));
		size_t len = strlen(f), s0 = len, e0 = len, s1 = len, e1 = 0;
		bool hit = false;

		/* the first and the last word, letters only */
		for (size_t i = 0; i < len; i++) {
			if (!is_letter_at(f, i))
				continue;
			if (s0 == len)
				s0 = i;
			if (e0 == len && (i + 1 == len || !is_letter_at(f, i + 1)))
				e0 = i + 1;
			if (i == 0 || !is_letter_at(f, i - 1))
				s1 = i;
			e1 = i + 1;
		}
		for (size_t k = 0; cn_words[k] != NULL && s0 < e0 && s1 < e1; k++) {
			size_t n = strlen(cn_words[k]);

			hit = hit || (e0 - s0 == n && memcmp(f + s0, cn_words[k], n) == 0) ||
			      (e1 - s1 == n && memcmp(f + s1, cn_words[k], n) == 0);
		}
		free(f);
		if (hit)
			return true;
	}
	return false;
}

/* ---- the invite's domains, and addresses from the rest of the mail -------------------- */

bool
av_correspondence_at_party_domain(const struct av_invite *inv,
				  const struct av_interviewers_ctx *ctx, const char *domain,
				  bool *any_r)
{
	bool hit = false;

	*any_r = false;
	for (size_t k = 0; k <= inv->n_attendees && !hit; k++) {
		const struct av_attendee *a = k < inv->n_attendees ? &inv->attendees[k]
					      : inv->has_organizer ? &inv->organizer
								   : NULL;
		const char *d;

		if (a == NULL || (d = av_addr_domain(a->email)) == NULL ||
		    av_correspondence_is_mine(ctx, a->email) ||
		    av_correspondence_is_system_mailbox(a->email))
			continue;
		*any_r = true;
		hit = domain != NULL &&
		      (av_addr_domain_is(domain, d) || av_addr_domain_is(d, domain));
	}
	return hit;
}

const char *
av_correspondence_employer_domain(const struct av_invite *inv, char *const *my_addresses)
{
	struct av_interviewers_ctx ctx = {0};

	if (inv == NULL)
		return NULL;
	ctx.my_addresses = my_addresses;
	for (size_t k = 0; k <= inv->n_attendees; k++) {
		const struct av_attendee *a = k == 0 ? (inv->has_organizer ? &inv->organizer : NULL)
						     : &inv->attendees[k - 1];

		if (a == NULL || a->email == NULL || av_addr_domain(a->email) == NULL ||
		    av_correspondence_is_mine(&ctx, a->email) ||
		    av_correspondence_is_system_mailbox(a->email))
			continue;
		return av_addr_domain(a->email);
	}
	return NULL;
}

/* ---- the known addresses by domain ------------------------------------------------------ */

/* Domains reversed and lower-cased ("acme.example" → "elpmaxe.emca"): a domain and its
 * subdomains ("mail.acme.example" → "elpmaxe.emca.liam") sort together, so those at or
 * under a domain are one run, and a domain's parents are its reversed prefixes that end
 * before a '.'. This is av_addr_domain_is (ASCII case-insensitive) turned into prefixes. */
struct known_entry {
	const char *r; /* the reversed domain, len bytes in the index's chars */
	size_t len;
	size_t k; /* index into known */
};

struct av_known_index {
	char *chars;
	struct known_entry *v; /* sorted by reversed domain, then k */
	size_t n;
};

static int
known_entry_cmp(const void *a, const void *b)
{
	const struct known_entry *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->r, y->r, n);

	if (c != 0)
		return c;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return x->k < y->k ? -1 : x->k > y->k;
}

struct av_known_index *
av_correspondence_index_build(const struct av_known_address *known, size_t n)
{
	struct av_known_index *idx = av_calloc(1, sizeof(*idx));
	size_t total = 0, off = 0;

	for (size_t k = 0; k < n; k++) {
		const char *d = known[k].email != NULL ? av_addr_domain(known[k].email) : NULL;

		if (d != NULL)
			total += strlen(d);
	}
	idx->chars = av_malloc(total + 1);
	idx->v = av_calloc(n ? n : 1, sizeof(*idx->v));
	for (size_t k = 0; k < n; k++) {
		const char *d = known[k].email != NULL ? av_addr_domain(known[k].email) : NULL;
		size_t len;

		if (d == NULL)
			continue; /* at no domain: never at a party's */
		len = strlen(d);
		for (size_t i = 0; i < len; i++)
			idx->chars[off + i] = av_ascii_lower(d[len - 1 - i]);
		idx->v[idx->n++] = (struct known_entry){idx->chars + off, len, k};
		off += len;
	}
	qsort(idx->v, idx->n, sizeof(*idx->v), known_entry_cmp);
	return idx;
}

void
av_correspondence_index_free(struct av_known_index **idx)
{
	if (idx == NULL || *idx == NULL)
		return;
	free((*idx)->chars);
	free((*idx)->v);
	free(*idx);
	*idx = NULL;
}

/* The first entry whose reversed domain is not below r[0..len). */
static size_t
index_lower_bound(const struct av_known_index *idx, const char *r, size_t len)
{
	size_t lo = 0, hi = idx->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct known_entry *e = &idx->v[mid];
		size_t n = e->len < len ? e->len : len;
		int c = memcmp(e->r, r, n);

		if (c < 0 || (c == 0 && e->len < len))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Append to *ks the known entries at reversed domain r[0..len) exactly, or (subdomains
 * true) also under it. */
static void
index_collect(const struct av_known_index *idx, const char *r, size_t len, bool subdomains,
	      size_t **ks, size_t *n, size_t *cap)
{
	for (size_t i = index_lower_bound(idx, r, len); i < idx->n; i++) {
		const struct known_entry *e = &idx->v[i];
		const char *c = e->r;

		if (e->len < len || memcmp(c, r, len) != 0)
			break;
		if (e->len != len && (!subdomains || c[len] != '.')) {
			if (!subdomains)
				break;
			continue; /* "xacme.example" is no subdomain of "acme.example" */
		}
		if (*n == *cap)
			*ks = av_realloc(*ks, (*cap = *cap ? 2 * *cap : 16) * sizeof(**ks));
		(*ks)[(*n)++] = idx->v[i].k;
	}
}

static int
size_cmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/* The indexes into known of the addresses at, under or above one of parties[0..n_parties)
 * (av_addr_domain_is either way), in known's order, each once; *n_r their number. */
static size_t *
index_at_parties(const struct av_known_index *idx, const char *const *parties, size_t n_parties,
		 size_t *n_r)
{
	size_t *ks = NULL, n = 0, cap = 0, kept = 0;

	for (size_t j = 0; j < n_parties; j++) {
		size_t len = strlen(parties[j]);
		char *r = av_malloc(len + 1);

		for (size_t i = 0; i < len; i++)
			r[i] = av_ascii_lower(parties[j][len - 1 - i]);
		index_collect(idx, r, len, true, &ks, &n, &cap);
		/* the parents: "acme.example" above "mail.acme.example" */
		for (size_t i = 1; i < len; i++)
			if (r[i] == '.')
				index_collect(idx, r, i, false, &ks, &n, &cap);
		free(r);
	}
	if (n > 0)
		qsort(ks, n, sizeof(*ks), size_cmp);
	for (size_t i = 0; i < n; i++)
		if (kept == 0 || ks[kept - 1] != ks[i])
			ks[kept++] = ks[i];
	*n_r = kept;
	return ks;
}

/* ---- the address for a name --------------------------------------------------------- */

struct find_state {
	const char *found;
	bool strong, ambiguous;
};

/* Weigh known[k] for name (key its name key): the loop body of
 * av_correspondence_find_address, in known's order. */
static void
find_consider(struct find_state *fs, const struct av_interviewers_ctx *ctx, size_t k,
	      const char *const *parties, size_t n_parties, const char *name, const char *key)
{
	const char *e = ctx->known[k].email, *d = av_addr_domain(e);
	bool by_name = false, at_party = false;

	for (size_t j = 0; d != NULL && j < n_parties && !at_party; j++)
		at_party = av_addr_domain_is(d, parties[j]) || av_addr_domain_is(parties[j], d);
	if (e == NULL || !at_party)
		return;
	if (ctx->known[k].name != NULL) {
		char *cn = av_names_from_cn(ctx->known[k].name, e), *ck = av_names_key(cn);

		by_name = ck != NULL && strcmp(ck, key) == 0;
		free(ck);
		free(cn);
	}
	/* the name first: most addresses at the party's domain are other people's, and the
	 * mailbox tests below cost more */
	if (!by_name && (fs->strong || !av_addr_local_fits_name(e, name)))
		return;
	if (av_correspondence_is_mine(ctx, e) || av_correspondence_is_system_mailbox(e) ||
	    av_correspondence_is_team_mailbox(e) || av_correspondence_is_list(e, NULL))
		return;
	if (by_name && !fs->strong) {
		fs->found = e;
		fs->strong = true;
		fs->ambiguous = false;
	} else if (fs->found != NULL && !av_addr_same(fs->found, e)) {
		fs->ambiguous = true;
	} else {
		fs->found = e;
	}
}

const char *
av_correspondence_find_address(const struct av_invite *inv, const struct av_interviewers_ctx *ctx,
			       const char *name, const char *key, bool *ambiguous_r)
{
	const char **parties;
	size_t n_parties = 0;
	struct find_state fs = {NULL, false, false};

	/* the invite's people's domains once, not once per address known (tens of thousands
	 * on a large mailbox) */
	parties = av_calloc(inv->n_attendees + 2, sizeof(*parties));
	for (size_t k = 0; k <= inv->n_attendees; k++) {
		const struct av_attendee *a = k < inv->n_attendees ? &inv->attendees[k]
					      : inv->has_organizer ? &inv->organizer
								   : NULL;
		const char *d;

		if (a != NULL && (d = av_addr_domain(a->email)) != NULL &&
		    !av_correspondence_is_mine(ctx, a->email) &&
		    !av_correspondence_is_system_mailbox(a->email))
			parties[n_parties++] = d;
	}
	if (ctx != NULL && key != NULL && ctx->known_index != NULL) {
		/* only the addresses at the parties' domains can count; in known's order, as
		 * the first and the later ones found weigh differently */
		size_t n_ks, *ks = index_at_parties(ctx->known_index, parties, n_parties, &n_ks);

		for (size_t i = 0; i < n_ks; i++)
			find_consider(&fs, ctx, ks[i], parties, n_parties, name, key);
		free(ks);
	} else {
		for (size_t k = 0; ctx != NULL && key != NULL && k < ctx->n_known; k++)
			find_consider(&fs, ctx, k, parties, n_parties, name, key);
	}
	free(parties);
	*ambiguous_r = fs.ambiguous;
	return fs.found;
}

/* ---- not the person's interview ------------------------------------------------------- */

/* Public mail services: a domain there says nothing of an employer. */
static bool
public_mail_domain(const char *d)
{
	static const char *const services[] = {"gmail.com",   "googlemail.com", "outlook.com",
					       "hotmail.com", "live.com",	"msn.com",
					       "yahoo.com",   "ymail.com",	"icloud.com",
					       "me.com",      "mac.com",	"aol.com",
					       "proton.me",   "protonmail.com", "pm.me",
					       "gmx.com",     "gmx.de",		"gmx.net",
					       "web.de",      "mail.com",	"fastmail.com",
					       "fastmail.fm", "hey.com",	"zoho.com",
					       "yandex.com",  "yandex.ru",	"tutanota.com",
					       "posteo.de",   "mailbox.org",	"free.fr",
					       "orange.fr",   "laposte.net",	"t-online.de",
					       "qq.com",      "163.com",	"hotmail.co.uk",
					       "yahoo.co.uk", "btinternet.com", NULL};

	for (size_t k = 0; services[k] != NULL; k++)
		if (av_addr_domain_is(d, services[k]))
			return true;
	return false;
}

char *
av_correspondence_not_mine(const struct av_invite *inv, const struct av_interviewers_ctx *ctx)
{
	static const char *const candidate_words[] = {
		"candidate", "candidates", "candidat",	"candidate's", "kandidat",    "kandidatin",
		"bewerber",  "bewerberin", "candidato", "candidata",   "interviewee", NULL};
	static const char *const interviewer_words[] = {"interviewer", "interviewers", "panelist",
							"panellist", NULL};
	const char *od, *own = NULL;
	char *f, *why = NULL, **keys;
	size_t len;
	bool cand, intv;

	if (inv == NULL || ctx == NULL || !inv->has_organizer || inv->summary == NULL ||
	    (od = av_addr_domain(inv->organizer.email)) == NULL)
		return NULL;
	for (size_t i = 0; ctx->my_addresses != NULL && ctx->my_addresses[i] != NULL && !own; i++) {
		const char *md = av_addr_domain(ctx->my_addresses[i]);

		if (md != NULL && !public_mail_domain(md) && av_addr_domain_is(od, md))
			own = md;
	}
	if (own == NULL)
		return NULL;
	len = strnlen(inv->summary, AV_INVITE_MAX_TEXT);
	f = av_text_fold(inv->summary, len);
	cand = av_words_find_folded(f, len, candidate_words) != NULL;
	intv = av_words_find_folded(f, len, interviewer_words) != NULL;
	free(f);
	keys = av_names_party_keys(inv);
	for (size_t ws = 0; ws < len && why == NULL;) {
		char *name = NULL;
		size_t end;

		if ((ws > 0 && inv->summary[ws - 1] != ' ' && inv->summary[ws - 1] != '(') ||
		    !av_names_parse(inv->summary + ws, len - ws, &name, &end)) {
			ws++;
			continue;
		}
		if (av_correspondence_is_my_name(ctx, name)) {
			if (intv)
				why = av_asprintf("names you as the interviewer");
		} else if (cand) {
			why = av_asprintf("names %s as the candidate", name);
		} else {
			char *key = av_names_key(name);

			/* an attendee from outside the person's domain, named in the summary */
			for (size_t k = 0; key != NULL && k < inv->n_attendees && why == NULL;
			     k++) {
				const struct av_attendee *a = &inv->attendees[k];

				if (keys[k] != NULL && strcmp(keys[k], key) == 0 &&
				    a->email != NULL && !av_correspondence_is_mine(ctx, a->email) &&
				    !av_addr_domain_is(av_addr_domain(a->email), own))
					why = av_asprintf("names %s, who is not at %s", name, own);
			}
			free(key);
		}
		free(name);
		ws += end;
	}
	for (size_t i = 0; i <= inv->n_attendees; i++)
		free(keys[i]);
	free(keys);
	if (why != NULL) {
		char *r = av_asprintf("not your interview: the organizer is at your own domain %s "
				      "and the summary %s",
				      own, why);

		free(why);
		return r;
	}
	return NULL;
}

/* Is addr in the lines of list (addresses one a line)? */
static bool
in_lines(const char *list, const char *addr)
{
	for (const char *p = list; p != NULL && *p != '\0';) {
		size_t len = strcspn(p, "\n");
		char *one = av_strndup(p, len);
		bool same = av_addr_same(one, addr);

		free(one);
		if (same)
			return true;
		p += len;
		if (*p == '\n')
			p++;
	}
	return false;
}

static bool
same_org_domain(const char *a, const char *b)
{
	const char *da = av_addr_domain(a), *db = b != NULL ? av_addr_domain(b) : NULL;

	return da != NULL && db != NULL && !public_mail_domain(da) && av_addr_domain_is(da, db);
}

const char *
av_correspondence_sent_to(const struct av_invite *inv, const struct av_invite_mail *mail,
			  char *const *my_addresses)
{
	struct av_interviewers_ctx ctx = {0};
	const char *to = mail != NULL ? mail->to : NULL;
	const char *org = inv != NULL && inv->has_organizer ? inv->organizer.email : NULL;

	if (to == NULL || *to == '\0' || strchr(to, '\n') != NULL || av_addr_domain(to) == NULL)
		return NULL;
	ctx.my_addresses = my_addresses;
	if (av_correspondence_is_mine(&ctx, to))
		return to;
	/* copied on a message to someone else */
	for (size_t i = 0; my_addresses != NULL && my_addresses[i] != NULL; i++)
		if (mail->cc != NULL && in_lines(mail->cc, my_addresses[i]))
			return NULL;
	/* the person is in the invite already: the To may be anyone (a Bcc'd copy) */
	for (size_t k = 0; inv != NULL && k < inv->n_attendees; k++)
		if (inv->attendees[k].email != NULL &&
		    av_correspondence_is_mine(&ctx, inv->attendees[k].email))
			return NULL;
	/* the sender or organizer writing to themselves, or to a colleague */
	if ((mail->from != NULL && av_addr_same(to, mail->from)) ||
	    (org != NULL && av_addr_same(to, org)) || same_org_domain(to, mail->from) ||
	    same_org_domain(to, org))
		return NULL;
	return to;
}
