import { constants, privateEncrypt } from "node:crypto";
import forge from "node-forge";

/**
 * What node-forge's `certificate.sign(key, md)` asks of a key, done by Node's native crypto:
 * RSASSA-PKCS1-v1_5 (RFC 8017 section 8.2.1) over the digest forge computed, its DigestInfo padded
 * and encrypted with the private key in `keyPem`. forge's own RSA is JavaScript and costs ~70 ms a
 * signature (a run issues one certificate per pair, the self-tests many); the DigestInfo is built
 * here, not by OpenSSL's hash policy, so SHA-1 and MD5 certificates for the self-tests still sign.
 */
export function nativeSigner(keyPem: string): forge.pki.rsa.PrivateKey {
  const { asn1 } = forge;
  const signer = {
    sign(md: forge.md.MessageDigest): string {
      const oid = (forge.pki.oids as Record<string, string | undefined>)[md.algorithm];
      if (!oid) throw new Error(`no OID for digest ${md.algorithm}`);
      const digestInfo = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
        asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
          asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(oid).getBytes()),
          asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, ""),
        ]),
        asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, md.digest().getBytes()),
      ]);
      const der = Buffer.from(asn1.toDer(digestInfo).getBytes(), "binary");
      return privateEncrypt({ key: keyPem, padding: constants.RSA_PKCS1_PADDING }, der).toString("binary");
    },
  };
  // certificate.sign calls nothing else on the key.
  return signer as unknown as forge.pki.rsa.PrivateKey;
}
