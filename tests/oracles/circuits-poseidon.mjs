// Oracle for ZkChain.Circuits.Std.Poseidon: reads {"cases": [[decimal, ...], ...]} on stdin,
// prints {"hashes": [decimal, ...]} computed by circomlibjs' reference Poseidon (circomlib parameters).
import { buildPoseidonReference } from "circomlibjs";

const input = JSON.parse(await new Promise((resolve) => {
  let s = "";
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (d) => (s += d));
  process.stdin.on("end", () => resolve(s));
}));
const poseidon = await buildPoseidonReference();
const F = poseidon.F;
const hashes = input.cases.map((c) => F.toString(poseidon(c.map((x) => BigInt(x)))));
process.stdout.write(JSON.stringify({ hashes }));
process.exit(0);
