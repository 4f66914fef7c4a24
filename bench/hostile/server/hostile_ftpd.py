"""pyftpdlib 1.5.7 with one misbehaviour, chosen by HOSTILE_MODE, to measure what a hostile
server costs a run (bench/hostile-cost.ts):

  healthy       the server behaving (the baseline)
  no-pasv       PASV is read and never answered; EPSV works
  no-passive    neither PASV nor EPSV is ever answered
  slow-replies  every control reply is written one byte at a time, HOSTILE_BYTE_DELAY_MS apart
                (default 50 ms: a one-line reply takes 1-3 s, under a 5 s reply timeout, while
                multi-line ones such as FEAT take longer), like a server behind a starved link

Configured by the environment: FTP_PASSIVE_MIN/MAX (the passive range), FTP_PUBLIC_ADDRESS (the
address put in 227 replies; absent where the scenario advertises none).
"""

import logging
import os
import sys
import time

from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import FTPHandler
from pyftpdlib.log import config_logging
from pyftpdlib.servers import ThreadedFTPServer

MODES = ("healthy", "no-pasv", "no-passive", "slow-replies")


class HostileHandler(FTPHandler):
    mode = "healthy"
    byte_delay = 0.05

    def ftp_PASV(self, line):
        if self.mode in ("no-pasv", "no-passive"):
            self.log("PASV swallowed (%s)" % self.mode)
            return
        FTPHandler.ftp_PASV(self, line)

    def ftp_EPSV(self, line):
        if self.mode == "no-passive":
            self.log("EPSV swallowed (%s)" % self.mode)
            return
        FTPHandler.ftp_EPSV(self, line)

    def send(self, data):
        # asynchat keeps what send() did not take and offers it again when the socket is
        # writable, so the reply leaves one byte per call. Each session has its own thread
        # (ThreadedFTPServer): the sleep slows this session only.
        if self.mode != "slow-replies":
            return FTPHandler.send(self, data)
        time.sleep(self.byte_delay)
        return FTPHandler.send(self, data[:1])


def main():
    mode = os.environ.get("HOSTILE_MODE", "healthy")
    if mode not in MODES:
        sys.exit("HOSTILE_MODE must be one of %s, not '%s'" % (", ".join(MODES), mode))
    config_logging(level=logging.INFO)
    authorizer = DummyAuthorizer()
    authorizer.add_user("ftpuser", "ftppass", "/srv/ftp", perm="elradfmwMT")
    HostileHandler.authorizer = authorizer
    HostileHandler.mode = mode
    HostileHandler.byte_delay = int(os.environ.get("HOSTILE_BYTE_DELAY_MS", "50")) / 1000
    HostileHandler.passive_ports = range(
        int(os.environ.get("FTP_PASSIVE_MIN", "30000")), int(os.environ.get("FTP_PASSIVE_MAX", "30009")) + 1
    )
    HostileHandler.masquerade_address = os.environ.get("FTP_PUBLIC_ADDRESS") or None
    logging.info("hostile mode: %s", mode)
    ThreadedFTPServer(("0.0.0.0", int(os.environ.get("FTP_CONTROL_PORT", "21"))), HostileHandler).serve_forever()


if __name__ == "__main__":
    main()
