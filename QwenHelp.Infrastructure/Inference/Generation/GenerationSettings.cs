namespace QwenHelp.Infrastructure.Inference.Generation;

/// <summary>How one generation samples and when it stops.</summary>
public sealed record GenerationSettings
{
    /// <summary>Most tokens to generate.</summary>
    public int MaxNewTokens { get; init; } = 512;

    /// <summary>0 = greedy (always the most likely token).</summary>
    public float Temperature { get; init; }

    /// <summary>Sample from the smallest set of tokens whose probabilities add up to this (1 = off).</summary>
    public float TopP { get; init; } = 1f;

    /// <summary>Sample from the k most likely tokens (0 = off).</summary>
    public int TopK { get; init; }

    /// <summary>&gt; 1 makes tokens already in the sequence less likely (1 = off).</summary>
    public float RepetitionPenalty { get; init; } = 1f;

    /// <summary>Fixes the sampling random numbers; null = a fresh seed each time.</summary>
    public int? Seed { get; init; }

    /// <summary>Token ids that end the generation (not part of the output).</summary>
    public IReadOnlySet<int> StopTokenIds { get; init; } = new HashSet<int>();

    /// <summary>Strings that end the generation; the output stops before them.</summary>
    public IReadOnlyList<string> StopStrings { get; init; } = [];
}

/// <summary>Why a generation ended.</summary>
public enum GenerationFinish
{
    StopToken,
    StopString,
    MaxTokens,
    ContextFull,
}

/// <summary>Figures of one generation: where the time went.</summary>
public sealed record GenerationStats
{
    public int PromptTokens { get; init; }

    public int GeneratedTokens { get; init; }

    /// <summary>Time inside Run for the prompt.</summary>
    public TimeSpan PrefillRunTime { get; init; }

    /// <summary>From the start of the generation (tokens in hand) to the first new token chosen.</summary>
    public TimeSpan TimeToFirstToken { get; init; }

    /// <summary>Time inside Run for the decode steps (after the first token).</summary>
    public TimeSpan DecodeRunTime { get; init; }

    /// <summary>Wall time of the decode steps, Run included.</summary>
    public TimeSpan DecodeWallTime { get; init; }

    public int DecodeSteps { get; init; }

    /// <summary>Decode time spent outside Run (sampling, tensors, detokenizing) relative to time inside it.</summary>
    public double LoopOverhead => DecodeRunTime > TimeSpan.Zero ? (DecodeWallTime - DecodeRunTime) / DecodeRunTime : 0;
}

/// <summary>One piece of a generation's stream: new text (possibly empty) and, last, how it ended.</summary>
public sealed record GenerationUpdate(string Text, int? TokenId, GenerationFinish? Finish = null, GenerationStats? Stats = null);
