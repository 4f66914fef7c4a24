#!/bin/sh
# curl, defaults unless the harness adds flags: EPSV first, then PASV ignoring the 227 address
# (--ftp-skip-pasv-ip, the default since 7.74.0). The password goes in on stdin, not argv.
# Active mode is a flag the harness adds: --ftp-port - (EPRT, then PORT, naming the control
# connection's local address).
# FTP_TLS=explicit: AUTH TLS and PROT P required (--ssl-reqd), trusting only FTP_TLS_CA (PEM).
# FTP_UPLOAD=<name>: a series in one invocation, curl reusing its control connection (and TLS
# session): FTP_FILE downloaded twice, then FTP_UPLOAD_BYTES zero bytes uploaded as <name>
# (`next` in the config starts the upload's options afresh, so each part repeats them; no extra flags then).
set -eu
timeout="${FTP_TIMEOUT_SECONDS:-2}"
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
if [ -n "${FTP_UPLOAD:-}" ]; then
  [ "$#" -eq 0 ] || { echo "curl.sh: FTP_UPLOAD takes no extra flags" >&2; exit 2; }
  upload="${TMPDIR:-/tmp}/ftp-conformance-upload-$$.bin"
  head -c "${FTP_UPLOAD_BYTES:-65543}" /dev/zero >"$upload"
  {
    options
    printf 'url = "ftp://%s:%s/%s"\noutput = "-"\n' "$host" "$FTP_PORT" "$FTP_FILE"
    printf 'url = "ftp://%s:%s/%s"\noutput = "-"\n' "$host" "$FTP_PORT" "$FTP_FILE"
    printf 'next\n'
    options
    printf 'upload-file = "%s"\nurl = "ftp://%s:%s/%s"\n' "$upload" "$host" "$FTP_PORT" "$FTP_UPLOAD"
  } | exec curl --config -
else
  options | exec curl --config - "$@" --output - "ftp://$host:$FTP_PORT/$FTP_FILE"
fi
