namespace QwenHelp.Infrastructure.Knowledge.Transfer;

/// <summary>
/// What an import did, or why it did nothing: every problem with the line it is on, so the admin
/// can fix the file and import it again. An import with any problem imports nothing.
/// </summary>
public sealed record FaqImportReport(int Created, int Updated, IReadOnlyList<FaqImportProblem> Problems)
{
    public bool Succeeded => Problems.Count == 0;

    public static FaqImportReport Refused(IReadOnlyList<FaqImportProblem> problems) => new(0, 0, problems);
}

/// <param name="Line">1-based line in the file (the header is line 1 of a CSV file).</param>
/// <param name="Field">The field at fault, or null when the whole line is.</param>
public sealed record FaqImportProblem(int Line, string? Field, string Message)
{
    public override string ToString() => Field is null ? $"line {Line}: {Message}" : $"line {Line}, {Field}: {Message}";
}

/// <summary>One entry read from a file, with the line it started on.</summary>
public sealed record FaqImportRow(int Line, Domain.Knowledge.FaqEntryInput Entry);
