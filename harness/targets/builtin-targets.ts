import type { TargetSpec } from "./target-spec.js";

const credentials = { user: "ftpuser", password: "ftppass" };
const passiveRange = { min: 30000, max: 30009 };

const rangeAndAddress: TargetSpec["environment"] = ({ publicAddress, passiveRange: range }) => ({
  FTP_PASV_MIN: String(range.min),
  FTP_PASV_MAX: String(range.max),
  ...(publicAddress ? { FTP_PUBLIC_ADDRESS: publicAddress } : {}),
});

export const vsftpd: TargetSpec = {
  name: "vsftpd",
  imageRole: "vsftpd",
  controlPort: 21,
  credentials,
  passiveRange,
  acceptTimeoutSeconds: 3,
  servedDirectory: "/home/ftpuser/files",
  environment: rangeAndAddress,
  capabilities: [],
  settings: {
    publicAddress: (address) => `set pasv_address=${address} (with pasv_addr_resolve=NO) in vsftpd.conf`,
    passiveRange: (min, max) => `pasv_min_port=${min} and pasv_max_port=${max} in vsftpd.conf`,
    foreignDataRefused: "pasv_promiscuous=NO in vsftpd.conf (the default)",
    portRestricted: "port_promiscuous=NO in vsftpd.conf (the default)",
    acceptTimeout: "accept_timeout in vsftpd.conf (seconds; default 60)",
    rangeExhausted:
      "vsftpd ends the session with '500 OOPS' when no port in the range is free: widen " +
      "pasv_min_port..pasv_max_port, or cap sessions below the range size with max_clients / max_per_ip",
  },
};

export const proftpd: TargetSpec = {
  name: "proftpd",
  imageRole: "proftpd",
  controlPort: 21,
  credentials,
  passiveRange,
  acceptTimeoutSeconds: 3,
  servedDirectory: "/home/ftpuser/files",
  environment: rangeAndAddress,
  capabilities: [],
  settings: {
    publicAddress: (address) => `set MasqueradeAddress ${address} in proftpd.conf`,
    passiveRange: (min, max) => `PassivePorts ${min} ${max} in proftpd.conf`,
    foreignDataRefused: "AllowForeignAddress off in proftpd.conf (the default)",
    portRestricted: "AllowForeignAddress off in proftpd.conf (the default)",
    acceptTimeout: "TimeoutStalled in proftpd.conf (seconds; also bounds the wait for a passive connection)",
    rangeExhausted:
      "ProFTPD falls back to any kernel port when PassivePorts is used up, and the firewall drops it: " +
      "widen PassivePorts and the forwarded range, or cap sessions below the range size with MaxInstances / MaxClientsPerHost",
  },
};

export const BUILTIN_TARGETS: readonly TargetSpec[] = [vsftpd, proftpd];
