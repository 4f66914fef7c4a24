#!/bin/sh
# Renders /etc/proftpd/proftpd.conf from the environment: FTP_PASV_MIN, FTP_PASV_MAX,
# FTP_PUBLIC_ADDRESS, FTP_EXTRA_CONFIG.
set -eu
conf=/etc/proftpd/proftpd.conf
# ProFTPD keeps the first of two equal directives, so extra configuration goes first to win.
printf '%s\n' "${FTP_EXTRA_CONFIG:-}" >"$conf"
cat /etc/proftpd/proftpd.conf.base >>"$conf"
echo "PassivePorts ${FTP_PASV_MIN:-30000} ${FTP_PASV_MAX:-30009}" >>"$conf"
if [ -n "${FTP_PUBLIC_ADDRESS:-}" ]; then
  echo "MasqueradeAddress $FTP_PUBLIC_ADDRESS" >>"$conf"
fi
echo "proftpd: starting with passive range ${FTP_PASV_MIN:-30000}-${FTP_PASV_MAX:-30009}, public address ${FTP_PUBLIC_ADDRESS:-<not set>}"
exec /usr/sbin/proftpd --nodaemon --config "$conf"
