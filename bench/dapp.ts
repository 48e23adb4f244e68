/**
 * `npm run bench` (the dapp): the production build's initial JavaScript, gzipped, as a browser loads
 * it before the first page renders (the entry and every chunk index.html preloads); chunks loaded later
 * (the player's hls.js) are listed apart. Goal: at most 150 KB gzip (issue 14).
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

import { buildDapp } from "../dev/web.ts";

const dist = buildDapp();
const html = readFileSync(join(dist, "index.html"), "utf8");
const initial = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
const gz = (file: string) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
const initialBytes = initial.reduce((sum, file) => sum + gz(file), 0);
const lazy = readdirSync(join(dist, "assets")).filter((f) => f.endsWith(".js") && !initial.includes(`assets/${f}`));
console.log(`dapp initial JavaScript: ${(initialBytes / 1024).toFixed(1)} KiB gzip in ${initial.length} files (goal 150 KB)`);
for (const file of lazy) console.log(`  loaded later: ${file} ${(gz(`assets/${file}`) / 1024).toFixed(1)} KiB gzip`);
