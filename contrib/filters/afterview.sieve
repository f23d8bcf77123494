# SPDX-License-Identifier: GPL-3.0-or-later
# Sieve with Dovecot's Pigeonhole "vnd.dovecot.pipe" extension: a copy of each message
# that may carry an invite goes to afterview; delivery is not affected.
# Dovecot needs: sieve_extensions = +vnd.dovecot.pipe, and a sieve_pipe_bin_dir that
# holds a script "afterview-filter" running `afterview filter >/dev/null`.
require ["vnd.dovecot.pipe", "copy"];

if header :contains "Content-Type" ["multipart", "text/calendar", "application/ics"] {
	pipe :copy "afterview-filter";
}
