/**
 * The indexer's value conversions against graph-node's semantics: BigInt bytes (num-bigint's signed
 * little-endian form) and BigDecimal (34 significant digits).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { fromSignedLe, toSignedLe } from "../indexer/asc.js";
import { alignDecimals, decimalFromString, decimalToString, divideDecimal } from "../indexer/values.js";

describe("indexer values", () => {
  it("encodes BigInt as num-bigint's minimal signed little-endian bytes, and back", () => {
    const cases: [bigint, number[]][] = [
      [0n, [0]],
      [1n, [1]],
      [127n, [127]],
      [128n, [128, 0]],
      [255n, [255, 0]],
      [256n, [0, 1]],
      [-1n, [255]],
      [-128n, [128]],
      [-129n, [127, 255]],
    ];
    for (const [value, bytes] of cases) {
      assert.deepEqual([...toSignedLe(value)], bytes, `${value}`);
      assert.equal(fromSignedLe(Uint8Array.from(bytes)), value);
    }
    const big = 2n ** 255n + 12345n; // a uint256 with its top bit set needs a sign byte
    assert.equal(toSignedLe(big).length, 33);
    assert.equal(fromSignedLe(toSignedLe(big)), big);
    assert.equal(fromSignedLe(toSignedLe(-big)), -big);
  });

  it("parses, prints and divides BigDecimal with 34 significant digits", () => {
    for (const text of ["0", "1", "-1", "1.5", "0.001", "123456789.987654321", "100"]) {
      assert.equal(decimalToString(decimalFromString(text)), text);
    }
    assert.equal(decimalToString(decimalFromString("1.500")), "1.5");
    assert.equal(decimalToString(decimalFromString("1e3")), "1000");
    assert.equal(decimalToString(divideDecimal(decimalFromString("1"), decimalFromString("3"))), "0." + "3".repeat(34));
    assert.equal(decimalToString(divideDecimal(decimalFromString("2"), decimalFromString("3"))), "0." + "6".repeat(33) + "7");
    assert.equal(decimalToString(divideDecimal(decimalFromString("10"), decimalFromString("4"))), "2.5");
    assert.throws(() => divideDecimal(decimalFromString("1"), decimalFromString("0")), /divide BigDecimal by zero/);
    assert.throws(() => decimalFromString("one"), /failed to parse BigDecimal/);
    const [a, b] = alignDecimals(decimalFromString("1.25"), decimalFromString("3"));
    assert.deepEqual([a, b], [125n, 300n]);
  });
});
