/** The replies the unusual fake sends as multi-line replies (RFC 959 section 4.2). */
const MULTI_LINE_CODES = ["220", "230", "331", "150", "226", "425", "227", "229", "234", "522"];

/**
 * The text a correct server in its own words might put on a reply's last line: RFC 959 and RFC 2428
 * fix only the code and, for 227, 229 and 522, the numbers a client reads (h1,h2,h3,h4,p1,p2 found by
 * scanning for the first digit, RFC 1123 section 4.1.2.6; (|||port|); the protocol list at the end).
 */
function unusualLastLine(code: string, text: string): string {
  const kept = (pattern: RegExp, words: string) => {
    const found = pattern.exec(text);
    return found ? `${words}${found[0]}` : text.toLowerCase();
  };
  if (code === "227") return kept(/\d+,\d+,\d+,\d+,\d+,\d+/, "listening passively at ");
  if (code === "229") return kept(/\([^()]*\)(?=[^()]*$)/, "extended passive listener ready ");
  if (code === "522") return kept(/\([^()]*\)(?=[^()]*$)/, "that network protocol is not served here, try ");
  // PBSZ's "PBSZ=0" is read by some clients (RFC 4217 section 8): the only other text kept as sent.
  return text.startsWith("PBSZ=") ? text : text.toLowerCase();
}

/**
 * A reply as a correct server in its own words might send it: the text in lower case and other
 * words, and the greeting, login, transfer, 227, 229, 234 and 522 replies as multi-line replies whose
 * last line carries the code and what a client reads.
 */
export function unusualWording(text: string): string {
  const code = text.slice(0, 3);
  if (!/^\d{3}( |$)/.test(text)) return text;
  const last = `${code} ${unusualLastLine(code, text.slice(4))}`;
  if (!MULTI_LINE_CODES.includes(code)) return last;
  return `${code}-hello from a server with its own words.\r\n indented continuation line, no numbers here.\r\n${last}`;
}
