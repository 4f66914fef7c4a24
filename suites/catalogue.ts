import type { CheckDefinition } from "../harness/checks/check-definition.js";
import { ADDRESS_CHECKS } from "./address.js";
import { EPSV_CHECKS } from "./epsv.js";
import { PASV_CHECKS } from "./pasv.js";
import { SERVER_CHECKS } from "./server.js";
import { TRANSFER_CHECKS } from "./transfer.js";

/** Every check, in run order; server.alive last, so it sees what the others did to the server. */
export const CATALOGUE: readonly CheckDefinition[] = [
  ...PASV_CHECKS,
  ...EPSV_CHECKS,
  ...ADDRESS_CHECKS,
  ...TRANSFER_CHECKS,
  ...SERVER_CHECKS,
];
