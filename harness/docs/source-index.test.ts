import { describe, expect, it } from "vitest";
import type { CheckDefinition } from "../checks/check-definition.js";
import { CATALOGUE } from "../../suites/catalogue.js";
import { compareSections, sourceIndex, sourceReferences } from "./source-index.js";

describe("sourceReferences", () => {
  it.each([
    ["RFC 2428 section 3", [{ rfc: 2428, section: "3" }]],
    [
      "RFC 959 section 4.1.2 (PASV); RFC 1123 section 4.1.2.6",
      [
        { rfc: 959, section: "4.1.2" },
        { rfc: 1123, section: "4.1.2.6" },
      ],
    ],
    [
      "RFC 959 sections 3.2, 4.1.2 (PORT) and 5.2 (the server initiates the data connection)",
      [
        { rfc: 959, section: "3.2" },
        { rfc: 959, section: "4.1.2" },
        { rfc: 959, section: "5.2" },
      ],
    ],
    [
      "RFC 2428 section 2 (network protocol 2 is IPv6) and section 3 (EPSV <net-prt>, 229)",
      [
        { rfc: 2428, section: "2" },
        { rfc: 2428, section: "3" },
      ],
    ],
    [
      "RFC 2428 section 2 (EPRT |2|<IPv6 address>|<port>|; section 9 aside); RFC 2577 section 3 (bounce attack)",
      [
        { rfc: 2428, section: "2" },
        { rfc: 2577, section: "3" },
      ],
    ],
    [
      "each client's manual: curl(1) --ssl-reqd, lftp(1) ftp:ssl-force; RFC 4217",
      [{ document: "each client's manual: curl(1) --ssl-reqd, lftp(1) ftp:ssl-force" }, { rfc: 4217, section: null }],
    ],
    [
      "vsftpd.conf(5) pasv_address; ProFTPD MasqueradeAddress",
      [{ document: "vsftpd.conf(5) pasv_address" }, { document: "ProFTPD MasqueradeAddress" }],
    ],
  ])("should read %s", (source, expected) => {
    expect(sourceReferences(source)).toEqual(expected);
  });
});

describe("compareSections", () => {
  it("should order sections by their numbers, the whole RFC first", () => {
    const sections = ["10", "4.1.2", "3.2", null, "3.1.1.3", "4.2", "4.1.2.6"];
    expect([...sections].sort(compareSections)).toEqual([null, "3.1.1.3", "3.2", "4.1.2", "4.1.2.6", "4.2", "10"]);
  });
});

describe("sourceIndex", () => {
  const check = (id: string, source: string): CheckDefinition => ({ ...(CATALOGUE[0] as CheckDefinition), id, source });
  const locations = new Map([
    ["b.two", { file: "suites/b.ts", selfTests: ["suites/b.test.ts"] }],
    ["a.one", { file: "suites/a.ts", selfTests: [] }],
  ]);
  const lines = sourceIndex(
    [check("b.two", "RFC 959 section 4.2; vsftpd.conf(5) x"), check("a.one", "RFC 959 section 3.2; ProFTPD y")],
    locations,
  );

  it("should list RFC sections in their order and other sources by name, each with the check's file and self-tests", () => {
    const rows = lines.filter(
      (line) => line.startsWith("| [") || line.startsWith("| ProFTPD") || line.startsWith("| vsftpd"),
    );
    expect(rows).toEqual([
      "| [3.2](https://www.rfc-editor.org/rfc/rfc959#section-3.2) | [`a.one`](#a.one) | MUST | [suites/a.ts](../suites/a.ts) | none |",
      "| [4.2](https://www.rfc-editor.org/rfc/rfc959#section-4.2) | [`b.two`](#b.two) | MUST | [suites/b.ts](../suites/b.ts) | [suites/b.test.ts](../suites/b.test.ts) |",
      "| ProFTPD y | [`a.one`](#a.one) | MUST | [suites/a.ts](../suites/a.ts) | none |",
      "| vsftpd.conf(5) x | [`b.two`](#b.two) | MUST | [suites/b.ts](../suites/b.ts) | [suites/b.test.ts](../suites/b.test.ts) |",
    ]);
  });

  it("should index every check of the catalogue under at least one source", () => {
    const all = sourceIndex(CATALOGUE, new Map()).join("\n");
    for (const c of CATALOGUE) expect(all, c.id).toContain(`[\`${c.id}\`](#${c.id})`);
    expect(all).toContain("### RFC 2577");
    expect(all).toMatch(
      /\| \[8\]\(https:\/\/www\.rfc-editor\.org\/rfc\/rfc2577#section-8\) \| \[`data\.foreign-refused`\]/,
    );
  });
});
