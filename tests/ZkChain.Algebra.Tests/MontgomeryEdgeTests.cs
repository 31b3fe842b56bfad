using System.Numerics;
using ZkChain.Algebra;

namespace ZkChain.Algebra.Tests;

/// <summary>
/// The Montgomery core (CIOS with the no-carry shortcut, cmov carries) on raw representations against
/// BigInteger: the carry chains depend on the raw limbs, so the edge cases are raw values such as 0, 1,
/// p - 1, words of all ones and the largest value below p in each limb pattern.
/// </summary>
public class MontgomeryEdgeTests
{
    private static readonly BigInteger TwoTo256 = BigInteger.One << 256;

    private static IEnumerable<BigInteger> RawEdges(BigInteger p, int seed, int randomCount)
    {
        var ulongMax = (BigInteger)ulong.MaxValue;
        var list = new List<BigInteger>
        {
            0, 1, 2, 3, p - 1, p - 2, p - 3, (p - 1) / 2, (p + 1) / 2,
            ulongMax, ulongMax + 1, (BigInteger.One << 128) - 1, BigInteger.One << 128,
            (BigInteger.One << 192) - 1, BigInteger.One << 192, (BigInteger.One << 253) - 1, BigInteger.One << 253,
            // Top limb of p with every lower limb all ones (just below or above p: keep it if below).
            (p >> 192 << 192) + (BigInteger.One << 192) - 1,
            (p >> 192 << 192) - 1,
            // R mod p (Montgomery one) and R^2 mod p.
            TwoTo256 % p, TwoTo256 * TwoTo256 % p,
        };
        var rng = new Random(seed);
        var buf = new byte[40];
        for (int i = 0; i < randomCount; i++)
        {
            rng.NextBytes(buf);
            list.Add(BigInteger.Remainder(new BigInteger(buf, isUnsigned: true), p));
        }
        return list.Where(v => v.Sign >= 0 && v < p).Distinct();
    }

    private static void CheckAll<TP>(int seed) where TP : struct, IModulus
    {
        var p = Mont<TP>.Modulus;
        var rInv = BigInteger.ModPow(TwoTo256 % p, p - 2, p);
        var xs = RawEdges(p, seed, 40).ToArray();
        foreach (var a in xs)
        {
            var ua = U256.FromBigInteger(a);
            Mont<TP>.Square(ua, out var sq);
            Assert.Equal(a * a * rInv % p, sq.ToBigInteger());
            Mont<TP>.Neg(ua, out var ng);
            Assert.Equal((p - a) % p, ng.ToBigInteger());
            Mont<TP>.Double(ua, out var db);
            Assert.Equal(2 * a % p, db.ToBigInteger());
            foreach (var b in xs)
            {
                var ub = U256.FromBigInteger(b);
                Mont<TP>.Mul(ua, ub, out var m);
                var want = a * b * rInv % p;
                Assert.True(want == m.ToBigInteger(), $"{TP.Name} mul({a}, {b}) = {m.ToBigInteger()}, expected {want}");
                Assert.True(Mont<TP>.IsReduced(m), $"{TP.Name} mul({a}, {b}) left an unreduced result");
                Mont<TP>.Add(ua, ub, out var s);
                Assert.Equal((a + b) % p, s.ToBigInteger());
                Mont<TP>.Sub(ua, ub, out var d);
                Assert.Equal(((a - b) % p + p) % p, d.ToBigInteger());
            }
        }
    }

    [Fact]
    public void Fr_raw_montgomery_ops_match_BigInteger_on_edge_values() => CheckAll<FrModulus>(11);

    [Fact]
    public void Fq_raw_montgomery_ops_match_BigInteger_on_edge_values() => CheckAll<FqModulus>(12);

    /// <summary>
    /// The binary-GCD inverse on raw stored values x = aR: Inverse(x) must be a^-1 R, i.e. R^2 / x mod p. Besides the
    /// edge values, inputs whose approximations are exact or lossy in different ways: short values (one round),
    /// values with long runs of ones or zeros around the 31-bit split, and a stream of random ones.
    /// </summary>
    private static void CheckInverse<TP>(int seed) where TP : struct, IModulus
    {
        var p = Mont<TP>.Modulus;
        var r2 = TwoTo256 * TwoTo256 % p;
        var xs = RawEdges(p, seed, 3000).ToList();
        for (int k = 1; k < 254; k += 3)
        {
            xs.Add(BigInteger.One << k);
            xs.Add((BigInteger.One << k) - 1);
            xs.Add((BigInteger.One << k) + 1);
            xs.Add(p - (BigInteger.One << k) % p);
            xs.Add((((BigInteger.One << k) - 1) << (253 - k)) % p);
        }
        foreach (var a in xs.Where(v => v.Sign > 0 && v < p).Distinct())
        {
            Mont<TP>.Inverse(U256.FromBigInteger(a), out var inv);
            var want = r2 * BigInteger.ModPow(a, p - 2, p) % p;
            Assert.True(want == inv.ToBigInteger(), $"{TP.Name} inverse of raw {a} = {inv.ToBigInteger()}, expected {want}");
        }
        Assert.Throws<DivideByZeroException>(() => Mont<TP>.Inverse(default, out _));
    }

    [Fact]
    public void Fr_inverse_matches_BigInteger_on_edge_and_random_values() => CheckInverse<FrModulus>(21);

    [Fact]
    public void Fq_inverse_matches_BigInteger_on_edge_and_random_values() => CheckInverse<FqModulus>(22);

    [Fact]
    public void No_carry_condition_holds_for_both_moduli()
    {
        // The CIOS no-carry shortcut needs the top limb of p below (2^64 - 1) / 2 - 1.
        foreach (var p in new[] { Mont<FrModulus>.Modulus, Mont<FqModulus>.Modulus })
        {
            var top = (ulong)(p >> 192);
            Assert.True(top < (ulong.MaxValue >> 1) - 1);
        }
    }

    [Fact]
    public void Public_field_api_round_trips_edge_values()
    {
        foreach (var v in RawEdges(Fr.Modulus, 13, 20))
        {
            var x = Fr.FromBigInteger(v);
            Assert.Equal(v, x.ToBigInteger());
            Assert.Equal(v * v % Fr.Modulus, (x * x).ToBigInteger());
            if (!v.IsZero) Assert.Equal(BigInteger.One, (x * x.Inverse()).ToBigInteger());
        }
        foreach (var v in RawEdges(Fq.Modulus, 14, 20))
        {
            var x = Fq.FromBigInteger(v);
            Assert.Equal(v, x.ToBigInteger());
            Assert.Equal(v * v % Fq.Modulus, (x * x).ToBigInteger());
            if (!v.IsZero) Assert.Equal(BigInteger.One, (x * x.Inverse()).ToBigInteger());
        }
    }
}
