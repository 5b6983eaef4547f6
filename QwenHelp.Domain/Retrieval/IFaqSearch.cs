namespace QwenHelp.Domain.Retrieval;

/// <summary>Finds the FAQ entries that answer a customer's question.</summary>
public interface IFaqSearch
{
    /// <summary>
    /// Returns up to <paramref name="limit"/> enabled entries, best first. Entries in
    /// <paramref name="preferredLanguage"/> rank above equally good ones in other languages.
    /// Any text is safe to pass: nothing in it is treated as query syntax.
    /// </summary>
    Task<IReadOnlyList<FaqMatch>> SearchAsync(string query, string preferredLanguage, int limit, CancellationToken cancellationToken);
}
