// Decoding revert data against several contract interfaces (the registry bubbles verifier errors up).
"use strict";
const { expect } = require("chai");

function revertData(err) {
  let e = err;
  for (let depth = 0; e && depth < 6; depth++) {
    if (typeof e.data === "string" && e.data.startsWith("0x")) return e.data;
    if (e.data && typeof e.data.data === "string") return e.data.data;
    e = e.error || e.info?.error || e.cause;
  }
  return undefined;
}

/// Awaits `promise`, expects a revert whose custom error (decoded with any of `contracts`) is one of `names`.
/// Returns the decoded { name, args }.
async function expectRevertAmong(promise, contracts, names) {
  let err;
  try {
    await promise;
  } catch (e) {
    err = e;
  }
  expect(err, "call should have reverted").to.not.equal(undefined);
  const data = revertData(err);
  expect(data, `revert carries data (${err && err.message})`).to.be.a("string");
  for (const c of contracts) {
    const parsed = c.interface.parseError(data);
    if (parsed) {
      expect(names, `unexpected error ${parsed.name}`).to.include(parsed.name);
      return { name: parsed.name, args: parsed.args };
    }
  }
  throw new Error(`revert data ${data} is not a known custom error`);
}

module.exports = { revertData, expectRevertAmong };
