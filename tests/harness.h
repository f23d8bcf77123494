/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A micro test harness in the manner of dovecot's lib-test: test_begin("name"), any
 * number of test_assert*(), test_end(); main returns test_exit(). Prints one line per
 * test ("ok"/"FAIL") and the failing expression with file:line. Header-only on purpose:
 * each unit test program includes it once. */
#ifndef AV_TEST_HARNESS_H
#define AV_TEST_HARNESS_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *test_name_;
static bool test_failed_;
static unsigned test_passed_n_, test_failed_n_;

static inline void
test_begin(const char *name)
{
	test_name_ = name;
	test_failed_ = false;
}

static inline bool
test_check_(bool ok, const char *expr, const char *file, int line)
{
	if (!ok) {
		printf("  %s:%d: assertion failed: %s\n", file, line, expr);
		test_failed_ = true;
	}
	return ok;
}

static inline bool
test_check_str_(const char *got, const char *want, const char *expr, const char *file, int line)
{
	if ((got == NULL) != (want == NULL) || (got != NULL && strcmp(got, want) != 0)) {
		printf("  %s:%d: %s\n    got:  %s%s%s\n    want: %s%s%s\n", file, line, expr,
		       got ? "\"" : "", got ? got : "NULL", got ? "\"" : "", want ? "\"" : "",
		       want ? want : "NULL", want ? "\"" : "");
		test_failed_ = true;
		return false;
	}
	return true;
}

static inline bool
test_check_int_(long long got, long long want, const char *expr, const char *file, int line)
{
	if (got != want) {
		printf("  %s:%d: %s: got %lld, want %lld\n", file, line, expr, got, want);
		test_failed_ = true;
		return false;
	}
	return true;
}

#define test_assert(expr)	   test_check_((expr), #expr, __FILE__, __LINE__)
#define test_assert_str(got, want) test_check_str_((got), (want), #got, __FILE__, __LINE__)
#define test_assert_int(got, want)                                                                 \
	test_check_int_((long long)(got), (long long)(want), #got, __FILE__, __LINE__)

static inline void
test_end(void)
{
	printf("%-60s %s\n", test_name_, test_failed_ ? "FAIL" : "ok");
	if (test_failed_)
		test_failed_n_++;
	else
		test_passed_n_++;
}

/* Write len bytes of data to dir/name (exit 2 if it cannot); returns the path,
 * malloc'd. For the fixtures a test makes in its temporary directory. */
static inline char *
test_write_file(const char *dir, const char *name, const void *data, size_t len)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *path = malloc(n);
	FILE *f;

	if (path == NULL)
		abort();
	snprintf(path, n, "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (f == NULL || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		perror(path);
		exit(2);
	}
	return path;
}

static inline int
test_exit(void)
{
	printf("%u passed, %u failed\n", test_passed_n_, test_failed_n_);
	return test_failed_n_ == 0 ? 0 : 1;
}

#endif
