import { readdirSync, readFileSync } from "node:fs";
import { join, posix } from "node:path";

/** A source file as the locator reads it: its path from the package root (`suites/pasv.ts`) and its text. */
export interface SourceFile {
  path: string;
  text: string;
}

/** Where a check is defined and which self-tests exercise it. */
export interface CheckLocation {
  /** The suite file that holds `id: "<id>"`, from the package root: `suites/pasv.ts`. */
  file: string;
  /** The test files that import the declaration holding the ID, or name the ID (`"pasv.reply"`, `"transfer.retr[`). */
  selfTests: string[];
}

/** How a definition names its check, so that `grep -rn '"pasv.reply"' suites/` finds it. */
export const idLiteral = (id: string): string => `id: ${JSON.stringify(id)}`;

const isTest = (path: string) => path.endsWith(".test.ts");

function occurrences(text: string, needle: string): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) found.push(at);
  return found;
}

/**
 * The exported top-level declaration around `offset` (`export const pasvReply`, `export const REAL_CLIENTS`):
 * prettier starts every top-level statement at column 0, so it is the last such line before the offset.
 */
function exportedDeclarationAt(text: string, offset: number): string | null {
  const lines = text.slice(0, offset).split("\n").reverse();
  for (const line of lines) {
    const declaration = /^(export\s+)?(?:const|let|(?:async\s+)?function\*?|class)\s+([\w$]+)/.exec(line);
    if (declaration) return declaration[1] ? (declaration[2] ?? null) : null;
  }
  return null;
}

/** What a test file imports, by the file it names: `import { a, type B, c as d } from "./x.js"`. */
function importsOf(test: SourceFile): Array<{ file: string; names: string[] }> {
  const found: Array<{ file: string; names: string[] }> = [];
  for (const match of test.text.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s*from\s*"(\.{1,2}\/[^"]+)"/g)) {
    const [, list = "", specifier = ""] = match;
    const file = posix.join(posix.dirname(test.path), specifier).replace(/\.js$/, ".ts");
    const names = list
      .split(",")
      .map(
        (name) =>
          name
            .trim()
            .replace(/^type\s+/, "")
            .split(/\s+as\s+/)[0] ?? "",
      )
      .filter((name) => name !== "");
    found.push({ file, names });
  }
  return found;
}

/**
 * Where each check is defined (the one file holding `id: "<id>"`) and its self-tests (the test files that
 * import the exported declaration holding that line, or name the ID), read from the files' text. `unfound`
 * says why a check cannot be found that way (an ID built from a template, or defined twice); `untested`
 * names the checks no self-test was found for. Pure: the same files always give the same answer.
 */
export function locateChecks(
  ids: readonly string[],
  files: readonly SourceFile[],
): { locations: Map<string, CheckLocation>; unfound: string[]; untested: string[] } {
  const definitions = files.filter((f) => !isTest(f.path));
  const tests = files.filter((f) => isTest(f.path));
  const imports = new Map(tests.map((test) => [test.path, importsOf(test)]));
  const locations = new Map<string, CheckLocation>();
  const unfound: string[] = [];
  const untested: string[] = [];
  for (const id of ids) {
    const holders = definitions.flatMap((file) => occurrences(file.text, idLiteral(id)).map((at) => ({ file, at })));
    const [holder] = holders;
    if (!holder) {
      unfound.push(`${id}: no file in suites/ holds ${idLiteral(id)} (an ID built from a template cannot be found)`);
      continue;
    }
    if (holders.length > 1) {
      unfound.push(`${id}: ${idLiteral(id)} is in ${holders.map((h) => h.file.path).join(" and ")}; one definition`);
      continue;
    }
    const declaration = exportedDeclarationAt(holder.file.text, holder.at);
    const named = [JSON.stringify(id), `"${id}[`];
    // The suite's own test first (pasv.test.ts for pasv.ts), then its family's (ports-listener.test.ts for ports.ts).
    const stem = posix.basename(holder.file.path, ".ts");
    const rank = (path: string) => {
      const name = posix.basename(path);
      return name.startsWith(`${stem}.`) ? 0 : name.startsWith(stem.split("-")[0] ?? stem) ? 1 : 2;
    };
    const selfTests = tests
      .filter(
        (test) =>
          named.some((text) => test.text.includes(text)) ||
          (declaration !== null &&
            (imports.get(test.path) ?? []).some((i) => i.file === holder.file.path && i.names.includes(declaration))),
      )
      .map((test) => test.path)
      .sort((a, b) => rank(a) - rank(b));
    if (selfTests.length === 0) untested.push(id);
    locations.set(id, { file: holder.file.path, selfTests });
  }
  return { locations, unfound, untested };
}

/** The TypeScript files of `root`'s `suites/` directory, as locateChecks reads them. */
export function readSuiteFiles(root: string, directory = "suites"): SourceFile[] {
  return readdirSync(join(root, directory))
    .filter((name) => name.endsWith(".ts") && !name.endsWith(".d.ts"))
    .sort()
    .map((name) => ({ path: `${directory}/${name}`, text: readFileSync(join(root, directory, name), "utf8") }));
}
