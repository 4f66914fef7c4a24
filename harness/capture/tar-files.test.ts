import { pack } from "tar-stream";
import { describe, expect, it } from "vitest";
import { tarFiles } from "./tar-files.js";

async function archiveOf(files: Record<string, string>, directory?: string): Promise<Buffer> {
  const tar = pack();
  if (directory) tar.entry({ name: directory, type: "directory" });
  for (const [name, content] of Object.entries(files)) tar.entry({ name, type: "file" }, content);
  tar.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of tar) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe("tarFiles", () => {
  it("should give each regular file by its base name, leaving directories out", async () => {
    const files = await tarFiles(await archiveOf({ "./agents.pcap": "abc", "keys.log": "k" }, "./"));
    expect([...files.keys()].sort()).toEqual(["agents.pcap", "keys.log"]);
    expect(files.get("agents.pcap")?.toString()).toBe("abc");
  });

  it("should keep the whole files of an archive cut short and leave the one cut out", async () => {
    const whole = await archiveOf({ "a.pcap": "x".repeat(600), "b.pcap": "y".repeat(2000) });
    // a.pcap's header and two blocks, then part of b.pcap's data.
    const files = await tarFiles(whole.subarray(0, 512 * 3 + 512 + 700));
    expect([...files.keys()]).toEqual(["a.pcap"]);
  });

  it("should give none for an empty stream", async () => {
    expect((await tarFiles(Buffer.alloc(0))).size).toBe(0);
  });
});
