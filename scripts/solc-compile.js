// Compiles one Solidity source offline with the npm `solc` package (the pinned soljson build) using the same
// settings as hardhat.config.js, and prints {contractName, abi, bytecode, deployedBytecode} as JSON on stdout.
// Used by `zkchain circuit register` to deploy a verifier exported from a .zkey, and by `zkchain circuit audit` to
// compare a deployed verifier's runtime code with the one compiled from a zkey.
// Usage: node scripts/solc-compile.js <file.sol> <ContractName>
"use strict";
const fs = require("fs");
const path = require("path");

// Errors become one line on stderr (the CLI shows it to the user), never a Node stack trace.
process.on("uncaughtException", (e) => {
  console.error(`solc-compile: ${e && e.message ? e.message : e}`);
  process.exit(1);
});
const solc = require("solc");

const [file, contractName] = process.argv.slice(2);
if (!file || !contractName) {
  console.error("usage: node scripts/solc-compile.js <file.sol> <ContractName>");
  process.exit(2);
}
const source = fs.readFileSync(file, "utf8");
const name = path.basename(file);
const input = {
  language: "Solidity",
  sources: { [name]: { content: source } },
  settings: {
    optimizer: { enabled: true, runs: 200 },
    evmVersion: "cancun",
    outputSelection: { "*": { "*": ["abi", "evm.bytecode.object", "evm.deployedBytecode.object"] } },
  },
};
const out = JSON.parse(solc.compile(JSON.stringify(input)));
const errors = (out.errors || []).filter((e) => e.severity === "error");
if (errors.length) {
  console.error(errors.map((e) => e.formattedMessage).join("\n"));
  process.exit(1);
}
const c = (out.contracts[name] || {})[contractName];
if (!c) {
  console.error(`contract ${contractName} not found in ${file}`);
  process.exit(1);
}
process.stdout.write(JSON.stringify({ contractName, abi: c.abi, bytecode: "0x" + c.evm.bytecode.object, deployedBytecode: "0x" + c.evm.deployedBytecode.object, solc: solc.version() }));
