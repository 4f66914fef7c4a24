/**
 * The TLS records one side of a connection sent, read from its bytes on the wire (RFC 8446 section
 * 5.1, RFC 5246 section 6.2.1: a 5-byte header, type, version, length, then the payload). It keeps
 * what deciding close_notify needs: how many records came, and the last one whole.
 */

/** ContentType (RFC 8446 section 5.1). */
export const ALERT = 21;
export const APPLICATION_DATA = 23;

/** One record as it crossed the wire: its header and its (encrypted) payload. */
export interface WireRecord {
  type: number;
  header: Buffer;
  payload: Buffer;
}

/** The most a record's payload can be (RFC 8446 section 5.2: 2^14 + 256). */
const MAX_PAYLOAD = 16384 + 256;

export class RecordLog {
  private pending: Buffer = Buffer.alloc(0);
  /** Records of type application_data before the last record (the last one's candidate sequence numbers). */
  applicationRecords = 0;
  last: WireRecord | undefined;
  /** Bytes that are not TLS records (a header with an impossible length): nothing can be decided then. */
  garbled = false;

  feed(chunk: Buffer): void {
    if (this.garbled) return;
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    while (this.pending.length >= 5) {
      const length = this.pending.readUInt16BE(3);
      if (length > MAX_PAYLOAD + 2048) {
        this.garbled = true;
        return;
      }
      if (this.pending.length < 5 + length) return;
      if (this.last?.type === APPLICATION_DATA) this.applicationRecords += 1;
      this.last = {
        type: this.pending[0] ?? 0,
        header: Buffer.from(this.pending.subarray(0, 5)),
        payload: Buffer.from(this.pending.subarray(5, 5 + length)),
      };
      this.pending = this.pending.subarray(5 + length);
    }
  }

  /** Bytes of a record that never arrived whole (the connection ended inside it). */
  get partial(): number {
    return this.pending.length;
  }
}
