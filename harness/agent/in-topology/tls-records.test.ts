import { describe, expect, it } from "vitest";
import { closeNotifyFrom } from "./tls-close-notify.js";
import { RecordLog } from "./tls-records.js";

const record = (type: number, payload: number[]) =>
  Buffer.from([type, 3, 3, payload.length >> 8, payload.length & 255, ...payload]);

/** A log fed `records`, one chunk each. */
const logOf = (...records: Buffer[]) => {
  const log = new RecordLog();
  for (const r of records) log.feed(r);
  return log;
};

describe("RecordLog", () => {
  it("should read records split across chunks and keep the last one whole", () => {
    const log = new RecordLog();
    const bytes = Buffer.concat([record(22, [1, 2]), record(23, [9, 9, 9]), record(23, [8]), record(21, [1, 0])]);
    for (let at = 0; at < bytes.length; at += 3) log.feed(bytes.subarray(at, at + 3));
    expect(log.last?.type).toBe(21);
    expect([...(log.last?.payload ?? [])]).toEqual([1, 0]);
    expect(log.applicationRecords).toBe(2);
    expect(log.partial).toBe(0);
  });

  it("should count the bytes of a record cut off by the close", () => {
    const log = new RecordLog();
    log.feed(Buffer.concat([record(23, [1]), record(23, [1, 2, 3]).subarray(0, 6)]));
    expect(log.partial).toBe(6);
  });
});

describe("closeNotifyFrom", () => {
  const tls12 = { protocol: "TLSv1.2", cipher: "ECDHE-RSA-AES128-GCM-SHA256", serverSecret: undefined };

  it.each([
    [[record(23, [5, 5]), record(21, [7, 7])], "received", "an alert (TLSv1.2)"],
    [[record(23, [5, 5])], "absent", "of type 23, not an alert"],
    [[], "absent", "no TLS record at all"],
  ] as const)("should read TLS 1.2's last record type in the clear", (records, closeNotify, detail) => {
    const finding = closeNotifyFrom(logOf(...records), tls12);
    expect(finding.closeNotify).toBe(closeNotify);
    expect(finding.detail).toContain(detail);
  });

  const tls13 = { protocol: "TLSv1.3", cipher: "TLS_AES_128_GCM_SHA256" };
  /** A log whose one record is sealed under TLS 1.3 (type 23 outside, 19 bytes). */
  const sealed = () =>
    logOf(
      record(
        23,
        Array.from({ length: 19 }, () => 1),
      ),
    );

  it("should leave TLS 1.3 undecided without the server's traffic secret", () => {
    const finding = closeNotifyFrom(sealed(), { ...tls13, serverSecret: undefined });
    expect(finding).toEqual({ closeNotify: "undecided", detail: "no server traffic secret in the key log" });
  });

  it("should leave TLS 1.3 undecided when the last record does not open under the secret", () => {
    const finding = closeNotifyFrom(sealed(), { ...tls13, serverSecret: Buffer.alloc(32, 7) });
    expect(finding.closeNotify).toBe("undecided");
  });
});
