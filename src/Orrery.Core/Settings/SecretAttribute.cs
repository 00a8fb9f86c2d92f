namespace Orrery.Settings;

/// <summary>A setting never written to a log: keys, signing keys, values handed to engines.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SecretAttribute : Attribute;

/// <summary>A connection string: logged with its password (and any other secret keyword) left out.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ConnectionStringAttribute : Attribute;
