/**
 * `npm run bench` (the dapp): the JavaScript a browser loads before the first page (the catalogue)
 * renders, gzipped: the entry with everything it imports statically (Vite's manifest) and the language
 * strings it fetches before rendering (the shell's, in English and in Korean: the larger counts). Chunks loaded later (other pages, the player's
 * hls.js, the guest wallet) are listed apart. Goal: at most 150 KB gzip (issue 14).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

import { buildDapp } from "../dev/web.ts";

interface Chunk { file: string; isEntry?: boolean; imports?: string[]; dynamicImports?: string[] }

const dist = buildDapp();
const manifest = JSON.parse(readFileSync(join(dist, ".vite", "manifest.json"), "utf8")) as Record<string, Chunk>;
const initial = new Set<string>();
const visit = (key: string) => {
  const chunk = manifest[key]!;
  if (initial.has(chunk.file)) return;
  initial.add(chunk.file);
  chunk.imports?.forEach(visit);
};
Object.entries(manifest).filter(([, c]) => c.isEntry).forEach(([key]) => visit(key));
const gz = (file: string) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
const code = [...initial].reduce((sum, file) => sum + gz(file), 0);
const strings = { en: gz(manifest["src/locales/en.json"]!.file), ko: gz(manifest["src/locales/ko.json"]!.file) };
for (const [language, size] of Object.entries(strings)) initial.add(manifest[`src/locales/${language}.json`]!.file);
const initialBytes = code + Math.max(strings.en, strings.ko);
console.log(
  `dapp initial JavaScript: ${(initialBytes / 1000).toFixed(1)} KB gzip (${(initialBytes / 1024).toFixed(1)} KiB): code ${(code / 1000).toFixed(1)} KB + strings ${(strings.en / 1000).toFixed(1)} KB (en) / ${(strings.ko / 1000).toFixed(1)} KB (ko) (goal 150 KB)`,
);
// Each role's entry: what a browser loads before that role's first page shows, opened directly by its
// address: the first page's JavaScript, the page's own chunk with what it imports statically, and the
// strings of that role's pages (a lazy page waits for them). Goal: each within the same 150 KB (issue 15).
const ROLE_ENTRIES: Record<string, { page: string; strings: string[] } | undefined> = {
  "fans (/)": undefined,
  "filmmakers (/studio)": { page: "src/studio/StudioPage.tsx", strings: ["studio"] },
  "investors (/campaigns)": { page: "src/invest/CampaignsPage.tsx", strings: ["invest"] },
  "curators (/curation)": { page: "src/curation/CurationPage.tsx", strings: ["curation"] },
};
const stringsOf = (part: string) => Math.max(gz(manifest[`src/locales/en.${part}.json`]!.file), gz(manifest[`src/locales/ko.${part}.json`]!.file));
const entryOf = (entry: { page: string; strings: string[] } | undefined) => {
  if (!entry) return initialBytes;
  const files = new Set<string>();
  const visitPage = (k: string) => {
    const chunk = manifest[k]!;
    if (initial.has(chunk.file) || files.has(chunk.file)) return;
    files.add(chunk.file);
    chunk.imports?.forEach(visitPage);
  };
  visitPage(entry.page);
  return initialBytes + [...files].reduce((sum, file) => sum + gz(file), 0) + entry.strings.reduce((sum, part) => sum + stringsOf(part), 0);
};
for (const [role, entry] of Object.entries(ROLE_ENTRIES)) {
  const bytes = entryOf(entry);
  console.log(`  entry of ${role}: ${(bytes / 1000).toFixed(1)} KB gzip (goal 150 KB)`);
  if (bytes > 150_000) {
    console.error(`FAIL the entry of ${role} is ${(bytes / 1000).toFixed(1)} KB gzip, over the 150 KB budget`);
    process.exitCode = 1;
  }
}
const later = [...new Set(Object.values(manifest).map((c) => c.file))].filter((f) => f.endsWith(".js") && !initial.has(f));
for (const file of later.sort((a, b) => gz(b) - gz(a))) console.log(`  loaded later: ${file} ${(gz(file) / 1000).toFixed(1)} KB gzip`);
// WalletConnect is a module built on its own (vite.walletconnect.config.ts), loaded only when chosen.
console.log(`  loaded when a fan chooses WalletConnect: walletconnect.js ${(gz("walletconnect.js") / 1000).toFixed(1)} KB gzip`);
