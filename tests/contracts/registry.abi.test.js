"use strict";
// The external shape must stay exactly as agreed in docs/design/contracts-between-parts.md (the C# chain
// client is written against it). This pins every function, event and error signature.
const { expect } = require("chai");
const hre = require("hardhat");
const { ethers } = hre;

const CIRCUIT_INFO = "(address,string,uint32,uint32,uint32,uint256,bytes32,bool,string)";
const ATTESTATION = "(bytes32,address,uint64,bool,uint256,uint256,uint256)";

const FUNCTIONS = [
  `registerCircuit(bytes32,${CIRCUIT_INFO}) -> ()`,
  "deprecateCircuit(bytes32) -> ()",
  `getCircuit(bytes32) -> (${CIRCUIT_INFO},bool,uint64) view`,
  "admin() -> (address) view",
  "pendingAdmin() -> (address) view",
  "transferAdmin(address) -> ()",
  "acceptAdmin() -> ()",
  "attest(bytes32,uint256[8],uint256[],string) -> (bytes32)",
  `getAttestation(bytes32) -> (${ATTESTATION}) view`,
  "isAttested(uint256,uint256) -> (bool) view",
  "attestationsByModel(uint256,uint256,uint256) -> (bytes32[],uint256) view",
  "attestationsByPublisher(address,uint256,uint256) -> (bytes32[],uint256) view",
  "attestationCount() -> (uint256) view",
  "revoke(bytes32) -> ()",
];
const EVENTS = [
  "CircuitRegistered(bytes32 indexed,address indexed,bool,string)",
  "CircuitDeprecated(bytes32 indexed)",
  "AttestationRecorded(bytes32 indexed,address indexed,uint256 indexed,uint256,bytes32,uint256,string)",
  "AttestationRevoked(bytes32 indexed,address indexed)",
  "AdminTransferStarted(address indexed,address indexed)",
  "AdminTransferred(address indexed,address indexed)",
];
const ERRORS = [
  "NotAdmin()", "NotPendingAdmin()", "ZeroAddress()", "CircuitExists(bytes32)", "UnknownCircuit(bytes32)",
  "CircuitIsDeprecated(bytes32)", "CircuitIdMismatch(bytes32,bytes32)", "TooFewPublicInputs(uint256)",
  "PublicInputNotInField(uint256)", "PublisherMismatch(address,address)", "InvalidProof()", "AlreadyAttested(bytes32)",
  "UnknownAttestation(bytes32)", "NotPublisher(bytes32)", "AlreadyRevoked(bytes32)",
];
// Not in the design note (reported): overflow guard of the packed counters, unreachable in practice.
const EXTRA_ERRORS = ["CapacityExceeded()"];

function typeOf(p) {
  return p.baseType === "tuple" ? `(${p.components.map(typeOf).join(",")})` : p.type;
}

describe("AttestationRegistry external shape (design note)", function () {
  it("has exactly the agreed functions, events and errors", async function () {
    const { interface: abi } = await ethers.getContractFactory("AttestationRegistry");
    const functions = abi.fragments.filter((f) => f.type === "function").map((f) =>
      `${f.name}(${f.inputs.map(typeOf).join(",")}) -> (${f.outputs.map(typeOf).join(",")})${f.stateMutability === "view" ? " view" : ""}`);
    expect(functions.sort()).to.deep.equal([...FUNCTIONS].sort());
    const events = abi.fragments.filter((f) => f.type === "event").map((f) =>
      `${f.name}(${f.inputs.map((p) => typeOf(p) + (p.indexed ? " indexed" : "")).join(",")})`);
    expect(events.sort()).to.deep.equal([...EVENTS].sort());
    const errors = abi.fragments.filter((f) => f.type === "error").map((f) => `${f.name}(${f.inputs.map(typeOf).join(",")})`);
    expect(errors.sort()).to.deep.equal([...ERRORS, ...EXTRA_ERRORS].sort());
  });

  it("IGroth16Verifier has exactly the agreed functions", async function () {
    const abi = (await hre.artifacts.readArtifact("IGroth16Verifier")).abi;
    const sigs = abi.map((f) => `${f.name}(${f.inputs.map((i) => i.type).join(",")}) -> (${f.outputs.map((o) => o.type).join(",")}) ${f.stateMutability}`);
    expect(sigs.sort()).to.deep.equal([
      "publicInputCount() -> (uint256) pure",
      "verificationKeyHash() -> (bytes32) pure",
      "verifyProof(uint256[8],uint256[]) -> (bool) view",
    ]);
  });
});
