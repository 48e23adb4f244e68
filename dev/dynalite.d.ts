/** dynalite (an in-process DynamoDB for local runs and tests) ships no types: the part we use. */
declare module "dynalite" {
  import type { Server } from "node:http";
  export default function dynalite(options?: { createTableMs?: number; deleteTableMs?: number; path?: string }): Server;
}
