#!/usr/bin/env python3
"""Python's ftplib, defaults: PASV, and (since 3.9.3) the 227 address ignored for the control host's.

FTP_TLS=explicit: ftplib.FTP_TLS with prot_p(), trusting only the CA in FTP_TLS_CA.
FTP_DATA_MODE=active: active mode (set_pasv(False)): PORT (EPRT for IPv6) naming the control
connection's local address and a port it listens on.
FTP_DOWNLOADS=<n> (default 1): a series in one session: FTP_FILE downloaded n times.
FTP_TIMEOUT_SECONDS (default 2): the sockets' timeout, which bounds connects, replies and data alike.
"""
import ftplib
import os
import ssl
import sys

out = sys.stdout.buffer
sys.stdout = sys.stderr  # ftplib's debug output goes to the log, the file alone to stdout
timeout = float(os.environ.get("FTP_TIMEOUT_SECONDS", "2"))
tls = os.environ.get("FTP_TLS") == "explicit"
downloads_text = os.environ.get("FTP_DOWNLOADS", "1")
if not (downloads_text.isascii() and downloads_text.isdigit()) or int(downloads_text) < 1:
    print(f"python-ftplib.py: FTP_DOWNLOADS '{downloads_text}' is not a positive count", file=sys.stderr)
    sys.exit(2)
downloads = int(downloads_text)
if tls:
    # FTP_TLS=explicit: FTP_TLS (AUTH TLS before login), trusting only FTP_TLS_CA, then PROT P.
    context = ssl.create_default_context(cadata=os.environ["FTP_TLS_CA"])
    ftp = ftplib.FTP_TLS(context=context, timeout=timeout)
else:
    ftp = ftplib.FTP(timeout=timeout)
ftp.set_debuglevel(1)
ftp.set_pasv(os.environ.get("FTP_DATA_MODE", "passive") != "active")
try:
    ftp.connect(os.environ["FTP_HOST"], int(os.environ["FTP_PORT"]))
    ftp.login(os.environ["FTP_USER"], os.environ["FTP_PASSWORD"])
    if tls:
        ftp.prot_p()
    for _ in range(downloads):
        ftp.retrbinary("RETR " + os.environ["FTP_FILE"], out.write)
        out.flush()
    ftp.quit()
except Exception as error:  # the harness reads the log and the exit code
    print(f"ftplib: {type(error).__name__}: {error}", file=sys.stderr)
    sys.exit(1)
