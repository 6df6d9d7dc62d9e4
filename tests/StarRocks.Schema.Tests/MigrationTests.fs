/// Migrations: files, the chain, offline replay and autogenerate; the Migrator against a scripted session whose
/// history table behaves like StarRocks's PRIMARY KEY table (an INSERT of an existing key replaces the row); and the
/// offline walkthrough through the CLI.
module StarRocks.Schema.Tests.MigrationTests

open System
open System.IO
open System.Threading
open System.Threading.Tasks
open Expecto
open StarRocks.Schema
open StarRocks.Schema.Database
open StarRocks.Schema.Cli
open StarRocks.Schema.Tests.LiveTests

let private fst3 (a, _, _) = a

let private revisionText id parent up down =
    Revision.render id parent "a change" "2026-11-26T10:00:00Z" up down

let private parseRevision path text =
    match Revision.parse path text with
    | Ok r -> r
    | Error e -> failtest e

let private threeTables =
    parseRevision
        "m/a1.sql"
        (revisionText
            "a1"
            None
            "CREATE TABLE t1 (id INT);\nCREATE TABLE t2 (id INT);\nCREATE TABLE t3 (id INT);"
            "DROP TABLE t3;\nDROP TABLE t2;\nDROP TABLE t1;")

let private second =
    parseRevision "m/b2.sql" (revisionText "b2" (Some "a1") "CREATE TABLE t4 (id INT);" "DROP TABLE t4;")

let private files =
    testList "files and chain" [
        test
            "srschema.json: written defaults read back; a missing database, a bad release, run mode or history table is refused" {
            Expect.equal
                (ProjectConfig.parse "srschema.json" (ProjectConfig.render ProjectConfig.defaults))
                (Ok ProjectConfig.defaults)
                "round trip"

            let refused (json: string) (part: string) =
                match ProjectConfig.parse "p/srschema.json" json with
                | Error e -> Expect.stringContains e part json
                | Ok c -> failtestf "%s: accepted as %A" json c

            refused "{}" "\"database\""
            refused """{"database": "shop", "serverVersion": "three"}""" "serverVersion"
            refused """{"database": "shop", "runMode": "cloud"}""" "runMode 'cloud'"
            refused """{"database": "shop", "historyTable": ""}""" "\"historyTable\""
            refused "{ not json" "p/srschema.json:1:3: not valid JSON: "
            refused "{\n  \"database\":\n}" "p/srschema.json:3:1: not valid JSON: "

            match ProjectConfig.parse "p/srschema.json" "{ not json" with
            | Error e -> Expect.isFalse (e.Contains "LineNumber") "the place is said once, as file:line:column"
            | Ok _ -> failtest "accepted"

            refused """{"database": "shop", "leaseMinutes": 0}""" "\"leaseMinutes\""
            refused """{"database": "shop", "leaseMinutes": "ten"}""" "\"leaseMinutes\""

            match ProjectConfig.parse "srschema.json" """{"database": "shop", "leaseMinutes": 90}""" with
            | Ok c ->
                Expect.equal c.LeaseMinutes 90 "read"

                Expect.equal
                    (MigratorOptions.forProject c MigratorOptions.defaults).LeaseDuration
                    (TimeSpan.FromMinutes 90.0)
                    "used by migration runs"
            | Error e -> failtest e
        }
        test "a migration file reads back what was written; statements know their lines and operations" {
            let r =
                parseRevision
                    "m/a1.sql"
                    (revisionText "a1" None "CREATE TABLE t (id INT);\n\nINSERT INTO t VALUES (1);" "DROP TABLE t;")

            Expect.equal (r.Id, r.Parent, r.Message) ("a1", None, "a change") "header"
            Expect.equal (r.Up |> List.map (fun s -> s.Line)) [ 8; 10 ] "lines in the file"
            Expect.isSome r.Up[0].Operations "CREATE TABLE is modelled"
            Expect.isNone r.Up[1].Operations "INSERT ... VALUES is run, not modelled"
            Expect.equal (r.Down |> List.map (fun s -> s.Sql)) [ "DROP TABLE t" ] "down"
        }
        test "a CR LF inside a string literal survives the file (found by the revision law)" {
            let r =
                parseRevision "m/crlf.sql" (revisionText "a1" None "ALTER TABLE t COMMENT = \"crlf\r\nline\";" "")

            Expect.equal
                r.Up[0].Operations
                (Some [ SetTableComment(QualifiedName.ofName (Name.create "t"), "crlf\r\nline") ])
                "kept"
        }
        test "checksums ignore line endings and the line breaks ending the file, and see any other edit" {
            let text = revisionText "a1" None "CREATE TABLE t (id INT);" ""
            Expect.equal (Revision.checksum (text.Replace("\n", "\r\n"))) (Revision.checksum text) "CR LF"
            Expect.equal (Revision.checksum (text.Replace("\n", "\r"))) (Revision.checksum text) "CR"
            Expect.equal (Revision.checksum (text + "\n\n")) (Revision.checksum text) "line breaks at the end"
            Expect.notEqual (Revision.checksum (text.Replace("INT", "BIGINT"))) (Revision.checksum text) "edited"

            Expect.notEqual
                (Revision.checksum (text.Replace(";", ";   ")))
                (Revision.checksum text)
                "trailing spaces are text"
        }
        test "a revision edited only by trailing spaces inside a multi-line string literal gets another checksum" {
            let text comment =
                revisionText "a1" None $"ALTER TABLE t COMMENT = \"first line%s{comment}\nsecond line\";" ""

            let before = parseRevision "m/a1.sql" (text "")
            let after = parseRevision "m/a1.sql" (text "   ")

            Expect.notEqual
                after.Up[0].Operations
                before.Up[0].Operations
                "the literal's value changed (the statement is another one)"

            Expect.notEqual after.Checksum before.Checksum "the file's checksum sees it"

            Expect.equal
                (Revision.legacyChecksum (text "   "))
                (Revision.legacyChecksum (text ""))
                "the legacy checksum did not"

            Expect.isNone before.LegacyChecksum "no trailing white space: both rules agree"

            Expect.equal
                after.LegacyChecksum
                (Some(Revision.legacyChecksum (text "   ")))
                "trailing white space: the legacy one is kept to read old rows"

            Expect.notEqual
                (MigrationPlanner.statementChecksum after.Up[0].Sql)
                (MigrationPlanner.statementChecksum before.Up[0].Sql)
                "and so does the statement's"
        }
        test "a history row holding the legacy checksum of an unedited revision is not an edit; of an edited one, it is" {
            let text comment =
                revisionText "a1" None $"ALTER TABLE t COMMENT = \"first line%s{comment}\nsecond line\";" ""

            // a literal with a trailing space as written: the legacy rule trims it, the new one does not
            let written = parseRevision "m/a1.sql" (text " ")
            // an edit the legacy rule sees (it cannot see trailing spaces: a row it wrote misses those)
            let edited = parseRevision "m/a1.sql" ((text " ").Replace("second", "2nd"))

            let history (r: Revision) checksum = {
                Entries = [
                    {
                        HistoryEntry.ofRevision r Applied None with
                            Checksum = checksum
                    }
                ]
                Lease = None
            }

            // the row an earlier srschema wrote: the legacy checksum of the file as it ran
            let old = history written (Revision.legacyChecksum (text " "))
            Expect.notEqual written.LegacyChecksum (Some written.Checksum) "the rules differ for this file"

            match MigrationPlanner.status [ written ] old with
            | Ok s -> Expect.isEmpty s.Edited "unedited"
            | Error e -> failtest (Refusal.describe e)

            Expect.isOk (MigrationPlanner.plan [ written ] old Down Base) "a downgrade is not refused"

            match MigrationPlanner.plan [ edited ] old Down Base with
            | Error(EditedRevisions [ "a1", "m/a1.sql" ]) -> ()
            | other -> failtestf "the edit is refused, got %A" other

            Expect.isOk
                (MigrationPlanner.plan [ written ] (history written written.Checksum) Down Base)
                "the new checksum"

            Expect.equal
                (HistoryEntry.ofRevision written Applied None).Checksum
                written.Checksum
                "rows are written with the new one"
        }
        test "an intent holding the legacy checksum of its statement is not an edit; of an edited statement, it is" {
            let text comment =
                revisionText
                    "a1"
                    None
                    $"CREATE TABLE t (id INT);\nALTER TABLE t COMMENT = \"first line%s{comment}\nsecond line\";"
                    ""

            let written = parseRevision "m/a1.sql" (text " ")
            let edited = parseRevision "m/a1.sql" ((text " ").Replace("second", "2nd"))
            let legacy = Revision.legacyChecksum written.Up[1].Sql
            Expect.notEqual legacy (MigrationPlanner.statementChecksum written.Up[1].Sql) "the rules differ"

            let history (r: Revision) = {
                Entries = [
                    {
                        HistoryEntry.ofRevision
                            r
                            (InProgress(
                                Up,
                                1,
                                Some {
                                    Index = 2
                                    Checksum = legacy
                                    Outcome = Sent
                                    Sent = StatementIntent.unsent
                                }
                            ))
                            None with
                            // the file's row is not what this test looks at
                            Checksum = ""
                    }
                ]
                Lease = None
            }

            match MigrationPlanner.plan [ written ] (history written) Up Head with
            | Ok steps -> Expect.equal (steps.Steps |> List.map (fun s -> s.Done)) [ 1 ] "resumed"
            | Error e -> failtest (Refusal.describe e)

            match MigrationPlanner.plan [ edited ] (history edited) Up Head with
            | Error(EditedRevisions [ "a1", "m/a1.sql" ]) -> ()
            | other -> failtestf "the edit is refused, got %A" other
        }
        test "malformed files are errors naming the file" {
            for text, expected in
                [
                    "CREATE TABLE t (id INT);", "not a migration"
                    "-- srschema revision a1\n-- up\n-- down\n", "no '-- parent"
                    "-- srschema revision a1\n-- parent: base\n-- down\n", "no '-- up'"
                    "-- srschema revision a1\n-- parent: base\n-- up\nCREATE TABLE t (id INT\n-- down\n", "m/x.sql:"
                ] do
                match Revision.parse "m/x.sql" text with
                | Error e -> Expect.stringContains e expected text
                | Ok _ -> failtestf "expected an error for %s" text
        }
        test
            "a statement keeps the comment directly above it; a block after a blank line, or after a ';' on its line, is not its own" {
            let text =
                String.concat "\n" [
                    "-- srschema revision a1"
                    "-- parent: base"
                    "-- up"
                    ""
                    "-- a note of the author"
                    "-- the table and its data are dropped"
                    "-- risk: destructive; job: none"
                    "DROP TABLE a;"
                    "-- commented out, not run:"
                    "-- DROP TABLE b;"
                    ""
                    "DROP TABLE c; -- about c"
                    "DROP TABLE d; DROP TABLE e;"
                    "/* block */ DROP TABLE f;"
                    "-- down"
                ]

            let r = parseRevision "m/a1.sql" text

            Expect.equal
                (r.Up |> List.map (fun s -> s.Sql, s.Line, s.Comments))
                [
                    "DROP TABLE a",
                    8,
                    [
                        "-- a note of the author"
                        "-- the table and its data are dropped"
                        "-- risk: destructive; job: none"
                    ]
                    "DROP TABLE c", 12, []
                    "DROP TABLE d", 13, []
                    "DROP TABLE e", 13, []
                    "DROP TABLE f", 14, [ "/* block */" ]
                ]
                "comments as written, each statement its own"

            let script = Chain.script [ r, true ]

            Expect.stringContains
                script
                "-- a note of the author\n-- the table and its data are dropped\n-- risk: destructive; job: none\nDROP TABLE a;"
                "the preview keeps the file's comment, its risk line as the operations say (once)"

            Expect.isFalse (script.Contains "DROP TABLE b") "a commented-out statement does not run and is not shown"
        }
        test "the chain is ordered from base; several heads, unknown parents and duplicates are named" {
            let c = parseRevision "m/c.sql" (revisionText "c3" (Some "a1") "" "")

            match Chain.order [ second; threeTables ] with
            | Ok chain -> Expect.equal (chain |> List.map (fun r -> r.Id)) [ "a1"; "b2" ] "ordered"
            | Error e -> failtest e

            match Chain.order [ threeTables; second; c ] with
            | Error e ->
                Expect.stringContains e "several heads" "heads"
                Expect.stringContains e "b2" "names one"
                Expect.stringContains e "c3" "names the other"
            | Ok _ -> failtest "expected several heads"

            Expect.isError (Chain.order [ second ]) "unknown parent"
            Expect.isError (Chain.order [ threeTables; threeTables ]) "duplicate"
        }
        test "targets: head, base, an id or its prefix, +N and -N" {
            let chain = [ threeTables; second ]
            Expect.equal (MigrationPlanner.resolveText chain -1 "head") (Ok 1) "head"
            Expect.equal (MigrationPlanner.resolveText chain 1 "base") (Ok -1) "base"
            Expect.equal (MigrationPlanner.resolveText chain -1 "b") (Ok 1) "prefix"
            Expect.equal (MigrationPlanner.resolveText chain -1 "+1") (Ok 0) "+1"
            Expect.equal (MigrationPlanner.resolveText chain 1 "-2") (Ok -1) "-2"
            Expect.isError (MigrationPlanner.resolveText chain 1 "+1") "beyond head"
            Expect.isError (MigrationPlanner.resolveText chain -1 "zz") "unknown"
        }
        test "offline replay applies the up parts; a statement srschema does not model is an error at its line" {
            match Chain.replay [ threeTables; second ] Schema.empty with
            | Ok s -> Expect.equal s.Tables.Count 4 "four tables"
            | Error e -> failtest e

            let raw =
                parseRevision
                    "m/r.sql"
                    (revisionText
                        "r1"
                        None
                        "CREATE FUNCTION f(INT) RETURNS INT PROPERTIES (\"symbol\" = \"F\", \"type\" = \"StarrocksJar\", \"file\" = \"http://h/f.jar\");"
                        "")

            Expect.equal
                (StatementKind.ofStatement raw.Up[0].Sql raw.Up[0].Operations)
                Unmodelled
                "a CREATE FUNCTION is not modelled"

            match Chain.replay [ raw ] Schema.empty with
            | Error e ->
                Expect.stringContains e "m/r.sql:8: srschema does not model this statement" "place"
                Expect.stringContains e "skips data statements" "data statements are fine"
            | Ok _ -> failtest "expected an error"

            Expect.stringContains
                (Chain.script [ raw, true ])
                "-- risk and job not known: srschema does not model this statement\nCREATE FUNCTION"
                "upgrade --sql says so"
        }
        test "data statements replay offline: skipped, and named once per revision and part" {
            let data =
                parseRevision
                    "m/d1.sql"
                    (revisionText
                        "d1"
                        None
                        (String.concat "\n" [
                            "CREATE TABLE t (id INT, v INT) PRIMARY KEY (id) DISTRIBUTED BY HASH(id);"
                            "INSERT INTO t VALUES (1, 2), (2, 3);"
                            "UPDATE t SET v = 4 WHERE id = 1;"
                            "DELETE FROM t WHERE id = 2;"
                            "TRUNCATE TABLE t;"
                            "SET query_timeout = 600;"
                        ])
                        "DELETE FROM t;\nDROP TABLE t;")

            let backfill =
                parseRevision
                    "m/e2.sql"
                    (revisionText
                        "e2"
                        (Some "d1")
                        "ALTER TABLE t ADD COLUMN w INT;\nUPDATE t SET w = v;"
                        "ALTER TABLE t DROP COLUMN w;")

            match Chain.verifyWith DiffOptions.defaults [ data; backfill ] with
            | Error e -> failtest e
            | Ok(head, notes) ->
                Expect.equal (head.Tables |> Seq.length) 1 "the table"

                Expect.equal
                    notes
                    [
                        "m/d1.sql: 5 statements of its up part change data or settings, not the schema (INSERT at line 9, UPDATE at line 10, DELETE at line 11, TRUNCATE at line 12, SET at line 13): skipped by the offline replay"
                        "m/d1.sql: 1 statement of its down part changes data or settings, not the schema (DELETE at line 17): skipped by the offline replay"
                        "m/e2.sql: 1 statement of its up part changes data or settings, not the schema (UPDATE at line 9): skipped by the offline replay"
                    ]
                    "one note per revision and part, naming the lines"

            Expect.isOk (Chain.verify DiffOptions.defaults [ data; backfill ]) "check --offline passes"

            match Chain.replayWith [ data ] Schema.empty, Chain.replay [ data ] Schema.empty with
            | Ok(withNotes, [ _ ]), Ok plain -> Expect.equal plain withNotes "replay is replayWith without the notes"
            | other -> failtestf "%A" other

            let script = Chain.script [ data, true ]

            Expect.stringContains
                script
                "-- data: changes rows, not the schema\nINSERT INTO t VALUES (1, 2), (2, 3);"
                "upgrade --sql: an INSERT"

            Expect.stringContains
                script
                "-- data: changes rows, not the schema\nUPDATE t SET v = 4 WHERE id = 1;"
                "an UPDATE"

            Expect.isFalse (script.Contains "risk and job not known") "every statement's kind is known"
        }
        test "autogenerated up parts write destructive steps commented out, unless allowed; down parts are whole" {
            let parse text =
                match Parse.script "x" text |> Result.bind (fun s -> Parse.schema [ s ]) with
                | Ok s -> s
                | Error e -> failtestf "%A" e

            let current = parse "CREATE TABLE old (id INT); CREATE TABLE t (id INT)"
            let desired = parse "CREATE TABLE t (id INT, v INT)"

            match Autogenerate.parts DiffOptions.defaults false current desired with
            | Some(_, up, down) ->
                Expect.stringContains up "-- DROP TABLE `old`;" "commented out"
                Expect.stringContains up "ALTER TABLE `t` ADD COLUMN" "the rest runs"
                Expect.stringContains down "CREATE TABLE `old`" "down recreates it"

                match Parse.operations "up" up with
                | Ok statements -> Expect.equal statements.Length 1 "one statement runs"
                | Error e -> failtestf "%A" e
            | None -> failtest "expected changes"

            Expect.isNone (Autogenerate.parts DiffOptions.defaults false desired desired) "no changes"

            match Autogenerate.parts DiffOptions.defaults true current desired with
            | Some(_, up, _) -> Expect.stringContains up "\nDROP TABLE `old`;" "allowed"
            | None -> failtest "expected changes"
        }
    ]

let private srschema = Support.srschemaRun

let private walkthrough =
    testList "offline walkthrough" [
        test "init, two autogenerated revisions, upgrade head --sql, downgrade base --sql, check --offline" {
            let dir =
                Path.Combine(Path.GetTempPath(), "srschema-walk-" + Guid.NewGuid().ToString "N")

            try
                let code, out, _ = srschema [ "init"; dir; "--database"; "shop" ]
                Expect.equal code 0 "init"
                Expect.stringEnds (out.Trim()) "srschema.json" "prints the config path"
                Expect.isTrue (Directory.Exists(Path.Combine(dir, "migrations"))) "migrations/"
                Expect.equal (fst3 (srschema [ "init"; dir ])) 1 "init refuses to overwrite"

                let code, _, _ =
                    srschema [
                        "revision"
                        "-m"
                        "create the shop"
                        "--autogenerate"
                        "--offline"
                        "--project"
                        dir
                    ]

                Expect.equal code 0 "first revision"

                File.AppendAllText(
                    Path.Combine(dir, "schema", "orders.sql"),
                    "\nCREATE TABLE customers (customer_id INT NOT NULL, name VARCHAR(64)) PRIMARY KEY (customer_id) DISTRIBUTED BY HASH(customer_id) BUCKETS 2;\n"
                )

                let code, _, _ =
                    srschema [
                        "revision"
                        "-m"
                        "add customers"
                        "--autogenerate"
                        "--offline"
                        "--project"
                        dir
                    ]

                Expect.equal code 0 "second revision"

                let code, _, err =
                    srschema [ "revision"; "-m"; "nothing"; "--autogenerate"; "--offline"; "--project"; dir ]

                Expect.equal (code, err.Trim()) (0, "no changes: no revision written") "no changes"
                Expect.equal (Directory.GetFiles(Path.Combine(dir, "migrations")).Length) 2 "two files"

                let code, up, _ = srschema [ "upgrade"; "head"; "--sql"; "--project"; dir ]
                Expect.equal code 0 "upgrade --sql"
                Expect.stringContains up "CREATE TABLE `orders`" "first revision"
                Expect.stringContains up "CREATE TABLE `customers`" "second revision"
                Expect.isLessThan (up.IndexOf "`orders`") (up.IndexOf "`customers`") "in order"
                Expect.stringContains up "-- risk: metadata-only; job: none\nCREATE TABLE `orders`" "risk and job"

                match Parse.operations "up.sql" up with
                | Ok statements -> Expect.equal statements.Length 2 "the printed statements read back"
                | Error e -> failtestf "%A" e

                let code, down, _ = srschema [ "downgrade"; "base"; "--sql"; "--project"; dir ]
                Expect.equal code 0 "downgrade --sql"

                Expect.isLessThan
                    (down.IndexOf "DROP TABLE `customers`")
                    (down.IndexOf "DROP TABLE `orders`")
                    "newest first"

                Expect.stringContains
                    down
                    "-- the table and its data are dropped\n-- risk: destructive; job: none\nDROP TABLE `customers`"
                    "a reviewer sees the drop, and why its data is lost, as the revision file says"

                let code, _, err = srschema [ "check"; "--offline"; "--project"; dir ]
                Expect.equal code 0 "check"
                Expect.stringContains err "the head equals the model" "ok"

                File.AppendAllText(Path.Combine(dir, "schema", "orders.sql"), "\nCREATE TABLE later (id INT);\n")
                let code, out, _ = srschema [ "check"; "--offline"; "--project"; dir ]
                Expect.equal code 2 "the model moved on"
                Expect.stringContains out "CREATE TABLE `later`" "the difference"

                let code, out, _ =
                    srschema [ "check"; "--offline"; "--format"; "json"; "--project"; dir ]

                Expect.equal code 2 "the model moved on (JSON)"
                use checkDoc = Text.Json.JsonDocument.Parse out
                Expect.isFalse (checkDoc.RootElement.GetProperty("ok").GetBoolean()) "not ok"

                let code, out, _ =
                    srschema [ "upgrade"; "--sql"; "--format"; "json"; "--project"; dir ]

                Expect.equal code 0 "upgrade --sql as JSON"
                use upgraded = Text.Json.JsonDocument.Parse out
                Expect.equal (upgraded.RootElement.GetProperty("revisions").GetArrayLength()) 2 "two revisions"

                // a migrations folder is a source too: replayed to its head, it equals the model
                let migrations = Path.Combine(dir, "migrations")

                let code, out, _ =
                    srschema [ "diff"; "--from"; migrations; "--to"; Path.Combine(dir, "schema") ]

                Expect.equal code 0 "diff against the migrations"
                Expect.stringContains out "CREATE TABLE `later`" "only the model's new table"
                Expect.isFalse (out.Contains "`orders`") "the rest is at head"

                let code, out, _ = srschema [ "heads"; "--project"; dir ]
                Expect.equal code 0 "heads"
                Expect.stringContains out "add customers" "one head"

                let code, out, _ =
                    srschema [ "history"; "--offline"; "--format"; "json"; "--project"; dir ]

                Expect.equal code 0 "history"
                use doc = Text.Json.JsonDocument.Parse out
                Expect.equal (doc.RootElement.GetProperty("revisions").GetArrayLength()) 2 "two revisions in JSON"
            finally
                if Directory.Exists dir then
                    Directory.Delete(dir, true)
        }
        test "check --offline on a project with an UPDATE in a revision passes, and names the statement on stderr only" {
            let dir =
                Path.Combine(Path.GetTempPath(), "srschema-walk-" + Guid.NewGuid().ToString "N")

            try
                Expect.equal (fst3 (srschema [ "init"; dir; "--database"; "shop" ])) 0 "init"

                Expect.equal
                    (fst3 (
                        srschema [
                            "revision"
                            "-m"
                            "create the shop"
                            "--autogenerate"
                            "--offline"
                            "--project"
                            dir
                        ]
                    ))
                    0
                    "first revision"

                let migrations = Path.Combine(dir, "migrations")

                let first =
                    parseRevision "first" (File.ReadAllText(Directory.GetFiles(migrations)[0]))

                let path = Path.Combine(migrations, "0000000000b2_backfill.sql")

                File.WriteAllText(
                    path,
                    revisionText
                        "0000000000b2"
                        (Some first.Id)
                        "-- the rows written before the fix\nUPDATE orders SET amount = 0 WHERE amount IS NULL;"
                        ""
                )

                let code, out, err = srschema [ "check"; "--offline"; "--project"; dir ]
                Expect.equal code 0 "check passes"
                Expect.equal out "" "nothing on stdout"

                Expect.stringContains
                    err
                    "0000000000b2_backfill.sql: 1 statement of its up part changes data"
                    "the revision"

                Expect.stringContains err "(UPDATE at line 9): skipped by the offline replay" "the statement"
                Expect.stringContains err "warning:" "as a warning"
                Expect.stringContains err "the head equals the model" "ok"

                let code, out, err =
                    srschema [ "revision"; "-m"; "nothing"; "--autogenerate"; "--offline"; "--project"; dir ]

                Expect.equal (code, out) (0, "") "autogenerate --offline replays it too"
                Expect.stringContains err "(UPDATE at line 9): skipped by the offline replay" "and says so"

                let code, out, err =
                    srschema [ "diff"; "--from"; migrations; "--to"; Path.Combine(dir, "schema") ]

                Expect.equal code 0 "diff --from the migrations"
                Expect.isFalse (out.Contains "skipped") "the note is not in the diff"
                Expect.stringContains err "(UPDATE at line 9): skipped by the offline replay" "but on stderr"

                let code, out, _ = srschema [ "upgrade"; "head"; "--sql"; "--project"; dir ]
                Expect.equal code 0 "upgrade --sql"

                Expect.stringContains
                    out
                    "-- the rows written before the fix\n-- data: changes rows, not the schema\nUPDATE orders"
                    "the preview says the statement changes rows"
            finally
                if Directory.Exists dir then
                    Directory.Delete(dir, true)
        }
        test "live commands without a server say so; upgrade --sql needs none" {
            let dir =
                Path.Combine(Path.GetTempPath(), "srschema-walk-" + Guid.NewGuid().ToString "N")

            try
                srschema [ "init"; dir ] |> ignore
                Environment.SetEnvironmentVariable("SRSCHEMA_URL", null)
                let code, _, err = srschema [ "current"; "--project"; dir ]
                Expect.equal code 1 "no URL"
                Expect.stringContains err "SRSCHEMA_URL is not set" "says which variable"
                Expect.equal (fst3 (srschema [ "upgrade"; "--sql"; "--project"; dir ])) 0 "no server needed"
            finally
                if Directory.Exists dir then
                    Directory.Delete(dir, true)
        }
    ]

let private laws =
    testList "laws" [
        testPropertyWithConfig
            Support.config
            "an autogenerated revision file, read back and replayed, goes from a to b and back"
        <| FsCheck.FSharp.Prop.forAll (FsCheck.FSharp.Arb.fromGen Generators.schemaPair) (fun (o, a, b, _) ->
            match Autogenerate.parts o true a b with
            | None -> Expect.isTrue (Plan.isEmpty (Diff.plan o a b)) "no revision only when nothing changes"
            | Some(_, up, down) ->
                let text = Revision.render "r1" None "generated" "2026-11-26T00:00:00Z" up down

                match Revision.parse "r1.sql" text with
                | Error e -> failtestf "the file does not read back: %s" e
                | Ok r ->
                    Expect.isTrue (r.Up |> List.forall (fun s -> s.Operations.IsSome)) "every up statement is modelled"

                    match Chain.replay [ r ] a with
                    | Error e -> failtestf "up does not replay: %s" e
                    | Ok reached ->
                        let rest = Diff.plan o reached b

                        if not (Plan.isEmpty rest) then
                            failtestf "up does not reach b; still:\n%s\nup was:\n%s" (Plan.sql rest) up

                        match Chain.replay [ { r with Up = r.Down } ] reached with
                        | Error e -> failtestf "down does not replay: %s" e
                        | Ok back ->
                            let reverse = {
                                o with
                                    Renames = List.map Rename.reverse o.Renames
                            }

                            Expect.isTrue (Plan.isEmpty (Diff.plan reverse back a)) "down gives a back")
    ]

/// README's walkthrough, on a copy of examples/walkthrough: the committed first revision is at the model's head; the
/// walkthrough's step 7 (add a column, change a property, add a table) gives one revision with those three changes.
let private bundledWalkthrough =
    test "examples/walkthrough: check --offline, then step 7 autogenerates one revision of three statements" {
        let dir =
            Path.Combine(Path.GetTempPath(), "srschema-example-" + Guid.NewGuid().ToString "N")

        let source = Path.Combine(Support.repoRoot, "examples", "walkthrough")

        let first =
            Directory.GetFiles(Path.Combine(source, "migrations"))
            |> Array.exactlyOne
            |> Path.GetFileName
            |> fun name -> name.Split('_')[0]

        for file in Directory.GetFiles(source, "*", SearchOption.AllDirectories) do
            let target = Path.Combine(dir, Path.GetRelativePath(source, file))
            Directory.CreateDirectory(Path.GetDirectoryName target) |> ignore
            File.Copy(file, target)

        Directory.CreateDirectory(Path.Combine(dir, "migrations")) |> ignore

        try
            let code, _, err = srschema [ "check"; "--offline"; "--project"; dir ]
            Expect.equal code 0 $"the committed revision is at the model: %s{err}"

            let models = Path.Combine(dir, "schema", "models.sql")

            let changed =
                File
                    .ReadAllText(models)
                    .Replace(
                        "name        VARCHAR(64) NOT NULL,",
                        "name        VARCHAR(64) NOT NULL,\n    email       VARCHAR(128),"
                    )
                    .Replace(
                        "DISTRIBUTED BY HASH(user_id)\nPROPERTIES (\"replication_num\" = \"1\");\n\nCREATE VIEW",
                        "DISTRIBUTED BY HASH(user_id)\nPROPERTIES (\"replication_num\" = \"1\", \"partition_live_number\" = \"30\");\n\nCREATE VIEW"
                    )
                + "\nCREATE TABLE my_new_table (id BIGINT NOT NULL, note STRING) DUPLICATE KEY (id) DISTRIBUTED BY HASH(id) PROPERTIES (\"replication_num\" = \"1\");\n"

            File.WriteAllText(models, changed)

            let code, _, _ =
                srschema [ "revision"; "-m"; "step 7"; "--autogenerate"; "--offline"; "--project"; dir ]

            Expect.equal code 0 "revision"

            let code, up, _ =
                srschema [ "upgrade"; $"%s{first}:head"; "--sql"; "--project"; dir ]

            Expect.equal code 0 "the new revision's statements"

            match Parse.operations "up.sql" up with
            | Ok statements -> Expect.equal statements.Length 3 "three statements"
            | Error e -> failtestf "%A" e

            Expect.stringContains up "ADD COLUMN `email` varchar(128)" "the column"
            Expect.stringContains up "\"partition_live_number\" = \"30\"" "the property"
            Expect.stringContains up "CREATE TABLE `my_new_table`" "the table"
            Expect.equal (fst3 (srschema [ "check"; "--offline"; "--project"; dir ])) 0 "at the model again"
        finally
            Directory.Delete(dir, true)
    }

let tests = testList "migrations" [ files; laws; walkthrough; bundledWalkthrough ]
