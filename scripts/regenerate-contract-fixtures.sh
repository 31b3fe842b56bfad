#!/usr/bin/env bash
# Regenerates the contract-test fixtures from real zkchain training proofs, offline:
#   tests/contracts/fixtures/tools/MakeTrainingProofs.cs (a .NET file-based program on ZkChain.Training) compiles one
#   tiny training circuit (logistic regression, 1 epoch, on tests/contracts/fixtures/data.csv), makes one
#   DEVELOPMENT-ONLY setup (single local party) and proves the 18 attestations the tests use (publishers = Hardhat
#   accounts 0..2; shared model/data salts where the registry rules need shared commitments);
#   snarkjs re-checks every proof and exports the same verification key from zkchain's zkey
#   (tests/contracts/fixtures/tools/check-proofs.js);
#   the verifier contract the tests deploy (contracts/test/FixtureVerifier.sol) is exported by the ZkChain CLI
#   (`zkchain zkey export solidityverifier`).
# Installs tests/contracts/fixtures/{verification_key.json,proofs.json} and contracts/test/FixtureVerifier.sol.
# The zkey (about 12 MB) is not kept: the tests need only the key's verifying half and the proofs.
# Nothing is replaced unless every step succeeds. Takes a few minutes (the setup of a 2^14 domain).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
FIX="$ROOT/tests/contracts/fixtures"
TOOLS="$FIX/tools"
VERIFIER_OUT="$ROOT/contracts/test/FixtureVerifier.sol"
SNARKJS=(node "$ROOT/node_modules/snarkjs/build/cli.cjs")
CLI=(dotnet run --project "$ROOT/src/Cli" -c Release --)

echo "== checking for 'zkey export solidityverifier' in the ZkChain CLI"
probe_log=$(mktemp)
if ! "${CLI[@]}" zkey export solidityverifier --help >"$probe_log" 2>&1; then
  echo "error: 'dotnet run --project src/Cli -c Release -- zkey export solidityverifier --help' failed:" >&2
  tail -n 5 "$probe_log" | sed 's/^/       | /' >&2
  rm -f "$probe_log"
  echo "       The ZkChain CLI does not build. Nothing was changed." >&2
  exit 1
fi
rm -f "$probe_log"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

echo "== zkchain: training circuit, development setup, fixture proofs (DEVELOPMENT ONLY setup)"
dotnet run "$TOOLS/MakeTrainingProofs.cs" -- "$FIX/data.csv" "$WORK"

echo "== snarkjs: re-check the proofs and the zkey"
"${SNARKJS[@]}" zkey export verificationkey "$WORK/circuit.zkey" "$WORK/vk_snarkjs.json" >/dev/null
node "$TOOLS/check-proofs.js" "$WORK/verification_key.json" "$WORK/proofs.json" "$WORK/vk_snarkjs.json"

echo "== zkchain: Solidity verifier"
"${CLI[@]}" zkey export solidityverifier "$WORK/circuit.zkey" "$WORK/FixtureVerifier.sol"

echo "== install"
mkdir -p "$(dirname "$VERIFIER_OUT")"
for f in verification_key.json proofs.json; do
  cp "$WORK/$f" "$FIX/$f.tmp" && mv "$FIX/$f.tmp" "$FIX/$f"
done
cp "$WORK/FixtureVerifier.sol" "$VERIFIER_OUT.tmp" && mv "$VERIFIER_OUT.tmp" "$VERIFIER_OUT"
echo "done: tests/contracts/fixtures/{verification_key.json,proofs.json}, contracts/test/FixtureVerifier.sol"
