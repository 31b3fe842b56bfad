// Independent EVM oracle for the exported Groth16 Solidity verifier.
// Compiles the given source with the npm `solc` compiler (offline), deploys it with ethers to the
// given JSON-RPC node, and runs each case through verifyProof with eth_call, decoding custom errors.
// Usage: node groth16-evm.js <request.json>   (prints a JSON result on stdout)
// request: { rpc, privateKey, source, contractName, cases: [{ name, proof: [8 decimal strings], inputs: [decimal strings] }] }
// result:  { deployGas, publicInputCount, verificationKeyHash, results: [{ name, ok, error, errorArgs, gas, callGasCold, callGasWarm }] }
// gas: eth_estimateGas of a verifyProof transaction (21000 base + calldata + execution).
// callGasCold / callGasWarm: gas a calling contract sees verifyProof spend (gasleft() before and after the
// call), the first call (verifier address cold, EIP-2929: 2600) and a second one in the same eth_call (warm: 100);
// this is what a registry pays, without the transaction's base and calldata costs.
"use strict";
const fs = require("fs");
const solc = require("solc");
const { ethers } = require("ethers");

async function main() {
  const req = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
  const input = {
    language: "Solidity",
    sources: { "Verifier.sol": { content: req.source }, "GasProbe.sol": { content: PROBE_SOURCE } },
    settings: {
      optimizer: { enabled: true, runs: 200 },
      evmVersion: "cancun",
      outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } },
    },
  };
  const out = JSON.parse(solc.compile(JSON.stringify(input)));
  const errors = (out.errors || []).filter((e) => e.severity === "error");
  if (errors.length) {
    console.error(errors.map((e) => e.formattedMessage).join("\n"));
    process.exit(3);
  }
  const warnings = (out.errors || []).filter((e) => e.severity !== "error").map((e) => e.formattedMessage);
  const c = out.contracts["Verifier.sol"][req.contractName];
  if (!c) throw new Error(`contract ${req.contractName} not found in compiled output`);
  const provider = new ethers.JsonRpcProvider(req.rpc, undefined, { staticNetwork: true });
  // NonceManager: two deployments in a row (verifier, gas probe) must not reuse a cached nonce.
  const wallet = new ethers.NonceManager(new ethers.Wallet(req.privateKey, provider));
  const factory = new ethers.ContractFactory(c.abi, "0x" + c.evm.bytecode.object, wallet);
  const contract = await factory.deploy();
  const receipt = await contract.deploymentTransaction().wait();
  const iface = contract.interface;
  const pc = out.contracts["GasProbe.sol"]["VerifierGasProbe"];
  const probe = await new ethers.ContractFactory(pc.abi, "0x" + pc.evm.bytecode.object, wallet).deploy();
  await probe.deploymentTransaction().wait();
  const verifierAddress = await contract.getAddress();
  const results = [];
  for (const cs of req.cases) {
    const r = { name: cs.name, ok: null, error: null, errorArgs: null, gas: null };
    try {
      r.ok = await contract.verifyProof.staticCall(cs.proof, cs.inputs);
      const gas = await contract.verifyProof.estimateGas(cs.proof, cs.inputs);
      r.gas = gas.toString();
      const [cold, warm, okCold, okWarm] = await probe.measure.staticCall(verifierAddress, cs.proof, cs.inputs);
      if (okCold !== r.ok || okWarm !== r.ok) throw new Error(`gas probe saw a different result for ${cs.name}`);
      r.callGasCold = cold.toString();
      r.callGasWarm = warm.toString();
    } catch (e) {
      const data = e.data || (e.info && e.info.error && e.info.error.data);
      let parsed = null;
      try { parsed = data ? iface.parseError(data) : null; } catch (_) { parsed = null; }
      if (parsed) {
        r.error = parsed.name;
        r.errorArgs = parsed.args.map((a) => a.toString());
      } else {
        r.error = "UNDECODED: " + (e.shortMessage || e.message);
      }
    }
    results.push(r);
  }
  const result = {
    deployGas: receipt.gasUsed.toString(),
    publicInputCount: (await contract.publicInputCount()).toString(),
    verificationKeyHash: await contract.verificationKeyHash(),
    // An independent recomputation of the key hash from the verification key JSON, if given.
    expectedHashFromVk: req.vk ? vkHash(req.vk) : null,
    warnings,
    results,
  };
  console.log(JSON.stringify(result));
}

// Calls verifyProof twice from a contract and reports the gas each call consumed.
const PROBE_SOURCE = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
interface IVerifierForProbe {
    function verifyProof(uint256[8] calldata proof, uint256[] calldata publicInputs) external view returns (bool);
}
contract VerifierGasProbe {
    function measure(address verifier, uint256[8] calldata proof, uint256[] calldata publicInputs)
        external view returns (uint256 cold, uint256 warm, bool okCold, bool okWarm)
    {
        uint256 g = gasleft();
        okCold = IVerifierForProbe(verifier).verifyProof(proof, publicInputs);
        cold = g - gasleft();
        g = gasleft();
        okWarm = IVerifierForProbe(verifier).verifyProof(proof, publicInputs);
        warm = g - gasleft();
    }
}
`;

// keccak256(abi.encodePacked(alpha.x, alpha.y, beta(4, EIP-197 order), gamma(4), delta(4), IC[i].x, IC[i].y ...))
function vkHash(vk) {
  const g2 = (p) => [p[0][1], p[0][0], p[1][1], p[1][0]];
  const words = [
    vk.vk_alpha_1[0], vk.vk_alpha_1[1],
    ...g2(vk.vk_beta_2), ...g2(vk.vk_gamma_2), ...g2(vk.vk_delta_2),
    ...vk.IC.flatMap((p) => [p[0], p[1]]),
  ];
  return ethers.solidityPackedKeccak256(words.map(() => "uint256"), words);
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : String(e));
  process.exit(1);
});
