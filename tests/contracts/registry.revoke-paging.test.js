"use strict";
const { expect } = require("chai");
const { ethers } = require("hardhat");
const { deployRegistered, snapshotFixture, circuitInfo, attestationId } = require("./helpers/setup.js");

const MAX_PAGE = 100;

describe("AttestationRegistry.revoke", function () {
  const fixture = snapshotFixture(async () => {
    const fx = await deployRegistered();
    const p = fx.proofs[0];
    await fx.registry.attest(fx.circuitId, p.proof, p.publicInputs, "ipfs://x");
    return { ...fx, p, id: attestationId(fx.circuitId, p.model, p.data) };
  });

  it("lets the publisher revoke; the record stays, marked revoked; isAttested turns false", async function () {
    const { registry, signers, p, id, circuitId } = await fixture();
    const before = await registry.getAttestation(id);
    await expect(registry.connect(signers[0]).revoke(id)).to.emit(registry, "AttestationRevoked").withArgs(id, signers[0].address);
    const after = await registry.getAttestation(id);
    expect(after.revoked).to.equal(true);
    expect([after.circuitId, after.publisher, after.timestamp, after.modelCommitment, after.dataCommitment, after.configHash])
      .to.deep.equal([before.circuitId, before.publisher, before.timestamp, before.modelCommitment, before.dataCommitment, before.configHash]);
    expect(await registry.isAttested(p.model, p.data)).to.equal(false);
    expect(await registry.attestationCount()).to.equal(1n);
    expect(await registry.attestationsByModel(p.model, 0, 10)).to.deep.equal([[id], 1n]);
    // The id stays taken.
    await expect(registry.attest(circuitId, p.proof, p.publicInputs, "")).to.be.revertedWithCustomError(registry, "AlreadyAttested").withArgs(id);
  });

  it("refuses other accounts, a second revoke, and unknown ids", async function () {
    const { registry, signers, id } = await fixture();
    await expect(registry.connect(signers[1]).revoke(id)).to.be.revertedWithCustomError(registry, "NotPublisher").withArgs(id);
    await registry.revoke(id);
    await expect(registry.revoke(id)).to.be.revertedWithCustomError(registry, "AlreadyRevoked").withArgs(id);
    await expect(registry.connect(signers[1]).revoke(id)).to.be.revertedWithCustomError(registry, "NotPublisher").withArgs(id);
    const unknown = ethers.id("unknown attestation");
    await expect(registry.revoke(unknown)).to.be.revertedWithCustomError(registry, "UnknownAttestation").withArgs(unknown);
    await expect(registry.getAttestation(unknown)).to.be.revertedWithCustomError(registry, "UnknownAttestation").withArgs(unknown);
  });
});

describe("AttestationRegistry paging", function () {
  // 12 real proofs by account 2 for model M9 (crossing the head slot (4) and chunk (5) boundaries),
  // plus the mixed rows for M1 / account 0.
  const fixture = snapshotFixture(async () => {
    const fx = await deployRegistered();
    const { registry, circuitId, proofs, signers } = fx;
    for (const p of proofs) {
      await registry.connect(signers[p.publisherAccount]).attest(circuitId, p.proof, p.publicInputs, "");
    }
    const idOf = (p) => attestationId(circuitId, p.model, p.data);
    const m9 = proofs.filter((p) => p.publisherAccount === 2).map(idOf);
    return { ...fx, m9, idOf, m9Model: proofs.find((p) => p.publisherAccount === 2).model };
  });

  const views = [
    ["attestationsByModel", (fx) => fx.m9Model],
    ["attestationsByPublisher", (fx) => fx.signers[2].address],
  ];
  for (const [view, keyOf] of views) {
    it(`${view}: edges (offset 0, inside, == total, > total, huge; limit 0, > remaining, huge)`, async function () {
      const fx = await fixture();
      const key = keyOf(fx);
      const all = fx.m9;
      expect(all.length).to.equal(12);
      const page = async (o, l) => {
        const [ids, total] = await fx.registry[view](key, o, l);
        expect(total).to.equal(12n);
        return [...ids];
      };
      expect(await page(0, 100)).to.deep.equal(all);
      expect(await page(0, 12)).to.deep.equal(all);
      expect(await page(0, 1)).to.deep.equal(all.slice(0, 1));
      expect(await page(0, 3)).to.deep.equal(all.slice(0, 3));
      expect(await page(3, 4)).to.deep.equal(all.slice(3, 7)); // crosses head slot -> chunk 1
      expect(await page(8, 3)).to.deep.equal(all.slice(8, 11)); // crosses chunk 1 -> chunk 2
      for (let o = 0; o < 12; o++) expect(await page(o, 1)).to.deep.equal([all[o]]);
      expect(await page(11, 5)).to.deep.equal(all.slice(11)); // limit > remaining
      expect(await page(12, 5)).to.deep.equal([]); // offset == total
      expect(await page(13, 5)).to.deep.equal([]); // offset > total
      expect(await page(ethers.MaxUint256, ethers.MaxUint256)).to.deep.equal([]);
      expect(await page(0, 0)).to.deep.equal([]); // limit 0
      expect(await page(5, ethers.MaxUint256)).to.deep.equal(all.slice(5));
    });
  }

  it("keeps recording order per model and per publisher across publishers and models", async function () {
    const { registry, proofs, signers, idOf } = await fixture();
    const m1 = proofs[0].model;
    expect(await registry.attestationsByModel(m1, 0, 10)).to.deep.equal([proofs.filter((p) => p.model === m1).map(idOf), 3n]);
    const by0 = proofs.filter((p) => p.publisherAccount === 0).map(idOf);
    expect(by0.length).to.equal(4);
    expect(await registry.attestationsByPublisher(signers[0].address, 0, 10)).to.deep.equal([by0, 4n]);
    expect(await registry.attestationsByPublisher(signers[0].address, 1, 2)).to.deep.equal([by0.slice(1, 3), 4n]);
    expect(await registry.attestationsByModel(12345n, 0, 10)).to.deep.equal([[], 0n]);
    expect(await registry.attestationsByPublisher(signers[9].address, 0, 10)).to.deep.equal([[], 0n]);
    expect(await registry.attestationCount()).to.equal(BigInt(proofs.length));
  });

  it(`caps a page at ${MAX_PAGE} ids and pages through long lists (105 attestations, scripted verifier)`, async function () {
    const { registry, signers } = await fixture();
    const key = ethers.id("scripted-accepting");
    const v = await (await ethers.getContractFactory("ScriptedVerifier")).deploy(key, 4, 0);
    await registry.registerCircuit(key, circuitInfo(await v.getAddress()));
    const model = 777n;
    const ids = [];
    const proof = new Array(8).fill(0n);
    for (let d = 1n; d <= 105n; d++) {
      await registry.connect(signers[3]).attest(key, proof, [d, model, 0n, BigInt(signers[3].address)], "");
      ids.push(attestationId(key, model, d));
    }
    for (const [view, k] of [["attestationsByModel", model], ["attestationsByPublisher", signers[3].address]]) {
      const [first, total] = await registry[view](k, 0, 1000);
      expect(total).to.equal(105n);
      expect([...first]).to.deep.equal(ids.slice(0, MAX_PAGE));
      expect([...(await registry[view](k, MAX_PAGE, 1000))[0]]).to.deep.equal(ids.slice(MAX_PAGE));
      expect([...(await registry[view](k, 57, 20))[0]]).to.deep.equal(ids.slice(57, 77));
    }
    // Records across two circuits are both counted.
    expect(await registry.attestationCount()).to.equal(18n + 105n);
  });
});
