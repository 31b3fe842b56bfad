"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");
const { expect } = require("chai");
const hre = require("hardhat");
const { deploy } = require("../../scripts/deploy.js");

// Hardhat's well-known development key for account #1 (public test data, never a real key).
const DEV_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

describe("scripts/deploy.js", function () {
  let dir;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), "zkchain-deploy-")); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("deploys registry + verifier with the key from the environment and writes the record atomically", async function () {
    const out = path.join(dir, "nested", "deployment.json");
    const [verifierName] = (await hre.artifacts.getAllFullyQualifiedNames()).filter((n) => n.startsWith("contracts/test/FixtureVerifier.sol:"));
    const lines = [];
    const { record } = await deploy(hre, {
      ZKCHAIN_DEPLOYER_KEY: DEV_KEY,
      ZKCHAIN_VERIFIERS: verifierName,
      ZKCHAIN_DEPLOY_OUT: out,
    }, (l) => lines.push(l));
    const onDisk = JSON.parse(fs.readFileSync(out, "utf8"));
    expect(onDisk).to.deep.equal(record);
    expect(fs.readdirSync(path.dirname(out))).to.deep.equal(["deployment.json"]); // no temp file left
    const signers = await hre.ethers.getSigners();
    expect(onDisk.chainId).to.equal("31337");
    expect(onDisk.deployer).to.equal(signers[1].address);
    expect(onDisk.admin).to.equal(signers[1].address);
    const registry = await hre.ethers.getContractAt("AttestationRegistry", onDisk.contracts.AttestationRegistry.address);
    expect(await registry.admin()).to.equal(signers[1].address);
    const receipt = await hre.ethers.provider.getTransactionReceipt(onDisk.contracts.AttestationRegistry.transactionHash);
    expect(receipt.blockNumber).to.equal(onDisk.contracts.AttestationRegistry.blockNumber);
    const v = onDisk.verifiers[0];
    const verifier = await hre.ethers.getContractAt(verifierName, v.address);
    expect(await verifier.verificationKeyHash()).to.equal(v.circuitId);
    expect(v.publicInputCount).to.equal("4");
    // The key is never logged nor written.
    const secret = DEV_KEY.slice(2).toLowerCase();
    expect(lines.join("\n").toLowerCase()).to.not.include(secret);
    expect(fs.readFileSync(out, "utf8").toLowerCase()).to.not.include(secret);
  });

  it("rejects a malformed key without echoing it, and writes nothing", async function () {
    const out = path.join(dir, "d.json");
    const bad = "0x" + "ab".repeat(31) + "zz";
    let err;
    try {
      await deploy(hre, { ZKCHAIN_DEPLOYER_KEY: bad, ZKCHAIN_DEPLOY_OUT: out }, () => {});
    } catch (e) {
      err = e;
    }
    expect(err && err.message).to.match(/ZKCHAIN_DEPLOYER_KEY/);
    expect(err.message).to.not.include("abab");
    expect(fs.existsSync(out)).to.equal(false);
  });
});
