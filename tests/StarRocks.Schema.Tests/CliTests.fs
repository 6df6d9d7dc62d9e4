/// srschema, run in process (or the executable SRSCHEMA_EXE names): stdout carries only the requested output,
/// messages go to stderr, exit codes as documented in README.
module StarRocks.Schema.Tests.CliTests

open System
open System.IO
open Expecto
open StarRocks.Schema
open StarRocks.Schema.Cli
open StarRocks.Schema.Tests.Support

type private Run = { Code: int; Out: string; Err: string }

let private srschema (args: string list) =
    let code, out, err = srschemaRun args
    { Code = code; Out = out; Err = err }

let private examples = Path.Combine(repoRoot, "examples", "schema")
let private actualExample = Path.Combine(repoRoot, "examples", "actual")

/// A temporary folder with the given files, deleted afterwards.
let private withFiles (files: (string * string) list) (body: string -> unit) =
    let dir =
        Path.Combine(Path.GetTempPath(), "srschema-cli-" + Guid.NewGuid().ToString("N"))

    Directory.CreateDirectory dir |> ignore

    try
        for name, text in files do
            let path = Path.Combine(dir, name)
            Directory.CreateDirectory(Path.GetDirectoryName path) |> ignore
            File.WriteAllText(path, text)

        body dir
    finally
        Directory.Delete(dir, true)

/// Every way a password can reach a command line or a project, and every command that prints a source: none prints it.
let private secrets =
    testCase "no command prints a password: sources, typos, unknown schemes, env: URLs, project servers, JSON"
    <| fun () ->
        let secret = "S3cretPw"
        let variable = "SRSCHEMA_TEST_SECRET_" + Guid.NewGuid().ToString("N")
        let unreachable = $"starrocks://admin:%s{secret}@127.0.0.1:1/shop?connect_timeout=1"
        Environment.SetEnvironmentVariable(variable, unreachable)

        try
            withFiles [ "schema/a.sql", "CREATE TABLE t (id INT);" ] (fun dir ->
                let schema = Path.Combine(dir, "schema")

                let sources = [
                    $"mysql://admin:%s{secret}@127.0.0.1:1/shop"
                    $"starrocks:/admin:%s{secret}@127.0.0.1:1/shop"
                    $"admin:%s{secret}@127.0.0.1:1/shop"
                    unreachable
                    $"starrocks://admin:p@ss%s{secret}@127.0.0.1:1/shop"
                    "env:" + variable
                ]

                let runs = [
                    for source in sources do
                        [ "inspect"; "--from"; source ]
                        [ "inspect"; "--from"; source; "--format"; "json" ]
                        [ "diff"; "--from"; source; "--to"; schema ]
                        [ "diff"; "--from"; schema; "--to"; source; "--format"; "json"; "--verbose" ]
                ]

                for args in runs do
                    let r = srschema args
                    let shown = r.Out + r.Err
                    Expect.isFalse (shown.Contains secret) $"%A{args} printed the password:\n%s{shown}"
                    Expect.notEqual r.Code 0 $"%A{args} fails"

                let r =
                    srschema [ "inspect"; "--from"; $"mysql://admin:%s{secret}@127.0.0.1:1/shop" ]

                Expect.stringContains
                    r.Err
                    "not a file, and not a starrocks:// URL"
                    "an unknown scheme is said to be one"

                Expect.stringContains r.Err "mysql://admin:***@127.0.0.1:1/shop" "the user is kept"

                // a project whose srschema.json names the server with its password
                let config =
                    StarRocks.Schema.Database.ProjectConfig.render {
                        StarRocks.Schema.Database.ProjectConfig.defaults with
                            Url = Some unreachable
                    }

                File.WriteAllText(Path.Combine(dir, "srschema.json"), config)
                Directory.CreateDirectory(Path.Combine(dir, "migrations")) |> ignore

                for command in
                    [
                        [ "upgrade" ]
                        [ "downgrade"; "base" ]
                        [ "current" ]
                        [ "history" ]
                        [ "stamp"; "head" ]
                        [ "check" ]
                        [ "apply" ]
                        [ "revision"; "-m"; "x"; "--autogenerate" ]
                    ] do
                    for format in [ []; [ "--format"; "json" ] ] do
                        let args =
                            command
                            @ [ "--project"; dir ]
                            @ (if command.Head = "apply" || command.Head = "revision" then
                                   []
                               else
                                   format)

                        let r = srschema args
                        Expect.isFalse ((r.Out + r.Err).Contains secret) $"%A{args} printed the password"
                        Expect.equal r.Code 4 $"%A{args}: the server cannot be reached (%s{r.Err})")
        finally
            Environment.SetEnvironmentVariable(variable, null)

let tests =
    testList "cli" [
        secrets
        testCase "inspect on the bundled example prints canonical SQL on stdout and a count on stderr"
        <| fun () ->
            let r = srschema [ "inspect"; "--from"; examples ]
            Expect.equal r.Code 0 "exit code"
            Expect.stringStarts r.Out "CREATE TABLE `orders` (" "stdout is SQL"
            Expect.equal (r.Err.Trim()) "4 object(s) read from 2 file(s)" "stderr"
        testCase "the SQL inspect prints is itself valid input and gives the same objects"
        <| fun () ->
            let r = srschema [ "inspect"; "--from"; examples ]

            match Parse.script "out.sql" r.Out with
            | Ok s -> Expect.equal (Render.script s.Objects) r.Out "stable"
            | Error es -> failtestf "%A" es
        testCase "inspect --format json prints a JSON document"
        <| fun () ->
            let r =
                srschema [
                    "inspect"
                    "--from"
                    Path.Combine(examples, "orders.sql")
                    "--format"
                    "json"
                ]

            Expect.equal r.Code 0 "exit code"
            use doc = Text.Json.JsonDocument.Parse r.Out
            Expect.equal (doc.RootElement.GetProperty("formatVersion").GetInt32()) 1 "version"
            Expect.equal (doc.RootElement.GetProperty("objects").GetArrayLength()) 2 "objects"
        testCase "a parse error: exit 1, one line file:line:column: message on stderr, nothing on stdout"
        <| fun () ->
            withFiles [ "bad.sql", "CREATE TABLE t (\n  k FOO\n);" ] (fun dir ->
                let r = srschema [ "inspect"; "--from"; dir ]
                Expect.equal r.Code 1 "exit code"
                Expect.equal r.Out "" "no output"
                let file = Path.Combine(dir, "bad.sql")
                Expect.equal (r.Err.Trim()) $"%s{file}:2:5: unknown data type 'FOO'" "message")
        testCase "an object defined in two files: exit 1 with the second place"
        <| fun () ->
            withFiles [ "a.sql", "CREATE TABLE t (k INT);"; "b/c.sql", "CREATE VIEW t AS SELECT 1;" ] (fun dir ->
                let r = srschema [ "inspect"; "--from"; dir ]
                Expect.equal r.Code 1 "exit code"
                Expect.stringContains r.Err "c.sql:1:1: `t` is defined more than once" "message")
        testCase "warnings go to stderr and do not change the exit code"
        <| fun () ->
            withFiles
                [
                    "r.sql", "CREATE TABLE t (a INT, b INT) ENGINE=OLAP DEFAULT CHARSET = utf8 DUPLICATE KEY(a);"
                ]
                (fun dir ->
                    let r = srschema [ "inspect"; "--from"; dir ]
                    Expect.equal r.Code 0 "exit code"
                    Expect.stringContains r.Err "warning: " "warning"
                    Expect.stringContains r.Out "CHARSET = utf8" "kept in the output")
        testCase "a missing path: exit 1"
        <| fun () ->
            let r = srschema [ "inspect"; "--from"; "/no/such/place" ]
            Expect.equal r.Code 1 "exit code"
            Expect.stringContains r.Err "no such file or folder" "message"
        testCase "an empty folder: exit 0, nothing on stdout, a warning on stderr"
        <| fun () ->
            withFiles [] (fun dir ->
                let r = srschema [ "inspect"; "--from"; dir ]
                Expect.equal (r.Code, r.Out) (0, "") "empty"
                Expect.stringContains r.Err "warning: " "a warning"
                Expect.stringContains r.Err "no .sql files found" "what it warns of")
        testCase "a missing argument is named, with what it takes"
        <| fun () ->
            for command, argument in [ "downgrade", "TARGET"; "stamp", "REV" ] do
                let r = srschema [ command ]
                Expect.equal r.Code 64 "a usage error"
                Expect.stringStarts r.Err $"srschema: %s{command} needs %s{argument} (head, base, " "named"
        testList "usage errors exit 64" [
            for args in
                [
                    [ "frobnicate" ]
                    [ "inspect" ]
                    [ "inspect"; "--from" ]
                    [ "inspect"; "--from"; "x"; "--format"; "xml" ]
                    [ "inspect"; "--bogus" ]
                    [ "diff"; "--from"; "x" ]
                    [ "diff"; "--to"; "x" ]
                    [ "diff"; "--from"; "x"; "--to"; "y"; "--fail-on"; "slow" ]
                    [ "diff"; "--from"; "x"; "--to"; "y"; "--server-version"; "three" ]
                    [ "diff"; "--from"; "x"; "--to"; "y"; "--server-version"; "2.5" ]
                    [ "diff"; "--from"; "x"; "--to"; "y"; "--run-mode"; "cloud" ]
                    [ "diff"; "--from"; "x"; "--to" ]
                    [ "downgrade" ]
                    [ "stamp" ]
                ] ->
                testCase (String.concat " " args)
                <| fun () ->
                    let r = srschema args
                    Expect.equal r.Code 64 "exit code"
                    Expect.equal r.Out "" "nothing on stdout"
                    let lines = r.Err.TrimEnd().Split('\n')
                    Expect.equal lines.Length 2 $"the one line that is wrong, and where help is:\n%s{r.Err}"
                    Expect.stringStarts lines[0] "srschema: " "the wrong line"
                    Expect.stringContains lines[1] "--help' for usage" "points at help"
        ]
        testCase "diff on the bundled example prints statements on stdout only, each ending its line with ';'"
        <| fun () ->
            let r = srschema [ "diff"; "--from"; actualExample; "--to"; examples ]
            Expect.equal r.Code 0 "exit code"
            Expect.equal (r.Err.Trim()) "7 statement(s)" "stderr"

            for line in r.Out.Split('\n') do
                Expect.isTrue
                    (line = ""
                     || line.StartsWith "-- "
                     || not (line.Contains ";")
                     || line.EndsWith ";")
                    $"a ';' only ends a line: %s{line}"

            golden (Path.Combine(projectDir, "golden", "plans", "example.sql")) r.Out

            match Parse.operations "out.sql" r.Out with
            | Ok statements -> Expect.equal statements.Length 7 "stdout reads back as 7 statements"
            | Error es -> failtestf "stdout does not read back: %A" es
        testCase "diff of a schema with itself says 'no changes' on stderr and prints nothing"
        <| fun () ->
            let r = srschema [ "diff"; "--from"; examples; "--to"; examples; "--exit-code" ]
            Expect.equal r.Code 0 "exit code"
            Expect.equal r.Out "" "stdout"
            Expect.equal (r.Err.Trim()) "no changes" "stderr"
        testCase "diff --exit-code exits 2 when there are changes"
        <| fun () ->
            Expect.equal
                (srschema [ "diff"; "--from"; actualExample; "--to"; examples; "--exit-code" ]).Code
                2
                "exit code"
        testCase "diff --fail-on destructive exits 3 when a step loses data, and says so"
        <| fun () ->
            let r =
                srschema [
                    "diff"
                    "--from"
                    actualExample
                    "--to"
                    examples
                    "--fail-on"
                    "destructive"
                ]

            Expect.equal r.Code 3 "exit code"
            Expect.stringContains r.Err "destructive" "stderr names the risk"
            Expect.stringContains r.Out "DROP TABLE `legacy_events`;" "the plan is still printed"
        testCase "diff --fail-on rewrite also stops on rewrite steps; a metadata-only plan passes"
        <| fun () ->
            withFiles
                [
                    "a.sql", "CREATE TABLE t (k INT) DUPLICATE KEY(k) COMMENT 'a';"
                    "b.sql", "CREATE TABLE t (k INT) DUPLICATE KEY(k) COMMENT 'b';"
                    "c.sql", "CREATE TABLE t (k BIGINT) DUPLICATE KEY(k) COMMENT 'a';"
                ]
                (fun dir ->
                    let path f = Path.Combine(dir, f)

                    let metadata =
                        srschema [ "diff"; "--from"; path "a.sql"; "--to"; path "b.sql"; "--fail-on"; "rewrite" ]

                    Expect.equal metadata.Code 0 "a comment change is metadata-only"

                    let rewrite =
                        srschema [ "diff"; "--from"; path "a.sql"; "--to"; path "c.sql"; "--fail-on"; "rewrite" ]

                    Expect.equal rewrite.Code 3 "a type change rewrites")
        testCase "diff --verbose explains changes and ignored differences on stderr"
        <| fun () ->
            let r = srschema [ "diff"; "--from"; actualExample; "--to"; examples; "--verbose" ]

            Expect.stringContains
                r.Err
                "`orders` column `status` type: varchar(8) -> varchar(16) (altered in place)"
                "a change"

            Expect.stringContains r.Err "ignored: the server's default value" "an ignored default"
            Expect.isFalse (r.Out.Contains "ignored") "nothing of it on stdout"
        testCase "diff --verbose says which objects are created and which dropped, not altered in place"
        <| fun () ->
            withFiles
                [
                    "a.sql",
                    "CREATE TABLE gone (id INT); CREATE TABLE kept (id INT); CREATE VIEW old_v AS SELECT id FROM kept;"
                    "b.sql",
                    "CREATE TABLE kept (id INT); CREATE TABLE fresh (id INT); CREATE MATERIALIZED VIEW mv REFRESH ASYNC AS SELECT id FROM kept;"
                ]
                (fun dir ->
                    let r =
                        srschema [
                            "diff"
                            "--from"
                            Path.Combine(dir, "a.sql")
                            "--to"
                            Path.Combine(dir, "b.sql")
                            "--verbose"
                        ]

                    Expect.equal r.Code 0 "exit code"
                    Expect.stringContains r.Err "`gone`: table dropped" "the dropped table"
                    Expect.stringContains r.Err "`old_v`: view dropped" "the dropped view"
                    Expect.stringContains r.Err "`fresh`: table created" "the created table"
                    Expect.stringContains r.Err "`mv`: materialized view created" "the created materialized view"
                    Expect.isFalse (r.Err.Contains "altered in place") "nothing here is altered in place")
        testCase "diff warns on stderr about a non-default server value the desired schema leaves unset"
        <| fun () ->
            withFiles
                [
                    "a.sql", "CREATE TABLE t (k INT) DUPLICATE KEY(k) PROPERTIES ('replication_num' = '1');"
                    "b.sql", "CREATE TABLE t (k INT) DUPLICATE KEY(k);"
                ]
                (fun dir ->
                    let r =
                        srschema [
                            "diff"
                            "--from"
                            Path.Combine(dir, "a.sql")
                            "--to"
                            Path.Combine(dir, "b.sql")
                        ]

                    Expect.equal r.Code 0 "exit code"
                    Expect.equal r.Out "" "no statement"
                    Expect.stringContains r.Err "warning: `t` property \"replication_num\": 1 kept" "warning")
        testCase "diff --format json prints the plan as JSON"
        <| fun () ->
            let r =
                srschema [ "diff"; "--from"; actualExample; "--to"; examples; "--format"; "json" ]

            use doc = System.Text.Json.JsonDocument.Parse r.Out
            Expect.equal (doc.RootElement.GetProperty("steps").GetArrayLength()) 7 "steps"
            Expect.equal (doc.RootElement.GetProperty("maxRisk").GetString()) "destructive" "max risk"
        testCase "diff with an invalid input exits 1 with file:line:column"
        <| fun () ->
            withFiles [ "bad.sql", "CREATE TABLE t (k INT" ] (fun dir ->
                let r =
                    srschema [ "diff"; "--from"; Path.Combine(dir, "bad.sql"); "--to"; examples ]

                Expect.equal r.Code 1 "exit code"
                Expect.stringContains r.Err "bad.sql:1:" "place")
        testCase
            "a live source that cannot be reached fails within seconds: exit 4, one line naming host and port, never the password"
        <| fun () ->
            let watch = Diagnostics.Stopwatch.StartNew()

            let r =
                srschema [
                    "diff"
                    "--from"
                    "starrocks://admin:s3cret@127.0.0.1:1/shop?connect_timeout=2&ssl=none"
                    "--to"
                    examples
                ]

            Expect.equal r.Code 4 "exit code"
            Expect.equal r.Out "" "nothing on stdout"
            Expect.stringContains r.Err "admin@127.0.0.1:1/shop" "host and port"
            Expect.isFalse (r.Err.Contains "s3cret") "no password"
            Expect.equal (r.Err.Trim().Split('\n').Length) 1 "one line"
            Expect.isLessThan watch.Elapsed.TotalSeconds 15.0 "within seconds"
        testCase
            "Ctrl-C while a live source is read (even while connecting): exit 130, one line, no stack trace, nothing on stdout"
        <| fun () ->
            // a server that accepts the connection and never greets: the client waits until it is cancelled
            use listener = new Net.Sockets.TcpListener(Net.IPAddress.Loopback, 0)
            listener.Start()
            let port = (listener.LocalEndpoint :?> Net.IPEndPoint).Port
            use cts = new Threading.CancellationTokenSource(TimeSpan.FromMilliseconds 300.0)
            let watch = Diagnostics.Stopwatch.StartNew()

            for command in [ [ "inspect" ]; [ "graph" ]; [ "diff"; "--to"; examples ] ] do
                use out = new StringWriter()
                use err = new StringWriter()

                let code =
                    CommandLine.runWith
                        (CommandLine.servers cts.Token)
                        (command
                         @ [
                             "--from"
                             $"starrocks://admin:s3cret@127.0.0.1:%d{port}/shop?connect_timeout=60"
                         ])
                        out
                        err

                Expect.equal code 130 $"%A{command}: exit code\n%O{err}"
                Expect.equal (out.ToString()) "" "nothing on stdout"
                Expect.equal (err.ToString().Trim()) "cancelled: nothing was changed" "one line"

            Expect.isLessThan watch.Elapsed.TotalSeconds 30.0 "the connection wait is cancelled, not timed out"
        testCase "a live source may come from an environment variable; a missing one or a bad URL is invalid input"
        <| fun () ->
            let unset = srschema [ "inspect"; "--from"; "env:SRSCHEMA_TEST_NO_SUCH_VARIABLE" ]
            Expect.equal unset.Code 1 "unset"
            Expect.stringContains unset.Err "SRSCHEMA_TEST_NO_SUCH_VARIABLE is not set" "says which"
            Environment.SetEnvironmentVariable("SRSCHEMA_TEST_URL_BAD", "starrocks://u:hidden@h/hive.db")
            let bad = srschema [ "inspect"; "--from"; "env:SRSCHEMA_TEST_URL_BAD" ]
            Expect.equal bad.Code 1 "bad URL"
            Expect.stringContains bad.Err "only default_catalog" "why"
            Expect.isFalse (bad.Err.Contains "hidden") "no password"
        testCase "inspect --format fsharp prints F# source that rebuilds the schema"
        <| fun () ->
            let r = srschema [ "inspect"; "--from"; examples; "--format"; "fsharp" ]
            Expect.equal r.Code 0 "exit code"
            Expect.stringStarts r.Out "// Generated by srschema inspect --format fsharp" "F# source"
            Expect.stringContains r.Out "let schema = Schema.ofDistinct objects" "the schema value"
        testCase "inspect --format csharp prints C# source over the builders"
        <| fun () ->
            let r = srschema [ "inspect"; "--from"; examples; "--format"; "csharp" ]
            Expect.equal r.Code 0 "exit code"
            Expect.stringStarts r.Out "// Generated by srschema inspect --format csharp" "C# source"
            Expect.stringContains r.Out "public static SchemaModel Build()" "the schema method"
            Expect.stringContains r.Out "new TableBuilder(" "tables as builders"
            Expect.stringContains r.Out "namespace StarRocksSchema;" "the default namespace"

            let named =
                srschema [
                    "inspect"
                    "--from"
                    examples
                    "--format"
                    "csharp"
                    "--namespace"
                    "Shop.Data"
                ]

            Expect.stringContains named.Out "namespace Shop.Data;" "--namespace"

            let fsharp =
                srschema [
                    "inspect"
                    "--namespace"
                    "Shop.Data"
                    "--from"
                    examples
                    "--format"
                    "fsharp"
                ]

            Expect.stringContains fsharp.Out "module Shop.Data.Schema" "the F# module"
            Expect.equal (srschema [ "inspect"; "--from"; examples; "--namespace"; "Shop.Data" ]).Code 64 "not for SQL"

            Expect.equal
                (srschema [ "inspect"; "--from"; examples; "--format"; "csharp"; "--namespace"; "1bad" ]).Code
                64
                "not an identifier"
        testCase "--help lists the commands on stdout; each command's help has its own options and examples"
        <| fun () ->
            let r = srschema [ "--help" ]
            Expect.equal (r.Code, r.Err) (0, "") "exit code, nothing on stderr"

            for command in [ "inspect"; "diff"; "graph"; "upgrade"; "downgrade"; "check"; "apply"; "help" ] do
                Expect.stringContains r.Out $"\n  %s{command} " $"lists %s{command}"

            Expect.stringContains r.Out "Exit codes:" "the exit codes"
            let diff = srschema [ "diff"; "--help" ]
            Expect.equal (diff.Code, diff.Err) (0, "") "diff --help: no error although --from and --to are missing"
            Expect.stringContains diff.Out "srschema diff [options]" "its usage"
            Expect.stringContains diff.Out "--fail-on <rewrite|destructive>" "its options"
            Expect.stringContains diff.Out "srschema diff --from examples/actual --to examples/schema" "its examples"
            Expect.isFalse (diff.Out.Contains "--namespace") "not another command's options"
            Expect.equal (srschema [ "help"; "diff" ]).Out diff.Out "help diff is diff --help"

            for command in
                [
                    "init"
                    "revision"
                    "upgrade"
                    "downgrade"
                    "current"
                    "history"
                    "heads"
                    "stamp"
                    "check"
                    "apply"
                    "inspect"
                    "graph"
                ] do
                let help = srschema [ command; "--help" ]
                Expect.equal help.Code 0 $"%s{command} --help"
                Expect.stringContains help.Out $"srschema %s{command}" $"%s{command}: its usage"
                Expect.stringContains help.Out "Examples:" $"%s{command}: examples"

            Expect.equal (srschema []).Out r.Out "no arguments: the same help"
            let unknown = srschema [ "help"; "frobnicate" ]
            Expect.equal unknown.Code 64 "help on an unknown command is a usage error"
            Expect.stringContains unknown.Err "unknown command 'frobnicate'" "names it"
        testCase "-q keeps stderr to errors and warnings; the requested output is unchanged"
        <| fun () ->
            let loud = srschema [ "diff"; "--from"; actualExample; "--to"; examples ]
            let quiet = srschema [ "diff"; "-q"; "--from"; actualExample; "--to"; examples ]
            Expect.equal (quiet.Code, quiet.Out) (loud.Code, loud.Out) "same result and stdout"
            Expect.isNonEmpty loud.Err "a summary without -q"
            Expect.equal quiet.Err "" "no summary with -q"

            withFiles [ "a.sql", "CREATE TABLE t (a INT) PROPERTIES (\"replication_num\" = \"1\");" ] (fun dir ->
                let r =
                    srschema [
                        "diff"
                        "--quiet"
                        "--from"
                        Path.Combine(dir, "a.sql")
                        "--to"
                        Path.Combine(dir, "a.sql")
                    ]

                Expect.equal r.Err "" "no 'no changes' either"

                let missing = srschema [ "inspect"; "-q"; "--from"; Path.Combine(dir, "nope.sql") ]
                Expect.equal missing.Code 1 "an error"
                Expect.stringContains missing.Err "no such file or folder" "errors still show")
        testCase "colour only on a terminal, never with --no-color or NO_COLOR; live progress only on a terminal"
        <| fun () ->
            let streams terminal noColorVariable : Output.Streams = {
                Out = TextWriter.Null
                Err = TextWriter.Null
                ErrIsTerminal = terminal
                NoColorVariable = noColorVariable
            }

            let create terminal variable quiet noColor =
                let t =
                    Output.Terminal.create
                        (streams terminal variable)
                        (new Output.RedactingWriter(TextWriter.Null))
                        quiet
                        noColor

                t.Color, t.Live.IsSome

            Expect.equal (create true false false false) (true, true) "a terminal"
            Expect.equal (create true false false true) (false, true) "--no-color"
            Expect.equal (create true true false false) (false, true) "NO_COLOR"
            Expect.equal (create true false true false) (true, false) "--quiet: no live progress"
            Expect.equal (create false false false false) (false, false) "redirected"
            // in process (stderr not a terminal), nothing written carries an escape sequence
            let r = srschema [ "diff"; "--verbose"; "--from"; actualExample; "--to"; examples ]
            Expect.isFalse ((r.Out + r.Err).Contains "\u001b") "no ANSI escapes when redirected"
        testCase
            "live progress reaches the terminal as it is drawn: nothing of it is pending when the work ends, and what it shows is redacted"
        <| fun () ->
            let err = new StringWriter()
            let out = new StringWriter()

            let streams: Output.Streams = {
                Out = out
                Err = err
                ErrIsTerminal = true
                NoColorVariable = false
            }

            let redacting = new Output.RedactingWriter(err)
            let t = Output.Terminal.create streams redacting false false
            t.Info.Write "an earlier line, not yet ended"

            let answer =
                Output.Progress.run t "reading starrocks://admin:S3cretPw@db:9030/shop" true (fun p ->
                    p.Status "reading mysql://admin:S3cretPw@db:9030/shop"
                    p.Line "read starrocks://admin:S3cretPw@db:9030/shop"
                    42)

            Expect.equal answer 42 "the work's result"
            let drawn = err.ToString()
            Expect.stringStarts drawn "an earlier line, not yet ended" "what was written before comes first"
            Expect.stringContains drawn "admin:***@db" "the texts are shown, redacted"
            Expect.isFalse (drawn.Contains "S3cretPw") "no password"
            // the old writer held the status line's last redraw and clean-up until the next line ended, so they
            // reached the terminal after the SQL on stdout and erased it
            redacting.WriteLine "after"
            Expect.equal (err.ToString()) (drawn + "after" + Environment.NewLine) "nothing was pending"
        testCase
            "diff --format markdown prints the pull-request comment, graph the dependency graph (the review goldens)"
        <| fun () ->
            let review name =
                File.ReadAllText(Path.Combine(projectDir, "golden", "review", name))

            let markdown =
                srschema [
                    "diff"
                    "--from"
                    actualExample
                    "--to"
                    examples
                    "--format"
                    "markdown"
                    "--database"
                    "shop"
                ]

            Expect.equal (markdown.Code, markdown.Out) (0, review "example.md") "markdown on stdout"
            Expect.equal (markdown.Err.Trim()) "7 statement(s)" "the count on stderr"
            let mermaid = srschema [ "graph"; "--from"; examples ]
            Expect.equal (mermaid.Code, mermaid.Out) (0, review "schema.mmd") "Mermaid by default"
            let dot = srschema [ "graph"; "--from"; examples; "--format"; "dot" ]
            Expect.equal (dot.Code, dot.Out) (0, review "schema.dot") "DOT"
            Expect.equal (srschema [ "graph"; "--from"; examples; "--format"; "png" ]).Code 64 "an unknown format"
            Expect.equal (srschema [ "graph"; "--from"; Path.Combine(examples, "nope") ]).Code 1 "a missing source"
        testCase "--version prints the version"
        <| fun () -> Expect.stringStarts (srschema [ "--version" ]).Out "srschema 0." "version"
        testCase "diff --server-version 26.2.0-ee writes the untimed refresh ON_CHANGE; 4.1 and no version write ASYNC"
        <| fun () ->
            let table = "CREATE TABLE t (k INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k);\n"

            withFiles
                [
                    "a/t.sql", table
                    "b/t.sql",
                    table
                    + "CREATE MATERIALIZED VIEW mv DISTRIBUTED BY HASH(k) REFRESH ASYNC AS SELECT k FROM t;\n"
                ]
                (fun dir ->
                    let diff extra =
                        srschema (
                            [ "diff"; "--from"; Path.Combine(dir, "a"); "--to"; Path.Combine(dir, "b") ]
                            @ extra
                        )

                    let newer = diff [ "--server-version"; "26.2.0-ee" ]
                    Expect.equal newer.Code 0 newer.Err
                    Expect.stringContains newer.Out "REFRESH ON_CHANGE\n" "26.2"

                    for run in [ diff [ "--server-version"; "4.1" ]; diff [] ] do
                        Expect.equal run.Code 0 run.Err
                        Expect.stringContains run.Out "REFRESH ASYNC\n" "ASYNC"
                        Expect.isFalse (run.Out.Contains "ON_CHANGE") "no ON_CHANGE")
    ]
