#!/usr/bin/env bash
# Runs every test suite (xunit projects and the Hardhat contract tests) and prints the totals
# over all of them as the last line: "N passed, N failed". Exits non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
RESULTS="$ROOT/artifacts/test-results"
rm -rf "$RESULTS"; mkdir -p "$RESULTS"
status=0

bash scripts/setup.sh || { echo "setup failed"; echo "0 passed, 1 failed"; exit 1; }

echo "== build (Release)"
if ! dotnet build ZkChain.sln -c Release --nologo -v quiet -clp:ErrorsOnly; then
  echo "build failed"; echo "0 passed, 1 failed"; exit 1
fi

echo "== contracts (hardhat test)"
npx hardhat test 2>&1 | tee "$RESULTS/hardhat.txt"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1

echo "== xunit (dotnet test)"
dotnet test ZkChain.sln -c Release --no-build --nologo \
  --logger "trx" --results-directory "$RESULTS/trx" \
  --logger "console;verbosity=normal" 2>&1 | tee "$RESULTS/dotnet.txt"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1

echo "== native build (Native AOT): the zkchain command tests again, against the native binary"
# scripts/zkchain prefers this binary once it is built; JSON, signing and proving must behave exactly as in the JIT build.
if native=$(bash scripts/build-native.sh); then
  ZKCHAIN_CLI="$native" dotnet test tests/ZkChain.Cli.Tests -c Release --no-build --nologo \
    --filter "FullyQualifiedName~Groth16CommandTests|FullyQualifiedName~ChainFlowTests|FullyQualifiedName~CatalogTrainTests" \
    --logger "trx;LogFileName=cli-native.trx" --results-directory "$RESULTS/trx" \
    --logger "console;verbosity=normal" 2>&1 | tee "$RESULTS/native.txt"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
else
  echo "scripts/build-native.sh failed" | tee "$RESULTS/native-build.failed"
  status=1
fi

node scripts/test-totals.js "$RESULTS" || status=1
exit $status
