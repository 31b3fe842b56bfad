#!/usr/bin/env bash
# Groth16 proving, zkchain vs snarkjs, on the same .zkey and .wtns in one run.
# For each size 2^k: compile a chain-of-squarings circom circuit (circom2), compute its witness (snarkjs),
# make a local powers of tau and a zkey with zkchain (development only), then time `groth16 prove` with each tool
# (wall clock, CPU time = user + system, and peak RSS from GNU time), check both proofs with both verifiers, and
# print a Markdown table. On a shared machine the CPU column is the trustworthy one; the load average is recorded.
# Usage: scripts/bench-prove.sh [k ...]     (default: 16 18)   Results also go to artifacts/bench/prove.md
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SIZES=("$@"); [ ${#SIZES[@]} -gt 0 ] || SIZES=(16 18)
WORK="$ROOT/artifacts/bench"; mkdir -p "$WORK"
ZK="dotnet $ROOT/src/Cli/bin/Release/net10.0/zkchain.dll"
SNARKJS="node $ROOT/node_modules/snarkjs/build/cli.cjs"
CIRCOM="node $ROOT/node_modules/circom2/cli.js"
bash scripts/setup.sh >/dev/null
dotnet build src/Cli/ZkChain.Cli.csproj -c Release --nologo -v quiet -clp:ErrorsOnly >/dev/null

measure() { # outfile cmd... -> prints "wallSeconds peakMiB cpuSeconds"
  local log="$WORK/time.$$.txt"
  /usr/bin/time -v -o "$log" "${@:2}" >"$1" 2>&1 || { cat "$1" >&2; return 1; }
  local wall rss cpu
  wall=$(grep "Elapsed (wall clock)" "$log" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(grep "Maximum resident set size" "$log" | awk '{print int($NF/1024)}')
  cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$log")
  rm -f "$log"
  echo "$wall $rss $cpu"
}

{
echo "| constraints | zkchain wall (s) | snarkjs wall (s) | speed-up (wall) | zkchain CPU (s) | snarkjs CPU (s) | speed-up (CPU) | zkchain peak RSS (MiB) | snarkjs peak RSS (MiB) | load avg |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
} > "$WORK/prove.md"

for k in "${SIZES[@]}"; do
  D="$WORK/k$k"; mkdir -p "$D"
  n=$(( (1 << k) - 64 ))
  echo "== 2^$k: $n constraints" >&2
  if [ ! -f "$D/circuit.r1cs" ]; then
    { cat bench/circuits/mulchain.circom; echo "component main {public [b]} = MulChain($n);"; } > "$D/circuit.circom"
    (cd "$D" && $CIRCOM circuit.circom --r1cs --wasm -o . >/dev/null)
    echo "{\"a\": \"3\", \"b\": \"5\"}" > "$D/input.json"
    $SNARKJS wtns calculate "$D/circuit_js/circuit.wasm" "$D/input.json" "$D/witness.wtns"
  fi
  # Fixtures made before the random contribution was added had tau = 1, which makes almost every zkey point
  # infinity (a degenerate benchmark); rebuild those.
  [ -f "$D/setup-dev.done" ] || rm -f "$D/circuit.zkey"
  if [ ! -f "$D/circuit.zkey" ]; then
    # Development setup (in-memory single-party powers of tau + one local contribution): the benchmark is about proving.
    $ZK groth16 setup-dev "$D/circuit.r1cs" "$D/circuit.zkey" >&2
    touch "$D/setup-dev.done"
  fi
  [ -f "$D/vk.json" ] || $ZK zkey export verificationkey "$D/circuit.zkey" "$D/vk.json" >&2
  load=$(cut -d' ' -f1 /proc/loadavg)
  zres=$(measure "$D/zk.log" $ZK groth16 prove "$D/circuit.zkey" "$D/witness.wtns" "$D/proof.zk.json" "$D/public.zk.json")
  sres=$(measure "$D/snarkjs.log" $SNARKJS groth16 prove "$D/circuit.zkey" "$D/witness.wtns" "$D/proof.snarkjs.json" "$D/public.snarkjs.json")
  read -r zs zm zc <<< "$zres"
  read -r ss sm sc <<< "$sres"
  load="$load–$(cut -d' ' -f1 /proc/loadavg)"
  # Both proofs must verify with both verifiers, or the timing means nothing.
  $SNARKJS groth16 verify "$D/vk.json" "$D/public.zk.json" "$D/proof.zk.json" | grep -q OK
  $ZK groth16 verify "$D/vk.json" "$D/public.snarkjs.json" "$D/proof.snarkjs.json" | grep -q OK
  ratio=$(awk -v a="$ss" -v b="$zs" 'BEGIN { printf "%.1f", a / b }')
  cratio=$(awk -v a="$sc" -v b="$zc" 'BEGIN { printf "%.1f", a / b }')
  echo "| $n (2^$k) | $zs | $ss | ${ratio}× | $zc | $sc | ${cratio}× | $zm | $sm | $load |" >> "$WORK/prove.md"
done
echo "" >> "$WORK/prove.md"
echo "Measured $(date -u +%Y-%m-%d) on $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores; wall clock, CPU (user + system) and peak RSS from GNU time, one run each, same .zkey and .wtns for both tools; both proofs checked by both verifiers." >> "$WORK/prove.md"
cat "$WORK/prove.md"
