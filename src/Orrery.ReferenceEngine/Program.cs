using Orrery.ReferenceEngine.Api;
using Orrery.ReferenceEngine.Hosting;

// The reference engine: the engine HTTP contract (SPEC §12) over a small galaxy game.
var builder = WebApplication.CreateSlimBuilder(args);
try
{
    builder.AddReferenceEngine(args);
    var app = builder.Build();
    app.MapHealthEndpoints();
    app.MapAdminEndpoints();
    await app.PrepareReferenceEngineAsync();
    await app.RunAsync();
    return 0;
}
catch (EngineStartupException e)
{
    // One clear line and a non-zero exit: Orrery reports the process output when a start fails.
    await Console.Error.WriteLineAsync($"orrery-reference-engine: {e.Message}");
    return 1;
}

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
