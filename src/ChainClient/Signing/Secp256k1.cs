using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math.EC;
using ZkChain.ChainClient.Primitives;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace ZkChain.ChainClient.Signing;

/// <summary>secp256k1 ECDSA as Ethereum uses it: RFC 6979 deterministic nonces, low-s, recovery id.</summary>
public static class Secp256k1
{
    internal static readonly X9ECParameters Curve = Org.BouncyCastle.Asn1.Sec.SecNamedCurves.GetByName("secp256k1");
    internal static readonly ECDomainParameters Domain = new(Curve.Curve, Curve.G, Curve.N, Curve.H);
    internal static readonly BcBigInteger N = Curve.N;
    private static readonly BcBigInteger HalfN = N.ShiftRight(1);

    /// <summary>The group order n as a .NET integer.</summary>
    public static readonly System.Numerics.BigInteger Order = new(N.ToByteArrayUnsigned(), isUnsigned: true, isBigEndian: true);

    internal static EcdsaSignature Sign(ReadOnlySpan<byte> hash32, BcBigInteger d, ReadOnlySpan<byte> publicKey64)
    {
        if (hash32.Length != 32) throw new ArgumentException("the message hash must be 32 bytes", nameof(hash32));
        var signer = new ECDsaSigner(new HMacDsaKCalculator(new Sha256Digest()));
        signer.Init(true, new ECPrivateKeyParameters(d, Domain));
        var hash = hash32.ToArray();
        var rs = signer.GenerateSignature(hash);
        BcBigInteger r = rs[0], s = rs[1];
        if (s.CompareTo(HalfN) > 0) s = N.Subtract(s);
        var rb = ToBytes32(r);
        var sb = ToBytes32(s);
        for (byte recId = 0; recId < 4; recId++)
        {
            var q = RecoverPoint(hash, r, s, recId);
            if (q != null && q.AsSpan().SequenceEqual(publicKey64)) return new EcdsaSignature(rb, sb, recId);
        }
        throw new InvalidOperationException("could not compute the signature's recovery id");
    }

    /// <summary>Recovers the 64-byte uncompressed public key (x ++ y) that produced the signature over <paramref name="hash32"/>.</summary>
    public static byte[] RecoverPublicKey(ReadOnlySpan<byte> hash32, EcdsaSignature signature)
    {
        if (hash32.Length != 32) throw new ArgumentException("the message hash must be 32 bytes", nameof(hash32));
        var r = new BcBigInteger(1, signature.R.ToArray());
        var s = new BcBigInteger(1, signature.S.ToArray());
        if (r.SignValue == 0 || r.CompareTo(N) >= 0) throw new ArgumentException("signature r is out of range", nameof(signature));
        if (s.SignValue == 0 || s.CompareTo(N) >= 0) throw new ArgumentException("signature s is out of range", nameof(signature));
        return RecoverPoint(hash32.ToArray(), r, s, signature.RecoveryId)
            ?? throw new ArgumentException("signature does not recover to a valid public key", nameof(signature));
    }

    /// <summary>ecrecover: the address that signed <paramref name="hash32"/>.</summary>
    public static Address RecoverAddress(ReadOnlySpan<byte> hash32, EcdsaSignature signature) =>
        AddressFromPublicKey(RecoverPublicKey(hash32, signature));

    public static Address AddressFromPublicKey(ReadOnlySpan<byte> publicKey64)
    {
        if (publicKey64.Length != 64) throw new ArgumentException("public key must be 64 bytes (x ++ y)", nameof(publicKey64));
        return new Address(Keccak.Hash(publicKey64).AsSpan(12));
    }

    private static byte[]? RecoverPoint(byte[] hash, BcBigInteger r, BcBigInteger s, int recId)
    {
        var x = r;
        if (recId >= 2) x = x.Add(N);
        var p = ((FpCurve)Curve.Curve).Q;
        if (x.CompareTo(p) >= 0) return null;
        var enc = new byte[33];
        enc[0] = (byte)((recId & 1) == 1 ? 0x03 : 0x02);
        ToBytes32(x).CopyTo(enc, 1);
        ECPoint rPoint;
        try
        {
            rPoint = Curve.Curve.DecodePoint(enc);
        }
        catch (ArgumentException)
        {
            return null;
        }
        if (!rPoint.Multiply(N).IsInfinity) return null;
        var e = new BcBigInteger(1, hash);
        var rInv = r.ModInverse(N);
        var u1 = e.Negate().Mod(N).Multiply(rInv).Mod(N);
        var u2 = s.Multiply(rInv).Mod(N);
        var q = ECAlgorithms.SumOfTwoMultiplies(Curve.G, u1, rPoint, u2).Normalize();
        if (q.IsInfinity) return null;
        var full = q.GetEncoded(false);
        return full[1..];
    }

    internal static byte[] ToBytes32(BcBigInteger v)
    {
        var b = v.ToByteArrayUnsigned();
        if (b.Length > 32) throw new InvalidOperationException("value exceeds 32 bytes");
        var r = new byte[32];
        b.CopyTo(r, 32 - b.Length);
        return r;
    }
}
