// The lane-field instantiations, as in src/Prover/ZkChain.Algebra/Vector/LaneAliases.cs.
global using Fq8 = ZkChain.Algebra.Fp8<ZkChain.Algebra.FqLanes, ZkChain.Algebra.Fq>;
global using Fr8 = ZkChain.Algebra.Fp8<ZkChain.Algebra.FrLanes, ZkChain.Algebra.Fr>;
