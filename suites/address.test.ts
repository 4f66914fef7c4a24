import { describe, expect, it } from "vitest";
import { PRIVATE_SIDE, runAgainstFake, type FakeRunOptions } from "../harness/testing/fake-environment.js";
import { expectSkip } from "../harness/testing/expect-skip.js";
import { addressAlgRewrite, addressDiagnosis, addressEpsvThroughNat, addressPublic } from "./address.js";
import { faults, settings, type FakeBehaviour } from "../harness/testing/fake-ftp-server.js";
import { localAgents } from "../harness/testing/agents-fixture.js";

/** A fake whose 227 names `address`. */
const advertising = (address: string): FakeBehaviour => ({ sets: [faults.pasvAddress(address)] });
/** dns-name: the name resolved to 127.0.0.9 before it changed; it resolves to the public 127.0.0.1 now. */
const RENAMED = { publicName: { name: "ftp.dns-name.test", earlierAddresses: ["127.0.0.9"] } };
const IN_DNS_NAME: FakeRunOptions = { scenario: "dns-name", network: RENAMED };
const IN_NAT_UNADVERTISED: FakeRunOptions = { scenario: "nat-unadvertised", network: PRIVATE_SIDE };
const IN_NAT: FakeRunOptions = { scenario: "nat" };
const IN_NAT_ALG: FakeRunOptions = { scenario: "nat-alg" };

describe("address checks", () => {
  const agents = localAgents();

  it("address.public should pass when the 227 names the public address", async () => {
    const [result] = await runAgainstFake(agents, addressPublic, {});
    expect(result?.verdict).toBe("pass");
  });

  it("address.public should fail naming the address and the server's setting", async () => {
    const [result] = await runAgainstFake(agents, addressPublic, advertising("192.168.7.7"));
    expect(result?.verdict).toBe("fail");
    expect(result?.observed).toContain(
      "227 advertises 192.168.7.7 (from the client: the address is outside the test topology, so the harness did " +
        "not dial it); the client reaches the server at 127.0.0.1",
    );
    expect(result?.hint).toContain("set fake_public_address=127.0.0.1");
  });

  it("address.diagnosis should pass when the 227 names the address the client uses", async () => {
    const [result] = await runAgainstFake(agents, addressDiagnosis, {});
    expect(result?.verdict).toBe("pass");
  });

  it("address.diagnosis should name a private address's kind without dialling it", async () => {
    const [result] = await runAgainstFake(agents, addressDiagnosis, advertising("192.168.7.7"));
    expect(result?.verdict).toBe("info");
    expect(result?.observed).toBe(
      "192.168.7.7 is a private (RFC 1918) address, unroutable from outside; from the client: " +
        "the address is outside the test topology, so the harness did not dial it",
    );
    expect(result?.hint).toContain("set fake_public_address=127.0.0.1; or use EPSV");
  });

  it("address.diagnosis should say when an address in reach does not answer", async () => {
    const [result] = await runAgainstFake(agents, addressDiagnosis, advertising("127.0.0.9"));
    expect(result?.verdict).toBe("info");
    expect(result?.observed).toMatch(
      /^127\.0\.0\.9 is an unroutable address \(loopback\); from the client: connection refused$/,
    );
  });

  it("address.public should be an expected failure in nat-unadvertised when its private address is unreachable", async () => {
    const [result] = await runAgainstFake(agents, addressPublic, advertising("192.168.7.7"), IN_NAT_UNADVERTISED);
    expect(result?.verdict).toBe("xfail");
    expect(result?.note).toContain("expected in nat-unadvertised: the server advertises its private address");
    expect(result?.note).toContain("evidence: 192.168.7.7 is on the server's private side");
  });

  it("address.public should be an expected failure in dns-name when the 227 names what the name resolved to before", async () => {
    const [result] = await runAgainstFake(agents, addressPublic, advertising("127.0.0.9"), IN_DNS_NAME);
    expect(result?.verdict).toBe("xfail");
    expect(result?.observed).toContain(
      "127.0.0.9 is what ftp.dns-name.test resolved to before it changed; it resolves to 127.0.0.1 now",
    );
    expect(result?.hint).toMatch(/^restart the server whenever ftp\.dns-name\.test changes address/);
  });

  it("address.public should be a real failure in dns-name when the 227 names an address the name never had", async () => {
    const [result] = await runAgainstFake(agents, addressPublic, advertising("127.0.0.8"), IN_DNS_NAME);
    expect(result?.verdict).toBe("fail");
    expect(result?.note).toContain("not the failure dns-name exists to show");
  });

  it("address.public should pass in dns-name for a server that resolves its name per session", async () => {
    const [result] = await runAgainstFake(agents, addressPublic, {}, IN_DNS_NAME);
    expect(result?.verdict).toBe("pass");
  });

  it("address.diagnosis should say the 227 names the name's earlier address", async () => {
    const [result] = await runAgainstFake(agents, addressDiagnosis, advertising("127.0.0.9"), IN_DNS_NAME);
    expect(result?.verdict).toBe("xfail");
    expect(result?.observed).toMatch(
      /^127\.0\.0\.9 is what ftp\.dns-name\.test resolved to before it changed; .*; from the client: connection refused$/,
    );
  });

  it("address.public should be a real failure in nat-unadvertised when the 227 names another address", async () => {
    // Not the server's private address: some other host, reachable, so not the scenario's cause.
    const [result] = await runAgainstFake(agents, addressPublic, advertising("127.0.0.9"), IN_NAT_UNADVERTISED);
    expect(result?.verdict).toBe("fail");
    expect(result?.note).toContain("not the failure nat-unadvertised exists to show");
  });

  it("address.public should be a real failure for a private 227 in partial-firewall", async () => {
    const [result] = await runAgainstFake(agents, addressPublic, advertising("192.168.7.7"), {
      scenario: "partial-firewall",
      network: PRIVATE_SIDE,
    });
    expect(result?.verdict).toBe("fail");
  });

  it("address.epsv-through-nat should not apply without NAT", async () => {
    const [result] = await runAgainstFake(agents, addressEpsvThroughNat, {});
    expect(result?.verdict).toBe("not-applicable");
    expectSkip(result, "not-applicable", "no NAT in this scenario");
  });

  it("address.epsv-through-nat should pass, then fail when the data arrives altered", async () => {
    const [good] = await runAgainstFake(agents, addressEpsvThroughNat, {}, IN_NAT);
    expect(good?.verdict).toBe("pass");
    const [bad] = await runAgainstFake(
      agents,
      addressEpsvThroughNat,
      { sets: [settings.files(() => Buffer.from("truncated"))] },
      IN_NAT,
    );
    expect(bad?.verdict).toBe("fail");
    expect(bad?.observed).toMatch(/^9 bytes, sha256 /);
  });

  it("address.epsv-through-nat should fail when the 229 port does not answer", async () => {
    const [result] = await runAgainstFake(
      agents,
      addressEpsvThroughNat,
      { sets: [faults.epsvReply(() => "229 (|||1|)")] },
      IN_NAT,
    );
    expect(result?.observed).toContain("connection refused");
  });

  it("address.alg-rewrite should apply only behind the FTP helper", async () => {
    const [result] = await runAgainstFake(agents, addressAlgRewrite, {});
    expect(result?.verdict).toBe("not-applicable");
    expectSkip(result, "not-applicable", "no FTP helper in this scenario");
  });

  it("address.alg-rewrite should say the deployment depends on the helper when it works", async () => {
    const [result] = await runAgainstFake(agents, addressAlgRewrite, {}, IN_NAT_ALG);
    expect(result?.verdict).toBe("pass");
    expect(result?.observed).toContain("under FTPS (AUTH TLS) the helper is blind and PASV breaks");
  });

  it("address.alg-rewrite should report a 227 the helper did not rewrite", async () => {
    const [result] = await runAgainstFake(agents, addressAlgRewrite, advertising("10.1.2.3"), IN_NAT_ALG);
    expect(result).toMatchObject({
      verdict: "info",
      observed: "the client saw 10.1.2.3: the helper did not rewrite the 227",
    });
  });
});
