import { createServer, type AddressInfo, type Server } from "node:net";

/**
 * Counts connections to a port this host listens on: how a check sees that a server dialled a
 * third party (a bounce) without the host ever dialling anything itself.
 */
export class Listener {
  readonly peers: string[] = [];

  private constructor(private readonly server: Server) {
    server.on("connection", (socket) => {
      this.peers.push(`${socket.remoteAddress}:${socket.remotePort}`);
      socket.destroy();
    });
  }

  /** Listens on a free port of `bindAddress` (all addresses when undefined). */
  static async open(bindAddress: string | undefined): Promise<Listener> {
    const server = createServer();
    const listener = new Listener(server);
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, bindAddress ?? "0.0.0.0", resolve);
    });
    return listener;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  close(): void {
    this.server.close();
  }
}
