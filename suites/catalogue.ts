import type { CheckDefinition } from "../harness/checks/check-definition.js";
import { ACTIVE_CHECKS } from "./active.js";
import { ADDRESS_CHECKS } from "./address.js";
import { DATA_SECURITY_CHECKS } from "./data-security.js";
import { EPSV_CHECKS } from "./epsv.js";
import { EPSV_PROTOCOL_CHECKS } from "./epsv-protocol.js";
import { IPV6_CHECKS } from "./ipv6.js";
import { LISTENER_CHECKS } from "./listener.js";
import { LOGIN_CHECKS } from "./login.js";
import { PORT_CHECKS } from "./ports.js";
import { PASV_CHECKS } from "./pasv.js";
import { CLIENT_CHECKS } from "./real-clients.js";
import { SERVER_CHECKS } from "./server.js";
import { TLS_CHECKS } from "./tls.js";
import { TRANSFER_CHECKS } from "./transfer.js";

/** Every check, in run order; server.alive last, so it sees what the others did to the server. */
export const CATALOGUE: readonly CheckDefinition[] = [
  ...PASV_CHECKS,
  ...LOGIN_CHECKS,
  ...EPSV_CHECKS,
  ...EPSV_PROTOCOL_CHECKS,
  ...IPV6_CHECKS,
  ...ADDRESS_CHECKS,
  ...PORT_CHECKS,
  ...DATA_SECURITY_CHECKS,
  ...ACTIVE_CHECKS,
  ...LISTENER_CHECKS,
  ...TRANSFER_CHECKS,
  ...TLS_CHECKS,
  ...CLIENT_CHECKS,
  ...SERVER_CHECKS,
];
