using System.Collections.Concurrent;
using System.Numerics;
using ZkChain.Algebra;

namespace ZkChain.Circuits.Std;

/// <summary>
/// Poseidon parameters for BN254 exactly as circomlib uses them (x^5 S-box, 8 full rounds,
/// partial rounds per width from circomlib's table). The round constants and the MDS matrix are
/// regenerated here the way circomlib's were produced: the Grain LFSR of the Poseidon paper
/// (reference script generate_parameters_grain.sage, arguments: field 1, S-box 0, n = 254, t, R_F = 8, R_P),
/// first (R_F + R_P)·t rejection-sampled constants, then a Cauchy matrix M[i,j] = 1/(x_i + y_j)
/// from the next 2t LFSR draws. Tests compare every constant with circomlibjs' poseidon_constants.json.
/// </summary>
public sealed class PoseidonParameters
{
    public const int FullRounds = 8;
    public const int MaxInputs = 16;

    /// <summary>Partial rounds for t = 2..17 (circomlib's N_ROUNDS_P).</summary>
    private static readonly int[] PartialRoundsTable = [56, 57, 56, 60, 60, 63, 64, 63, 60, 66, 60, 65, 70, 60, 64, 68];

    private static readonly ConcurrentDictionary<int, PoseidonParameters> Cache = new();

    /// <summary>State width (inputs + 1).</summary>
    public int T { get; }
    public int PartialRounds { get; }
    public int TotalRounds => FullRounds + PartialRounds;
    /// <summary>Round constants, round r lane i at [r·T + i].</summary>
    public IReadOnlyList<Fr> RoundConstants => _c;
    /// <summary>MDS matrix, row-major: new_state[i] = Σ_j M[i·T + j]·state[j].</summary>
    public IReadOnlyList<Fr> Mds => _m;

    internal readonly Fr[] _c;
    internal readonly Fr[] _m;

    private PoseidonParameters(int t)
    {
        T = t;
        PartialRounds = PartialRoundsTable[t - 2];
        (_c, _m) = Generate(t, FullRounds, PartialRounds);
    }

    /// <summary>Parameters for state width <paramref name="t"/> in 2..17.</summary>
    public static PoseidonParameters ForWidth(int t)
    {
        if (t < 2 || t > MaxInputs + 1) throw new ArgumentOutOfRangeException(nameof(t), t, "Poseidon width must be in 2..17");
        return Cache.GetOrAdd(t, static w => new PoseidonParameters(w));
    }

    /// <summary>True for the rounds that apply the S-box to every lane.</summary>
    public bool IsFullRound(int r) => r < FullRounds / 2 || r >= FullRounds / 2 + PartialRounds;

    private static (Fr[] C, Fr[] M) Generate(int t, int rf, int rp)
    {
        const int n = 254;
        var p = Fr.Modulus;
        var g = new Grain(field: 1, sbox: 0, n: n, t: t, rf: rf, rp: rp);
        var c = new Fr[(rf + rp) * t];
        for (int i = 0; i < c.Length; i++)
        {
            BigInteger v;
            do { v = g.NextBits(n); } while (v >= p);
            c[i] = Fr.FromBigInteger(v);
        }
        while (true)
        {
            var xy = new Fr[2 * t];
            // Draw 2t values (reduced mod p); redraw the whole list on duplicates, as the reference does.
            while (true)
            {
                for (int i = 0; i < xy.Length; i++) xy[i] = Fr.FromBigInteger(g.NextBits(n));
                if (xy.Distinct().Count() == xy.Length) break;
            }
            var m = new Fr[t * t];
            bool ok = true;
            for (int i = 0; i < t && ok; i++)
            {
                for (int j = 0; j < t; j++)
                {
                    var s = xy[i] + xy[t + j];
                    if (s.IsZero) { ok = false; break; }
                    m[i * t + j] = s.Inverse();
                }
            }
            if (ok) return (c, m);
        }
    }

    /// <summary>The self-shrinking Grain LFSR of the Poseidon reference parameter script.</summary>
    private sealed class Grain
    {
        private readonly byte[] _s = new byte[80];
        private int _head; // index of bit 0 of the sliding window

        public Grain(int field, int sbox, int n, int t, int rf, int rp)
        {
            int k = 0;
            void Put(long value, int width)
            {
                for (int i = width - 1; i >= 0; i--) _s[k++] = (byte)((value >> i) & 1);
            }
            Put(field, 2); Put(sbox, 4); Put(n, 12); Put(t, 12); Put(rf, 10); Put(rp, 10); Put((1L << 30) - 1, 30);
            for (int i = 0; i < 160; i++) Step();
        }

        private int At(int i) => _s[(_head + i) % 80];

        private int Step()
        {
            int b = At(62) ^ At(51) ^ At(38) ^ At(23) ^ At(13) ^ At(0);
            _s[_head] = (byte)b; // drop bit 0, append the new bit at the end
            _head = (_head + 1) % 80;
            return b;
        }

        private int NextBit()
        {
            while (true)
            {
                int keep = Step();
                int bit = Step();
                if (keep == 1) return bit;
            }
        }

        /// <summary>n bits, most significant first.</summary>
        public BigInteger NextBits(int n)
        {
            BigInteger v = BigInteger.Zero;
            for (int i = 0; i < n; i++) v = (v << 1) | NextBit();
            return v;
        }
    }
}
