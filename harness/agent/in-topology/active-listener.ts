import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { DataStream } from "./data-stream.js";
import { boundedWait } from "./bounded-wait.js";

/** The longest an unanswered listener stays open, whatever the harness does (an abandoned check). */
const MAX_OPEN_MS = 120000;

/** The first connection to an active-mode listener: its stream (hashed from the first byte) and who made it. */
export interface ActiveConnection {
  stream: DataStream;
  peerAddress: string;
  peerPort: number;
  /** Milliseconds from listening to the connection. */
  afterMs: number;
}

/**
 * The client's side of active mode (RFC 959 section 3.2): listens on one of this host's addresses
 * for the one data connection the server opens after PORT/EPRT, and stops listening once it came.
 * The connection is read from its first byte on, so a server that sends and closes before the
 * harness asks loses nothing.
 */
export class ActiveListener {
  private first: ActiveConnection | null = null;
  private readonly waiters: Array<(connection: ActiveConnection) => void> = [];
  private readonly opened = Date.now();
  private readonly expiry: NodeJS.Timeout;

  private constructor(
    private readonly server: Server,
    readonly address: string,
  ) {
    server.on("connection", (socket: Socket) => this.onConnection(socket));
    this.expiry = setTimeout(() => this.close(), MAX_OPEN_MS);
    this.expiry.unref();
  }

  static async open(address: string): Promise<ActiveListener> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, address, resolve);
    });
    return new ActiveListener(server, address);
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** The first connection, waiting up to `timeoutMs` for it; null when none came. Closes the listener either way. */
  async accept(timeoutMs: number): Promise<ActiveConnection | null> {
    const connection = this.first ?? (await boundedWait(this.waiters, timeoutMs, () => null));
    this.close();
    return connection;
  }

  close(): void {
    clearTimeout(this.expiry);
    this.server.close();
  }

  private onConnection(socket: Socket): void {
    if (this.first) {
      // One data connection per PORT: a second one is not the transfer.
      socket.destroy();
      return;
    }
    this.first = {
      stream: new DataStream(socket),
      peerAddress: (socket.remoteAddress ?? "").replace(/^::ffff:/, ""),
      peerPort: socket.remotePort ?? 0,
      afterMs: Date.now() - this.opened,
    };
    this.server.close();
    for (const waiter of this.waiters.splice(0)) waiter(this.first);
  }
}
