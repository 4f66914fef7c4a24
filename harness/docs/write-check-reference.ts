/** `npm run docs`: writes docs/checks.md from the check definitions, the scenarios and the built-in profiles. */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, relative } from "node:path";
import { checkReferencePath, formattedCheckReference } from "./formatted-check-reference.js";

const path = checkReferencePath();
mkdirSync(dirname(path), { recursive: true });
writeFileSync(path, await formattedCheckReference());
console.log(`wrote ${relative(process.cwd(), path) || path}`);
