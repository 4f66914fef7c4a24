import { describe, expect, it } from "vitest";
import { clientRequest } from "./client-request.js";

const ENV = { FTP_HOST: "10.0.0.3", FTP_PORT: "21", FTP_USER: "u", FTP_PASSWORD: "p", FTP_FILE: "f.bin" };

describe("clientRequest", () => {
  it("should read the login, the file and a 2 s default timeout", () => {
    expect(clientRequest(ENV)).toEqual({
      access: { host: "10.0.0.3", port: 21, user: "u", password: "p" },
      file: "f.bin",
      timeoutMs: 2000,
      downloads: 1,
    });
  });

  it("should take FTP_TIMEOUT_SECONDS, fractions too", () => {
    expect(clientRequest({ ...ENV, FTP_TIMEOUT_SECONDS: "0.5" }).timeoutMs).toBe(500);
  });

  it("should keep an empty password (it is set)", () => {
    expect(clientRequest({ ...ENV, FTP_PASSWORD: "" }).access.password).toBe("");
  });

  it("should ask for explicit FTPS trusting FTP_TLS_CA with FTP_TLS=explicit", () => {
    expect(clientRequest({ ...ENV, FTP_TLS: "explicit", FTP_TLS_CA: "-----BEGIN CERTIFICATE-----" }).access).toEqual({
      host: "10.0.0.3",
      port: 21,
      user: "u",
      password: "p",
      secure: true,
      secureOptions: { ca: "-----BEGIN CERTIFICATE-----" },
    });
  });

  it.each([
    [{ FTP_TLS: "implicit" }, "FTP_TLS 'implicit' is not 'explicit'"],
    [{ FTP_TLS: "explicit" }, "FTP_TLS_CA is not set"],
    [{ FTP_HOST: undefined }, "FTP_HOST is not set"],
    [{ FTP_FILE: undefined }, "FTP_FILE is not set"],
    [{ FTP_PORT: "x" }, "FTP_PORT 'x' is not a port"],
    [{ FTP_PORT: "70000" }, "FTP_PORT '70000' is not a port"],
    [{ FTP_TIMEOUT_SECONDS: "0" }, "FTP_TIMEOUT_SECONDS '0' is not a positive number"],
    [{ FTP_TIMEOUT_SECONDS: "soon" }, "FTP_TIMEOUT_SECONDS 'soon' is not a positive number"],
  ])("%j should be refused: %s", (change, message) => {
    expect(() => clientRequest({ ...ENV, ...change })).toThrow(message);
  });

  it("should read FTP_DOWNLOADS as the series' count of downloads (1 by default)", () => {
    expect(clientRequest({ ...ENV, FTP_DOWNLOADS: "3" }).downloads).toBe(3);
    expect(clientRequest(ENV).downloads).toBe(1);
    for (const value of ["0", "-1", "2.5", "many"])
      expect(() => clientRequest({ ...ENV, FTP_DOWNLOADS: value })).toThrow(
        `FTP_DOWNLOADS '${value}' is not a positive count`,
      );
  });
});
