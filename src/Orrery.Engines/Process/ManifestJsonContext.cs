using System.Text.Json.Serialization;

namespace Orrery.Engines.Process;

/// <summary>Source-generated JSON for manifests: no reflection, and indented so operators can read them.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    RespectRequiredConstructorParameters = true,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(EngineManifest))]
internal sealed partial class ManifestJsonContext : JsonSerializerContext;
