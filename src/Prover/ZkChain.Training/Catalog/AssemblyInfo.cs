using System.Runtime.CompilerServices;

// The catalog circuit's soundness tests play a dishonest prover through internal hint overrides.
[assembly: InternalsVisibleTo("ZkChain.Training.Tests")]
