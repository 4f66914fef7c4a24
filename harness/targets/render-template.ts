import { TEMPLATE_VARIABLES } from "./profile-schema.js";

export type TemplateValues = Record<(typeof TEMPLATE_VARIABLES)[number], string | null>;

const PLACEHOLDER = /\{\{\s*([#/]?)([A-Za-z]+)\s*\}\}/g;

/** Placeholders in a template that are not known, for the profile's validation. Pure. */
export function unknownPlaceholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)]
    .map((m) => m[2] as string)
    .filter((name) => !(TEMPLATE_VARIABLES as readonly string[]).includes(name));
}

/** True when the template names a value that is null here (publicAddress where none is advertised). */
export function needsMissing(template: string, values: TemplateValues): boolean {
  return [...template.matchAll(PLACEHOLDER)].some((m) => m[1] === "" && values[m[2] as keyof TemplateValues] === null);
}

/**
 * Fills {{name}}; keeps a {{#name}}...{{/name}} section only when the value is set (the public
 * address exists only in scenarios that advertise it). Pure.
 */
export function renderTemplate(template: string, values: TemplateValues): string {
  const sections = template.replace(/\{\{#(\w+)\}\}([\s\S]*?)\{\{\/\1\}\}/g, (_all, name: string, body: string) =>
    values[name as keyof TemplateValues] === null ? "" : body,
  );
  return sections.replace(/\{\{\s*(\w+)\s*\}\}/g, (_all, name: string) => values[name as keyof TemplateValues] ?? "");
}
