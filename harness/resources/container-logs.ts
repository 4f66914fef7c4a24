import type Dockerode from "dockerode";

/** The last lines a container wrote, for evidence when it dies or misbehaves. */
export async function containerLogTail(container: Dockerode.Container, lines = 20): Promise<string> {
  try {
    const raw = (await container.logs({ stdout: true, stderr: true, tail: lines, follow: false })) as Buffer;
    return demuxedText(raw).trim();
  } catch (error) {
    return `(logs unavailable: ${(error as Error).message})`;
  }
}

/** Docker multiplexes stdout and stderr with 8-byte frame headers when there is no TTY. */
function demuxedText(raw: Buffer): string {
  const parts: string[] = [];
  let offset = 0;
  while (offset + 8 <= raw.length) {
    const size = raw.readUInt32BE(offset + 4);
    parts.push(raw.subarray(offset + 8, offset + 8 + size).toString("utf8"));
    offset += 8 + size;
  }
  return offset === 0 ? raw.toString("utf8") : parts.join("");
}
