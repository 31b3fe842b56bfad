// Deploys the AttestationRegistry (and optionally verifier contracts) and records the addresses.
//
//   npx hardhat run scripts/deploy.js --network localhost     (RPC from ZKCHAIN_RPC, default http://127.0.0.1:8545)
//   npx hardhat run scripts/deploy.js                         (in-process Hardhat network; a dry run)
//
// Environment:
//   ZKCHAIN_DEPLOYER_KEY  0x-prefixed 32-byte hex private key of the deployer (becomes the registry admin).
//                         Never printed. Optional only on a local development chain (chainId 31337), where the
//                         node's first account is used.
//   ZKCHAIN_VERIFIERS     optional, comma-separated fully qualified contract names of verifier artifacts to deploy
//                         too, e.g. "contracts/generated/LogisticVerifier.sol:Groth16Verifier". Their
//                         verificationKeyHash (the circuit id) is recorded; registration is a separate admin step.
//   ZKCHAIN_DEPLOY_OUT    output JSON path (default out/deployments/<chainId>.json); written atomically.
"use strict";
const fs = require("fs");
const path = require("path");

const LOCAL_CHAIN_ID = 31337n;

class DeployError extends Error {}

async function deployerSigner(hre, chainId, env) {
  const key = env.ZKCHAIN_DEPLOYER_KEY;
  if (key !== undefined && key !== "") {
    // Validate without ever echoing the value.
    if (!/^0x[0-9a-fA-F]{64}$/.test(key.trim())) {
      throw new DeployError("ZKCHAIN_DEPLOYER_KEY must be a 0x-prefixed 32-byte hex private key (value not shown)");
    }
    try {
      return new hre.ethers.Wallet(key.trim(), hre.ethers.provider);
    } catch {
      throw new DeployError("ZKCHAIN_DEPLOYER_KEY is not a valid secp256k1 private key (value not shown)");
    }
  }
  if (chainId !== LOCAL_CHAIN_ID) {
    throw new DeployError(`ZKCHAIN_DEPLOYER_KEY is required on chain ${chainId} (only chain 31337 may use the node's accounts)`);
  }
  const [first] = await hre.ethers.getSigners();
  if (!first) throw new DeployError("the local node exposes no accounts; set ZKCHAIN_DEPLOYER_KEY");
  return first;
}

function writeJsonAtomically(file, value) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(tmp, JSON.stringify(value, null, 2) + "\n", { mode: 0o644 });
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

async function deployed(contract) {
  const tx = contract.deploymentTransaction();
  const receipt = await tx.wait();
  if (!receipt || receipt.status !== 1) throw new DeployError(`deployment transaction ${tx.hash} failed`);
  return { address: await contract.getAddress(), transactionHash: tx.hash, blockNumber: receipt.blockNumber, gasUsed: receipt.gasUsed.toString() };
}

/// Deploys and writes the record; returns { file, record }. Logs only public data.
async function deploy(hre, env = process.env, log = console.log) {
  const { ethers } = hre;
  const network = await ethers.provider.getNetwork();
  const chainId = network.chainId;
  const signer = await deployerSigner(hre, chainId, env);
  const deployer = await signer.getAddress();
  log(`chain ${chainId} (${hre.network.name}), deployer ${deployer}`);

  const registry = await (await ethers.getContractFactory("AttestationRegistry", signer)).deploy();
  const registryInfo = await deployed(registry);
  log(`AttestationRegistry ${registryInfo.address} (block ${registryInfo.blockNumber})`);

  const verifiers = [];
  const names = (env.ZKCHAIN_VERIFIERS || "").split(",").map((s) => s.trim()).filter(Boolean);
  for (const name of names) {
    const verifier = await (await ethers.getContractFactory(name, signer)).deploy();
    const info = await deployed(verifier);
    const circuitId = await verifier.verificationKeyHash();
    const publicInputCount = (await verifier.publicInputCount()).toString();
    verifiers.push({ contract: name, ...info, circuitId, publicInputCount });
    log(`${name} ${info.address} circuitId ${circuitId}`);
  }

  const record = {
    chainId: chainId.toString(),
    network: hre.network.name,
    deployer,
    admin: await registry.admin(),
    deployedAt: new Date().toISOString(),
    contracts: { AttestationRegistry: registryInfo },
    verifiers,
  };
  const file = path.resolve(env.ZKCHAIN_DEPLOY_OUT || path.join("out", "deployments", `${chainId}.json`));
  writeJsonAtomically(file, record);
  log(`wrote ${file}`);
  return { file, record };
}

module.exports = { deploy, DeployError };

if (require.main === module) {
  const hre = require("hardhat");
  deploy(hre).then(
    () => process.exit(0),
    (e) => {
      // Messages never contain the key; stack traces of our own errors are noise.
      console.error(`deploy failed: ${e instanceof DeployError ? e.message : e.shortMessage || e.message}`);
      process.exit(1);
    },
  );
}
