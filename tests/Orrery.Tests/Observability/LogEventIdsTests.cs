using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Orrery.Observability;
using Orrery.Tests.Shared;

namespace Orrery.Tests.Observability;

/// <summary>
/// One id, one message: every <c>[LoggerMessage]</c> method of the node's assemblies takes its id from
/// <see cref="LogEventIds"/>, no two messages or registry names share an id, and docs/operations.md lists them all.
/// </summary>
public sealed partial class LogEventIdsTests
{
    private static readonly string[] NodeAssemblies = ["orrery", "Orrery.Core", "Orrery.Engines", "Orrery.Persistence"];

    [Fact]
    public void Every_registry_name_has_an_id_of_its_own()
    {
        var byId = Registry().GroupBy(entry => entry.Id).Where(group => group.Count() > 1)
            .Select(group => $"{group.Key}: {string.Join(", ", group.Select(entry => entry.Name))}");

        byId.ShouldBeEmpty();
    }

    [Fact]
    public void Every_log_message_uses_a_registered_id_and_every_id_one_message()
    {
        var registry = Registry().ToDictionary(entry => entry.Id, entry => entry.Name);
        var messages = LogMessages().ToList();

        messages.Count.ShouldBeGreaterThan(100, "the node's assemblies were all searched");
        messages.Where(message => !registry.ContainsKey(message.Id)).Select(message => $"{message.Method}: {message.Id}")
            .ShouldBeEmpty("ids not in LogEventIds");
        messages.GroupBy(message => message.Id).Where(group => group.Count() > 1)
            .Select(group => $"{group.Key}: {string.Join(", ", group.Select(message => message.Method))}")
            .ShouldBeEmpty("ids used by more than one message");
        registry.Keys.Except(messages.Select(message => message.Id)).Select(id => $"{registry[id]} = {id}")
            .ShouldBeEmpty("registered ids no message uses");
    }

    [Fact]
    public void Operations_doc_lists_every_id_with_its_name()
    {
        var root = RepositoryRoot.Find();
        if (root is null)
        {
            Assert.Skip("the test binaries were copied out of the repository");
        }
        var doc = File.ReadAllText(Path.Combine(root, "docs", "operations.md"));

        var rows = DocRow().Matches(doc).Select(match => (Id: int.Parse(match.Groups[1].Value), Name: match.Groups[2].Value));

        rows.OrderBy(row => row.Id).ShouldBe(Registry().OrderBy(entry => entry.Id).Select(entry => (entry.Id, entry.Name)));
    }

    private static IEnumerable<(int Id, string Name)> Registry() =>
        from component in typeof(LogEventIds).GetNestedTypes()
        from field in component.GetFields(BindingFlags.Public | BindingFlags.Static)
        where field.IsLiteral && field.FieldType == typeof(int)
        select ((int)field.GetRawConstantValue()!, $"{component.Name}.{field.Name}");

    private static IEnumerable<(int Id, string Method)> LogMessages() =>
        from name in NodeAssemblies
        from type in Assembly.Load(name).GetTypes()
        from method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
        let attribute = method.GetCustomAttribute<LoggerMessageAttribute>()
        where attribute is not null
        select (attribute.EventId, $"{type.FullName}.{method.Name}");

    /// <summary>A row of the table: <c>| 1001 | `EngineLauncher.Started` | ...</c>.</summary>
    [GeneratedRegex(@"^\| (\d+) \| `(\w+\.\w+)` \|", RegexOptions.Multiline)]
    private static partial Regex DocRow();
}
