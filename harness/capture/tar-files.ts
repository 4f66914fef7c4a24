import { basename } from "node:path";
import { extract } from "tar-stream";

/**
 * The regular files of a tar archive, by base name. An archive cut short gives the files it
 * holds whole; an entry cut short is left out.
 */
export async function tarFiles(archive: Buffer): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const untar = extract();
  untar.on("entry", (header, entry, next) => {
    const chunks: Buffer[] = [];
    entry.on("data", (chunk: unknown) => chunks.push(chunk as Buffer));
    entry.on("error", () => undefined); // cut short: the archive's own error settles below
    entry.on("end", () => {
      if (header.type === "file") files.set(basename(header.name), Buffer.concat(chunks));
      next();
    });
    entry.resume();
  });
  await new Promise<void>((resolve) => {
    untar.on("finish", resolve);
    untar.on("error", () => resolve());
    untar.end(archive);
  });
  return files;
}
