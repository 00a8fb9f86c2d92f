namespace Orrery.Hosting;

/// <summary>The node's settings cannot work (an unknown adapter, a missing connection string): said in one line, no stack trace.</summary>
public sealed class NodeConfigurationException(string message, Exception? inner = null) : Exception(message, inner);
