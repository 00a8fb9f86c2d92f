using Orrery.Specs;
using Orrery.Specs.Instances;

namespace Orrery.Persistence;

/// <summary>A row of <c>spec_model_transitions</c>: text columns only, the same in both dialects.</summary>
internal sealed class SpecModelTransitionRow
{
    public string Spec { get; set; } = "";
    public string FromState { get; set; } = "";
    public string Action { get; set; } = "";
    public string ToState { get; set; } = "";

    public static SpecModelTransitionRow From(ModelTransition learned) => new()
    {
        Spec = learned.Spec, FromState = learned.Transition.From, Action = learned.Transition.Action, ToState = learned.Transition.To,
    };

    public ModelTransition ToTransition() => new(Spec, new SpexTransition(FromState, Action, ToState));
}
