import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { fixtureFiles } from "../harness/fixtures/fixture-files.js";
import { describeSeries, SERIES, seriesDownload, seriesEnv, seriesProgress } from "./client-series.js";

describe("seriesProgress", () => {
  it.each([
    [
      "curl",
      "> USER u\n< 331 x\n> RETR f\n< 150 x\n< 226 done\n> RETR f\n< 150 x\n< 226 done\n> RETR f\n< 150 x\n< 226 done",
      { completed: 3, logins: 1 },
    ],
    [
      "lftp",
      "---> USER u\n---> RETR f\n<--- 226 done\n---> RETR f\n<--- 522 reuse required",
      { completed: 1, logins: 1 },
    ],
    [
      "ftplib",
      "*cmd* 'USER u'\n*cmd* 'RETR f'\n*resp* '226 done'\n*cmd* 'RETR f'\n*resp* '226 done'\n*cmd* 'RETR f'\n*resp* '425 no'",
      { completed: 2, logins: 1 },
    ],
    ["basic-ftp, a 250 ending a transfer", "> USER u\n> RETR f\n< 250 done", { completed: 1, logins: 1 }],
    ["a 226 before any transfer (not one)", "> USER u\n< 226 odd\n> RETR f\n< 425 no", { completed: 0, logins: 1 }],
    [
      "curl starting over on a new connection after a failure",
      "> USER u\n> RETR f\n< 425 no\n> USER u\n> RETR f\n< 226 ok",
      { completed: 0, logins: 2 },
    ],
    [
      "lftp going on after a failed transfer",
      "---> USER u\n---> RETR f\n<--- 226 ok\n---> RETR f\n<--- 522 no\n---> RETR f\n<--- 226 ok",
      { completed: 1, logins: 1 },
    ],
    [
      "a transfer cut off by the next one",
      "> USER u\n> RETR f\n< 150 x\n> RETR f\n< 226 ok",
      { completed: 0, logins: 1 },
    ],
  ])("should read %s's log", (_, log, progress) => {
    expect(seriesProgress(log)).toEqual(progress);
  });
});

describe("describeSeries", () => {
  it("should say the whole series went through in one session", () => {
    expect(describeSeries({ completed: 3, logins: 1 }, "f.bin")).toBe(
      "3 of 3 transfers (RETR, RETR, RETR) in one session",
    );
  });

  it("should say at which transfer it stopped, and how many logins it took", () => {
    expect(describeSeries({ completed: 1, logins: 1 }, "f.bin")).toBe(
      "1 of 3 transfers done in one session: stopped at transfer 2 (RETR f.bin)",
    );
    expect(describeSeries({ completed: 2, logins: 2 }, "f.bin")).toBe(
      "2 of 3 transfers done in 2 sessions (logins): stopped at transfer 3 (RETR f.bin)",
    );
  });
});

describe("seriesEnv", () => {
  it("should ask the wrappers for the file once per transfer of the series, downloads only", () => {
    expect(SERIES).toEqual(["RETR", "RETR", "RETR"]);
    expect(seriesEnv()).toEqual({ FTP_DOWNLOADS: "3" });
  });
});

describe("seriesDownload", () => {
  it("should expect the file three times, one after the other", () => {
    const file = fixtureFiles().find((f) => f.name === "crosses-64k.bin");
    if (!file) throw new Error("the fixture");
    const thrice = Buffer.concat([file.content, file.content, file.content]);
    expect(seriesDownload(file)).toEqual({
      size: thrice.length,
      sha256: createHash("sha256").update(thrice).digest("hex"),
    });
  });
});
