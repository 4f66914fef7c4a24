import { build, buildSync, type BuildOptions } from "esbuild";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { packageRoot } from "../paths.js";

/** The agent's file name in the client image's build context (the Dockerfile copies it). */
export const AGENT_BUNDLE_NAME = "agent.cjs";

/** Debian bookworm's nodejs, which the client image runs the agent on. */
const NODE_TARGET = "node18";

/**
 * The agent (harness/agent/in-topology/main) and everything it imports (zod, ipaddr.js, the
 * protocol's schemas) as one CommonJS file for Node 18: build output, made when a client build
 * context is assembled and when the self-tests start a local agent, never committed. From the
 * sources under tsx, from dist/ once compiled: the same entry either way.
 */
function bundleOptions(): BuildOptions {
  const here = fileURLToPath(import.meta.url);
  return {
    entryPoints: [fileURLToPath(new URL(`./in-topology/main${extname(here)}`, import.meta.url))],
    // Paths in the bundle's comments are relative to this, so its bytes (and the image tag) do not
    // depend on where the harness runs from.
    absWorkingDir: packageRoot(),
    bundle: true,
    platform: "node",
    format: "cjs",
    target: NODE_TARGET,
    write: false,
    logLevel: "silent",
    banner: { js: "// Generated from harness/agent/in-topology by harness/agent/bundle-agent.ts; do not edit." },
  };
}

export async function bundleAgent(): Promise<Uint8Array> {
  const result = await build(bundleOptions());
  return onlyOutput(result.outputFiles);
}

/** The same bundle, synchronously (starting a local agent is synchronous). */
export function bundleAgentSync(): Uint8Array {
  return onlyOutput(buildSync(bundleOptions()).outputFiles);
}

function onlyOutput(files: { contents: Uint8Array }[] | undefined): Uint8Array {
  const [file] = files ?? [];
  if (!file) throw new Error("bundling the agent produced no output");
  return file.contents;
}
