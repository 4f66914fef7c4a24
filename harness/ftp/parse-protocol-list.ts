/**
 * The network protocol numbers a 522 reply names (RFC 2428 section 2: the text ends with
 * "(prot1,prot2,...,protn)"), read from its last parenthesised group; "(use 2)", as pyftpdlib words
 * it, names 2 too. Null when the text names none. Pure.
 */
export function listedProtocols(text: string): number[] | null {
  const groups = [...text.matchAll(/\(([^()]*)\)/g)].map((match) => match[1] as string);
  const last = groups.at(-1);
  if (last === undefined) return null;
  const listed = /^\s*(?:use\s+)?(\d+(?:\s*,\s*\d+)*)\s*$/i.exec(last);
  return listed ? (listed[1] as string).split(",").map((n) => Number(n.trim())) : null;
}
