import { describe, expect, it } from "vitest";
import { checkTokens, namesCheck, placeholderTokens, scenarioTokens, targetNameTokens } from "./registry-names.js";

const CHECKS = [
  { id: "pasv.reply" },
  { id: "transfer.retr", variants: ["pasv", "epsv"] },
  { id: "client.curl-active" },
];
const SCENARIOS = ["direct", "nat", "nat-alg", "client-nat", "ipv6-direct"];

describe("checkTokens", () => {
  it.each([
    ["`pasv.reply` and pasv.nope, then `client.*-active`", ["pasv.reply", "pasv.nope", "client.*-active"]],
    ["transfer.retr[pasv] and transfer.retr[active].", ["transfer.retr[pasv]", "transfer.retr[active]"]],
    ["harness/ftp/pasv.reply.ts, my-pasv.reply, client.ts and epsv.all (no such prefix)", ["client.ts"]],
  ])("should find the check-shaped tokens of %j", (text, tokens) => {
    expect(checkTokens(text, CHECKS)).toEqual(tokens);
  });
});

describe("namesCheck", () => {
  it.each([
    ["pasv.reply", true],
    ["pasv.nope", false],
    ["client.*-active", true],
    ["pasv.*-active", false],
    ["transfer.retr[epsv]", true],
    ["transfer.retr[active]", false],
    ["pasv.reply[pasv]", false],
  ])("should say whether %s names a check", (token, named) => {
    expect(namesCheck(token, CHECKS)).toBe(named);
  });
});

describe("scenarioTokens", () => {
  it("should read the hyphenated names made of scenario words, stale ones included, and nothing else", () => {
    const text = "in nat-alg and client-nat, not ipv6-nat; active.through-client-nat, client-side, direct";
    expect(scenarioTokens(text, SCENARIOS)).toEqual(["nat-alg", "client-nat", "ipv6-nat"]);
  });
});

describe("placeholderTokens", () => {
  it("should read the placeholders and their sections, not GitHub's expressions", () => {
    const text = '{{publicAddress}} {{ #publicAddress }}x{{/publicAddress}} "{{tlsKey}}" ${{ matrix.shard }}';
    expect(placeholderTokens(text)).toEqual(["publicAddress", "tlsKey"]);
  });
});

describe("targetNameTokens", () => {
  it("should read the names given to --target, not files or usage words", () => {
    const text =
      "`--target pyftpdlib`, --target=vsftpd,nope --target ci/ftp.yaml --target x.json [--target NAME|PROFILE]";
    expect(targetNameTokens(text)).toEqual(["pyftpdlib", "vsftpd", "nope"]);
  });
});
