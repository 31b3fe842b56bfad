"use strict";
const { expect } = require("chai");
const { ethers } = require("hardhat");
const { R, Q, deployRegistered, snapshotFixture, attestationId } = require("./helpers/setup.js");
const { expectRevertAmong } = require("./helpers/errors.js");

const URI = "ipfs://bafy-training-run-0001/manifest.json";

describe("AttestationRegistry.attest", function () {
  const fixture = snapshotFixture(() => deployRegistered());

  it("records a valid proof: return value, event fields, record, isAttested, counts, indexes", async function () {
    const { registry, circuitId, proofs, signers } = await fixture();
    const p = proofs[0];
    const id = attestationId(circuitId, p.model, p.data);
    expect(await registry.attest.staticCall(circuitId, p.proof, p.publicInputs, URI)).to.equal(id);

    const tx = await registry.connect(signers[0]).attest(circuitId, p.proof, p.publicInputs, URI);
    await expect(tx)
      .to.emit(registry, "AttestationRecorded")
      .withArgs(id, signers[0].address, p.model, p.data, circuitId, p.config, URI);
    const block = await ethers.provider.getBlock((await tx.wait()).blockNumber);

    const a = await registry.getAttestation(id);
    expect(a.circuitId).to.equal(circuitId);
    expect(a.publisher).to.equal(signers[0].address);
    expect(a.timestamp).to.equal(BigInt(block.timestamp));
    expect(a.revoked).to.equal(false);
    expect(a.modelCommitment).to.equal(p.model);
    expect(a.dataCommitment).to.equal(p.data);
    expect(a.configHash).to.equal(p.config);

    expect(await registry.isAttested(p.model, p.data)).to.equal(true);
    expect(await registry.isAttested(p.data, p.model)).to.equal(false);
    expect(await registry.isAttested(p.model, proofs[1].data)).to.equal(false);
    expect(await registry.attestationCount()).to.equal(1n);
    expect(await registry.attestationsByModel(p.model, 0, 10)).to.deep.equal([[id], 1n]);
    expect(await registry.attestationsByPublisher(signers[0].address, 0, 10)).to.deep.equal([[id], 1n]);
    expect(await registry.attestationsByPublisher(signers[1].address, 0, 10)).to.deep.equal([[], 0n]);
  });

  it("records several attestations from several publishers", async function () {
    const { registry, circuitId, proofs, signers } = await fixture();
    for (const i of [0, 1, 2, 5]) {
      const p = proofs[i];
      await registry.connect(signers[p.publisherAccount]).attest(circuitId, p.proof, p.publicInputs, URI);
    }
    expect(await registry.attestationCount()).to.equal(4n);
    for (const i of [0, 1, 2, 5]) {
      const p = proofs[i];
      const a = await registry.getAttestation(attestationId(circuitId, p.model, p.data));
      expect(a.publisher).to.equal(signers[p.publisherAccount].address);
      expect([a.modelCommitment, a.dataCommitment, a.configHash]).to.deep.equal([p.model, p.data, p.config]);
    }
  });

  it("rejects a proof for other public inputs with InvalidProof", async function () {
    const { registry, circuitId, proofs } = await fixture();
    // proofs[1] has the same publisher, so only the pairing check can reject it.
    await expect(registry.attest(circuitId, proofs[0].proof, proofs[1].publicInputs, URI))
      .to.be.revertedWithCustomError(registry, "InvalidProof");
    expect(await registry.attestationCount()).to.equal(0n);
  });

  it("rejects valid curve points that do not satisfy the pairing (negated A, negated C, A<->C) with InvalidProof", async function () {
    const { registry, circuitId, proofs } = await fixture();
    const p = proofs[0];
    const negA = [...p.proof]; negA[1] = Q - negA[1];
    const negC = [...p.proof]; negC[7] = Q - negC[7];
    const swapped = [...p.proof]; [swapped[0], swapped[1], swapped[6], swapped[7]] = [p.proof[6], p.proof[7], p.proof[0], p.proof[1]];
    for (const bad of [negA, negC, swapped]) {
      await expect(registry.attest(circuitId, bad, p.publicInputs, URI)).to.be.revertedWithCustomError(registry, "InvalidProof");
    }
  });

  for (let i = 0; i < 8; i++) {
    const names = ["A.x", "A.y", "B.x.imag", "B.x.real", "B.y.imag", "B.y.real", "C.x", "C.y"];
    it(`rejects the proof with ${names[i]} tampered (+1 mod q, and replaced by q)`, async function () {
      const { registry, verifier, circuitId, proofs } = await fixture();
      const p = proofs[0];
      const plusOne = [...p.proof];
      plusOne[i] = (plusOne[i] + 1n) % Q;
      // Off the curve / out of the subgroup (precompile failure, bubbled from the verifier) or a failed pairing.
      await expectRevertAmong(registry.attest(circuitId, plusOne, p.publicInputs, URI), [registry, verifier],
        ["InvalidProof", "PairingPrecompileFailed"]);
      const atQ = [...p.proof];
      atQ[i] = Q;
      const e = await expectRevertAmong(registry.attest(circuitId, atQ, p.publicInputs, URI), [registry, verifier],
        ["ProofCoordinateNotInField"]);
      expect(e.args[0]).to.equal(BigInt(i));
      expect(await registry.attestationCount()).to.equal(0n);
      expect(await registry.isAttested(p.model, p.data)).to.equal(false);
    });
  }

  it("rejects every public input >= r with PublicInputNotInField(index), including x + r aliases", async function () {
    const { registry, circuitId, proofs } = await fixture();
    const p = proofs[0];
    for (let i = 0; i < 4; i++) {
      for (const v of [R, p.publicInputs[i] + R, 2n ** 256n - 1n]) {
        const inputs = [...p.publicInputs];
        inputs[i] = v;
        await expect(registry.attest(circuitId, p.proof, inputs, URI))
          .to.be.revertedWithCustomError(registry, "PublicInputNotInField").withArgs(i);
      }
    }
    // r - 1 is in the field: it gets past the field check (and fails later, as a wrong publisher).
    const inputs = [...p.publicInputs];
    inputs[3] = R - 1n;
    await expect(registry.attest(circuitId, p.proof, inputs, URI))
      .to.be.revertedWithCustomError(registry, "PublisherMismatch").withArgs(ethers.ZeroAddress, p.publisher);
  });

  it("rejects a copied proof submitted by another account with PublisherMismatch", async function () {
    const { registry, circuitId, proofs, signers } = await fixture();
    const p = proofs[0];
    await expect(registry.connect(signers[1]).attest(circuitId, p.proof, p.publicInputs, URI))
      .to.be.revertedWithCustomError(registry, "PublisherMismatch").withArgs(signers[0].address, signers[1].address);
    // The real publisher can still use it afterwards.
    await expect(registry.connect(signers[0]).attest(circuitId, p.proof, p.publicInputs, URI)).to.emit(registry, "AttestationRecorded");
  });

  it("rejects a publisher input wider than 160 bits even when its low 160 bits are the sender", async function () {
    const { registry, circuitId, proofs, signers } = await fixture();
    const p = proofs[0];
    const inputs = [...p.publicInputs];
    inputs[3] = inputs[3] + (1n << 160n);
    await expect(registry.attest(circuitId, p.proof, inputs, URI))
      .to.be.revertedWithCustomError(registry, "PublisherMismatch").withArgs(ethers.ZeroAddress, signers[0].address);
  });

  it("rejects fewer than 4 public inputs with TooFewPublicInputs and a wrong count through the verifier", async function () {
    const { registry, verifier, circuitId, proofs } = await fixture();
    const p = proofs[0];
    for (const n of [0, 1, 3]) {
      await expect(registry.attest(circuitId, p.proof, p.publicInputs.slice(0, n), URI))
        .to.be.revertedWithCustomError(registry, "TooFewPublicInputs").withArgs(n);
    }
    // 5 inputs for a 4-input circuit: the verifier's own error comes back unchanged.
    await expect(registry.attest(circuitId, p.proof, [...p.publicInputs, 7n], URI))
      .to.be.revertedWithCustomError(verifier, "WrongPublicInputCount").withArgs(4, 5);
  });

  it("rejects a duplicate (same circuit, model, data) with AlreadyAttested", async function () {
    const { registry, circuitId, proofs } = await fixture();
    const p = proofs[0];
    await registry.attest(circuitId, p.proof, p.publicInputs, URI);
    const id = attestationId(circuitId, p.model, p.data);
    await expect(registry.attest(circuitId, p.proof, p.publicInputs, "ipfs://other"))
      .to.be.revertedWithCustomError(registry, "AlreadyAttested").withArgs(id);
    expect(await registry.attestationCount()).to.equal(1n);
  });

  it("rejects an unknown circuit and a deprecated circuit", async function () {
    const { registry, circuitId, proofs } = await fixture();
    const p = proofs[0];
    const unknown = ethers.keccak256(ethers.toUtf8Bytes("no such circuit"));
    await expect(registry.attest(unknown, p.proof, p.publicInputs, URI))
      .to.be.revertedWithCustomError(registry, "UnknownCircuit").withArgs(unknown);
    await registry.attest(circuitId, proofs[1].proof, proofs[1].publicInputs, URI);
    await registry.deprecateCircuit(circuitId);
    await expect(registry.attest(circuitId, p.proof, p.publicInputs, URI))
      .to.be.revertedWithCustomError(registry, "CircuitIsDeprecated").withArgs(circuitId);
    // Earlier attestations stay readable and count.
    expect(await registry.isAttested(proofs[1].model, proofs[1].data)).to.equal(true);
    expect(await registry.attestationCount()).to.equal(1n);
  });

  it("stores the config hash correctly when the circuit fixes it (flag path) and when it differs (stored path)", async function () {
    // A training circuit fixes its config hash, so every fixture proof carries the same one: the flag path is the
    // circuit registered with that hash, the stored path the same circuit registered with 0 (config per attestation).
    const p = (await fixture()).proofs[0];
    expect(p.config).to.not.equal(0n);
    for (const registered of [p.config, 0n]) {
      const { registry, circuitId, signers } = await deployRegistered({ configHash: registered });
      await expect(registry.connect(signers[p.publisherAccount]).attest(circuitId, p.proof, p.publicInputs, URI))
        .to.emit(registry, "AttestationRecorded")
        .withArgs(attestationId(circuitId, p.model, p.data), p.publisher, p.model, p.data, circuitId, p.config, URI);
      expect((await registry.getAttestation(attestationId(circuitId, p.model, p.data))).configHash).to.equal(p.config);
    }
  });
});
