import { describe, expect, it } from "vitest";
import { parseConnectionTable } from "./connection-table.js";
import { causeOfDifferingSources, dataRefusal, sourcesSeenByServer, transferUnanswered } from "./differing-sources.js";

const SERVER = { address: "10.213.5.3", controlPort: 21, passiveRange: { min: 30000, max: 30009 } };
const entry = (client: string, port: number, seenFrom: string) =>
  `ipv4 2 tcp 6 117 TIME_WAIT src=${client} dst=198.51.100.2 sport=40000 dport=${port} ` +
  `src=10.213.5.3 dst=${seenFrom} sport=${port} dport=40000 [ASSURED] mark=0 use=2`;
/** The relay's own connection to the server (the client's ends at the relay's socket). */
const relayed = (from: string) =>
  `ipv4 2 tcp 6 117 ESTABLISHED src=${from} dst=10.213.5.3 sport=45000 dport=21 src=10.213.5.3 dst=${from} sport=21 dport=45000 [ASSURED] use=1`;
const atRelay = `ipv4 2 tcp 6 117 ESTABLISHED src=198.51.100.4 dst=198.51.100.2 sport=40001 dport=21 src=198.51.100.2 dst=198.51.100.4 sport=21 dport=40001 [ASSURED] use=1`;

const seen = (...lines: string[]) => sourcesSeenByServer(parseConnectionTable(lines.join("\n")), SERVER);

describe("sourcesSeenByServer", () => {
  it("should read where the server saw control and data connections from, after source NAT", () => {
    expect(seen(entry("198.51.100.4", 21, "10.213.5.2"), entry("198.51.100.4", 30002, "10.213.5.6"))).toEqual({
      control: ["10.213.5.2"],
      data: [{ port: 30002, client: "198.51.100.4", seenFrom: "10.213.5.6" }],
    });
  });

  it("should take a relay's own connection as the control connection, not the client's to the relay", () => {
    expect(seen(atRelay, relayed("10.213.5.2"), entry("198.51.100.4", 30001, "198.51.100.4"))).toEqual({
      control: ["10.213.5.2"],
      data: [{ port: 30001, client: "198.51.100.4", seenFrom: "198.51.100.4" }],
    });
  });
});

describe("dataRefusal", () => {
  it.each([
    [["RETR x: 425 Security: Bad IP connecting."], "425 Security: Bad IP connecting."],
    [["curl| < 426 Failure writing network stream."], "426 Failure writing network stream."],
    [["227 Entering Passive Mode (198,51,100,2,117,50)", "226 ok"], undefined],
    [["port 42567 refused"], undefined],
  ])("should find %j: %s", (texts, found) => {
    expect(dataRefusal(texts)).toBe(found);
  });
});

describe("transferUnanswered", () => {
  it.each([
    [
      "no reply to LIST within 5 s (reply wait, profile waits.replySeconds)",
      "no reply to LIST within 5 s (reply wait, profile waits.replySeconds)",
    ],
    [
      "RETR one-mib.bin: no final reply to RETR one-mib.bin within 20 s; sha256 differs",
      "no final reply to RETR one-mib.bin within 20 s",
    ],
    ["no reply to PASV within 5 s", undefined],
    ["greeting was '421 5 users', expected 220", undefined],
  ])("should find the transfer command left unanswered in %j", (observed, found) => {
    expect(transferUnanswered(observed)).toBe(found);
  });
});

describe("causeOfDifferingSources", () => {
  it("should name the cause when the server waits, silent, for a data connection from the control's address", () => {
    const cause = causeOfDifferingSources(
      "no reply to LIST within 5 s",
      seen(entry("198.51.100.4", 21, "10.213.5.2"), entry("198.51.100.4", 30002, "10.213.5.6")),
    );
    expect(cause?.detail).toMatch(
      /^the server left the transfer command unanswered \('no reply to LIST within 5 s'\), waiting for a data connection from the control connection's address; the connection table before it shows the control connections reaching it from 10\.213\.5\.2 and 1 data connection\(s\) from 10\.213\.5\.6/,
    );
  });

  it("should name the cause when a refused data connection came from another address than the control", () => {
    const cause = causeOfDifferingSources(
      "425 Security: Bad IP connecting.",
      seen(entry("198.51.100.4", 21, "10.213.5.2"), entry("198.51.100.4", 30002, "10.213.5.6")),
    );
    expect(cause?.kind).toBe("control-and-data-sources-differ");
    expect(cause?.detail).toContain("from 10.213.5.2 and 1 data connection(s) from 10.213.5.6");
  });

  it("should name it behind a relay: the control from the relay, the data from the client", () => {
    const cause = causeOfDifferingSources(
      "425 Security: Bad IP connecting.",
      seen(atRelay, relayed("10.213.5.2"), entry("198.51.100.4", 30001, "198.51.100.4")),
    );
    expect(cause?.detail).toContain("data connection(s) from 198.51.100.4");
  });

  it("should not name it when the sources are paired (one SNAT address), nor without a refusal", () => {
    const paired = seen(entry("198.51.100.4", 21, "10.213.5.2"), entry("198.51.100.4", 30002, "10.213.5.2"));
    expect(causeOfDifferingSources("425 Security: Bad IP connecting.", paired)).toBeUndefined();
    const split = seen(entry("198.51.100.4", 21, "10.213.5.2"), entry("198.51.100.4", 30002, "10.213.5.6"));
    expect(causeOfDifferingSources(undefined, split)).toBeUndefined();
    expect(causeOfDifferingSources("425 no", seen(entry("198.51.100.4", 30002, "10.213.5.6")))).toBeUndefined();
  });
});
