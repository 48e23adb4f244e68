/**
 * Metadata documents and posters through Kubo's RPC API (`/api/v0/add`, `/api/v0/cat`), with fetch:
 * the two calls a Lambda function makes, without the whole RPC client (which alone would take a
 * handler's bundle past 1 MB). Added as the media worker's store adds (CIDv1, raw leaves, pinned), so a
 * document has the same CID whichever wrote it.
 */
import { collectBytes, type DocumentStore } from "./storage.ts";

export class KuboDocumentStore implements DocumentStore {
  private readonly url: string;
  private readonly headers: Record<string, string>;

  constructor({ url, headers = {} }: { url: string; headers?: Record<string, string> }) {
    this.url = url.replace(/\/+$/, "");
    // `headers` carries a pinning service's credentials (Authorization), never logged.
    this.headers = headers;
  }

  async addBytes(bytes: Uint8Array): Promise<string> {
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(bytes)]), "file");
    const answer = await this.call("add", { "cid-version": "1", "raw-leaves": "true", pin: "true" }, form);
    // One ndjson line per added entry; a single file is one line: { Name, Hash, Size }.
    const line = (await answer.text()).trim().split("\n").at(-1);
    const hash = line ? (JSON.parse(line) as { Hash?: string }).Hash : undefined;
    if (!hash) throw new Error(`the IPFS node answered no CID: ${line}`);
    return hash;
  }

  async readBytes(cid: string, maxBytes: number): Promise<Uint8Array> {
    const answer = await this.call("cat", { arg: cid, length: String(maxBytes + 1) });
    if (!answer.body) return new Uint8Array();
    return collectBytes(answer.body as unknown as AsyncIterable<Uint8Array>, maxBytes);
  }

  private async call(command: string, query: Record<string, string>, body?: FormData): Promise<Response> {
    const answer = await fetch(`${this.url}/api/v0/${command}?${new URLSearchParams(query)}`, { method: "POST", headers: this.headers, body, signal: AbortSignal.timeout(30_000) });
    if (!answer.ok) {
      const text = await answer.text();
      let message = text;
      try {
        message = (JSON.parse(text) as { Message?: string }).Message ?? text;
      } catch {
        // Not Kubo's JSON error: the text as it is.
      }
      throw new Error(`IPFS ${command}: ${answer.status} ${message}`);
    }
    return answer;
  }
}
