// Shared setup for the contract tests: fixtures, deployments, snapshots.
"use strict";
const fs = require("fs");
const path = require("path");
const hre = require("hardhat");
const { ethers } = hre;
const { vkHash } = require("./vk.js");

const FIXTURES = path.join(__dirname, "..", "fixtures");
const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
const Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;
const VERIFIER_SOURCE = "contracts/test/FixtureVerifier.sol";

/// Real training proofs made by zkchain (scripts/regenerate-contract-fixtures.sh): one training circuit, one
/// DEVELOPMENT-ONLY setup, publishers = Hardhat accounts 0..2.
function loadFixtures() {
  const vk = JSON.parse(fs.readFileSync(path.join(FIXTURES, "verification_key.json"), "utf8"));
  const { proofs, circuit } = JSON.parse(fs.readFileSync(path.join(FIXTURES, "proofs.json"), "utf8"));
  if (!circuit || !proofs || proofs.length === 0) throw new Error("tests/contracts/fixtures/proofs.json: no circuit or proofs (regenerate the fixtures)");
  const toBig = (p) => ({
    ...p,
    proof: p.proof.map(BigInt),
    publicInputs: p.publicInputs.map(BigInt),
    data: BigInt(p.publicInputs[0]),
    model: BigInt(p.publicInputs[1]),
    config: BigInt(p.publicInputs[2]),
  });
  return { vk, vkHash: vkHash(vk), circuit, proofs: proofs.map(toBig) };
}

/// The verifier contract in contracts/test/FixtureVerifier.sol, whatever its name (the CLI exporter or the
/// test renderer may name it differently).
async function verifierFactory() {
  const names = (await hre.artifacts.getAllFullyQualifiedNames()).filter((n) => n.startsWith(VERIFIER_SOURCE + ":"));
  if (names.length !== 1) throw new Error(`expected one contract in ${VERIFIER_SOURCE}, found ${names.length}`);
  return ethers.getContractFactory(names[0]);
}

/// The fixture circuit's metadata as `zkchain circuit register` records it (configHash 0 unless overridden: the
/// registry then stores each attestation's config hash).
function circuitInfo(verifier, overrides = {}) {
  const { circuit } = loadFixtures();
  return {
    verifier,
    modelFamily: circuit.modelFamily,
    nFeatures: circuit.nFeatures,
    nClasses: circuit.nClasses,
    nRows: circuit.nRows,
    configHash: 0n,
    r1csHash: circuit.r1csHash,
    developmentSetup: true,
    uri: "ipfs://fixture-circuit",
    ...overrides,
  };
}

/// Deploys verifier + registry (admin = signer 0) and registers the fixture circuit.
async function deployRegistered(infoOverrides = {}) {
  const signers = await ethers.getSigners();
  const fx = loadFixtures();
  for (let i = 0; i < 3; i++) {
    if (signers[i].address !== ethers.getAddress(fx.proofs.find((p) => p.publisherAccount === i).publisher)) {
      throw new Error(`signer ${i} is not the fixture publisher; run on the default Hardhat accounts`);
    }
  }
  const verifier = await (await verifierFactory()).deploy();
  const registry = await (await ethers.getContractFactory("AttestationRegistry")).deploy();
  const circuitId = await verifier.verificationKeyHash();
  await registry.registerCircuit(circuitId, circuitInfo(await verifier.getAddress(), infoOverrides));
  return { ...fx, signers, verifier, registry, circuitId };
}

/// Mocha-friendly fixture: runs `fn` once, then restores the chain state to just after it for every caller.
function snapshotFixture(fn) {
  let cached = null;
  return async function () {
    // A revert to an older snapshot (another fixture's) invalidates this one: then run fn again.
    if (cached && (await ethers.provider.send("evm_revert", [cached.snapshot]))) {
      cached.snapshot = await ethers.provider.send("evm_snapshot", []);
      return cached.value;
    }
    const value = await fn();
    cached = { value, snapshot: await ethers.provider.send("evm_snapshot", []) };
    return value;
  };
}

/// Same (circuitId, model, data) -> id as the registry.
function attestationId(circuitId, model, data) {
  return ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode(["bytes32", "uint256", "uint256"], [circuitId, model, data]));
}

module.exports = { R, Q, loadFixtures, verifierFactory, circuitInfo, deployRegistered, snapshotFixture, attestationId };
