/** The endpoint a 227 reply advertises, or why it cannot be read. Pure: no I/O. */
export type PasvParse = { ok: true; host: string; port: number } | { ok: false; problem: string };

const SIX_NUMBERS = /^(\d{1,12})\s*,\s*(\d{1,12})\s*,\s*(\d{1,12})\s*,\s*(\d{1,12})\s*,\s*(\d{1,12})\s*,\s*(\d{1,12})/;

/**
 * Reads h1,h2,h3,h4,p1,p2 from a 227 reply's text (RFC 959 section 4.1.1). Like a client must
 * (RFC 1123 section 4.1.2.6), it scans for the first digit after the code, so missing
 * parentheses or other wording are accepted; each number must be 0..255 and the port 1..65535.
 */
export function parsePasvReply(text: string): PasvParse {
  const body = text
    .split("\n")
    .map((line) => line.replace(/^\s*227[ -]?/, ""))
    .join(" ");
  const first = body.search(/\d/);
  if (first < 0) return { ok: false, problem: "no numbers after the 227 code" };
  if (body[first - 1] === "-") return { ok: false, problem: "a negative number where h1 should be" };
  const match = SIX_NUMBERS.exec(body.slice(first));
  if (!match) return { ok: false, problem: "not six comma-separated numbers (h1,h2,h3,h4,p1,p2)" };
  const numbers = match.slice(1, 7).map(Number);
  const names = ["h1", "h2", "h3", "h4", "p1", "p2"];
  for (const [i, value] of numbers.entries()) {
    if (value > 255) return { ok: false, problem: `${names[i]} = ${match[i + 1]} is outside 0..255` };
  }
  const [h1, h2, h3, h4, p1, p2] = numbers as [number, number, number, number, number, number];
  const port = p1 * 256 + p2;
  if (port < 1) return { ok: false, problem: "port p1*256+p2 = 0 is outside 1..65535" };
  return { ok: true, host: `${h1}.${h2}.${h3}.${h4}`, port };
}
