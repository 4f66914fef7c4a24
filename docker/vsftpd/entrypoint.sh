#!/bin/bash
# Renders /etc/vsftpd.conf from the environment: FTP_ADDRESS_FAMILY, FTP_PASV_MIN, FTP_PASV_MAX, FTP_PUBLIC_ADDRESS,
# FTP_PUBLIC_NAME, FTP_TLS_CERTIFICATE, FTP_TLS_KEY and FTP_EXTRA_CONFIG; with FTP_IMPLICIT_PORT, a second
# instance beside it serves implicit FTPS on that port. Bash for wait -n (dash has none).
set -eu
conf=/etc/vsftpd.conf
cp /etc/vsftpd.conf.base "$conf"
echo "pasv_min_port=${FTP_PASV_MIN:-30000}" >>"$conf"
echo "pasv_max_port=${FTP_PASV_MAX:-30009}" >>"$conf"
if [ "${FTP_ADDRESS_FAMILY:-ipv4}" = ipv6 ]; then
  sed -i 's/^listen=YES$/listen=NO/; s/^listen_ipv6=NO$/listen_ipv6=YES/' "$conf"
fi
if [ -n "${FTP_PUBLIC_ADDRESS:-}" ]; then
  echo "pasv_address=$FTP_PUBLIC_ADDRESS" >>"$conf"
fi
# A host name in pasv_address needs pasv_addr_resolve=YES (else "500 OOPS: invalid pasv_address");
# vsftpd resolves it once, when it starts (main.c), not per session.
if [ -n "${FTP_PUBLIC_NAME:-}" ]; then
  echo "pasv_address=$FTP_PUBLIC_NAME" >>"$conf"
  echo "pasv_addr_resolve=YES" >>"$conf"
fi
# Explicit FTPS when the harness gives a certificate and key: offered, not required (vsftpd's
# force_local_logins_ssl and force_local_data_ssl default to YES once ssl_enable=YES), and
# require_ssl_reuse left at its default, YES.
if [ -n "${FTP_TLS_CERTIFICATE:-}" ] && [ -n "${FTP_TLS_KEY:-}" ]; then
  chmod 600 "$FTP_TLS_KEY"
  {
    echo "ssl_enable=YES"
    echo "rsa_cert_file=$FTP_TLS_CERTIFICATE"
    echo "rsa_private_key_file=$FTP_TLS_KEY"
    echo "allow_anon_ssl=NO"
    echo "force_local_logins_ssl=NO"
    echo "force_local_data_ssl=NO"
  } >>"$conf"
fi
if [ -n "${FTP_EXTRA_CONFIG:-}" ]; then
  printf '%s\n' "$FTP_EXTRA_CONFIG" >>"$conf"
fi
echo "vsftpd: starting with passive range ${FTP_PASV_MIN:-30000}-${FTP_PASV_MAX:-30009}, public address ${FTP_PUBLIC_ADDRESS:-${FTP_PUBLIC_NAME:-<not set>}}, TLS ${FTP_TLS_CERTIFICATE:-<off>}"
if [ -z "${FTP_IMPLICIT_PORT:-}" ]; then
  exec /usr/sbin/vsftpd "$conf"
fi
# Implicit FTPS (implicit_ssl=YES: TLS from the first byte) on its own port, as sites run 990 beside 21: a
# second vsftpd with the same settings otherwise. Both share the passive range (vsftpd binds a random free
# port of it, retrying on one in use). Started first, so it listens by the time the one on 21 greets.
if [ -z "${FTP_TLS_CERTIFICATE:-}" ]; then
  echo "vsftpd: FTP_IMPLICIT_PORT needs FTP_TLS_CERTIFICATE and FTP_TLS_KEY" >&2
  exit 2
fi
implicit=/etc/vsftpd-implicit.conf
cp "$conf" "$implicit"
printf 'listen_port=%s\nimplicit_ssl=YES\n' "$FTP_IMPLICIT_PORT" >>"$implicit"
echo "vsftpd: and implicit FTPS on port $FTP_IMPLICIT_PORT"
/usr/sbin/vsftpd "$implicit" &
/usr/sbin/vsftpd "$conf" &
# Either instance ending ends the container (this shell is tini's child), so the harness sees the server stop.
wait -n
exit $?
