import { parseAddress } from "../util/ip-address.js";

/** A subjectAltName entry as node-forge writes it: type 7 an IP address, type 2 a DNS name. */
export type AltName = { type: 7; ip: string } | { type: 2; value: string };

/**
 * The names a server certificate carries, one per way the client reaches the server: an address
 * literal becomes an IP entry (a wildcard cannot cover addresses), anything else a DNS name.
 * Duplicates and blanks are dropped, order kept. Pure.
 */
export function subjectAltNames(names: readonly string[]): AltName[] {
  const seen = new Set<string>();
  const entries: AltName[] = [];
  for (const raw of names) {
    const name = raw.trim();
    if (name === "") continue;
    const address = parseAddress(name);
    const key = address ? address.toString() : name.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    entries.push(address ? { type: 7, ip: address.toString() } : { type: 2, value: name.toLowerCase() });
  }
  return entries;
}
