import { build, buildSync, type BuildOptions } from "esbuild";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { packageRoot } from "../paths.js";

/** Debian bookworm's nodejs, which the client image runs these programs on. */
const NODE_TARGET = "node18";

/** A TypeScript program the client image runs, by its file in the build context and its entry under harness/. */
export interface InImageProgram {
  file: string;
  entry: string;
}

/** The in-topology agent (the image's entrypoint). */
export const AGENT_PROGRAM: InImageProgram = { file: "agent.cjs", entry: "agent/in-topology/main" };
/** The run's watchdog (harness/resources/watchdog.ts starts it). */
export const WATCHDOG_PROGRAM: InImageProgram = { file: "watchdog.cjs", entry: "resources/watchdog-program/main" };

/** Every program the client build context gets; the Dockerfile copies each by its file (or directory) name. */
export const CLIENT_IMAGE_PROGRAMS: readonly InImageProgram[] = [AGENT_PROGRAM, WATCHDOG_PROGRAM];

/** The file mode a program is written with: run through `node`, none is executable. */
export const PROGRAM_MODE = 0o644;

/**
 * A program and everything it imports (zod, ipaddr.js, basic-ftp, the protocol's schemas) as one CommonJS
 * file for Node 18: build output, made when a client build context is assembled and when the
 * self-tests start one locally, never committed. From the sources under tsx, from dist/ once
 * compiled: the same entry either way.
 */
function bundleOptions(program: InImageProgram): BuildOptions {
  const extension = extname(fileURLToPath(import.meta.url));
  return {
    entryPoints: [fileURLToPath(new URL(`../${program.entry}${extension}`, import.meta.url))],
    // Paths in the bundle's comments are relative to this, so its bytes (and the image tag) do not
    // depend on where the harness runs from.
    absWorkingDir: packageRoot(),
    bundle: true,
    platform: "node",
    format: "cjs",
    target: NODE_TARGET,
    write: false,
    logLevel: "silent",
    banner: { js: `// Generated from harness/${program.entry} by harness/images/in-image-programs.ts; do not edit.` },
  };
}

export async function bundleProgram(program: InImageProgram): Promise<Uint8Array> {
  const result = await build(bundleOptions(program));
  return onlyOutput(result.outputFiles);
}

/** The same bundle, synchronously (starting a local agent is synchronous). */
export function bundleProgramSync(program: InImageProgram): Uint8Array {
  return onlyOutput(buildSync(bundleOptions(program)).outputFiles);
}

function onlyOutput(files: { contents: Uint8Array }[] | undefined): Uint8Array {
  const [file] = files ?? [];
  if (!file) throw new Error("bundling produced no output");
  return file.contents;
}
