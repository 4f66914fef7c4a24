/**
 * The names a user-facing text (README, docs/, --help) gives to things that live in registries:
 * checks, scenarios, built-in targets, template placeholders. Pure: the tests hold each text to the
 * registries with these, so a renamed or removed name cannot linger in the documents.
 */
import { matchesCheckPattern } from "../checks/check-pattern.js";

/** A check as the documents may name it: its ID, a glob of IDs, or `id[variant]`. */
export interface NamedCheck {
  id: string;
  variants?: readonly string[];
}

/** Tokens starting at a word boundary (not inside a path, an ID or a file name). */
const START = String.raw`(?<![\w./-])`;
/** A token ends where no word character, `-` or `.x` (a file extension) follows. */
const END = String.raw`(?![\w-]|\.\w)`;

/**
 * Every token shaped like a check ID: one of the catalogue's prefixes (`pasv`, `tls`, ...), a dot,
 * a name or glob, and an optional `[variant]`, e.g. `epsv.all`, `client.*-active`, `tls.prot-p[pasv]`.
 */
export function checkTokens(text: string, checks: readonly NamedCheck[]): string[] {
  const prefixes = [...new Set(checks.map((check) => check.id.split(".")[0]))];
  const shape = new RegExp(`${START}(?:${prefixes.join("|")})\\.[a-z0-9*-]+(?:\\[[a-z0-9-]+\\])?${END}`, "g");
  return [...new Set([...text.matchAll(shape)].map((match) => match[0]))];
}

/** Whether a check-shaped token names a check: an ID, a glob matching one, or an ID with one of its variants. */
export function namesCheck(token: string, checks: readonly NamedCheck[]): boolean {
  const [, base = token, variant] = /^([^[]+)(?:\[([^\]]+)\])?$/.exec(token) ?? [];
  return checks.some(
    (check) => matchesCheckPattern(base, check.id) && (variant === undefined || check.variants?.includes(variant)),
  );
}

/**
 * Every token shaped like a scenario name: two or more words joined by `-`, each a word of some
 * scenario's name (`nat-alg`, `ipv6-firewall`, `client-nat-alg`; a stale `ipv6-nat` too). Single
 * words (`direct`, `nat`) are ordinary prose and are not read.
 */
export function scenarioTokens(text: string, scenarioNames: readonly string[]): string[] {
  const words = new Set(scenarioNames.flatMap((name) => name.split("-")));
  const tokens = [...text.matchAll(new RegExp(`${START}[a-z0-9]+(?:-[a-z0-9]+)+${END}`, "g"))].map((m) => m[0]);
  return [...new Set(tokens.filter((token) => token.split("-").every((word) => words.has(word))))];
}

/** Every `{{name}}` a text uses as a template placeholder (`{{#name}}` and `{{/name}}` too; not GitHub's `${{ }}`). */
export function placeholderTokens(text: string): string[] {
  const tokens = [...text.matchAll(/(?<!\$)\{\{\s*[#/^]?\s*([A-Za-z_][\w.]*)\s*\}\}/g)].map((m) => m[1] ?? "");
  return [...new Set(tokens)];
}

/** Every name given to `--target` that is not a profile file (a path or .yaml/.yml/.json) nor a usage word (NAME|FILE). */
export function targetNameTokens(text: string): string[] {
  const values = [...text.matchAll(/--target[ =]([^\s`'")\]]+)/g)].flatMap((m) => (m[1] ?? "").split(","));
  const isFile = (value: string) => /[/\\]/.test(value) || /\.(ya?ml|json)$/i.test(value);
  return [...new Set(values.filter((value) => value !== "" && !isFile(value) && !/^[A-Z|]+$/.test(value)))];
}
