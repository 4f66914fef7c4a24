#!/bin/sh
# curl, defaults unless the harness adds flags: EPSV first, then PASV ignoring the 227 address
# (--ftp-skip-pasv-ip, the default since 7.74.0). The password goes in on stdin, not argv.
# Active mode is a flag the harness adds: --ftp-port - (EPRT, then PORT, naming the control
# connection's local address).
# FTP_TLS=explicit: AUTH TLS and PROT P required (--ssl-reqd), trusting only FTP_TLS_CA (PEM).
# FTP_DOWNLOADS=<n> (default 1): a series in one invocation, curl reusing its control connection
# (and TLS session): FTP_FILE downloaded n times, each to stdout.
# FTP_CONNECT_TIMEOUT_SECONDS (default 2): curl's connect-timeout, each connection's connect (and
# TLS handshake); curl has no bound on a control reply but max-time.
set -eu
timeout="${FTP_CONNECT_TIMEOUT_SECONDS:-2}"
tls=""
if [ "${FTP_TLS:-}" = explicit ]; then
  ca="${TMPDIR:-/tmp}/ftp-conformance-ca-$$.pem"
  printf '%s\n' "$FTP_TLS_CA" >"$ca"
  tls="ssl-reqd
cacert = \"$ca\""
fi
# An IPv6 address goes in brackets in the URL (RFC 3986); without them curl exits 3 (malformed URL).
case "$FTP_HOST" in
  *:*) host="[$FTP_HOST]" ;;
  *) host="$FTP_HOST" ;;
esac
# The options every part of the invocation takes, in config form.
options() {
  printf 'user = "%s:%s"\nconnect-timeout = %s\nmax-time = 60\nverbose\nsilent\nshow-error\n' \
    "$FTP_USER" "$FTP_PASSWORD" "$timeout"
  [ -z "$tls" ] || printf '%s\n' "$tls"
}
downloads="${FTP_DOWNLOADS:-1}"
case "$downloads" in
  '' | *[!0-9]* | 0*) echo "curl.sh: FTP_DOWNLOADS '$downloads' is not a positive count" >&2; exit 2 ;;
esac
{
  options
  while [ "$downloads" -gt 0 ]; do
    printf 'url = "ftp://%s:%s/%s"\noutput = "-"\n' "$host" "$FTP_PORT" "$FTP_FILE"
    downloads=$((downloads - 1))
  done
} | exec curl --config - "$@"
