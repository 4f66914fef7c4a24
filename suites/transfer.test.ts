import { describe, expect, it } from "vitest";
import { fixtureFiles } from "../harness/fixtures/fixture-files.js";
import { PRIVATE_SIDE, runAgainstFake } from "../harness/testing/fake-environment.js";
import { expectSkip } from "../harness/testing/expect-skip.js";
import { LISTING_CAP_BYTES, transferList, transferRetr, transferStor } from "./transfer.js";
import { faults, quirks, reply, settings } from "../harness/testing/fake-ftp-server.js";
import { localAgents } from "../harness/testing/agents-fixture.js";

/** A Unix-style listing of `count` other files, then the fixtures: their names come last. */
function longListing(count: number, nameWidth = 20): string {
  const line = (size: number, name: string) => `-rw-r--r-- 1 ftp ftp ${size} Jan 1 00:00 ${name}\r\n`;
  const others = Array.from({ length: count }, (_, i) => line(i, `${"other-".padEnd(nameWidth, "x")}-${i}.dat`));
  return (
    others.join("") +
    fixtureFiles()
      .map((f) => line(f.size, f.name))
      .join("")
  );
}

describe("transfer.retr", () => {
  const agents = localAgents();

  it("should pass in PASV and EPSV against a correct server", async () => {
    const results = await runAgainstFake(agents, transferRetr, {});
    expect(results.map((r) => [r.variant, r.verdict])).toEqual([
      ["pasv", "pass"],
      ["epsv", "pass"],
    ]);
  });

  it("should fail when one byte differs past a 64 KiB boundary", async () => {
    const results = await runAgainstFake(agents, transferRetr, {
      sets: [
        settings.files((name) => {
          if (name !== "crosses-64k.bin") return undefined;
          const copy = Buffer.from(fixtureFiles().find((f) => f.name === name)?.content ?? []);
          copy[65536] = (copy[65536] ?? 0) ^ 0xff;
          return copy;
        }),
      ],
    });
    for (const result of results) {
      expect(result.verdict).toBe("fail");
      expect(result.expected).toContain("crosses-64k.bin: 196615 bytes");
      expect(result.observed).toContain("crosses-64k.bin: 196615 bytes, sha256 ");
    }
  });

  it("should fail when the server never ends the transfer", async () => {
    const results = await runAgainstFake(agents, transferRetr, {
      handlers: { RETR: reply("150 here it comes") },
    });
    expect(results[0]?.verdict).toBe("fail");
    expect(results[0]?.observed).toContain("the data connection did not finish within 1.5 s");
  });

  it("should be an expected failure over PASV in nat-unadvertised when the private address is unreachable", async () => {
    const results = await runAgainstFake(
      agents,
      transferRetr,
      { sets: [faults.pasvAddress("192.168.7.7")] },
      { scenario: "nat-unadvertised", network: PRIVATE_SIDE },
    );
    expect(results.map((r) => [r.variant, r.verdict])).toEqual([
      ["pasv", "xfail"],
      ["epsv", "pass"],
    ]);
  });

  it("should be a real failure in nat-unadvertised when the download is corrupt, not the address", async () => {
    const results = await runAgainstFake(
      agents,
      transferRetr,
      { sets: [faults.corruptDownloads] },
      { scenario: "nat-unadvertised", network: PRIVATE_SIDE },
    );
    expect(results.map((r) => [r.variant, r.verdict])).toEqual([
      ["pasv", "fail"],
      ["epsv", "fail"],
    ]);
    expect(results[0]?.note).toContain("not the failure nat-unadvertised exists to show");
  });

  it("should be a real failure in nat-unadvertised when the transfer hangs", async () => {
    const results = await runAgainstFake(
      agents,
      transferRetr,
      { handlers: { RETR: reply("150 here it comes") } },
      { scenario: "nat-unadvertised", network: PRIVATE_SIDE },
    );
    expect(results[0]?.verdict).toBe("fail");
  });

  it("should be a real failure in nat-unadvertised when the EPSV port does not listen", async () => {
    const results = await runAgainstFake(
      agents,
      transferRetr,
      { sets: [faults.advertiseDeadPort] },
      { scenario: "nat-unadvertised", network: PRIVATE_SIDE },
    );
    expect(results.map((r) => r.verdict)).toEqual(["fail", "fail"]);
    expect(results[1]?.observed).toMatch(/data connection to 127\.0\.0\.1:\d+: connection refused/);
  });

  it("should pass on a slow server with multi-line replies in its own words", async () => {
    const results = await runAgainstFake(agents, transferRetr, { sets: [quirks.replyDelay(150), quirks.multiLine] });
    expect(results.map((r) => [r.variant, r.verdict])).toEqual([
      ["pasv", "pass"],
      ["epsv", "pass"],
    ]);
  });

  it("should not decide one transfer in partial-firewall, where the port picked decides", async () => {
    const results = await runAgainstFake(agents, transferRetr, {}, { scenario: "partial-firewall" });
    expect(results.map((r) => r.verdict)).toEqual(["not-applicable", "not-applicable"]);
    expect(results[0]?.observed).toContain("ports.firewall-window decides this scenario from a sample");
  });

  it("transfer.stor and transfer.list should pass in PASV and EPSV against a correct server", async () => {
    for (const check of [transferStor, transferList]) {
      const results = await runAgainstFake(agents, check, {});
      expect(results.map((r) => [r.check, r.variant, r.verdict])).toEqual([
        [check.id, "pasv", "pass"],
        [check.id, "epsv", "pass"],
      ]);
    }
  });

  it("transfer.stor should fail when the upload reads back different", async () => {
    const [result] = await runAgainstFake(agents, transferStor, {
      sets: [settings.files((name) => (name.startsWith("upload-") ? Buffer.from("not what was sent") : undefined))],
    });
    expect(result?.verdict).toBe("fail");
    expect(result?.observed).toMatch(/^upload-pasv-0\.bin read back: 17 bytes, sha256 /);
    expect(result?.observed).toContain("so the upload was altered");
  });

  it("transfer.stor should blame the upload when only uploads are altered", async () => {
    const [result] = await runAgainstFake(agents, transferStor, { sets: [faults.corruptUploads] });
    expect(result?.verdict).toBe("fail");
    expect(result?.observed).toContain("a plain RETR of one-mib.bin arrives intact, so the upload was altered");
  });

  it("transfer.stor should not blame the upload when downloads are corrupt", async () => {
    const [result] = await runAgainstFake(agents, transferStor, { sets: [faults.corruptDownloads] });
    expect(result?.verdict).toBe("skipped");
    expectSkip(result, "inconclusive", /upload-pasv-1\.bin read back: .* downloads are broken \(see transfer\.retr\)/);
  });

  it("transfer.stor should fail when STOR is refused", async () => {
    const [result] = await runAgainstFake(agents, transferStor, {
      handlers: { STOR: reply("553 Could not create file.") },
    });
    expect(result?.observed).toBe("STOR upload-pasv-0.bin got '553 Could not create file.', expected 125 or 150");
  });

  it("transfer.list should fail naming the files the listing misses", async () => {
    const [result] = await runAgainstFake(agents, transferList, {
      sets: [settings.listing("-rw-r--r-- 1 ftp ftp 0 Jan 1 00:00 empty.bin\r\n")],
    });
    expect(result?.verdict).toBe("fail");
    expect(result?.observed).toContain("missing one-byte.bin, crosses-64k.bin, one-mib.bin");
  });

  it("transfer.list should read a 20 KiB listing whole: 300 entries with the fixtures last pass", async () => {
    const listing = longListing(300, 22);
    expect(listing.length).toBeGreaterThan(20 * 1024);
    const results = await runAgainstFake(agents, transferList, { sets: [settings.listing(listing)] });
    expect(results.map((r) => [r.variant, r.verdict, r.observed])).toEqual([
      ["pasv", "pass", `${listing.length} bytes over PASV`],
      ["epsv", "pass", `${listing.length} bytes over EPSV`],
    ]);
  });

  it("transfer.list should be inconclusive when the fixtures come after the listing cap", async () => {
    const listing = longListing(Math.ceil(LISTING_CAP_BYTES / 60), 20);
    expect(listing.length).toBeGreaterThan(LISTING_CAP_BYTES);
    const [result] = await runAgainstFake(agents, transferList, { sets: [settings.listing(listing)] });
    expect(result?.verdict).toBe("skipped");
    expectSkip(
      result,
      "inconclusive",
      new RegExp(`the listing is ${listing.length} bytes over PASV, longer than the ${LISTING_CAP_BYTES} bytes`),
    );
    expect(result?.observed).toContain("do not name empty.bin, one-byte.bin, crosses-64k.bin, one-mib.bin");
  });

  it("transfer.list should still fail a 20 KiB listing that lacks a fixture", async () => {
    const listing = longListing(300, 22).replace(/^.* one-byte\.bin\r\n/m, "");
    const [result] = await runAgainstFake(agents, transferList, { sets: [settings.listing(listing)] });
    expect(result?.verdict).toBe("fail");
    expect(result?.observed).toMatch(new RegExp(`^${listing.length} bytes over PASV, missing one-byte\\.bin: `));
  });
});
