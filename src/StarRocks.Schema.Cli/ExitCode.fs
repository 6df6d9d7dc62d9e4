/// The exit codes of srschema, documented in README.
module StarRocks.Schema.Cli.ExitCodes

/// <summary>Exit codes, documented in README.</summary>
[<RequireQualifiedAccess>]
module ExitCode =
    /// <summary>Success.</summary>
    [<Literal>]
    let Ok = 0

    /// <summary>The input is invalid: a parse or validation error, or a file that cannot be read.</summary>
    [<Literal>]
    let InvalidInput = 1

    /// <summary><c>diff --exit-code</c>: the plan has changes; <c>check</c>: something differs.</summary>
    [<Literal>]
    let Changes = 2

    /// <summary><c>diff --fail-on</c> (or <c>apply</c> without <c>--allow-destructive</c>): the plan has a step of the
    /// risk named (or a higher one).</summary>
    [<Literal>]
    let RiskyPlan = 3

    /// <summary>A server could not be reached, read or changed as planned.</summary>
    [<Literal>]
    let ServerFailure = 4

    /// <summary>Cancelled (Ctrl-C): where it stopped is recorded, and the next run resumes there.</summary>
    [<Literal>]
    let Cancelled = 130

    /// <summary>Terminated (SIGTERM, as CI runners and Kubernetes stop a job): stopped as for Ctrl-C, where it stopped
    /// is recorded, and the next run resumes there.</summary>
    [<Literal>]
    let Terminated = 143

    /// <summary>The command line is wrong.</summary>
    [<Literal>]
    let Usage = 64
