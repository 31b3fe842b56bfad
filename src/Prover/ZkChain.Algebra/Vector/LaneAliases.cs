// The two instantiations of the lane field (Vector/Fp8.cs): Fq for the curve arithmetic, Fr for the NTT.
global using Fq8 = ZkChain.Algebra.Fp8<ZkChain.Algebra.FqLanes, ZkChain.Algebra.Fq>;
global using Fr8 = ZkChain.Algebra.Fp8<ZkChain.Algebra.FrLanes, ZkChain.Algebra.Fr>;
