/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "afterview/addr.h"
#include "afterview/util.h"
#include "harness.h"

static void
test_parts(void)
{
	const char *s;
	size_t n;

	test_begin("mailto: dropped in any case, once");
	test_assert_str(av_addr_skip_mailto("mailto:jane@x.example"), "jane@x.example");
	test_assert_str(av_addr_skip_mailto("MAILTO:jane@x.example"), "jane@x.example");
	test_assert_str(av_addr_skip_mailto("MailTo:"), "");
	test_assert_str(av_addr_skip_mailto("mailto:mailto:j@x"), "mailto:j@x");
	test_assert_str(av_addr_skip_mailto("mailt"), "mailt");
	test_assert_str(av_addr_skip_mailto("mail:jane@x.example"), "mail:jane@x.example");
	test_assert_str(av_addr_skip_mailto(" mailto:j@x"), " mailto:j@x");
	test_assert_str(av_addr_skip_mailto(""), "");
	test_end();

	test_begin("domain: after the last '@', NULL when none");
	test_assert_str(av_addr_domain("jane@x.example"), "x.example");
	test_assert_str(av_addr_domain("\"a@b\"@x.example"), "x.example");
	test_assert_str(av_addr_domain("jane@"), NULL);
	test_assert_str(av_addr_domain("jane"), NULL);
	test_assert_str(av_addr_domain(""), NULL);
	test_assert_str(av_addr_domain(NULL), NULL);
	test_end();

	test_begin("domain is entry or a subdomain of it");
	test_assert(av_addr_domain_is("greenhouse.io", "greenhouse.io"));
	test_assert(av_addr_domain_is("app.Greenhouse.IO", "greenhouse.io"));
	test_assert(av_addr_domain_is("a.b.greenhouse.io", "GREENHOUSE.io"));
	test_assert(!av_addr_domain_is("notgreenhouse.io", "greenhouse.io"));
	test_assert(!av_addr_domain_is("greenhouse.io.evil.example", "greenhouse.io"));
	test_assert(!av_addr_domain_is("io", "greenhouse.io"));
	test_assert(!av_addr_domain_is("greenhouse.io", ""));
	test_assert(!av_addr_domain_is("", "greenhouse.io"));
	test_assert(av_addr_domain_is(".greenhouse.io", "greenhouse.io"));
	test_assert(!av_addr_domain_is(NULL, "greenhouse.io"));
	test_assert(!av_addr_domain_is("greenhouse.io", NULL));
	test_end();

	test_begin("local part: without mailto: and +tag");
	av_addr_local("mailto:Jane.Doe+jobs@x.example", &s, &n);
	test_assert_int(n, 8);
	test_assert(strncmp(s, "Jane.Doe", n) == 0);
	av_addr_local("jane@x.example", &s, &n);
	test_assert_int(n, 4);
	av_addr_local("+tag@x.example", &s, &n); /* a leading '+' is the local part */
	test_assert_int(n, 4);
	av_addr_local("@x.example", &s, &n);
	test_assert_int(n, 0);
	av_addr_local("noatsign+x", &s, &n);
	test_assert_int(n, 8);
	av_addr_local("", &s, &n);
	test_assert_int(n, 0);
	test_end();

	test_begin("address characters for free text");
	test_assert(av_addr_char('a', false) && av_addr_char('Z', false) &&
		    av_addr_char('0', false));
	test_assert(av_addr_char('.', false) && av_addr_char('-', false));
	test_assert(!av_addr_char('_', false) && !av_addr_char('+', false));
	test_assert(av_addr_char('_', true) && av_addr_char('+', true) && av_addr_char('%', true));
	test_assert(av_addr_char('\'', true) && !av_addr_char('\'', false));
	test_assert(!av_addr_char('@', true) && !av_addr_char(' ', true) &&
		    !av_addr_char('<', true));
	test_assert(!av_addr_char((char)0xc3, true));
	test_end();
}

static void
test_same_address(void)
{
	test_begin("same address: case-insensitive, +tag ignored");
	test_assert(av_addr_same("Sam.Rivera+jobs@Example.NET", "sam.rivera@example.net"));
	test_assert(av_addr_same("mailto:SAMR@example.net", "samr+x@EXAMPLE.net"));
	test_assert(!av_addr_same("sam.rivera@example.net", "sam.rivera@example.org"));
	test_assert(!av_addr_same("samr@example.net", "sam.r@example.net"));
	test_assert(!av_addr_same("samr@example.net", NULL));
	test_assert(!av_addr_same(NULL, NULL));
	test_assert(!av_addr_same("@example.net", "+x@example.net"));
	test_end();

	test_begin("same address: no '@', empty, non-ASCII case");
	test_assert(av_addr_same("urn:uuid:ABC", "URN:UUID:abc"));
	test_assert(!av_addr_same("jane", "jane@example.net"));
	test_assert(!av_addr_same("", ""));
	test_assert(!av_addr_same("mailto:", "mailto:"));
	test_assert(!av_addr_same("@example.net", "@example.net"));
	test_assert(av_addr_same("RENÉE@example.net", "renée@example.net"));
	test_assert(av_addr_same("ΣΟΦΙΑ@example.net", "σοφια+x@example.net"));
	test_assert(!av_addr_same("renee@example.net", "renée@example.net"));
	test_assert(!av_addr_same("jane@example.net", "jane@example.ne"));
	test_end();
}

static void
test_guess_name(void)
{
	static const char *const cases[][2] = {
		{"priya.chen@acme.example", "Priya Chen"},
		{"jdoe@acme.example", "Jdoe"},
		{"john_smith-jr@acme.example", "John Smith Jr"},
		{"jane.doe+jobs@acme.example", "Jane Doe"},
		{"bob2024.lee99@acme.example", "Bob Lee"},
		{"JANE.DOE@acme.example", "Jane Doe"},
		{"o'neil@acme.example", "O'neil"},
		{"jürgen.müller@acme.example", "Jürgen Müller"},
		{"élodie@acme.example", "élodie"},
		{"12345@acme.example", "12345@acme.example"},
		{"noatsign", "Noatsign"},
		{"bad\xff\xfe.name@acme.example", "Bad Name"},
		{"trunc\xc3@acme.example", "Trunc"},
	};

	test_begin("names guessed from addresses; never invalid UTF-8");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *s = av_addr_guess_name(cases[i][0]);

		test_assert_str(s, cases[i][1]);
		free(s);
	}
	{
		char *s = av_addr_guess_name(NULL);

		test_assert_str(s, "");
		free(s);
	}
	test_end();

	test_begin("names guessed: mailto:, symbols, controls, empty");
	{
		static const char *const more[][2] = {
			{"mailto:priya.chen@acme.example", "Priya Chen"},
			{"MAILTO:Sam@acme.example", "Sam"},
			{"jane\xe2\x80\x94"
			 "doe@acme.example",
			 "Janedoe"}, /* — is no letter */
			{"\xf0\x9f\x98\x80@acme.example", "\xf0\x9f\x98\x80@acme.example"},
			{"12\x01"
			 "34@acme.example",
			 "1234@acme.example"}, /* controls go */
			{"9\xff@x", "9@x"},
			{"", ""},
			{"@", "@"},
			{"+tag@acme.example", "Tag"},
		};

		for (size_t i = 0; i < sizeof(more) / sizeof(more[0]); i++) {
			char *s = av_addr_guess_name(more[i][0]);

			test_assert_str(s, more[i][1]);
			free(s);
		}
	}
	test_end();
}

static void
test_local_is_name(void)
{
	test_begin("local part looks like a name");
	test_assert(av_addr_local_is_name("priya.chen@acme.example"));
	test_assert(av_addr_local_is_name("jane_okafor@acme.example"));
	test_assert(av_addr_local_is_name("mary-jane.watson@acme.example"));
	test_assert(av_addr_local_is_name("Priya.Chen+jobs@acme.example"));
	test_assert(av_addr_local_is_name("verylongfirstname.x y@acme.example") == false);
	test_assert(av_addr_local_is_name("alexandrinabella.chen@acme.example")); /* first cut */
	test_end();

	test_begin("local part is no name: initials, mailboxes, digits, malformed");
	test_assert(!av_addr_local_is_name("jdoe@acme.example"));
	test_assert(!av_addr_local_is_name("j.doe@acme.example"));
	test_assert(!av_addr_local_is_name("jane.d@acme.example"));
	test_assert(!av_addr_local_is_name("hr.team@acme.example"));
	test_assert(!av_addr_local_is_name("HR.Team@acme.example"));
	test_assert(!av_addr_local_is_name("careers.berlin@acme.example"));
	test_assert(!av_addr_local_is_name("no.reply@acme.example"));
	test_assert(!av_addr_local_is_name("priya.chen2@acme.example"));
	test_assert(!av_addr_local_is_name("priya..chen@acme.example"));
	test_assert(!av_addr_local_is_name("priya.@acme.example"));
	test_assert(!av_addr_local_is_name("jürgen.müller@acme.example"));
	test_assert(!av_addr_local_is_name("priya.chen"));
	test_assert(!av_addr_local_is_name("+priya.chen@acme.example"));
	test_assert(!av_addr_local_is_name("@acme.example"));
	test_assert(!av_addr_local_is_name(""));
	test_assert(!av_addr_local_is_name(NULL));
	test_end();
}

static void
test_header_safe(void)
{
	char long_local[80], long_addr[300];

	test_begin("header-safe: conservative dot-atom addresses pass");
	test_assert(av_addr_header_safe("jane.doe+x@example.com"));
	test_assert(av_addr_header_safe("J!#$%&'*+-/=?^_`{|}~@a-b.example"));
	test_assert(av_addr_header_safe("a@b"));
	test_assert(av_addr_header_safe("UPPER@EXAMPLE.COM"));
	test_end();

	test_begin("header-safe: anything that could leave the header fails");
	test_assert(!av_addr_header_safe(NULL));
	test_assert(!av_addr_header_safe(""));
	test_assert(!av_addr_header_safe("jane"));
	test_assert(!av_addr_header_safe("@example.com"));
	test_assert(!av_addr_header_safe("jane@"));
	test_assert(!av_addr_header_safe("ja@ne@example.com"));
	test_assert(!av_addr_header_safe(".jane@example.com"));
	test_assert(!av_addr_header_safe("jane.@example.com"));
	test_assert(!av_addr_header_safe("ja..ne@example.com"));
	test_assert(!av_addr_header_safe("jane@.example.com"));
	test_assert(!av_addr_header_safe("jane@example..com"));
	test_assert(!av_addr_header_safe("jane@example.com."));
	test_assert(!av_addr_header_safe("jane doe@example.com"));
	test_assert(!av_addr_header_safe("\"jane\"@example.com"));
	test_assert(!av_addr_header_safe("jane@exa_mple.com"));
	test_assert(!av_addr_header_safe("jane@[192.0.2.1]"));
	test_assert(!av_addr_header_safe("jané@example.com"));
	test_assert(!av_addr_header_safe("jane@exämple.com"));
	test_assert(!av_addr_header_safe("jane@example.com\r\nBcc: x@evil.example"));
	test_assert(!av_addr_header_safe("jane>@example.com"));
	test_assert(!av_addr_header_safe("jane@example.com>"));
	memset(long_local, 'a', 65);
	strcpy(long_local + 65, "@example.com");
	test_assert(!av_addr_header_safe(long_local)); /* local part over 64 */
	memset(long_local, 'a', 64);
	strcpy(long_local + 64, "@example.com");
	test_assert(av_addr_header_safe(long_local)); /* 64 is fine */
	strcpy(long_addr, "jane@");
	memset(long_addr + 5, 'b', 245);
	strcpy(long_addr + 250, ".com"); /* 254 octets */
	test_assert(av_addr_header_safe(long_addr));
	strcpy(long_addr + 250, ".comx");
	test_assert(!av_addr_header_safe(long_addr));
	test_end();
}

static void
test_plausible(void)
{
	test_begin("plausible: what a person types between < and >");
	test_assert(av_addr_plausible("renee@example.com", 17));
	test_assert(av_addr_plausible("renée@exämple.com", strlen("renée@exämple.com")));
	test_assert(av_addr_plausible("a@b", 3)); /* dots are the person's business */
	test_assert(av_addr_plausible("a.b+c@d", 7));
	test_assert(av_addr_plausible("a@b.example junk", 11)); /* only n bytes */
	test_assert(av_addr_plausible("a\xc2\xa0"
				      "b@c",
				      6)); /* U+00A0 is no control */
	test_end();

	test_begin("plausible: malformed, spaces, controls and punctuation refused");
	test_assert(!av_addr_plausible(NULL, 0));
	test_assert(!av_addr_plausible("", 0));
	test_assert(!av_addr_plausible("a@b", 0));
	test_assert(!av_addr_plausible("jane", 4));
	test_assert(!av_addr_plausible("@example.com", 12));
	test_assert(!av_addr_plausible("jane@", 5));
	test_assert(!av_addr_plausible("a@b@c", 5));
	test_assert(!av_addr_plausible("a b@c", 5));
	test_assert(!av_addr_plausible("a\t@c", 4));
	test_assert(!av_addr_plausible("a\n@c", 4));
	test_assert(!av_addr_plausible("a\x7f@c", 4));
	test_assert(!av_addr_plausible("a\xc2\x85@c", 5)); /* NEL, a C1 control */
	test_assert(!av_addr_plausible("a@b\0c", 5));
	test_assert(!av_addr_plausible("<a@b>", 5));
	test_assert(!av_addr_plausible("a,b@c", 5));
	test_assert(!av_addr_plausible("a;b@c", 5));
	test_assert(!av_addr_plausible("a:b@c", 5));
	test_assert(!av_addr_plausible("\"a\"@c", 5));
	test_assert(!av_addr_plausible("a(b)@c", 6));
	test_assert(!av_addr_plausible("a@[c]", 5));
	test_assert(!av_addr_plausible("a\\b@c", 5));
	test_end();
}

static void
test_local_fits_name(void)
{
	static const struct {
		const char *addr, *name;
		bool fits;
	} rows[] = {
		{"k.lund@x.example", "Kim Lund", true},
		{"klund@x.example", "Kim Lund", true},
		{"kim.lund@x.example", "Kim Lund", true},
		{"Kim_Lund+cal@x.example", "Kim Lund", true},
		{"kimlund2@x.example", "Kim Lund", true},
		{"lund.kim@x.example", "Kim Lund", true},
		{"kiml@x.example", "Kim Lund", true},
		{"kim.l@x.example", "Kim Lund", true},
		{"jane.okafor@x.example", "Jane A. Okafor", true},
		{"tomas.lindqvist@x.example", "Tom\xc3\xa1s Lindqvist", true},
		{"meiling.park@x.example", "Mei-Ling Park", true},
		{"mpark@x.example", "Mei-Ling Park", true},
		{"kim@x.example", "Kim Lund", false},  /* one word says too little */
		{"lund@x.example", "Kim Lund", false}, /* one word says too little */
		{"kl@x.example", "Kim Lund", false},   /* initials only */
		{"karl.lund@x.example", "Kim Lund", false},
		{"k.lundberg@x.example", "Kim Lund", false},
		{"ki.m.lund@x.example", "Kim Lund", false},
		{"k.lund@x.example", "Lund", false},
		{"j\xc3\xbcrgen@x.example", "J\xc3\xbcrgen Wei\xc3\x9f", false},
		{"k.lund", "Kim Lund", false},
		{NULL, "Kim Lund", false},
		{"k.lund@x.example", NULL, false},
	};

	test_begin("av_addr_local_fits_name: a local part made from a name");
	for (size_t i = 0; i < sizeof(rows) / sizeof(*rows); i++) {
		if (av_addr_local_fits_name(rows[i].addr, rows[i].name) != rows[i].fits) {
			printf("  %s / %s: want %d\n", rows[i].addr ? rows[i].addr : "NULL",
			       rows[i].name ? rows[i].name : "NULL", rows[i].fits);
			test_check_(false, "fits", __FILE__, __LINE__);
		}
	}
	test_end();
}

int
main(void)
{
	test_parts();
	test_same_address();
	test_guess_name();
	test_local_is_name();
	test_local_fits_name();
	test_header_safe();
	test_plausible();
	return test_exit();
}
