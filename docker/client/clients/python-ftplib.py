#!/usr/bin/env python3
"""Python's ftplib, defaults: PASV, and (since 3.9.3) the 227 address ignored for the control host's.

FTP_TLS=explicit: ftplib.FTP_TLS with prot_p(), trusting only the CA in FTP_TLS_CA.
FTP_DATA_MODE=active: active mode (set_pasv(False)): PORT (EPRT for IPv6) naming the control
connection's local address and a port it listens on.
FTP_UPLOAD=<name>: a series in one session: FTP_FILE downloaded twice, then FTP_UPLOAD_BYTES zero
bytes uploaded as <name>.
"""
import ftplib
import io
import os
import ssl
import sys

out = sys.stdout.buffer
sys.stdout = sys.stderr  # ftplib's debug output goes to the log, the file alone to stdout
timeout = float(os.environ.get("FTP_TIMEOUT_SECONDS", "2"))
tls = os.environ.get("FTP_TLS") == "explicit"
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
    ftp.retrbinary("RETR " + os.environ["FTP_FILE"], out.write)
    out.flush()
    upload = os.environ.get("FTP_UPLOAD")
    if upload:
        ftp.retrbinary("RETR " + os.environ["FTP_FILE"], out.write)
        out.flush()
        ftp.storbinary("STOR " + upload, io.BytesIO(bytes(int(os.environ.get("FTP_UPLOAD_BYTES", "65543")))))
    ftp.quit()
except Exception as error:  # the harness reads the log and the exit code
    print(f"ftplib: {type(error).__name__}: {error}", file=sys.stderr)
    sys.exit(1)
