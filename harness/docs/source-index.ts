import type { CheckDefinition } from "../checks/check-definition.js";
import type { CheckLocation } from "./check-locations.js";
import { cell, checkAnchor } from "./markdown.js";

/** One reference in a check's `source`: a section of an RFC (null: the whole RFC), or another document as cited. */
export type SourceReference = { rfc: number; section: string | null } | { document: string };

/** `text` cut at `separator` where it is outside parentheses: "(|2|; x)" stays whole. */
function splitOutside(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "(") depth++;
    else if (text[i] === ")") depth = Math.max(0, depth - 1);
    else if (text[i] === separator && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((part) => part.trim()).filter((part) => part !== "");
}

function withoutParentheses(text: string): string {
  let previous = "";
  let current = text;
  while (current !== previous) [previous, current] = [current, current.replace(/\([^()]*\)/g, "")];
  return current;
}

/**
 * The references a check's `source` cites, one per RFC section: sources are `;`-separated citations,
 * e.g. "RFC 959 sections 3.2, 4.1.2 (PORT) and 5.2 (...); vsftpd.conf(5) connect_from_port_20" gives
 * RFC 959 sections 3.2, 4.1.2 and 5.2, and the vsftpd.conf(5) citation as written.
 */
export function sourceReferences(source: string): SourceReference[] {
  return splitOutside(source, ";").flatMap((citation): SourceReference[] => {
    const bare = withoutParentheses(citation);
    const rfc = /^RFC (\d+)\b/.exec(bare);
    if (!rfc) return [{ document: citation }];
    const number = Number(rfc[1]);
    const sections = [...bare.matchAll(/\bsections?\s+(\d+(?:\.\d+)*(?:\s*(?:,|and)\s*\d+(?:\.\d+)*)*)/g)].flatMap(
      (match) => (match[1] ?? "").match(/\d+(?:\.\d+)*/g) ?? [],
    );
    if (sections.length === 0) return [{ rfc: number, section: null }];
    return [...new Set(sections)].map((section) => ({ rfc: number, section }));
  });
}

/** 3.1.1.3 before 3.2 before 4.1.2 before 10; the whole RFC first. */
export function compareSections(a: string | null, b: string | null): number {
  const parts = (s: string | null) => (s === null ? [] : s.split(".").map(Number));
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? -1) - (y[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

/** Where the RFC Editor shows an RFC, or one of its sections. */
export const rfcLink = (rfc: number, section: string | null): string =>
  `https://www.rfc-editor.org/rfc/rfc${rfc}${section === null ? "" : `#section-${section}`}`;

/** A file of the package as docs/checks.md links it (docs/ is one level down). */
const fileLink = (path: string) => `[${path}](../${path})`;

/** The check, its level, its file and its self-tests: the cells every index row ends with. */
function checkCells(check: CheckDefinition, locations: ReadonlyMap<string, CheckLocation>): string {
  const location = locations.get(check.id);
  const file = location ? fileLink(location.file) : "not found";
  const tests = location && location.selfTests.length > 0 ? location.selfTests.map(fileLink).join(", ") : "none";
  return `[\`${check.id}\`](#${checkAnchor(check.id)}) | ${check.level} | ${file} | ${tests}`;
}

/** Where a check is defined and its self-tests, as its section in docs/checks.md names them. */
export function locationLine(check: CheckDefinition, locations: ReadonlyMap<string, CheckLocation>): string {
  const location = locations.get(check.id);
  if (!location) return "- **Defined in:** not found";
  const tests = location.selfTests.length > 0 ? location.selfTests.map(fileLink).join(", ") : "none";
  return `- **Defined in:** ${fileLink(location.file)}; **self-tests:** ${tests}`;
}

/**
 * The index of docs/checks.md: every RFC section the checks cite (linked to the RFC's text), then the other
 * sources (server manuals, kernel docs, client manuals) as cited, each row naming a check, its file and its
 * self-tests, so that a section leads to the code that tests it in one step.
 */
export function sourceIndex(
  checks: readonly CheckDefinition[],
  locations: ReadonlyMap<string, CheckLocation>,
): string[] {
  const rfcRows: Array<{ rfc: number; section: string | null; order: number; check: CheckDefinition }> = [];
  const otherRows: Array<{ document: string; order: number; check: CheckDefinition }> = [];
  checks.forEach((check, order) => {
    for (const reference of sourceReferences(check.source)) {
      if ("rfc" in reference) rfcRows.push({ ...reference, order, check });
      else otherRows.push({ document: reference.document, order, check });
    }
  });
  rfcRows.sort((a, b) => a.rfc - b.rfc || compareSections(a.section, b.section) || a.order - b.order);
  otherRows.sort((a, b) => a.document.localeCompare(b.document, "en", { sensitivity: "base" }) || a.order - b.order);
  const header = ["| Check | Level | Defined in | Self-tests |", "| --- | --- | --- | --- |"];
  const rfcs = [...new Set(rfcRows.map((row) => row.rfc))];
  return [
    "## Index by source",
    "",
    "Each source a check cites, with the checks that test it, the file that defines each and its self-tests " +
      "(the tests in `suites/` against the fake server). RFC sections link to the RFC Editor's text.",
    "",
    ...rfcs.flatMap((rfc) => [
      `### RFC ${rfc}`,
      "",
      `| Section ${header[0]}`,
      `| --- ${header[1]}`,
      ...rfcRows
        .filter((row) => row.rfc === rfc)
        .map(
          (row) =>
            `| [${row.section ?? "the whole RFC"}](${rfcLink(rfc, row.section)}) | ${checkCells(row.check, locations)} |`,
        ),
      "",
    ]),
    "### Other sources",
    "",
    `| Source ${header[0]}`,
    `| --- ${header[1]}`,
    ...otherRows.map((row) => `| ${cell(row.document)} | ${checkCells(row.check, locations)} |`),
    "",
  ];
}
