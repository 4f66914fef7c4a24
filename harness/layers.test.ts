import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { packageRoot } from "./paths.js";

/** Files by path relative to the package root, `/`-separated; each with the files it imports. */
type ImportGraph = ReadonlyMap<string, readonly string[]>;

const ROOT_FILES = "harness/*.ts";
const isTest = (file: string) => file.endsWith(".test.ts");

/** The part a file belongs to: `suites`, a folder directly under `harness/`, or `harness/*.ts`. */
function partOf(file: string): string {
  const [top, second, third] = file.split("/");
  if (top === "suites") return "suites";
  return third === undefined ? ROOT_FILES : (second as string);
}

/**
 * The layers of `docs/development.md`'s "## Layers" list, from the bottom: each numbered item names
 * its parts in backticks before its dash.
 */
function declaredLayers(markdown: string): string[][] {
  const section = markdown.split(/^## Layers$/m)[1]?.split(/^## /m)[0] ?? "";
  const items = [...section.matchAll(/^\d+\. (.*?) — /gm)].map((m) => m[1] as string);
  return items.map((item) => [...item.matchAll(/`([^`]+)`/g)].map((m) => m[1] as string)).reverse();
}

/** Every file's relative imports (type-only ones too), read and resolved by the TypeScript compiler. */
function importGraph(root: string, dirs: readonly string[]): ImportGraph {
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
  };
  const files = dirs.flatMap((dir) =>
    readdirSync(join(root, dir), { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))
      .map((f) => join(dir, f).split(sep).join("/")),
  );
  const graph = new Map<string, string[]>();
  for (const file of files.sort()) {
    const path = join(root, file);
    const { importedFiles } = ts.preProcessFile(readFileSync(path, "utf8"), true, true);
    const imports = importedFiles
      .filter((ref) => ref.fileName.startsWith("."))
      .map((ref) => ts.resolveModuleName(ref.fileName, path, options, ts.sys).resolvedModule?.resolvedFileName)
      .filter((resolved): resolved is string => resolved !== undefined && !resolved.includes("node_modules"))
      .map((resolved) => relative(root, resolved).split(sep).join("/"));
    graph.set(file, imports);
  }
  return graph;
}

/** Imports against the layers: into a part on the same line or above, or into a part the list does not name. */
function layerViolations(graph: ImportGraph, layers: readonly (readonly string[])[]): string[] {
  const rank = new Map(layers.flatMap((parts, i) => parts.map((part) => [part, i] as const)));
  const violations: string[] = [];
  for (const [file, imports] of graph) {
    if (isTest(file)) continue;
    const from = partOf(file);
    for (const target of imports) {
      const to = partOf(target);
      if (from === to) continue;
      const [a, b] = [rank.get(from), rank.get(to)];
      if (a === undefined || b === undefined || b >= a) {
        violations.push(`${file} imports ${target}: ${from} may not import ${to}`);
      }
    }
  }
  return violations;
}

/** Import cycles between files (Tarjan's strongly connected components), each as its files; self-tests left out. */
function importCycles(graph: ImportGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (file: string) => {
    index.set(file, index.size);
    low.set(file, index.get(file) as number);
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next) || isTest(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file) as number, low.get(next) as number));
      } else if (onStack.has(next)) {
        low.set(file, Math.min(low.get(file) as number, index.get(next) as number));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop() as string;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    const selfImport = graph.get(file)?.includes(file) ?? false;
    if (component.length > 1 || selfImport) cycles.push(component.sort());
  };
  for (const file of graph.keys()) if (!isTest(file) && !index.has(file)) visit(file);
  return cycles;
}

describe("layers", () => {
  const root = packageRoot();
  const layers = declaredLayers(readFileSync(join(root, "docs/development.md"), "utf8"));
  const graph = importGraph(root, ["harness", "suites"]);

  it("should read the layer list from docs/development.md, each part on one line", () => {
    const parts = layers.flat();
    expect(layers[0]).toContain("util");
    expect(layers.at(-1)).toEqual(["cli"]);
    expect(new Set(parts).size).toBe(parts.length);
  });

  it("should name every part of harness/ and suites/ in the list, and no other", () => {
    const present = new Set([...graph.keys()].map(partOf));
    expect([...present].sort()).toEqual([...layers.flat()].sort());
  });

  it("should import only parts on lower lines", () => {
    expect(layerViolations(graph, layers)).toEqual([]);
  });

  it("should have no import cycle between files", () => {
    expect(importCycles(graph)).toEqual([]);
  });

  it("should import no self-test", () => {
    const intoTests = [...graph].flatMap(([file, imports]) => imports.filter(isTest).map((t) => `${file} -> ${t}`));
    expect(intoTests).toEqual([]);
  });

  describe("its checker", () => {
    const sample: ImportGraph = new Map([
      ["harness/ftp/control-session.ts", ["harness/ftp/protocol-failure.ts", "harness/util/deadline.ts"]],
      ["harness/ftp/protocol-failure.ts", ["harness/ftp/control-session.ts"]],
      ["harness/util/deadline.ts", []],
      ["harness/capture/attach-captures.ts", ["harness/report/run-report.ts"]],
      ["harness/report/run-report.ts", ["harness/capture/pair-captures.ts", "harness/errors.ts"]],
      ["harness/capture/pair-captures.ts", []],
      ["harness/errors.ts", []],
      ["harness/report/run-report.test.ts", ["harness/cli/main.ts"]],
      ["harness/cli/main.ts", ["harness/report/run-report.ts"]],
    ]);
    const sampleLayers = [["util", ROOT_FILES], ["ftp"], ["capture"], ["report"], ["cli"]];

    it("should find an upward import, and let a self-test import anything", () => {
      expect(layerViolations(sample, sampleLayers)).toEqual([
        "harness/capture/attach-captures.ts imports harness/report/run-report.ts: capture may not import report",
      ]);
    });

    it("should find an import between parts on one line, or into a part the list does not name", () => {
      expect(layerViolations(sample, [["util", ROOT_FILES, "ftp", "capture", "report"], ["cli"]])).toContain(
        "harness/report/run-report.ts imports harness/capture/pair-captures.ts: report may not import capture",
      );
      expect(layerViolations(sample, [["util"], ["ftp"], ["capture"], ["report"], ["cli"]])).toContain(
        "harness/report/run-report.ts imports harness/errors.ts: report may not import harness/*.ts",
      );
    });

    it("should find a cycle between two files of one part", () => {
      expect(importCycles(sample)).toEqual([["harness/ftp/control-session.ts", "harness/ftp/protocol-failure.ts"]]);
    });

    it("should read the parts of each numbered item, before its dash, from the bottom", () => {
      const markdown =
        "## Layers\n\n1. `cli` — the top (`suites/x.ts`).\n2. `a`, `b` — below it.\n\n## Next\n3. `c` — not a layer.\n";
      expect(declaredLayers(markdown)).toEqual([["a", "b"], ["cli"]]);
    });
  });
});
