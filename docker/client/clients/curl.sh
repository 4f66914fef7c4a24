#!/bin/sh
# curl, defaults unless the harness adds flags: EPSV first, then PASV ignoring the 227 address
# (--ftp-skip-pasv-ip, the default since 7.74.0). The password goes in on stdin, not argv.
# Active mode is a flag the harness adds: --ftp-port - (EPRT, then PORT, naming the control
# connection's local address).
# FTP_TLS=explicit: AUTH TLS and PROT P required (--ssl-reqd), trusting only FTP_TLS_CA (PEM).
set -eu
timeout="${FTP_TIMEOUT_SECONDS:-2}"
if [ "${FTP_TLS:-}" = explicit ]; then
  ca="${TMPDIR:-/tmp}/ftp-conformance-ca-$$.pem"
  printf '%s\n' "$FTP_TLS_CA" >"$ca"
  set -- --ssl-reqd --cacert "$ca" "$@"
fi
# An IPv6 address goes in brackets in the URL (RFC 3986); without them curl exits 3 (malformed URL).
case "$FTP_HOST" in
  *:*) host="[$FTP_HOST]" ;;
  *) host="$FTP_HOST" ;;
esac
printf 'user = "%s:%s"\n' "$FTP_USER" "$FTP_PASSWORD" |
  exec curl --config - --verbose --silent --show-error --connect-timeout "$timeout" --max-time 60 \
    "$@" --output - "ftp://$host:$FTP_PORT/$FTP_FILE"
