import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { rawCidV1 } from "../lib/cid.js";

describe("lib/cid", () => {
  it("computes the CID that `ipfs add --cid-version 1 --raw-leaves` gives", () => {
    // The well-known CID of "hello world\n" in IPFS.
    assert.equal(
      rawCidV1(new TextEncoder().encode("hello world\n")),
      "bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4",
    );
    assert.notEqual(rawCidV1(new TextEncoder().encode("hello world")), rawCidV1(new TextEncoder().encode("hello world\n")));
  });
});
