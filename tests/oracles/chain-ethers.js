// Independent oracle for ZkChain.ChainClient: ethers v6 does the same encodings, hashes, signatures and keystores.
// Input (stdin, JSON): { abi:[{types,values}], decode:[{types,data}], signatures:[...], events:[...],
//   txs:[{key, tx}], keys:[{key, hash}], makeKeystores:[{key,password,n}], readKeystores:[{json,password}] }
// Output (stdout, JSON): same keys with results. Numbers travel as decimal strings, bytes as 0x hex.
"use strict";
const { AbiCoder, Transaction, Wallet, SigningKey, id, keccak256, encryptKeystoreJsonSync, decryptKeystoreJsonSync, getAddress } = require("ethers");

function plain(v) {
  if (typeof v === "bigint") return v.toString();
  if (Array.isArray(v)) return Array.from(v, plain);
  if (v && typeof v === "object" && typeof v.toArray === "function") return v.toArray().map(plain);
  if (typeof v === "string" && /^0x[0-9a-fA-F]{40}$/.test(v) && v !== v.toLowerCase()) return v.toLowerCase();
  return v;
}

function guard(f) {
  try { return f(); } catch (e) { return { error: String(e.shortMessage || e.message) }; }
}

async function main() {
  const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
  const coder = AbiCoder.defaultAbiCoder();
  const out = {};
  out.abi = (input.abi || []).map(c => guard(() => coder.encode(c.types, c.values)));
  out.decode = (input.decode || []).map(c => guard(() => plain(coder.decode(c.types, c.data))));
  out.signatures = (input.signatures || []).map(s => id(s));
  out.events = (input.events || []).map(s => id(s));
  out.txs = [];
  for (const t of input.txs || []) {
    const w = new Wallet(t.key);
    const tx = Transaction.from(t.tx);
    const signed = await w.signTransaction(tx);
    const parsed = Transaction.from(signed);
    out.txs.push({ unsignedHash: tx.unsignedHash, unsignedSerialized: tx.unsignedSerialized, signed, hash: parsed.hash, from: parsed.from.toLowerCase() });
  }
  out.keys = (input.keys || []).map(k => {
    const sk = new SigningKey(k.key);
    const sig = sk.sign(k.hash);
    return { address: new Wallet(k.key).address.toLowerCase(), publicKey: sk.publicKey, r: sig.r, s: sig.s, yParity: sig.yParity };
  });
  out.makeKeystores = (input.makeKeystores || []).map(k => {
    const w = new Wallet(k.key);
    return encryptKeystoreJsonSync({ address: w.address, privateKey: w.privateKey }, k.password, { scrypt: { N: k.n, r: 8, p: 1 } });
  });
  out.readKeystores = (input.readKeystores || []).map(k => guard(() => {
    const a = decryptKeystoreJsonSync(k.json, k.password);
    return { address: a.address.toLowerCase(), privateKey: a.privateKey };
  }));
  process.stdout.write(JSON.stringify(out));
}
main().catch(e => { console.error(e); process.exit(1); });
