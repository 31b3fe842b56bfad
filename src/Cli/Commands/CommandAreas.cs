using System.CommandLine;

namespace ZkChain.Cli.Commands;

/// <summary>The top-level verbs, one registration per area file in this folder.</summary>
internal static class CommandAreas
{
    public static IEnumerable<Command> All()
    {
        // area registrations (one line each; keep sorted by area)
        yield return CeremonyCommands.Create();
        foreach (var c in ChainCommands.Create()) yield return c;
        yield return DemoCommand.Create();
        yield return DevnetCommands.Create();
        foreach (var c in CeremonyCommands.WithPowersOfTauInspect(Groth16Commands.Create())) yield return c;
        foreach (var c in TrainingCommands.Create()) yield return c;
    }
}
