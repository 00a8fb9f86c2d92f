using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orrery.Auth;
using Orrery.Hosting;
using Orrery.Observability;
using Orrery.Settings;
using Orrery.Tests.Support;

namespace Orrery.Tests.Hosting;

/// <summary>
/// Every settings class is validated the same way: a validator, run when the node starts, whose message names the
/// key; nothing clamped; the effective values logged once, secrets left out.
/// </summary>
public sealed class SettingsValidationTests
{
    private static readonly string[] NodeAssemblies = ["orrery", "Orrery.Core", "Orrery.Engines", "Orrery.Persistence"];

    /// <summary>Classes named like settings that are not bound from a section of their own, and why.</summary>
    private static readonly Dictionary<string, string> NotSettingsClasses = new()
    {
        ["CliOptions"] = "the CLI client's flags, parsed by System.CommandLine",
        ["DockerHostOptions"] = "the items of Orrery:Docker:Hosts, checked by DockerEngineHostOptionsValidator",
        ["RedisConnectionSettings"] = "parsed from ConnectionStrings:Redis when the adapter is added, refused then",
    };

    private const string Postgres = "--ConnectionStrings:Postgres=Host=127.0.0.1;Port=1;Username=orrery;Password=hunter2-secret";

    /// <summary>One bad value per settings class with a section: the class, the settings, the key the refusal must name.</summary>
    public static TheoryData<string, string[], string> BadValues => new()
    {
        { "NodeOptions", ["--Orrery:DemoGames=-1"], "Orrery:DemoGames" },
        { "LifecycleOptions", ["--Orrery:Lifecycle:Workers=0"], "Orrery:Lifecycle:Workers" },
        { "SchedulerOptions", ["--Orrery:Scheduler:MaxConcurrentTurns=0"], "Orrery:Scheduler:MaxConcurrentTurns" },
        { "LobbyEventOptions", ["--Orrery:LobbyEvents:MaxLength=0"], "Orrery:LobbyEvents:MaxLength" },
        { "HealthMonitorOptions", ["--Orrery:Health:MaxParallelChecks=0"], "Orrery:Health:MaxParallelChecks" },
        { "HealthConsumerOptions", ["--Orrery:HealthConsumer:ReadWait=00:00:00"], "Orrery:HealthConsumer:ReadWait" },
        { "ReconcileOptions", ["--Orrery:Reconcile:MaxParallelStatusCalls=0"], "Orrery:Reconcile:MaxParallelStatusCalls" },
        { "SpecOptions", ["--Orrery:Specs:MaxBatch=0"], "Orrery:Specs:MaxBatch" },
        { "LiveOptions", ["--Orrery:Live:Backlog=0"], "Orrery:Live:Backlog" },
        { "LiveTokenOptions", ["--Orrery:Live:TokenLifetime=2.00:00:00"], "Orrery:Live:TokenLifetime" },
        { "ApiKeyOptions", ["--Orrery:Auth:ApiKeys:0:Name=ops", "--Orrery:Auth:ApiKeys:0:Key=short", "--Orrery:Auth:ApiKeys:0:Role=admin"], "Orrery:Auth:ApiKeys:0" },
        { "ClusterSettings", ["--Orrery:Cluster:Shards=0"], "Orrery:Cluster:Shards" },
        { "PostgresStoreOptions", ["--Orrery:Store=postgres", "--Orrery:Streams=redis", Postgres, "--ConnectionStrings:Redis=127.0.0.1:1",
            "--Orrery:Postgres:MaxRetryAttempts=-1"], "Orrery:Postgres:MaxRetryAttempts" },
        { "DockerEngineHostOptions", ["--Orrery:EngineHost=docker", "--Orrery:Docker:EnginePort=0"], "Orrery:Docker:EnginePort" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public async Task A_bad_value_stops_the_node_at_start_with_a_message_naming_its_key(string settingsClass, string[] settings, string key)
    {
        var error = await Should.ThrowAsync<Exception>(() => NodeHarness.StartAsync(settings));

        error.ShouldBeOfType(error is NodeConfigurationException ? typeof(NodeConfigurationException) : typeof(OptionsValidationException), settingsClass);
        error.Message.ShouldContain(key);
        error.Message.ShouldNotContain("hunter2");
    }

    [Fact]
    public void Every_settings_class_has_a_validator_and_a_bad_value_above()
    {
        var validated = ValidatorTargets().ToHashSet();
        var covered = BadValues.Select(row => (string)row.Data.Item1).ToHashSet();

        var classes = SettingsClasses().ToList();

        classes.Count.ShouldBeGreaterThan(15, "the node's assemblies were all searched");
        classes.Where(type => !validated.Contains(type)).Select(type => type.Name).ShouldBeEmpty("settings classes without a validator");
        classes.Where(type => type.GetField("Section") is not null && !covered.Contains(type.Name)).Select(type => type.Name)
            .ShouldBeEmpty("settings bound from a section with no bad value tried above");
    }

    [Fact]
    public async Task The_effective_settings_are_logged_once_at_start_without_secrets()
    {
        var logs = new LoggedEvents();
        const string ApiKey = "key-of-the-operator-0123456789";
        await using var node = await NodeHarness.StartAsync(
            ["--Orrery:Auth:ApiKeys:0:Name=ops", $"--Orrery:Auth:ApiKeys:0:Key={ApiKey}", "--Orrery:Auth:ApiKeys:0:Role=admin",
             "--Orrery:Lifecycle:Workers=3", "--Logging:LogLevel:Orrery.Settings=Information"],
            configure: builder => builder.Logging.AddProvider(logs));

        var lines = logs.MessagesOf(LogEventIds.EffectiveSettingsLog.Effective);

        lines.Count(line => line.StartsWith("Settings Orrery:Lifecycle: ", StringComparison.Ordinal)).ShouldBe(1);
        lines.ShouldContain(line => line.StartsWith("Settings Orrery:Lifecycle: ", StringComparison.Ordinal) && line.Contains("Workers=3"));
        lines.ShouldContain(line => line.StartsWith("Settings Orrery:Auth: ", StringComparison.Ordinal) && line.Contains("Name=ops") && line.Contains(SettingsText.Redacted));
        var signingKey = node.Services.GetRequiredService<IOptions<Orrery.Sessions.LiveTokenOptions>>().Value.SigningKeys.ShouldHaveSingleItem();
        lines.ShouldAllBe(line => !line.Contains(ApiKey) && !line.Contains(signingKey));
        lines.ShouldBeUnique("each settings class once");
    }

    [Fact]
    public void A_connection_string_is_logged_without_its_password()
    {
        var text = SettingsText.Describe(new Orrery.Persistence.Postgres.PostgresStoreOptions
        {
            ConnectionString = "Host=db;Username=orrery;Password=hunter2-secret;Database=orrery",
        });

        text.ShouldContain("host=db");
        text.ShouldNotContain("hunter2");
    }

    private static IEnumerable<Type> SettingsClasses() =>
        from type in NodeTypes()
        where type.IsClass && !type.IsAbstract && (type.Name.EndsWith("Options", StringComparison.Ordinal) || type.Name.EndsWith("Settings", StringComparison.Ordinal))
        where !NotSettingsClasses.ContainsKey(type.Name)
        select type;

    private static IEnumerable<Type> ValidatorTargets() =>
        from type in NodeTypes()
        where type.IsClass && !type.IsAbstract
        from contract in type.GetInterfaces()
        where contract.IsGenericType && contract.GetGenericTypeDefinition() == typeof(IValidateOptions<>)
        select contract.GetGenericArguments()[0];

    private static IEnumerable<Type> NodeTypes() => NodeAssemblies.SelectMany(name => Assembly.Load(name).GetTypes());
}
