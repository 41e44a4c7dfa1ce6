namespace PatchBench.Generation.Onnx;

/// <summary>
/// llama.cpp's sampler chain re-implemented in C# for backends that hand back raw logits: repetition
/// penalty over the last N accepted tokens, then top-k, top-p, min-p, temperature and a seeded draw
/// (llama-sampler.cpp's dist: softmax in float, one <c>uniform_real_distribution&lt;double&gt;</c> draw
/// from <c>std::mt19937</c>, walk the cumulative sum); greedy (first maximum) when the temperature is 0.
/// </summary>
public sealed class TokenSampler
{
    private readonly DecodingSettings _d;
    private readonly MersenneTwister _rng;
    private readonly Queue<int> _recent = new();
    private readonly Dictionary<int, int> _counts = [];

    /// <summary>A chain for these settings; <paramref name="seed"/> seeds the draw.</summary>
    public TokenSampler(DecodingSettings settings, uint seed)
    {
        _d = settings;
        _rng = new MersenneTwister(seed);
    }

    /// <summary>Picks the next token from <paramref name="logits"/> and records it for the repetition penalty.</summary>
    public int Sample(ReadOnlySpan<float> logits)
    {
        var token = Choose(logits);
        Accept(token);
        return token;
    }

    private void Accept(int token)
    {
        if (_d.RepeatPenalty == 1f || _d.RepeatLastN <= 0) return;
        _recent.Enqueue(token);
        _counts[token] = _counts.GetValueOrDefault(token) + 1;
        if (_recent.Count > _d.RepeatLastN)
        {
            var old = _recent.Dequeue();
            if (--_counts[old] == 0) _counts.Remove(old);
        }
    }

    private int Choose(ReadOnlySpan<float> logits)
    {
        var cand = new (int Id, float Logit)[logits.Length];
        for (var i = 0; i < logits.Length; i++) cand[i] = (i, logits[i]);
        if (_d.RepeatPenalty != 1f)
        {
            foreach (var (id, count) in _counts)
            {
                if (count <= 0 || id >= cand.Length) continue;
                var l = cand[id].Logit;
                cand[id].Logit = l <= 0 ? l * _d.RepeatPenalty : l / _d.RepeatPenalty;
            }
        }
        if (_d.Temperature <= 0f)
        {
            var best = 0;
            for (var i = 1; i < cand.Length; i++) if (cand[i].Logit > cand[best].Logit) best = i;
            return cand[best].Id;
        }
        var size = cand.Length;
        var sorted = false;
        void Sort()
        {
            if (sorted) return;
            Array.Sort(cand, 0, size, Comparer<(int Id, float Logit)>.Create((a, b) => b.Logit.CompareTo(a.Logit)));
            sorted = true;
        }
        if (_d.TopK > 0)
        {
            Sort();
            size = Math.Min(_d.TopK, size);
        }
        if (_d.TopP < 1f)
        {
            Sort();
            var max = cand[0].Logit;
            var p = new float[size];
            var sum = 0f;
            for (var i = 0; i < size; i++) { p[i] = MathF.Exp(cand[i].Logit - max); sum += p[i]; }
            var cum = 0f;
            var keep = size;
            for (var i = 0; i < size; i++)
            {
                cum += p[i] / sum;
                if (cum >= _d.TopP && i + 1 >= 1) { keep = i + 1; break; }
            }
            size = keep;
        }
        if (_d.MinP > 0f && size > 0)
        {
            var max = float.MinValue;
            for (var i = 0; i < size; i++) max = Math.Max(max, cand[i].Logit);
            var min = max + MathF.Log(_d.MinP);
            var kept = 0;
            for (var i = 0; i < size; i++) if (cand[i].Logit >= min) cand[kept++] = cand[i];
            size = kept; // the maximum always passes, so at least one remains
        }
        for (var i = 0; i < size; i++) cand[i].Logit /= _d.Temperature;
        return Draw(cand.AsSpan(0, size));
    }

    private int Draw(Span<(int Id, float Logit)> cand)
    {
        var rnd = _rng.NextCanonicalDouble();
        if (cand.Length == 1) return cand[0].Id;
        var max = cand[0].Logit;
        for (var i = 1; i < cand.Length; i++) max = Math.Max(max, cand[i].Logit);
        var p = new float[cand.Length];
        double sumCum = 0;
        for (var i = 0; i < cand.Length; i++) { p[i] = MathF.Exp(cand[i].Logit - max); sumCum += p[i]; }
        var target = sumCum * rnd;
        double run = 0;
        for (var i = 0; i < cand.Length; i++)
        {
            run += p[i];
            if (run >= target) return cand[i].Id;
        }
        return cand[^1].Id;
    }
}

/// <summary>
/// std::mt19937 (32-bit Mersenne Twister, default seeding) and libstdc++'s
/// <c>generate_canonical&lt;double, 53&gt;</c> as <c>uniform_real_distribution&lt;double&gt;(0, 1)</c> uses it:
/// two draws combined as (a + b·2³²) / 2⁶⁴, clamped below 1.
/// </summary>
public sealed class MersenneTwister
{
    private readonly uint[] _mt = new uint[624];
    private int _index;

    /// <summary>Seeds as <c>std::mt19937(seed)</c>.</summary>
    public MersenneTwister(uint seed)
    {
        _mt[0] = seed;
        for (var i = 1; i < 624; i++) _mt[i] = unchecked(1812433253u * (_mt[i - 1] ^ (_mt[i - 1] >> 30)) + (uint)i);
        _index = 624;
    }

    /// <summary>The next 32-bit output.</summary>
    public uint Next()
    {
        if (_index >= 624)
        {
            for (var i = 0; i < 624; i++)
            {
                var y = (_mt[i] & 0x80000000u) | (_mt[(i + 1) % 624] & 0x7fffffffu);
                _mt[i] = _mt[(i + 397) % 624] ^ (y >> 1) ^ ((y & 1) != 0 ? 0x9908b0dfu : 0u);
            }
            _index = 0;
        }
        var x = _mt[_index++];
        x ^= x >> 11;
        x ^= (x << 7) & 0x9d2c5680u;
        x ^= (x << 15) & 0xefc60000u;
        x ^= x >> 18;
        return x;
    }

    /// <summary>A double in [0, 1) exactly as libstdc++'s generate_canonical&lt;double, 53&gt;(mt19937) gives it.</summary>
    public double NextCanonicalDouble()
    {
        const double r = 4294967296.0;
        double sum = Next();
        sum += Next() * r;
        var result = sum / (r * r);
        return result >= 1.0 ? Math.BitDecrement(1.0) : result;
    }
}
