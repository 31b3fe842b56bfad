"use strict";
const { expect } = require("chai");
const { ethers } = require("hardhat");
const { deployRegistered, snapshotFixture, circuitInfo, verifierFactory, attestationId } = require("./helpers/setup.js");

const Mode = { ReturnTrue: 0, ReturnFalse: 1, ReturnTwo: 2, ReturnNothing: 3, RevertEmpty: 4, RevertCustom: 5 };

async function scripted(keyHash, inputCount = 4, mode = Mode.ReturnTrue) {
  return (await ethers.getContractFactory("ScriptedVerifier")).deploy(keyHash, inputCount, mode);
}

describe("AttestationRegistry circuits and admin", function () {
  const fixture = snapshotFixture(() => deployRegistered());

  it("registers: event, getCircuit fields, registeredAt", async function () {
    const signers = await ethers.getSigners();
    const registry = await (await ethers.getContractFactory("AttestationRegistry")).deploy();
    const verifier = await (await verifierFactory()).deploy();
    const id = await verifier.verificationKeyHash();
    const info = circuitInfo(await verifier.getAddress(), { modelFamily: "softmax", nFeatures: 7, nClasses: 3, nRows: 1024, configHash: 99n, developmentSetup: false, uri: "https://example.org/c.json" });
    const tx = registry.connect(signers[0]).registerCircuit(id, info);
    await expect(tx).to.emit(registry, "CircuitRegistered").withArgs(id, info.verifier, false, info.uri);
    const block = await ethers.provider.getBlock("latest");
    const [got, deprecated, registeredAt] = await registry.getCircuit(id);
    expect(got.verifier).to.equal(info.verifier);
    expect(got.modelFamily).to.equal("softmax");
    expect([got.nFeatures, got.nClasses, got.nRows]).to.deep.equal([7n, 3n, 1024n]);
    expect(got.configHash).to.equal(99n);
    expect(got.r1csHash).to.equal(info.r1csHash);
    expect(got.developmentSetup).to.equal(false);
    expect(got.uri).to.equal(info.uri);
    expect(deprecated).to.equal(false);
    expect(registeredAt).to.equal(BigInt(block.timestamp));
  });

  it("only the admin registers and deprecates", async function () {
    const { registry, circuitId, signers } = await fixture();
    const other = await scripted(ethers.id("other"));
    await expect(registry.connect(signers[1]).registerCircuit(ethers.id("other"), circuitInfo(await other.getAddress())))
      .to.be.revertedWithCustomError(registry, "NotAdmin");
    await expect(registry.connect(signers[1]).deprecateCircuit(circuitId)).to.be.revertedWithCustomError(registry, "NotAdmin");
    expect((await registry.getCircuit(circuitId))[1]).to.equal(false);
  });

  it("never overwrites an id", async function () {
    const { registry, verifier, circuitId } = await fixture();
    const twin = await (await verifierFactory()).deploy(); // same key, other address
    await expect(registry.registerCircuit(circuitId, circuitInfo(await twin.getAddress(), { uri: "ipfs://evil" })))
      .to.be.revertedWithCustomError(registry, "CircuitExists").withArgs(circuitId);
    await registry.deprecateCircuit(circuitId);
    await expect(registry.registerCircuit(circuitId, circuitInfo(await twin.getAddress())))
      .to.be.revertedWithCustomError(registry, "CircuitExists").withArgs(circuitId);
    const [info] = await registry.getCircuit(circuitId);
    expect(info.verifier).to.equal(await verifier.getAddress());
    expect(info.uri).to.equal("ipfs://fixture-circuit");
  });

  it("requires circuitId == verifier.verificationKeyHash(), a nonzero verifier with code, and >= 4 inputs", async function () {
    const { registry, verifier, circuitId, signers } = await fixture();
    const wrongId = ethers.id("not the key hash");
    await expect(registry.registerCircuit(wrongId, circuitInfo(await verifier.getAddress())))
      .to.be.revertedWithCustomError(registry, "CircuitIdMismatch").withArgs(wrongId, circuitId);
    await expect(registry.registerCircuit(wrongId, circuitInfo(ethers.ZeroAddress)))
      .to.be.revertedWithCustomError(registry, "ZeroAddress");
    // An account without code reports no key hash at all.
    await expect(registry.registerCircuit(wrongId, circuitInfo(signers[5].address)))
      .to.be.revertedWithCustomError(registry, "CircuitIdMismatch").withArgs(wrongId, ethers.ZeroHash);
    await expect(registry.registerCircuit(ethers.ZeroHash, circuitInfo(signers[5].address)))
      .to.be.revertedWithCustomError(registry, "CircuitIdMismatch").withArgs(ethers.ZeroHash, ethers.ZeroHash);
    const three = await scripted(ethers.id("three"), 3);
    await expect(registry.registerCircuit(ethers.id("three"), circuitInfo(await three.getAddress())))
      .to.be.revertedWithCustomError(registry, "TooFewPublicInputs").withArgs(3);
    await expect(registry.getCircuit(wrongId)).to.be.revertedWithCustomError(registry, "UnknownCircuit").withArgs(wrongId);
  });

  it("deprecates once: event, flag, unknown id, twice", async function () {
    const { registry, circuitId } = await fixture();
    await expect(registry.deprecateCircuit(circuitId)).to.emit(registry, "CircuitDeprecated").withArgs(circuitId);
    expect((await registry.getCircuit(circuitId))[1]).to.equal(true);
    await expect(registry.deprecateCircuit(circuitId)).to.be.revertedWithCustomError(registry, "CircuitIsDeprecated").withArgs(circuitId);
    const unknown = ethers.id("unknown");
    await expect(registry.deprecateCircuit(unknown)).to.be.revertedWithCustomError(registry, "UnknownCircuit").withArgs(unknown);
  });

  it("transfers admin in two steps", async function () {
    const signers = await ethers.getSigners();
    const factory = await ethers.getContractFactory("AttestationRegistry");
    const registry = await factory.deploy();
    await expect(registry.deploymentTransaction()).to.emit(registry, "AdminTransferred").withArgs(ethers.ZeroAddress, signers[0].address);
    expect(await registry.admin()).to.equal(signers[0].address);
    expect(await registry.pendingAdmin()).to.equal(ethers.ZeroAddress);

    await expect(registry.connect(signers[1]).transferAdmin(signers[1].address)).to.be.revertedWithCustomError(registry, "NotAdmin");
    await expect(registry.transferAdmin(ethers.ZeroAddress)).to.be.revertedWithCustomError(registry, "ZeroAddress");
    await expect(registry.connect(signers[1]).acceptAdmin()).to.be.revertedWithCustomError(registry, "NotPendingAdmin");

    await expect(registry.transferAdmin(signers[1].address)).to.emit(registry, "AdminTransferStarted").withArgs(signers[0].address, signers[1].address);
    expect(await registry.pendingAdmin()).to.equal(signers[1].address);
    expect(await registry.admin()).to.equal(signers[0].address);
    await expect(registry.connect(signers[2]).acceptAdmin()).to.be.revertedWithCustomError(registry, "NotPendingAdmin");
    await expect(registry.connect(signers[0]).acceptAdmin()).to.be.revertedWithCustomError(registry, "NotPendingAdmin");

    // A second transferAdmin replaces the pending admin.
    await registry.transferAdmin(signers[2].address);
    await expect(registry.connect(signers[1]).acceptAdmin()).to.be.revertedWithCustomError(registry, "NotPendingAdmin");
    await expect(registry.connect(signers[2]).acceptAdmin()).to.emit(registry, "AdminTransferred").withArgs(signers[0].address, signers[2].address);
    expect(await registry.admin()).to.equal(signers[2].address);
    expect(await registry.pendingAdmin()).to.equal(ethers.ZeroAddress);
    await expect(registry.connect(signers[2]).acceptAdmin()).to.be.revertedWithCustomError(registry, "NotPendingAdmin");

    // Powers moved with it.
    const verifier = await (await verifierFactory()).deploy();
    const id = await verifier.verificationKeyHash();
    await expect(registry.connect(signers[0]).registerCircuit(id, circuitInfo(await verifier.getAddress()))).to.be.revertedWithCustomError(registry, "NotAdmin");
    await expect(registry.connect(signers[2]).registerCircuit(id, circuitInfo(await verifier.getAddress()))).to.emit(registry, "CircuitRegistered");
    await expect(registry.connect(signers[0]).transferAdmin(signers[0].address)).to.be.revertedWithCustomError(registry, "NotAdmin");
  });

  describe("verifier answers", function () {
    const scriptedFixture = snapshotFixture(async () => {
      const { registry, proofs, signers } = await deployRegistered();
      const key = ethers.id("scripted");
      const v = await scripted(key);
      await registry.registerCircuit(key, circuitInfo(await v.getAddress()));
      return { registry, proofs, signers, v, key };
    });

    for (const [mode, name] of [[Mode.ReturnFalse, "false"], [Mode.ReturnTwo, "the word 2"], [Mode.ReturnNothing, "nothing"], [Mode.RevertEmpty, "an empty revert"]]) {
      it(`treats ${name} as InvalidProof`, async function () {
        const { registry, proofs, v, key } = await scriptedFixture();
        await v.setMode(mode);
        const p = proofs[0];
        await expect(registry.attest(key, p.proof, p.publicInputs, "")).to.be.revertedWithCustomError(registry, "InvalidProof");
        expect(await registry.attestationCount()).to.equal(0n);
      });
    }

    it("bubbles up a verifier's custom error unchanged", async function () {
      const { registry, proofs, v, key } = await scriptedFixture();
      await v.setMode(Mode.RevertCustom);
      const p = proofs[0];
      await expect(registry.attest(key, p.proof, p.publicInputs, "")).to.be.revertedWithCustomError(v, "ScriptedFailure").withArgs(42);
    });

    it("records only on exactly `true`", async function () {
      const { registry, proofs, v, key } = await scriptedFixture();
      const p = proofs[0];
      await expect(registry.attest(key, p.proof, p.publicInputs, "")).to.emit(registry, "AttestationRecorded");
      expect((await registry.getAttestation(attestationId(key, p.model, p.data))).circuitId).to.equal(key);
    });
  });
});
