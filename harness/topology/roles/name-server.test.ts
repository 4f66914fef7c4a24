import { describe, expect, it } from "vitest";
import { dnsmasqCommand, namesFile } from "./name-server.js";

describe("name server", () => {
  it("should answer only from its names file, with no upstream to forward a lookup to", () => {
    const command = dnsmasqCommand("10.213.4.53");
    expect(command).toEqual(expect.arrayContaining(["--no-resolv", "--no-hosts", "--listen-address=10.213.4.53"]));
    expect(command.filter((option) => /^--(server|rev-server|resolv-file)\b/.test(option))).toEqual([]);
  });

  it("should write one line per name, and refuse what is not a host name or an IPv4 address", () => {
    expect(namesFile(new Map([["ftp.dns-name.test", "198.51.100.2"]]))).toBe("198.51.100.2 ftp.dns-name.test\n");
    expect(() => namesFile(new Map([["ftp.dns name.test", "198.51.100.2"]]))).toThrow(
      "name server: 'ftp.dns name.test' is not a host name",
    );
    expect(() => namesFile(new Map([["ftp.dns-name.test", "fd00:db8::2"]]))).toThrow("is not an IPv4 address");
  });
});
