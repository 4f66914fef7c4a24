/** The port a 229 reply advertises, or why it breaks RFC 2428 section 3's format. Pure: no I/O. */
export type EpsvParse = { ok: true; port: number; delimiter: string } | { ok: false; problem: string };

/** Reads `(<d><d><d><port><d>)`: one delimiter (ASCII 33..126) four times, two empty fields, a decimal port. */
export function parseEpsvReply(text: string): EpsvParse {
  const open = text.indexOf("(");
  const close = text.lastIndexOf(")");
  if (open < 0 || close < open) return { ok: false, problem: "no parenthesised (|||port|) field" };
  const field = text.slice(open + 1, close);
  if (field.length < 5) return { ok: false, problem: `field '(${field})' is too short for (|||port|)` };
  const delimiter = field[0] as string;
  const code = delimiter.charCodeAt(0);
  if (code < 33 || code > 126) return { ok: false, problem: `delimiter code ${code} is outside ASCII 33..126` };
  const parts = field.split(delimiter);
  if (parts.length !== 5 || parts[4] !== "") {
    const others = [...new Set(field.replace(/[0-9]/g, "").split(""))].filter((c) => c !== delimiter);
    const why = others.length > 0 ? `mixed delimiters ('${delimiter}' and '${others.join("', '")}')` : "";
    return {
      ok: false,
      problem: `'(${field})' is not (<d><d><d><port><d>) with one delimiter${why ? `: ${why}` : ""}`,
    };
  }
  if (parts[1] !== "" || parts[2] !== "") {
    return {
      ok: false,
      problem: `network protocol and address fields must be empty, got '${parts[1]}' and '${parts[2]}'`,
    };
  }
  const portText = parts[3] as string;
  if (!/^\d{1,5}$/.test(portText))
    return { ok: false, problem: `port '${portText.slice(0, 20)}' is not a decimal number` };
  const port = Number(portText);
  if (port < 1 || port > 65535) return { ok: false, problem: `port ${port} is outside 1..65535` };
  return { ok: true, port, delimiter };
}
