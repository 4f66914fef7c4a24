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
  servedDirectory: "/home/ftpuser/files",
  environment: rangeAndAddress,
  capabilities: [],
  settings: {
    publicAddress: (address) => `set pasv_address=${address} (with pasv_addr_resolve=NO) in vsftpd.conf`,
    passiveRange: (min, max) => `pasv_min_port=${min} and pasv_max_port=${max} in vsftpd.conf`,
    foreignDataRefused: "pasv_promiscuous=NO in vsftpd.conf (the default)",
    portRestricted: "port_promiscuous=NO in vsftpd.conf (the default)",
  },
};

export const proftpd: TargetSpec = {
  name: "proftpd",
  imageRole: "proftpd",
  controlPort: 21,
  credentials,
  passiveRange,
  servedDirectory: "/home/ftpuser/files",
  environment: rangeAndAddress,
  capabilities: [],
  settings: {
    publicAddress: (address) => `set MasqueradeAddress ${address} in proftpd.conf`,
    passiveRange: (min, max) => `PassivePorts ${min} ${max} in proftpd.conf`,
    foreignDataRefused: "AllowForeignAddress off in proftpd.conf (the default)",
    portRestricted: "AllowForeignAddress off in proftpd.conf (the default)",
  },
};

export const BUILTIN_TARGETS: readonly TargetSpec[] = [vsftpd, proftpd];
