#!/bin/sh
# Renders /etc/vsftpd.conf from the environment: FTP_PASV_MIN, FTP_PASV_MAX, FTP_PUBLIC_ADDRESS.
set -eu
conf=/etc/vsftpd.conf
cp /etc/vsftpd.conf.base "$conf"
echo "pasv_min_port=${FTP_PASV_MIN:-30000}" >>"$conf"
echo "pasv_max_port=${FTP_PASV_MAX:-30009}" >>"$conf"
if [ -n "${FTP_PUBLIC_ADDRESS:-}" ]; then
  echo "pasv_address=$FTP_PUBLIC_ADDRESS" >>"$conf"
fi
if [ -n "${FTP_EXTRA_CONFIG:-}" ]; then
  printf '%s\n' "$FTP_EXTRA_CONFIG" >>"$conf"
fi
echo "vsftpd: starting with passive range ${FTP_PASV_MIN:-30000}-${FTP_PASV_MAX:-30009}, public address ${FTP_PUBLIC_ADDRESS:-<not set>}"
exec /usr/sbin/vsftpd "$conf"
