#!/bin/sh
# Renders /etc/proftpd/proftpd.conf from the environment: FTP_PASV_MIN, FTP_PASV_MAX,
# FTP_PUBLIC_ADDRESS, FTP_PUBLIC_NAME, FTP_TLS_CERTIFICATE, FTP_TLS_KEY, FTP_EXTRA_CONFIG.
set -eu
conf=/etc/proftpd/proftpd.conf
# ProFTPD keeps the first of two equal directives, so extra configuration goes first to win.
printf '%s\n' "${FTP_EXTRA_CONFIG:-}" >"$conf"
cat /etc/proftpd/proftpd.conf.base >>"$conf"
echo "PassivePorts ${FTP_PASV_MIN:-30000} ${FTP_PASV_MAX:-30009}" >>"$conf"
if [ -n "${FTP_PUBLIC_ADDRESS:-}" ]; then
  echo "MasqueradeAddress $FTP_PUBLIC_ADDRESS" >>"$conf"
fi
# MasqueradeAddress takes a host name too: ProFTPD resolves it when it reads its configuration, at
# start (a name it cannot resolve then is tried again per session, Bug#4104; mod_dynmasq, not in
# Debian's packages, would refresh it on a timer).
if [ -n "${FTP_PUBLIC_NAME:-}" ]; then
  echo "MasqueradeAddress $FTP_PUBLIC_NAME" >>"$conf"
fi
# Explicit FTPS through mod_tls (Debian's proftpd-mod-crypto) when the harness gives a certificate
# and key: TLSRequired off, and mod_tls's default kept for data connections, which must resume the
# control connection's TLS session (TLSOptions NoSessionReuseRequired is not set).
if [ -n "${FTP_TLS_CERTIFICATE:-}" ] && [ -n "${FTP_TLS_KEY:-}" ]; then
  chmod 600 "$FTP_TLS_KEY"
  cat >>"$conf" <<TLS
LoadModule mod_tls.c
<IfModule mod_tls.c>
  TLSEngine on
  TLSRequired off
  TLSProtocol TLSv1.2 TLSv1.3
  TLSRSACertificateFile $FTP_TLS_CERTIFICATE
  TLSRSACertificateKeyFile $FTP_TLS_KEY
  TLSVerifyClient off
</IfModule>
TLS
fi
echo "proftpd: starting with passive range ${FTP_PASV_MIN:-30000}-${FTP_PASV_MAX:-30009}, public address ${FTP_PUBLIC_ADDRESS:-${FTP_PUBLIC_NAME:-<not set>}}, TLS ${FTP_TLS_CERTIFICATE:-<off>}"
exec /usr/sbin/proftpd --nodaemon --config "$conf"
