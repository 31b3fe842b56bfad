#!/usr/bin/env bash
# Regenerates the contract-test fixtures in tests/contracts/fixtures/ and the verifier contract the tests use
# (contracts/test/FixtureVerifier.sol), offline:
#   circom2 (wasm) compiles tests/contracts/fixtures/circuit/attest_fixture.circom;
#   snarkjs makes a small deterministic powers of tau (2^6, beacon contribution, no download),
#   a Groth16 setup finished by a beacon (DEVELOPMENT ONLY: no secret contributions), the verification key,
#   and the proofs (tests/contracts/fixtures/tools/make-proofs.js; each checked by snarkjs).
# The verifier is exported by the ZkChain CLI (`zkey export solidityverifier <zkey> <out.sol>`). While that
# verb does not exist, the script stops before touching anything, unless ZKCHAIN_FIXTURE_VERIFIER=js asks for
# the test-only verifier rendered by tests/contracts/fixtures/tools/render-test-verifier.js.
# Nothing is replaced unless every step succeeds.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
FIX="$ROOT/tests/contracts/fixtures"
TOOLS="$FIX/tools"
VERIFIER_OUT="$ROOT/contracts/test/FixtureVerifier.sol"
SNARKJS=(node "$ROOT/node_modules/snarkjs/build/cli.cjs")
CIRCOM=(node "$ROOT/node_modules/circom2/cli.js")
CLI=(dotnet run --project "$ROOT/src/Cli" -c Release --)
BEACON=0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20

mode="${ZKCHAIN_FIXTURE_VERIFIER:-cli}"
case "$mode" in
  cli)
    echo "== checking for 'zkey export solidityverifier' in the ZkChain CLI"
    probe_log=$(mktemp)
    if ! "${CLI[@]}" zkey export solidityverifier --help >"$probe_log" 2>&1; then
      echo "error: 'dotnet run --project src/Cli -c Release -- zkey export solidityverifier --help' failed:" >&2
      tail -n 5 "$probe_log" | sed 's/^/       | /' >&2
      rm -f "$probe_log"
      echo "       The ZkChain CLI has no such verb yet, or does not build." >&2
      echo "       Build/implement it, or run with ZKCHAIN_FIXTURE_VERIFIER=js to use the test-only verifier" >&2
      echo "       rendered by tests/contracts/fixtures/tools/render-test-verifier.js. Nothing was changed." >&2
      exit 1
    fi
    rm -f "$probe_log" ;;
  js) echo "== using the test-only JS-rendered verifier (ZKCHAIN_FIXTURE_VERIFIER=js)" ;;
  *) echo "error: ZKCHAIN_FIXTURE_VERIFIER must be 'cli' or 'js' (got '$mode')" >&2; exit 2 ;;
esac

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

echo "== circom2: compile the fixture circuit"
"${CIRCOM[@]}" "$FIX/circuit/attest_fixture.circom" --r1cs --wasm -o "$WORK" >/dev/null

echo "== snarkjs: powers of tau 2^6 (beacon, deterministic)"
"${SNARKJS[@]}" powersoftau new bn128 6 "$WORK/pot_0.ptau" >/dev/null
"${SNARKJS[@]}" powersoftau beacon "$WORK/pot_0.ptau" "$WORK/pot_1.ptau" "$BEACON" 10 -n="zkchain contract fixtures" >/dev/null
"${SNARKJS[@]}" powersoftau prepare phase2 "$WORK/pot_1.ptau" "$WORK/pot.ptau" >/dev/null

echo "== snarkjs: groth16 setup + beacon (development setup)"
"${SNARKJS[@]}" groth16 setup "$WORK/attest_fixture.r1cs" "$WORK/pot.ptau" "$WORK/c0.zkey" >/dev/null
"${SNARKJS[@]}" zkey beacon "$WORK/c0.zkey" "$WORK/attest_fixture.zkey" "$BEACON" 10 -n="zkchain contract fixtures" >/dev/null
"${SNARKJS[@]}" zkey export verificationkey "$WORK/attest_fixture.zkey" "$WORK/verification_key.json" >/dev/null

echo "== proofs"
node "$TOOLS/make-proofs.js" "$WORK/attest_fixture_js/attest_fixture.wasm" "$WORK/attest_fixture.zkey" \
  "$WORK/verification_key.json" "$WORK/proofs.json"

echo "== verifier ($mode)"
if [ "$mode" = cli ]; then
  "${CLI[@]}" zkey export solidityverifier "$WORK/attest_fixture.zkey" "$WORK/FixtureVerifier.sol"
else
  node "$TOOLS/render-test-verifier.js" "$WORK/verification_key.json" "$WORK/FixtureVerifier.sol"
fi

echo "== install"
mkdir -p "$(dirname "$VERIFIER_OUT")"
for f in attest_fixture.zkey verification_key.json proofs.json; do
  cp "$WORK/$f" "$FIX/$f.tmp" && mv "$FIX/$f.tmp" "$FIX/$f"
done
cp "$WORK/FixtureVerifier.sol" "$VERIFIER_OUT.tmp" && mv "$VERIFIER_OUT.tmp" "$VERIFIER_OUT"
echo "done: tests/contracts/fixtures/{attest_fixture.zkey,verification_key.json,proofs.json}, contracts/test/FixtureVerifier.sol"
