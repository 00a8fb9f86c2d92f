using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orrery.Engines.Http;

/// <summary>
/// Source-generated JSON for the engine contract. Nullable annotations and required constructor parameters
/// are enforced, so an engine answer with missing fields fails here, at the boundary, not deep in Orrery.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(EngineState))]
[JsonSerializable(typeof(EngineInitRequest))]
[JsonSerializable(typeof(ProblemBody))]
internal sealed partial class EngineJsonContext : JsonSerializerContext;
