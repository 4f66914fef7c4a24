import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { CapturedPackets, CollectedCaptures } from "../capture/captured-packets.js";
import { CAPTURES_DIRECTORY, captureFileName, keyLogFileName, type CaptureFile } from "../capture/pair-captures.js";

/**
 * Writes one pair's captures (and the agents' TLS key log) into the report directory's
 * `captures/`, and says what it wrote: the files its findings link.
 */
export async function writeCaptures(
  captured: CapturedPackets,
  reportDir: string,
  pair: { target: string; scenario: string },
): Promise<CollectedCaptures> {
  const dir = join(reportDir, CAPTURES_DIRECTORY);
  await mkdir(dir, { recursive: true });
  const { interfaces } = captured;
  const fileName = (host: string) => captureFileName(pair.target, pair.scenario, host);
  await Promise.all(interfaces.map((c) => writeFile(join(dir, fileName(c.host)), c.pcap)));
  const files: CaptureFile[] = interfaces.map((c) => ({
    host: c.host,
    file: `${CAPTURES_DIRECTORY}/${fileName(c.host)}`,
    ...(c.cut ? { cut: true } : {}),
  }));
  if (!captured.tlsKeyLog) return { files: { files }, interfaces };
  const keyLog = keyLogFileName(pair.target, pair.scenario);
  await writeFile(join(dir, keyLog), captured.tlsKeyLog);
  return { files: { files, tlsKeyLog: `${CAPTURES_DIRECTORY}/${keyLog}` }, interfaces };
}
