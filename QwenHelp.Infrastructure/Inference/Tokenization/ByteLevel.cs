namespace QwenHelp.Infrastructure.Inference.Tokenization;

/// <summary>GPT-2's byte-level alphabet: each byte is shown as one printable character in the vocabulary.</summary>
public static class ByteLevel
{
    private static readonly char[] ByteToChar = BuildTable();
    private static readonly Dictionary<char, byte> CharToByte = ByteToChar.Select((c, b) => (c, b)).ToDictionary(x => x.c, x => (byte)x.b);

    public static char Encode(byte value) => ByteToChar[value];

    /// <summary>The byte a vocabulary character stands for; false for a character outside the alphabet.</summary>
    public static bool TryDecode(char c, out byte value) => CharToByte.TryGetValue(c, out value);

    private static char[] BuildTable()
    {
        var table = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            var printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            table[b] = printable ? (char)b : (char)next++;
        }

        return table;
    }
}
