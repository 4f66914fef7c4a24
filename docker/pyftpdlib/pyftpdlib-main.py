"""pyftpdlib's own command line (python3 -m pyftpdlib), unchanged, with explicit FTPS added when
FTP_TLS_CERTIFICATE and FTP_TLS_KEY name files: the command line then serves with TLS_FTPHandler
(pyftpdlib.handlers; pyOpenSSL), TLS offered but not required (tls_control_required and
tls_data_required stay False, their defaults). pyftpdlib does not check that a data connection
resumes the control connection's TLS session."""
import os
import sys

import pyftpdlib.__main__ as cli

certificate = os.environ.get("FTP_TLS_CERTIFICATE")
key = os.environ.get("FTP_TLS_KEY")
if certificate and key:
    from pyftpdlib.handlers import TLS_FTPHandler

    TLS_FTPHandler.certfile = certificate
    TLS_FTPHandler.keyfile = key
    # main() serves with the module's FTPHandler: the TLS handler takes its place.
    cli.FTPHandler = TLS_FTPHandler
    print("pyftpdlib: explicit FTPS with TLS_FTPHandler, certificate " + certificate, flush=True)

sys.argv[0] = "python3 -m pyftpdlib"
cli.main()
