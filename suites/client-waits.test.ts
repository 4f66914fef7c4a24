import { describe, expect, it } from "vitest";
import { timeoutsFor } from "../harness/checks/check-context.js";
import { clientWaits } from "./client-waits.js";

describe("clientWaits", () => {
  const builtIn = timeoutsFor({ waits: { replySeconds: 5, dialSeconds: 2, transferSeconds: 20 } });

  it("should give lftp, ftplib and basic-ftp the profile's reply wait and curl its dial wait", () => {
    expect(clientWaits(builtIn, false)).toEqual({ FTP_TIMEOUT_SECONDS: "5", FTP_CONNECT_TIMEOUT_SECONDS: "2" });
  });

  it("should let curl's connect under TLS take a reply wait more (its handshake counts)", () => {
    expect(clientWaits(builtIn, true)).toEqual({ FTP_TIMEOUT_SECONDS: "5", FTP_CONNECT_TIMEOUT_SECONDS: "7" });
  });

  it("should follow a profile's longer waits, and the documented defaults without any", () => {
    const slow = timeoutsFor({ waits: { replySeconds: 40, dialSeconds: 6, transferSeconds: 60 } });
    expect(clientWaits(slow, false)).toEqual({ FTP_TIMEOUT_SECONDS: "40", FTP_CONNECT_TIMEOUT_SECONDS: "6" });
    expect(clientWaits(timeoutsFor({}), false)).toEqual({
      FTP_TIMEOUT_SECONDS: "30",
      FTP_CONNECT_TIMEOUT_SECONDS: "3",
    });
  });

  it("should round a wait below a second up to one whole second", () => {
    const fast = { replyMs: 300, dataConnectMs: 200, transferMs: 1000, checkMs: 60000 };
    expect(clientWaits(fast, false)).toEqual({ FTP_TIMEOUT_SECONDS: "1", FTP_CONNECT_TIMEOUT_SECONDS: "1" });
  });
});
