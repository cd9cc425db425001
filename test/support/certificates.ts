/**
 * Test certificates: self-signed for 127.0.0.1, each its own CA, generated per run with
 * `selfsigned` and a SHA-256 signature (OpenSSL 3 refuses its default SHA-1 ones as
 * "ca md too weak").
 */
import { generateKeyPairSync } from "node:crypto";
import selfsigned from "selfsigned";

export interface Pem {
  cert: string;
  key: string;
}

/** A certificate for `cn` at 127.0.0.1, for servers (`serverAuth`) or clients (`clientAuth`). */
export function certificate(cn: string, usage: "serverAuth" | "clientAuth" = "serverAuth"): Pem {
  const keys = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  const pems = selfsigned.generate([{ name: "commonName", value: cn }], {
    keyPair: keys,
    algorithm: "sha256",
    days: 1,
    extensions: [
      // Self-signed and trusted directly: it is its own CA.
      { name: "basicConstraints", cA: true },
      { name: "keyUsage", keyCertSign: true, digitalSignature: true, keyEncipherment: true },
      { name: "extKeyUsage", [usage]: true },
      { name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }] },
    ],
  } as Parameters<typeof selfsigned.generate>[1]);
  return { cert: pems.cert, key: pems.private };
}
