using System.Text;

namespace QwenHelp.Infrastructure.Inference.Tokenization;

/// <summary>
/// Turns generated token ids into text as they arrive, never emitting a broken UTF-8 sequence:
/// bytes of a character split across tokens wait until the character is complete.
/// </summary>
public sealed class StreamingDetokenizer(BpeTokenizer tokenizer, bool skipSpecialTokens = true)
{
    private readonly Decoder _decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false).GetDecoder();
    private char[] _chars = new char[64];

    /// <summary>The text token <paramref name="id"/> completes (possibly empty).</summary>
    public string Append(int id)
    {
        if (skipSpecialTokens && tokenizer.IsSpecial(id))
        {
            return "";
        }

        return DecodeBytes(tokenizer.TokenBytes(id), flush: false);
    }

    /// <summary>Whatever is still pending at the end (an incomplete sequence becomes U+FFFD).</summary>
    public string Flush() => DecodeBytes([], flush: true);

    private string DecodeBytes(ReadOnlySpan<byte> bytes, bool flush)
    {
        var needed = _decoder.GetCharCount(bytes, flush) + 2;
        if (_chars.Length < needed)
        {
            _chars = new char[needed * 2];
        }

        var count = _decoder.GetChars(bytes, _chars, flush);
        return count == 0 ? "" : new string(_chars, 0, count);
    }
}
