namespace Orrery.Engines;

/// <summary>Where per-game engine state lives on this machine.</summary>
public sealed class StateDirectoriesOptions
{
    /// <summary>The directory holding one sub-directory per game (named by the game's UUID). Required.</summary>
    public string RootDirectory { get; set; } = "";
}
