// Independent oracle for ZkChain.Algebra: @noble/curves' bn254.
// stdin: {"ops":[{"op":"fr_mul","a":"..","b":".."}, ...]}  (numbers as decimal strings)
// stdout: {"results":[...]} in the same order.
import { bn254 } from '@noble/curves/bn254';

const { Fr, Fp, Fp12 } = bn254.fields;
const G1 = bn254.G1.ProjectivePoint;
const G2 = bn254.G2.ProjectivePoint;

const s = (v) => v.toString();
const g1Out = (p) => (p.is0() ? null : ((a) => [s(a.x), s(a.y)])(p.toAffine()));
const g2Out = (p) => (p.is0() ? null : ((a) => [s(a.x.c0), s(a.x.c1), s(a.y.c0), s(a.y.c1)])(p.toAffine()));
const g1In = (xy) => (xy === null ? G1.ZERO : G1.fromAffine({ x: BigInt(xy[0]), y: BigInt(xy[1]) }));
const g2In = (c) =>
  c === null
    ? G2.ZERO
    : G2.fromAffine({ x: bn254.fields.Fp2.create({ c0: BigInt(c[0]), c1: BigInt(c[1]) }), y: bn254.fields.Fp2.create({ c0: BigInt(c[2]), c1: BigInt(c[3]) }) });
const mul = (P, k) => {
  const e = BigInt(k) % Fr.ORDER;
  return e === 0n ? P.constructor.ZERO : P.multiply(e);
};
const fp12Out = (f) => {
  const out = [];
  for (const c6 of [f.c0, f.c1]) for (const c2 of [c6.c0, c6.c1, c6.c2]) out.push(s(c2.c0), s(c2.c1));
  return out;
};

function run(op) {
  switch (op.op) {
    case 'fr_mul': return s(Fr.mul(BigInt(op.a), BigInt(op.b)));
    case 'fr_inv': return s(Fr.inv(BigInt(op.a)));
    case 'fq_mul': return s(Fp.mul(BigInt(op.a), BigInt(op.b)));
    case 'fq_inv': return s(Fp.inv(BigInt(op.a)));
    case 'g1_mul': return g1Out(mul(op.p ? g1In(op.p) : G1.BASE, op.k));
    case 'g2_mul': return g2Out(mul(op.p ? g2In(op.p) : G2.BASE, op.k));
    case 'g1_add': return g1Out(g1In(op.p).add(g1In(op.q)));
    case 'g2_add': return g2Out(g2In(op.p).add(g2In(op.q)));
    case 'g1_msm': {
      let acc = G1.ZERO;
      op.points.forEach((p, i) => { acc = acc.add(mul(g1In(p), op.scalars[i])); });
      return g1Out(acc);
    }
    case 'pairing': return fp12Out(bn254.pairing(g1In(op.p), g2In(op.q)));
    default: throw new Error('unknown op ' + op.op);
  }
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d) => (input += d));
process.stdin.on('end', () => {
  const req = JSON.parse(input);
  const results = req.ops.map(run);
  process.stdout.write(JSON.stringify({ results }));
});
