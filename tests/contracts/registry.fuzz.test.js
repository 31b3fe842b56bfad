"use strict";
// Random proofs must never be accepted: 200 seeded cases, each must revert with a known rejection and
// nothing may ever be recorded.
const crypto = require("crypto");
const { expect } = require("chai");
const { ethers } = require("hardhat");
const { bn254 } = require("@noble/curves/bn254");
const { Q, R, deployRegistered, snapshotFixture } = require("./helpers/setup.js");
const { expectRevertAmong } = require("./helpers/errors.js");

const SEED = "zkchain-registry-fuzz-v1";
const CASES = 200;
const SENT_AS_TRANSACTIONS = 20;

function rng(seed) {
  let counter = 0;
  return () => BigInt("0x" + crypto.createHash("sha256").update(`${seed}:${counter++}`).digest("hex"));
}

function g1(k) {
  const p = bn254.G1.ProjectivePoint.BASE.multiply(k).toAffine();
  return [p.x, p.y];
}
function g2(k) {
  const p = bn254.G2.ProjectivePoint.BASE.multiply(k).toAffine();
  return [p.x.c1, p.x.c0, p.y.c1, p.y.c0]; // EIP-197 order: imaginary first
}

describe("AttestationRegistry fuzz: random proofs are never accepted", function () {
  const fixture = snapshotFixture(() => deployRegistered());

  it(`rejects ${CASES} seeded random proofs (seed "${SEED}")`, async function () {
    const { registry, verifier, circuitId, proofs, signers } = await fixture();
    const next = rng(SEED);
    const scalar = () => (next() % (R - 1n)) + 1n;
    const kinds = { raw: 0, modQ: 0, validPoints: 0, oneCoordinate: 0, onePoint: 0 };
    const seen = {};
    for (let n = 0; n < CASES; n++) {
      const base = proofs[Number(next() % BigInt(proofs.length))];
      let proof;
      switch (n % 5) {
        case 0: kinds.raw++; proof = Array.from({ length: 8 }, () => next()); break;
        case 1: kinds.modQ++; proof = Array.from({ length: 8 }, () => next() % Q); break;
        case 2: kinds.validPoints++; proof = [...g1(scalar()), ...g2(scalar()), ...g1(scalar())]; break;
        case 3: {
          kinds.oneCoordinate++;
          proof = [...base.proof];
          const i = Number(next() % 8n);
          const v = next() % Q;
          proof[i] = v === base.proof[i] ? (v + 1n) % Q : v;
          break;
        }
        default: {
          kinds.onePoint++;
          proof = [...base.proof];
          const which = Number(next() % 3n);
          if (which === 0) proof.splice(0, 2, ...g1(scalar()));
          else if (which === 1) proof.splice(2, 4, ...g2(scalar()));
          else proof.splice(6, 2, ...g1(scalar()));
        }
      }
      const as = registry.connect(signers[base.publisherAccount]); // the rightful publisher of the inputs
      const call = n < SENT_AS_TRANSACTIONS
        ? as.attest(circuitId, proof, base.publicInputs, "fuzz") // a real transaction
        : as.attest.staticCall(circuitId, proof, base.publicInputs, "fuzz");
      const e = await expectRevertAmong(call, [registry, verifier],
        ["InvalidProof", "PairingPrecompileFailed", "ProofCoordinateNotInField"]);
      seen[e.name] = (seen[e.name] || 0) + 1;
    }
    expect(await registry.attestationCount()).to.equal(0n);
    for (const p of proofs) expect(await registry.isAttested(p.model, p.data)).to.equal(false);
    // Every rejection path was exercised.
    expect(Object.keys(seen).sort()).to.deep.equal(["InvalidProof", "PairingPrecompileFailed", "ProofCoordinateNotInField"]);
    expect(Object.values(kinds).reduce((a, b) => a + b)).to.equal(CASES);
  });

  it("the same harness accepts the genuine proofs (the harness can tell)", async function () {
    const { registry, circuitId, proofs, signers } = await fixture();
    for (const p of proofs.slice(0, 3)) {
      await expect(registry.connect(signers[p.publisherAccount]).attest(circuitId, p.proof, p.publicInputs, "fuzz"))
        .to.emit(registry, "AttestationRecorded");
    }
    expect(await registry.attestationCount()).to.equal(3n);
  });
});
