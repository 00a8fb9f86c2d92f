using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orrery.ReferenceEngine.Api;

/// <summary>Source-generated JSON for the HTTP contract: no reflection at start-up.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(InitRequest))]
[JsonSerializable(typeof(StateResponse))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
