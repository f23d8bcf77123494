# SPDX-License-Identifier: GPL-3.0-or-later
# Sieve with Dovecot's Pigeonhole "vnd.dovecot.pipe" extension: a copy of each message
# that may carry an invite goes to afterview; delivery is not affected.
# Dovecot needs: sieve_extensions = +vnd.dovecot.pipe, and a sieve_pipe_bin_dir that
# holds a script "afterview-filter" running `afterview filter >/dev/null`.
# Put this AFTER your spam handling (the rule that files into "Junk" and stops, or a
# sieve_before script that does; test for the spam header here otherwise, as below):
# afterview records every invite it is given, and a recorded invite can be drafted for,
# so mail that never reaches your INBOX must never get here.
require ["vnd.dovecot.pipe", "copy"];

if allof (not header :contains "X-Spam-Flag" "YES",
	  header :contains "Content-Type" ["multipart", "text/calendar", "application/ics"]) {
	pipe :copy "afterview-filter";
}
