#!/usr/bin/env node
// Entry point of the published package: runs the compiled CLI (built by `npm run build`).
import { main } from "../dist/harness/cli/main.js";

process.exitCode = await main(process.argv.slice(2));
