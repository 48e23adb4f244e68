/**
 * The dapp's words, without a browser: every text key its sources use exists in English and Korean, the
 * two catalogues have the same keys and the same placeholders, every genre and every contract error a
 * fan can meet is explained; and failures are described as a fan reads them (a cancellation in the
 * wallet, a contract's custom error decoded from real revert data, anything else).
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";

import { BaseError, ContractFunctionExecutionError, ContractFunctionRevertedError, encodeErrorResult, UserRejectedRequestError } from "viem";

import { GENRES } from "@streamspace/core/film-metadata";
import { payPerViewAbi, tokenExchangeAbi } from "@streamspace/core/generated/contracts";

import { describeFailure } from "../web/src/transactions/errors.ts";

const WEB = join(import.meta.dirname, "..", "web", "src");
type Catalogue = { [key: string]: string | Catalogue };
const read = (file: string) => JSON.parse(readFileSync(join(WEB, "locales", file), "utf8")) as Catalogue;
/** Every part of a language's strings (the shell, the fans' pages, each role's pages). */
const partsOf = (language: string) => readdirSync(join(WEB, "locales")).filter((f) => f === `${language}.json` || (f.startsWith(`${language}.`) && f.endsWith(".json")));
const languages = { en: Object.assign({}, ...partsOf("en").map(read)) as Catalogue, ko: Object.assign({}, ...partsOf("ko").map(read)) as Catalogue };

function flatten(catalogue: Catalogue, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(catalogue)) {
    if (typeof value === "string") out.set(prefix + key, value);
    else for (const [k, v] of flatten(value, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}
const flat = { en: flatten(languages.en), ko: flatten(languages.ko) };
/** A key as `t` resolves it: itself, or its plural forms. */
const has = (keys: Map<string, string>, key: string) => keys.has(key) || keys.has(`${key}_other`);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe("the dapp's words", () => {
  it("has every key its sources use, in English and in Korean", () => {
    const used = new Set(sources(WEB).flatMap((file) => [...readFileSync(file, "utf8").matchAll(/\bt\("([\w.]+)"/g)].map((m) => m[1]!)));
    assert.ok(used.size > 100, `${used.size} keys found`);
    for (const [language, keys] of Object.entries(flat)) {
      const missing = [...used].filter((key) => !has(keys, key));
      assert.deepEqual(missing, [], `${language} lacks ${missing.join(", ")}`);
    }
  });

  it("has the same keys and placeholders in both languages", () => {
    const base = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, "");
    assert.deepEqual([...new Set([...flat.ko.keys()].map(base))].sort(), [...new Set([...flat.en.keys()].map(base))].sort());
    const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();
    for (const [key, text] of flat.en) {
      const korean = flat.ko.get(key) ?? flat.ko.get(`${base(key)}_other`);
      assert.ok(korean, `${key} in Korean`);
      assert.deepEqual(placeholders(korean).filter((p) => p !== "count"), placeholders(text).filter((p) => p !== "count"), key);
    }
  });

  it("names every genre, and explains every contract error a fan's rental, refund, claim or cash-out can meet", () => {
    for (const genre of GENRES) for (const keys of Object.values(flat)) assert.ok(keys.has(`genres.${genre}`), genre);
    const fanErrors = ["PayPerView_PriceAboveMax", "PayPerView_AccessStillValid", "PayPerView_PreviousPurchaseOpen", "PayPerView_FilmNotForSale", "PayPerView_Paused", "PayPerView_RefundTooEarly", "PayPerView_NothingToRefund", "PayPerView_PurchaseNotOpen", "Exchange_NothingToClaim", "Exchange_BelowMinimumUsd"];
    const declared = new Set([...payPerViewAbi, ...tokenExchangeAbi].filter((x) => x.type === "error").map((x) => (x as { name: string }).name));
    for (const name of fanErrors) {
      assert.ok(declared.has(name), `${name} is a contract error`);
      for (const keys of Object.values(flat)) assert.ok(keys.has(`errors.${name}`), name);
    }
  });
});

describe("describeFailure", () => {
  const t = (key: string, values: Record<string, string | number> = {}) => {
    const text = flat.en.get(key);
    return text === undefined ? key : text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name]));
  };
  const reverted = (abi: typeof payPerViewAbi | typeof tokenExchangeAbi, errorName: string, args: readonly unknown[], functionName: string) =>
    new ContractFunctionExecutionError(new ContractFunctionRevertedError({ abi, data: encodeErrorResult({ abi, errorName, args } as never), functionName }), { abi, functionName, args: [] });

  it("reads a cancellation in the wallet, wrapped or raw, as a cancellation", () => {
    assert.deepEqual(describeFailure(new UserRejectedRequestError(new Error("User rejected the request.")), t), { rejected: true });
    assert.deepEqual(describeFailure(new BaseError("failed", { cause: new UserRejectedRequestError(new Error("no")) }), t), { rejected: true });
    assert.deepEqual(describeFailure(Object.assign(new Error("User rejected the request."), { code: 4001 }), t), { rejected: true });
  });

  it("decodes a contract's custom error into the fan's words, and names one it has no words for", () => {
    assert.deepEqual(describeFailure(reverted(payPerViewAbi, "PayPerView_PriceAboveMax", [10n, 9n], "purchase"), t), { rejected: false, reason: flat.en.get("errors.PayPerView_PriceAboveMax") });
    assert.deepEqual(describeFailure(reverted(tokenExchangeAbi, "Exchange_InvalidConfig", [], "setConfig"), t), { rejected: false, reason: "the contract refused it (Exchange_InvalidConfig)" });
  });

  it("gives anything else its short message, never a stack", () => {
    const failure = describeFailure(new BaseError("The network is unreachable.", { details: "fetch failed\n    at x (y.js:1:1)" }), t);
    assert.deepEqual(failure, { rejected: false, reason: "The network is unreachable." });
    assert.deepEqual(describeFailure(new Error("first line\nsecond line"), t), { rejected: false, reason: "first line" });
  });
});
