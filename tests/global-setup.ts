import { ensureEngine } from "../harness/engine/ensure-engine.js";
import { resolveBaseImage } from "../harness/images/base-image.js";
import { ensureRoleImages } from "../harness/images/role-images.js";
import { ensureTargetImage } from "../harness/images/target-image.js";
import { builtinTargets } from "../harness/targets/builtin-targets.js";
import { createProgress } from "../harness/progress.js";
import { removeResources } from "../harness/resources/cleanup.js";

/** Brings up the engine and builds the images (roles and built-in targets) once, before the test files run. */
export default async function setup(): Promise<() => Promise<void>> {
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= "true";
  const progress = createProgress({ quiet: false });
  const docker = await ensureEngine(progress);
  const base = await resolveBaseImage(docker, progress);
  await ensureRoleImages(docker, ["gateway", "client"], base, progress);
  for (const target of builtinTargets()) await ensureTargetImage(docker, target, base, progress);
  return async () => {
    await removeResources(docker, { abandoned: true });
  };
}
