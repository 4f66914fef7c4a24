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
import threading
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
        # (ThreadedFTPServer): the sleep slows this session only. The greeting's first byte is
        # sent from the accepting thread, which must not sleep.
        if self.mode != "slow-replies":
            return FTPHandler.send(self, data)
        if threading.current_thread() is not threading.main_thread():
            time.sleep(self.byte_delay)
        return FTPHandler.send(self, data[:1])

    def add_channel(self, map=None, events=None):
        # The session's thread registers the socket for reading only, which would strand the
        # rest of a greeting that did not leave in one send(): ask to write too while any is left.
        if events is None and self.producer_fifo:
            events = self.ioloop.READ | self.ioloop.WRITE
        FTPHandler.add_channel(self, map, events)

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
    port = int(os.environ.get("FTP_CONTROL_PORT", "21"))
    server = ThreadedFTPServer(("0.0.0.0", port), HostileHandler)
    # ThreadedFTPServer logs no start line of its own; the profile's startup.logLine waits for this.
    logging.getLogger("pyftpdlib").info("hostile_ftpd listening on port %d, mode %s", port, mode)
    server.serve_forever()


if __name__ == "__main__":
    main()
