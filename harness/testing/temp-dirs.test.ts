import { spawn } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDirs, withTempDir } from "./temp-dirs.js";

/** What the block below made, looked at after it ended. */
const made: string[] = [];

describe("tempDirs, in a block whose tests make directories", () => {
  const tempDir = tempDirs();

  it("should make a new directory in the OS temp dir for each call, named by the prefix", () => {
    const first = tempDir("ftpc-temp-dirs-");
    const second = tempDir("ftpc-temp-dirs-");
    made.push(first, second);
    expect(first).not.toBe(second);
    expect(dirname(first)).toBe(tmpdir());
    expect(first).toMatch(/ftpc-temp-dirs-[^/]{6}$/);
    expect(existsSync(first) && existsSync(second)).toBe(true);
  });

  it("should keep them for the block's later tests, with what a child process wrote in them", async () => {
    expect(made.every(existsSync)).toBe(true);
    const dir = tempDir("ftpc-temp-dirs-");
    made.push(dir);
    const child = spawn(process.execPath, [
      "-e",
      `require("node:fs").writeFileSync(${JSON.stringify(join(dir, "child.txt"))}, "x")`,
    ]);
    await new Promise((resolve) => child.on("close", resolve));
    writeFileSync(join(dir, "nested.txt"), "y");
    expect(existsSync(join(dir, "child.txt"))).toBe(true);
  });
});

describe("tempDirs, after the block ended", () => {
  it("should have removed every directory the block made, with their contents", () => {
    expect(made).toHaveLength(3);
    expect(made.filter(existsSync)).toEqual([]);
  });
});

describe("withTempDir", () => {
  it("should remove the directory once the function settled, fulfilled or rejected", async () => {
    let kept = "";
    const value = await withTempDir("ftpc-temp-dirs-", async (dir) => {
      kept = dir;
      writeFileSync(join(dir, "file"), "z");
      return existsSync(dir);
    });
    expect(value).toBe(true);
    expect(existsSync(kept)).toBe(false);
    await expect(
      withTempDir("ftpc-temp-dirs-", async (dir) => {
        kept = dir;
        throw new Error("failed");
      }),
    ).rejects.toThrow("failed");
    expect(existsSync(kept)).toBe(false);
  });
});
