"use strict";
const { expect } = require("chai");
const { Q, R, loadFixtures, verifierFactory, snapshotFixture } = require("./helpers/setup.js");

describe("Fixture Groth16 verifier (contracts/test/FixtureVerifier.sol)", function () {
  const fixture = snapshotFixture(async () => ({ ...loadFixtures(), verifier: await (await verifierFactory()).deploy() }));

  it("reports the key hash computed off chain from verification_key.json, and 4 public inputs", async function () {
    const { verifier, vkHash, vk } = await fixture();
    expect(await verifier.verificationKeyHash()).to.equal(vkHash);
    expect(await verifier.publicInputCount()).to.equal(BigInt(vk.nPublic));
    expect(vk.nPublic).to.equal(4);
  });

  it("accepts every fixture proof and returns false for other inputs", async function () {
    const { verifier, proofs } = await fixture();
    for (const p of proofs) expect(await verifier.verifyProof(p.proof, p.publicInputs)).to.equal(true);
    const p = proofs[0];
    for (let i = 0; i < 4; i++) {
      const inputs = [...p.publicInputs];
      inputs[i] = (inputs[i] + 1n) % R;
      expect(await verifier.verifyProof(p.proof, inputs)).to.equal(false);
    }
  });

  it("reverts on malformed input with its custom errors", async function () {
    const { verifier, proofs } = await fixture();
    const p = proofs[0];
    await expect(verifier.verifyProof(p.proof, p.publicInputs.slice(0, 3))).to.be.revertedWithCustomError(verifier, "WrongPublicInputCount").withArgs(4, 3);
    await expect(verifier.verifyProof(p.proof, [...p.publicInputs.slice(0, 3), R])).to.be.revertedWithCustomError(verifier, "PublicInputNotInField").withArgs(3);
    const big = [...p.proof];
    big[5] = Q;
    await expect(verifier.verifyProof(big, p.publicInputs)).to.be.revertedWithCustomError(verifier, "ProofCoordinateNotInField").withArgs(5);
    const offCurve = [...p.proof];
    offCurve[0] = (offCurve[0] + 1n) % Q;
    await expect(verifier.verifyProof(offCurve, p.publicInputs)).to.be.revertedWithCustomError(verifier, "PairingPrecompileFailed");
  });
});
