using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orrery.ReferenceEngine.Persistence;

/// <summary>Source-generated serialisation of the state file; indented because operators read it.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(SavedGame))]
internal sealed partial class StateJsonContext : JsonSerializerContext;
