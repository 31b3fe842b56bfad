// Sums test results over every suite: xunit (.trx files) and Hardhat/mocha (its "N passing / N failing" summary).
// Prints "N passed, N failed" as the last line; exits 1 if anything failed or a suite reported nothing.
const fs = require("fs");
const path = require("path");

const dir = process.argv[2];
let passed = 0, failed = 0, skipped = 0;
const problems = [];

const trxDir = path.join(dir, "trx");
const trx = fs.existsSync(trxDir) ? fs.readdirSync(trxDir).filter((f) => f.endsWith(".trx")) : [];
if (trx.length === 0) problems.push("no xunit results (.trx) found");
for (const f of trx) {
  const text = fs.readFileSync(path.join(trxDir, f), "utf8");
  const m = text.match(/<Counters\s[^>]*>/);
  if (!m) { problems.push(`${f}: no counters`); continue; }
  const attr = (name) => Number((m[0].match(new RegExp(`\\b${name}="(\\d+)"`)) || [0, 0])[1]);
  // A filtered run that matches nothing (e.g. after a test class was renamed) must not pass silently.
  if (attr("total") === 0) problems.push(`${f}: no tests ran`);
  passed += attr("passed");
  failed += attr("failed") + attr("error") + attr("timeout") + attr("aborted");
  skipped += attr("notExecuted");
}

const hh = path.join(dir, "hardhat.txt");
if (fs.existsSync(hh)) {
  const text = fs.readFileSync(hh, "utf8");
  const p = text.match(/^\s*(\d+) passing/m);
  const f = text.match(/^\s*(\d+) failing/m);
  const pend = text.match(/^\s*(\d+) pending/m);
  if (!p && !f) problems.push("hardhat: no mocha summary (did the suite crash?)");
  passed += p ? Number(p[1]) : 0;
  failed += f ? Number(f[1]) : 0;
  skipped += pend ? Number(pend[1]) : 0;
} else {
  problems.push("no hardhat results");
}

// A step that could not run its tests at all (e.g. the native build) leaves a .failed file saying why.
for (const f of fs.readdirSync(dir).filter((f) => f.endsWith(".failed"))) {
  problems.push(`${f}: ${fs.readFileSync(path.join(dir, f), "utf8").trim()}`);
}

for (const p of problems) console.log(`test-totals: ${p}`);
if (problems.length) failed += problems.length;
if (skipped) console.log(`skipped: ${skipped}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
