using System.Text.Json.Serialization;

namespace Orrery.Engines.Docker;

/// <summary>
/// Source-generated JSON for the Docker Engine API. Names are written as Docker spells them (no naming policy);
/// nulls are left out so that an unset optional field takes the daemon's default.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ContainerCreateRequest))]
[JsonSerializable(typeof(ContainerCreateResponse))]
[JsonSerializable(typeof(IReadOnlyList<ContainerSummary>))]
[JsonSerializable(typeof(ContainerInspectResponse))]
[JsonSerializable(typeof(ImageInspectResponse))]
[JsonSerializable(typeof(PullProgress))]
[JsonSerializable(typeof(DockerEvent))]
[JsonSerializable(typeof(VersionResponse))]
[JsonSerializable(typeof(InfoResponse))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, IReadOnlyList<string>>))]
internal sealed partial class DockerJsonContext : JsonSerializerContext;
