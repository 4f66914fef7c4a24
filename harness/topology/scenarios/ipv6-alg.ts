import { serverBehindFirewall } from "../compositions/server-behind-firewall.js";
import { defineScenario } from "../scenario.js";

export const scenario = defineScenario({
  name: "ipv6-alg",
  order: 80,
  description:
    "the IPv6 firewall lets in only the control port and runs the kernel FTP helper, which opens the " +
    "data port each EPSV reply names",
  composition: serverBehindFirewall({ forwarding: "none", ftpHelper: true }),
  // Measured here: without NAT, nf_conntrack_ftp drops an EPSV reply whose expectation clashes with
  // one an earlier session of the same client left for the same port (11 of 30 sequential sessions
  // to ProFTPD got no 229 within 3 s); with NAT (nat-alg, client-nat-alg) nf_nat_ftp moves the port
  // instead. Which port the server picks then decides a check: not in the default run.
  byNameOnly:
    "the kernel FTP helper for IPv6 drops an EPSV reply whose data port an earlier session's expectation " +
    "still holds, so results here depend on which port the server picks",
  expectedCauses: [],
  dataPortsByChance: null,
});
