#!/bin/sh
# lftp, defaults except: no AUTH TLS attempt (the servers under test speak plain FTP, and the
# gateway's FTP helper must read the control channel), and short network timeouts with one try.
# Defaults kept: passive mode, PASV before EPSV, ftp:fix-pasv-address (a private 227 address is
# replaced by the control connection's). Commands go in on stdin, so the password is not in argv.
# The exit status is the last command's (cat); cmd:fail-exit is not used: lftp 4.9.2 then hangs
# after a failed command instead of exiting. FTP_DATA_MODE=active: active mode (ftp:passive-mode
# off), PORT naming the control connection's local address.
# FTP_TLS=explicit: AUTH TLS and PROT P forced (ftp:ssl-force, ftp:ssl-protect-data), the
# certificate checked against FTP_TLS_CA (PEM) alone.
# FTP_DOWNLOADS=<n> (default 1): a series in one session: FTP_FILE downloaded n times (the exit
# status is the last download's; the bytes on stdout tell the earlier ones).
# FTP_TIMEOUT_SECONDS (default 2): net:timeout, which lftp applies to every wait on the server
# (connects, replies, data).
set -eu
timeout="${FTP_TIMEOUT_SECONDS:-2}"
passive=on
[ "${FTP_DATA_MODE:-passive}" = active ] && passive=off
tls="set ftp:ssl-allow no"
if [ "${FTP_TLS:-}" = explicit ]; then
  ca="${TMPDIR:-/tmp}/ftp-conformance-ca-$$.pem"
  printf '%s\n' "$FTP_TLS_CA" >"$ca"
  tls="set ftp:ssl-allow yes; set ftp:ssl-force yes; set ftp:ssl-protect-data yes; set ssl:ca-file \"$ca\"; set ssl:verify-certificate yes"
fi
downloads="${FTP_DOWNLOADS:-1}"
case "$downloads" in
  '' | *[!0-9]* | 0*) echo "lftp.sh: FTP_DOWNLOADS '$downloads' is not a positive count" >&2; exit 2 ;;
esac
series="cat \"$FTP_FILE\""
while [ "$downloads" -gt 1 ]; do
  series="$series
cat \"$FTP_FILE\""
  downloads=$((downloads - 1))
done
printf '%s\n' \
  "$tls" \
  "set ftp:passive-mode $passive" \
  "set net:timeout $timeout" \
  "set net:max-retries 1" \
  "set net:reconnect-interval-base 1" \
  "open -u \"$FTP_USER\",\"$FTP_PASSWORD\" -p $FTP_PORT $FTP_HOST" \
  "$series" |
  exec lftp -d "$@"
