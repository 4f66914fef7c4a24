import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { AGENT_BUNDLE_NAME, bundleAgent } from "../agent/bundle-agent.js";
import { dockerContextDir } from "../paths.js";

/**
 * Node packages a role's image carries, copied from this package's own dependencies at build
 * time: no registry is needed inside the build, and the image runs the version the harness pins.
 */
const VENDORED_PACKAGES: Readonly<Record<string, readonly string[]>> = { client: ["basic-ftp"] };

/** Roles whose image runs the in-topology agent, bundled from harness/agent/in-topology at assembly. */
const AGENT_ROLES: ReadonlySet<string> = new Set(["client"]);

/**
 * Calls `use` with the build context of a role: docker/<role>, plus its vendored packages and the
 * bundled agent when it has them. The image tag is a digest of this assembled directory, so a
 * change to the agent's sources rebuilds the image.
 */
export async function withBuildContext<T>(role: string, use: (dir: string) => Promise<T>): Promise<T> {
  const vendored = VENDORED_PACKAGES[role] ?? [];
  if (vendored.length === 0 && !AGENT_ROLES.has(role)) return use(dockerContextDir(role));
  const dir = await mkdtemp(join(tmpdir(), `ftp-conformance-${role}-`));
  try {
    await cp(dockerContextDir(role), dir, { recursive: true });
    const require = createRequire(import.meta.url);
    for (const name of vendored) {
      const source = dirname(require.resolve(`${name}/package.json`));
      await cp(source, join(dir, "node_modules", name), { recursive: true });
    }
    if (AGENT_ROLES.has(role)) await writeFile(join(dir, AGENT_BUNDLE_NAME), await bundleAgent());
    return await use(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
