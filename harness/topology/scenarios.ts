/**
 * Every scenario, in run and report order: each file in ./scenarios/ exports one (`scenario`), so
 * adding a scenario is adding a file there. Loaded once, when this module is first imported.
 */
import { readdirSync } from "node:fs";
import { extname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Scenario } from "./scenario.js";

const extension = extname(fileURLToPath(import.meta.url));
const directory = fileURLToPath(new URL("./scenarios/", import.meta.url));

function isScenarioFile(file: string): boolean {
  return file.endsWith(extension) && !file.endsWith(`.test${extension}`) && !file.endsWith(`.d${extension}`);
}

async function loadScenarios(): Promise<readonly Scenario[]> {
  const files = readdirSync(directory).filter(isScenarioFile).sort();
  const loaded = await Promise.all(
    files.map(async (file) => {
      const module = (await import(pathToFileURL(join(directory, file)).href)) as { scenario?: Scenario };
      if (!module.scenario || typeof module.scenario.build !== "function") {
        throw new Error(`harness/topology/scenarios/${file} exports no scenario`);
      }
      return module.scenario;
    }),
  );
  const names = new Set<string>();
  for (const scenario of loaded) {
    if (names.has(scenario.name)) throw new Error(`two scenarios are named '${scenario.name}'`);
    names.add(scenario.name);
  }
  return loaded.sort((a, b) => a.order - b.order);
}

export const SCENARIOS: readonly Scenario[] = await loadScenarios();
