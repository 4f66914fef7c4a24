import Mustache from "mustache";
import { TEMPLATE_VARIABLES } from "./profile-schema.js";

export type TemplateValues = Record<(typeof TEMPLATE_VARIABLES)[number], string | null>;

/** One parsed Mustache token: its kind ("name", "#", "^", "&", "text", ...), its name, and a section's own tokens. */
type Token = [kind: string, name: string, start: number, end: number, children?: Token[]];

/** Every {{name}}, {{#name}} and {{^name}} of a template, with its kind, sections included. */
function variables(template: string): Array<{ kind: string; name: string }> {
  const walk = (tokens: Token[]): Array<{ kind: string; name: string }> =>
    tokens.flatMap((token) => {
      const [kind, name, , , children] = token;
      const own = kind === "text" || kind === "!" ? [] : [{ kind, name }];
      return [...own, ...walk(children ?? [])];
    });
  return walk(Mustache.parse(template) as Token[]);
}

/** Why Mustache cannot read a template (an unclosed section, say), or null. For the profile's validation. Pure. */
export function unreadableTemplate(template: string): string | null {
  try {
    Mustache.parse(template);
    return null;
  } catch (error) {
    return `not a readable template: ${(error as Error).message.split("\n")[0]}`;
  }
}

/** Placeholders in a template that are not known, for the profile's validation. Pure. Throws on a template Mustache cannot parse. */
export function unknownPlaceholders(template: string): string[] {
  return variables(template)
    .map((v) => v.name)
    .filter((name) => !(TEMPLATE_VARIABLES as readonly string[]).includes(name));
}

/** True when the template names this placeholder anywhere ({{name}}, or a section of it). Pure. */
export function namesPlaceholder(template: string, name: (typeof TEMPLATE_VARIABLES)[number]): boolean {
  return variables(template).some((v) => v.name === name);
}

/** True when the template fills in a value that is null here (publicAddress where none is advertised), in a section or not. */
export function needsMissing(template: string, values: TemplateValues): boolean {
  return variables(template).some(
    ({ kind, name }) => (kind === "name" || kind === "&") && values[name as keyof TemplateValues] === null,
  );
}

/**
 * Fills {{name}} (never HTML-escaped: the output is a server's configuration); keeps a
 * {{#name}}...{{/name}} section only when the value is set (the public address exists only in
 * scenarios that advertise it), with the Mustache library's rules, spaces inside the braces included. Pure.
 */
export function renderTemplate(template: string, values: TemplateValues): string {
  return Mustache.render(template, values, {}, { escape: (text: string) => text });
}
