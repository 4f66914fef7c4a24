/**
 * Where the in-topology agent appends the secrets of every TLS session it opens, in NSS key log
 * format (Node's 'keylog' event; the format Wireshark reads as "(Pre)-Master-Secret log"): a
 * capture of an FTPS run can be decrypted with it. A path inside the agent's container.
 */
export const TLS_KEY_LOG_PATH = "/tmp/ftp-conformance-tls-keys.log";
