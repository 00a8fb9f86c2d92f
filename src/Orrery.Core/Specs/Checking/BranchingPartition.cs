using System.Runtime.InteropServices;

namespace Orrery.Specs.Checking;

/// <summary>
/// The coarsest branching bisimulation of a transition system without tau cycles (see <see cref="TauCycles"/>),
/// by partition refinement on signatures. The signature of a state <c>s</c> in block <c>B</c> is the set of
/// <c>(a, C)</c> such that <c>s</c> reaches, by tau steps inside <c>B</c>, a state with an <c>a</c>-step into
/// <c>C</c>, inert steps (tau inside <c>B</c>) left out; a block is stable when all its states have one signature
/// (Blom and Orzan). Unlike the naive fixpoint, only marked states are recomputed, and when a block splits the
/// largest part keeps the block's number, so the steps into it keep their signature: only the states of the
/// smaller parts and the predecessors of those are marked again (Hopcroft's "all but the largest"). A marked
/// state's change also reaches every state of its block that gets to it by inert tau steps, which are recomputed
/// with it. Each split costs the smaller parts' steps; the backward tau walks make the worst case O(m·n), as
/// Groote-Vaandrager's, and near-linear in practice.
/// </summary>
public static class BranchingPartition
{
    /// <summary>
    /// The block of every state. <paramref name="system"/> must have every tau step from a higher state number to
    /// a lower one (what <see cref="TauCycles.Collapse"/> produces).
    /// </summary>
    public static int[] Refine(TransitionSystem system, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(system);
        return new Refinement(system, cancellationToken).Run();
    }

    private sealed class Refinement(TransitionSystem system, CancellationToken cancellationToken)
    {
        private readonly int _n = system.StateCount;
        private readonly int[] _block = new int[system.StateCount];
        private readonly int[] _order = new int[system.StateCount];
        private readonly int[] _position = new int[system.StateCount];
        private readonly List<int> _blockStart = [];
        private readonly List<int> _blockEnd = [];
        private readonly List<long[]?> _blockSignature = [];
        // The marked states of each block as a linked list through the states: no list per block (a million blocks).
        private readonly List<int> _markedHead = [];
        private readonly int[] _markedNext = new int[system.StateCount];
        private readonly Queue<int> _dirty = new();
        private readonly bool[] _marked = new bool[system.StateCount];
        private readonly bool[] _changed = new bool[system.StateCount];
        private readonly bool[] _mover = new bool[system.StateCount];
        private readonly int[] _group = new int[system.StateCount];
        private readonly List<int> _affected = [];
        private readonly List<long> _scratch = [];
        private readonly List<long[]> _groupSignature = [];
        private readonly List<int> _groupSize = [];
        private readonly Dictionary<long[], int> _groups = new(SignatureComparer.Instance);

        public int[] Run()
        {
            for (var s = 0; s < _n; s++)
            {
                _order[s] = s;
                _position[s] = s;
            }
            if (_n == 0)
            {
                return _block;
            }
            NewBlock(0, _n, null);
            for (var s = 0; s < _n; s++)
            {
                Mark(s);
            }
            while (_dirty.TryDequeue(out var block))
            {
                cancellationToken.ThrowIfCancellationRequested();
                Process(block);
            }
            return _block;
        }

        private int NewBlock(int start, int end, long[]? signature)
        {
            _blockStart.Add(start);
            _blockEnd.Add(end);
            // A single state is never processed again, so its signature is not kept.
            _blockSignature.Add(end - start == 1 ? null : signature);
            _markedHead.Add(-1);
            return _blockStart.Count - 1;
        }

        private void Mark(int state)
        {
            if (_marked[state])
            {
                return;
            }
            _marked[state] = true;
            var block = _block[state];
            if (_markedHead[block] < 0)
            {
                _dirty.Enqueue(block);
            }
            _markedNext[state] = _markedHead[block];
            _markedHead[block] = state;
        }

        private void Process(int block)
        {
            var single = _blockEnd[block] - _blockStart[block] == 1;
            // The affected states: the marked ones and those of the block that reach them by inert tau steps.
            var affected = _affected;
            affected.Clear();
            for (var s = _markedHead[block]; s >= 0; s = _markedNext[s])
            {
                _marked[s] = false;
                _changed[s] = !single;
                affected.Add(s);
            }
            _markedHead[block] = -1;
            if (single)
            {
                return; // a single state cannot split
            }
            for (var i = 0; i < affected.Count; i++)
            {
                var t = affected[i];
                for (var e = system.InStart[t]; e < system.InStart[t + 1] && system.InAction[e] == TransitionSystem.Tau; e++)
                {
                    var s = system.InSource[e];
                    if (_block[s] == block && !_changed[s])
                    {
                        _changed[s] = true;
                        affected.Add(s);
                    }
                }
                if ((i & 0xFFFF) == 0xFFFF)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
            // Tau successors have lower numbers: ascending order computes them first.
            var span = CollectionsMarshal.AsSpan(affected);
            span.Sort();
            var stable = _blockSignature[block];
            _groups.Clear();
            _groupSignature.Clear();
            _groupSize.Clear();
            var groups = _groups.GetAlternateLookup<ReadOnlySpan<long>>();
            var movers = 0;
            foreach (var s in span)
            {
                var signature = Signature(s, block, stable);
                if (stable is not null && signature.SequenceEqual(stable))
                {
                    _group[s] = -1;
                    continue;
                }
                if (!groups.TryGetValue(signature, out var group))
                {
                    group = _groupSignature.Count;
                    var owned = signature.ToArray();
                    _groups.Add(owned, group);
                    _groupSignature.Add(owned);
                    _groupSize.Add(0);
                }
                _group[s] = group;
                _groupSize[group]++;
                movers++;
            }
            foreach (var s in span)
            {
                _changed[s] = false;
            }
            var start = _blockStart[block];
            var end = _blockEnd[block];
            var stayers = end - start - movers;
            if (_groupSignature.Count == 0 || (stayers == 0 && _groupSignature.Count == 1))
            {
                if (_groupSignature.Count == 1)
                {
                    _blockSignature[block] = _groupSignature[0];
                }
                return;
            }
            Split(block, span, start, end, stayers, stable);
        }

        private void Split(int block, Span<int> affected, int start, int end, int stayers, long[]? stable)
        {
            // Movers go to the end of the block's range, grouped by signature; stayers keep the front.
            var groups = _groupSignature.Count;
            var groupStart = new int[groups + 1];
            groupStart[0] = start + stayers;
            for (var g = 0; g < groups; g++)
            {
                groupStart[g + 1] = groupStart[g] + _groupSize[g];
            }
            var tail = groupStart[0];
            var j = tail;
            foreach (var s in affected)
            {
                if (_group[s] >= 0)
                {
                    _mover[s] = true;
                }
            }
            foreach (var s in affected)
            {
                if (_mover[s] && _position[s] < tail)
                {
                    while (_mover[_order[j]])
                    {
                        j++;
                    }
                    Swap(s, _order[j]);
                }
            }
            var fill = groupStart[..^1];
            var sorted = new int[end - tail];
            foreach (var s in affected)
            {
                if (_group[s] >= 0)
                {
                    sorted[fill[_group[s]]++ - tail] = s;
                }
            }
            for (var i = 0; i < sorted.Length; i++)
            {
                _order[tail + i] = sorted[i];
                _position[sorted[i]] = tail + i;
            }
            // Parts: -1 the stayers, then each group. The largest keeps the block's number.
            var largest = -1;
            var largestSize = stayers;
            for (var g = 0; g < groups; g++)
            {
                if (_groupSize[g] > largestSize)
                {
                    (largest, largestSize) = (g, _groupSize[g]);
                }
            }
            var moved = new List<(int Start, int End)>();
            for (var part = -1; part < groups; part++)
            {
                var (partStart, partEnd) = part < 0 ? (start, tail) : (groupStart[part], groupStart[part + 1]);
                if (partStart == partEnd)
                {
                    continue;
                }
                var signature = part < 0 ? stable : _groupSignature[part];
                if (part == largest)
                {
                    _blockStart[block] = partStart;
                    _blockEnd[block] = partEnd;
                    _blockSignature[block] = partEnd - partStart == 1 ? null : signature;
                    continue;
                }
                var id = NewBlock(partStart, partEnd, signature);
                for (var i = partStart; i < partEnd; i++)
                {
                    _block[_order[i]] = id;
                }
                moved.Add((partStart, partEnd));
            }
            foreach (var s in affected)
            {
                _mover[s] = false;
            }
            // The smaller parts' states and everything with a step into them may have a new signature.
            foreach (var (partStart, partEnd) in moved)
            {
                for (var i = partStart; i < partEnd; i++)
                {
                    var t = _order[i];
                    Mark(t);
                    for (var e = system.InStart[t]; e < system.InStart[t + 1]; e++)
                    {
                        Mark(system.InSource[e]);
                    }
                }
            }
        }

        private void Swap(int a, int b)
        {
            var (pa, pb) = (_position[a], _position[b]);
            (_order[pa], _order[pb]) = (b, a);
            (_position[a], _position[b]) = (pb, pa);
        }

        /// <summary>The signature in a scratch buffer, valid until the next call.</summary>
        private ReadOnlySpan<long> Signature(int s, int block, long[]? stable)
        {
            var pairs = _scratch;
            pairs.Clear();
            for (var e = system.OutStart[s]; e < system.OutStart[s + 1]; e++)
            {
                var t = system.OutTarget[e];
                var a = system.OutAction[e];
                if (a == TransitionSystem.Tau && _block[t] == block)
                {
                    // Inert: s may stutter to t and do whatever t does.
                    var inherited = _changed[t] ? (_group[t] < 0 ? stable! : _groupSignature[_group[t]]) : stable!;
                    pairs.AddRange(inherited);
                    continue;
                }
                pairs.Add(((long)a << 32) | (uint)_block[t]);
            }
            var span = CollectionsMarshal.AsSpan(pairs);
            span.Sort();
            var kept = 0;
            for (var i = 0; i < span.Length; i++)
            {
                if (i == 0 || span[i] != span[i - 1])
                {
                    span[kept++] = span[i];
                }
            }
            return span[..kept];
        }
    }

    /// <summary>Signatures by content; looked up as spans so a signature already seen allocates nothing.</summary>
    private sealed class SignatureComparer : IEqualityComparer<long[]>, IAlternateEqualityComparer<ReadOnlySpan<long>, long[]>
    {
        public static readonly SignatureComparer Instance = new();

        public bool Equals(long[]? x, long[]? y) => x is not null && y is not null && x.AsSpan().SequenceEqual(y);

        public int GetHashCode(long[] signature) => GetHashCode((ReadOnlySpan<long>)signature);

        public bool Equals(ReadOnlySpan<long> alternate, long[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<long> alternate)
        {
            var hash = new HashCode();
            hash.AddBytes(MemoryMarshal.AsBytes(alternate));
            return hash.ToHashCode();
        }

        public long[] Create(ReadOnlySpan<long> alternate) => alternate.ToArray();
    }
}
