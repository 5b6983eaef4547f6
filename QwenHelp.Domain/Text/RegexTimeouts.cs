namespace QwenHelp.Domain.Text;

/// <summary>
/// The match timeout of every pattern run on customer or model text: a guard against pathological
/// backtracking, long enough that a busy 2-core machine never trips it on ordinary input.
/// </summary>
public static class RegexTimeouts
{
    public const int Milliseconds = 2000;
}
