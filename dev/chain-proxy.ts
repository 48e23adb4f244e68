import { createServer, type Server, Socket } from "node:net";

/**
 * A TCP proxy in front of a local chain's JSON-RPC port that misbehaves on demand, as networks and
 * nodes do: it can be cut (`down`: every connection dropped and new ones refused until `up`), and it
 * can close the first `dropFirst` connections at once (a node that drops an idle client's socket).
 */
export async function startChainProxy(target: number, { dropFirst = 0 }: { dropFirst?: number } = {}) {
  const sockets = new Set<Socket>();
  let up = true;
  let toDrop = dropFirst;
  let dropped = 0;
  const server: Server = createServer((client) => {
    if (!up) return client.destroy();
    if (toDrop > 0) {
      toDrop -= 1;
      dropped += 1;
      return client.destroy();
    }
    const upstream = new Socket();
    sockets.add(client).add(upstream);
    upstream.connect(target, "127.0.0.1");
    client.pipe(upstream).pipe(client);
    const end = () => (client.destroy(), upstream.destroy(), sockets.delete(client), sockets.delete(upstream));
    client.on("error", end).on("close", end);
    upstream.on("error", end).on("close", end);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    /** Connections closed by `dropFirst` so far. */
    dropped: () => dropped,
    down() {
      up = false;
      for (const s of sockets) s.destroy();
    },
    up() {
      up = true;
    },
    close: () => new Promise<void>((resolve) => (server.close(() => resolve()), sockets.forEach((s) => s.destroy()))),
  };
}
