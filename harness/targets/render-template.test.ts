import { describe, expect, it } from "vitest";
import {
  namesPlaceholder,
  needsMissing,
  renderTemplate,
  unknownPlaceholders,
  unreadableTemplate,
  type TemplateValues,
} from "./render-template.js";

const VALUES: TemplateValues = {
  publicAddress: "203.0.113.5",
  publicName: null,
  addressFamily: "ipv4",
  passiveMin: "40000",
  passiveMax: "40009",
  controlPort: "21",
  tlsCertificate: "/etc/cert.pem",
  tlsKey: "/etc/key.pem",
};
const UNADVERTISED: TemplateValues = { ...VALUES, publicAddress: null };

describe("profile templates", () => {
  it("should fill a section written with spaces inside the braces, as validation accepts it", () => {
    const template =
      "range {{ passiveMin }}-{{passiveMax}}\n{{ #publicAddress }}masq {{ publicAddress }}\n{{ /publicAddress }}";
    expect(unknownPlaceholders(template)).toEqual([]);
    expect(renderTemplate(template, VALUES)).toBe("range 40000-40009\nmasq 203.0.113.5\n");
    expect(renderTemplate(template, UNADVERTISED)).toBe("range 40000-40009\n");
    expect(renderTemplate(template, UNADVERTISED)).not.toContain("{{");
  });

  it("should write values as they are, never HTML-escaped", () => {
    expect(renderTemplate("cert={{tlsCertificate}}", { ...VALUES, tlsCertificate: "/a&b/<c>.pem" })).toBe(
      "cert=/a&b/<c>.pem",
    );
  });

  it("should name unknown placeholders, in sections too", () => {
    expect(unknownPlaceholders("{{#publicAddress}}{{pasvAddress}}{{/publicAddress}} {{ port }}")).toEqual([
      "pasvAddress",
      "port",
    ]);
  });

  it("should say why a template cannot be read", () => {
    expect(unreadableTemplate("{{#publicAddress}}masq")).toMatch(/^not a readable template: Unclosed section/);
    expect(unreadableTemplate("{{#publicAddress}}masq{{/publicAddress}}")).toBeNull();
  });

  it("should tell when a template fills in a value this scenario does not have", () => {
    expect(needsMissing("--masquerade={{publicAddress}}", UNADVERTISED)).toBe(true);
    expect(needsMissing("{{#publicAddress}}--masquerade={{publicAddress}}{{/publicAddress}}", UNADVERTISED)).toBe(true);
    expect(needsMissing("--range={{passiveMin}}", UNADVERTISED)).toBe(false);
    expect(needsMissing("--masquerade={{publicAddress}}", VALUES)).toBe(false);
  });

  it("should tell whether a template names a placeholder, in a section too", () => {
    expect(namesPlaceholder("pasv_address={{publicName}}", "publicName")).toBe(true);
    expect(namesPlaceholder("{{#publicName}}pasv_addr_resolve=YES{{/publicName}}", "publicName")).toBe(true);
    expect(namesPlaceholder("pasv_address={{publicAddress}}", "publicName")).toBe(false);
  });

  it("should leave out an item naming {{publicName}} where the scenario gives no name", () => {
    expect(needsMissing("--forcepassiveip={{publicName}}", VALUES)).toBe(true);
    expect(needsMissing("--forcepassiveip={{publicName}}", { ...VALUES, publicName: "ftp.example.test" })).toBe(false);
  });
});
