"use strict";
// Gas guard rails (see docs/benchmarks-contracts.md for the full report and breakdown). The 300k target is
// not met with the agreed ABI; these ceilings catch regressions of the measured layout.
const { expect } = require("chai");
const { ethers } = require("hardhat");
const { deployRegistered, snapshotFixture } = require("./helpers/setup.js");

const URI = "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi/run.json";

describe("AttestationRegistry gas", function () {
  const fixture = snapshotFixture(async () => {
    const fx = await deployRegistered();
    return { ...fx, probe: await (await ethers.getContractFactory("GasProbe")).deploy() };
  });
  const used = async (tx) => (await (await tx).wait()).gasUsed;

  it("verification alone stays near the precompile cost (4 inputs: 205,600 in precompiles)", async function () {
    const { probe, verifier, proofs } = await fixture();
    const [gas, ok] = await probe.measureVerify(await verifier.getAddress(), proofs[0].proof, proofs[0].publicInputs);
    expect(ok).to.equal(true);
    expect(gas).to.be.greaterThan(205600n);
    expect(gas).to.be.at.most(216000n);
  });

  it("attest costs stay within the measured layout's ceilings", async function () {
    const { registry, circuitId, proofs, signers } = await fixture();
    const run = (p) => registry.connect(signers[p.publisherAccount]).attest(circuitId, p.proof, p.publicInputs, URI);
    const first = await used(run(proofs[0])); // new publisher, new model
    const newModel = await used(run(proofs[3])); // same publisher, new model
    const sameModel = await used(run(proofs[1])); // same publisher, same model
    expect(first).to.be.at.most(392000n);
    expect(newModel).to.be.at.most(375000n);
    expect(sameModel).to.be.at.most(358000n);
    // Structure: each fresh index slot costs ~17k more than an update.
    expect(first - newModel).to.be.within(15000n, 19000n);
    expect(newModel - sameModel).to.be.within(15000n, 19000n);
    const revoke = await used(registry.revoke(ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode(
      ["bytes32", "uint256", "uint256"], [circuitId, proofs[0].model, proofs[0].data]))));
    expect(revoke).to.be.at.most(32000n);
  });
});
