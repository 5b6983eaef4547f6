using QwenHelp.Infrastructure.Inference.Models;
using QwenHelp.Infrastructure.Inference.OnnxRuntime;

namespace QwenHelp.Infrastructure.Inference.Generation;

/// <summary>
/// The decoder graph of a builder export: one forward step over new tokens with the key/value cache,
/// in either of the builder's cache modes (growing past/present tensors, or one shared buffer of the
/// maximum length that past and present alias). Checked against genai_config.json when loaded.
/// </summary>
public sealed class DecoderModel : IDisposable
{
    private readonly OrtSession _session;
    private readonly string[] _pastKeys;
    private readonly string[] _pastValues;
    private readonly string[] _presentKeys;
    private readonly string[] _presentValues;
    private readonly string[] _outputNames;
    private readonly bool _hasPositionIds;
    private readonly string? _seqlensK;
    private readonly string? _totalSequenceLength;

    public DecoderModel(OrtSession session, GenAiConfig config, string folder, bool shareBuffer, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(config);
        _session = session;
        Config = config;
        ShareBuffer = shareBuffer;
        MaxLength = maxLength;
        var d = config.Decoder;
        _pastKeys = Enumerable.Range(0, d.Layers).Select(i => DecoderConfig.Layer(d.PastKeyNames, i)).ToArray();
        _pastValues = Enumerable.Range(0, d.Layers).Select(i => DecoderConfig.Layer(d.PastValueNames, i)).ToArray();
        _presentKeys = Enumerable.Range(0, d.Layers).Select(i => DecoderConfig.Layer(d.PresentKeyNames, i)).ToArray();
        _presentValues = Enumerable.Range(0, d.Layers).Select(i => DecoderConfig.Layer(d.PresentValueNames, i)).ToArray();

        var inputs = session.Inputs.ToDictionary(i => i.Name, StringComparer.Ordinal);
        var outputs = session.Outputs.ToDictionary(o => o.Name, StringComparer.Ordinal);
        var file = d.FileName;
        void RequireInput(string name, string field)
        {
            if (!inputs.ContainsKey(name))
            {
                throw new ModelFolderException(folder, GenAiConfig.FileName, field, $"names input '{name}', which {file} does not have (it has: {string.Join(", ", inputs.Keys.Take(8))}).");
            }
        }

        RequireInput(d.InputIds, "model.decoder.inputs.input_ids");
        RequireInput(d.AttentionMask, "model.decoder.inputs.attention_mask");
        _hasPositionIds = d.PositionIds is not null && inputs.ContainsKey(d.PositionIds);
        if (!outputs.TryGetValue(d.Logits, out var logits))
        {
            throw new ModelFolderException(folder, GenAiConfig.FileName, "model.decoder.outputs.logits", $"names output '{d.Logits}', which {file} does not have.");
        }

        VocabularySize = (int)(logits.Dimensions.Count == 3 && logits.Dimensions[2] > 0 ? logits.Dimensions[2] : config.VocabSize ?? 0);
        if (config.VocabSize is { } vocab && logits.Dimensions.Count == 3 && logits.Dimensions[2] > 0 && logits.Dimensions[2] != vocab)
        {
            throw new ModelFolderException(folder, GenAiConfig.FileName, "model.vocab_size", $"is {vocab} but {file}'s {d.Logits} has {logits.Dimensions[2]} columns.");
        }

        for (var layer = 0; layer < d.Layers; layer++)
        {
            foreach (var (name, field) in new[] { (_pastKeys[layer], "model.decoder.inputs.past_key_names"), (_pastValues[layer], "model.decoder.inputs.past_value_names") })
            {
                RequireInput(name, field);
                var dims = inputs[name].Dimensions;
                if (dims.Count != 4)
                {
                    throw new ModelFolderException(folder, d.FileName, name, $"has {dims.Count} dimensions; the key/value cache is [batch, kv_heads, sequence, head_size].");
                }

                if (dims[1] > 0 && dims[1] != d.KeyValueHeads)
                {
                    throw new ModelFolderException(folder, GenAiConfig.FileName, "model.decoder.num_key_value_heads", $"is {d.KeyValueHeads} but {file}'s {name} has {dims[1]} heads.");
                }

                if (dims[3] > 0 && dims[3] != d.HeadSize)
                {
                    throw new ModelFolderException(folder, GenAiConfig.FileName, "model.decoder.head_size", $"is {d.HeadSize} but {file}'s {name} has head size {dims[3]}.");
                }
            }

            if (!outputs.ContainsKey(_presentKeys[layer]) || !outputs.ContainsKey(_presentValues[layer]))
            {
                throw new ModelFolderException(folder, GenAiConfig.FileName, "model.decoder.outputs.present_key_names", $"names '{_presentKeys[layer]}' / '{_presentValues[layer]}', which {file} does not have.");
            }
        }

        var extra = session.Inputs.Select(i => i.Name).Except(_pastKeys.Concat(_pastValues).Append(d.InputIds).Append(d.AttentionMask), StringComparer.Ordinal).ToList();
        if (d.PositionIds is not null)
        {
            extra.Remove(d.PositionIds);
        }

        // GroupQueryAttention's own inputs, where an export makes them graph inputs instead of computing them from attention_mask.
        _seqlensK = extra.FirstOrDefault(n => n == "seqlens_k");
        _totalSequenceLength = extra.FirstOrDefault(n => n == "total_sequence_length");
        var unknown = extra.Where(n => n != _seqlensK && n != _totalSequenceLength).ToList();
        if (unknown.Count > 0)
        {
            throw new ModelFolderException(folder, d.FileName, "inputs", $"the graph needs inputs genai_config.json does not describe: {string.Join(", ", unknown)}.");
        }

        _outputNames = [d.Logits, .. _presentKeys, .. _presentValues];
    }

    public GenAiConfig Config { get; }

    public int VocabularySize { get; }

    /// <summary>search.past_present_share_buffer: past and present alias one buffer of <see cref="MaxLength"/>.</summary>
    public bool ShareBuffer { get; }

    /// <summary>Longest sequence (prompt + generated) a generation may reach.</summary>
    public int MaxLength { get; }

    public OrtRuntime Runtime => _session.Runtime;

    /// <summary>Fresh, empty key/value cache for one sequence.</summary>
    public KeyValueCache CreateCache()
    {
        var d = Config.Decoder;
        var length = ShareBuffer ? MaxLength : 0;
        var keys = new OrtValue[d.Layers];
        var values = new OrtValue[d.Layers];
        for (var i = 0; i < d.Layers; i++)
        {
            keys[i] = OrtValue.Create(Runtime, TensorElementType.Float, [1, d.KeyValueHeads, length, d.HeadSize]);
            values[i] = OrtValue.Create(Runtime, TensorElementType.Float, [1, d.KeyValueHeads, length, d.HeadSize]);
            if (ShareBuffer)
            {
                keys[i].GetSpan<float>().Clear();
                values[i].GetSpan<float>().Clear();
            }
        }

        return new KeyValueCache(keys, values);
    }

    /// <summary>
    /// Runs the model over <paramref name="tokens"/> following what the cache already holds, updates
    /// the cache and returns the logits of every new position ([tokens.Count, vocab], row-major) or,
    /// when <paramref name="lastOnly"/>, of the last one. <paramref name="timing"/> gets the time inside Run.
    /// </summary>
    public float[] Forward(KeyValueCache cache, ReadOnlySpan<int> tokens, bool lastOnly, OrtRunHandle? run, out TimeSpan timing)
    {
        float[]? all = null;
        float[]? last = null;
        Forward(cache, tokens, run, out timing, lastOnly ? row => last = row.ToArray() : null, lastOnly ? null : rows => all = rows.ToArray());
        return last ?? all!;
    }

    /// <summary>
    /// The decode loop's form: hands the last position's logits to <paramref name="lastRow"/> in ONNX
    /// Runtime's own output buffer (no copy; it may be changed in place, e.g. by a penalty) and, if asked,
    /// all rows to <paramref name="allRows"/>.
    /// </summary>
    public void Forward(KeyValueCache cache, ReadOnlySpan<int> tokens, OrtRunHandle? run, out TimeSpan timing, LastRow? lastRow, AllRows? allRows = null)
    {
        ArgumentNullException.ThrowIfNull(cache);
        var d = Config.Decoder;
        var n = tokens.Length;
        var past = cache.Length;
        var total = past + n;
        if (total > MaxLength)
        {
            throw new InvalidOperationException($"The sequence would reach {total} tokens; this model allows {MaxLength}.");
        }

        var owned = new List<OrtValue>(8);
        try
        {
            var names = new List<string>(4 + 2 * d.Layers);
            var values = new List<OrtValue>(4 + 2 * d.Layers);
            void Add(string name, OrtValue value, bool own = true)
            {
                names.Add(name);
                values.Add(value);
                if (own)
                {
                    owned.Add(value);
                }
            }

            var ids = OrtValue.Create(Runtime, TensorElementType.Int64, [1, n]);
            var idSpan = ids.GetSpan<long>();
            for (var i = 0; i < n; i++)
            {
                idSpan[i] = tokens[i];
            }

            Add(d.InputIds, ids);
            var mask = OrtValue.Create(Runtime, TensorElementType.Int64, [1, total]);
            mask.GetSpan<long>().Fill(1);
            Add(d.AttentionMask, mask);
            if (_hasPositionIds)
            {
                var positions = OrtValue.Create(Runtime, TensorElementType.Int64, [1, n]);
                var p = positions.GetSpan<long>();
                for (var i = 0; i < n; i++)
                {
                    p[i] = past + i;
                }

                Add(d.PositionIds!, positions);
            }

            if (_seqlensK is not null)
            {
                Add(_seqlensK, OrtValue.FromData<int>(Runtime, [total - 1], [1]));
            }

            if (_totalSequenceLength is not null)
            {
                Add(_totalSequenceLength, OrtValue.FromData<int>(Runtime, [total], []));
            }

            for (var i = 0; i < d.Layers; i++)
            {
                Add(_pastKeys[i], cache.Keys[i], own: false);
                Add(_pastValues[i], cache.Values[i], own: false);
            }

            OrtValue?[]? preallocated = null;
            if (ShareBuffer)
            {
                // The present outputs are the past buffers themselves: the model writes the new rows in place.
                preallocated = new OrtValue?[_outputNames.Length];
                for (var i = 0; i < d.Layers; i++)
                {
                    preallocated[1 + i] = cache.Keys[i];
                    preallocated[1 + d.Layers + i] = cache.Values[i];
                }
            }

            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var outputs = _session.Run(names, values, _outputNames, preallocated, run);
            timing = System.Diagnostics.Stopwatch.GetElapsedTime(started);

            using var logits = outputs[0];
            var vocab = VocabularySize > 0 ? VocabularySize : (int)logits.Shape[2];
            var all = logits.GetSpan<float>();
            lastRow?.Invoke(all.Slice((n - 1) * vocab, vocab));

            allRows?.Invoke(all);
            if (ShareBuffer)
            {
                cache.Advance(total);
            }
            else
            {
                cache.Replace(outputs.AsSpan(1, d.Layers).ToArray(), outputs.AsSpan(1 + d.Layers, d.Layers).ToArray(), total);
            }
        }
        finally
        {
            foreach (var value in owned)
            {
                value.Dispose();
            }
        }
    }

    public void Dispose() => _session.Dispose();
}

/// <summary>Receives every row of logits of a forward step ([tokens, vocab], row-major).</summary>
public delegate void AllRows(ReadOnlySpan<float> logits);

/// <summary>Receives the logits of the last position of a forward step, in place.</summary>
public delegate void LastRow(Span<float> logits);

/// <summary>The key/value cache of one sequence: a past tensor per layer for keys and for values.</summary>
public sealed class KeyValueCache(OrtValue[] keys, OrtValue[] values) : IDisposable
{
    public OrtValue[] Keys { get; private set; } = keys;

    public OrtValue[] Values { get; private set; } = values;

    /// <summary>Tokens the cache holds.</summary>
    public int Length { get; private set; }

    internal void Advance(int length) => Length = length;

    internal void Replace(OrtValue[] keys, OrtValue[] values, int length)
    {
        Dispose();
        Keys = keys;
        Values = values;
        Length = length;
    }

    public void Dispose()
    {
        foreach (var value in Keys.Concat(Values))
        {
            value.Dispose();
        }
    }
}
