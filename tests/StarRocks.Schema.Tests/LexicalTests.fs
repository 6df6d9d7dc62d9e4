/// The lexical layer: quoted strings and backticked names (escapes, doubled quotes, unterminated input), identifier
/// characters, comments, and quoting that scans back to what was quoted.
module StarRocks.Schema.Tests.LexicalTests

open Expecto
open FsCheck.FSharp
open StarRocks.Schema
open StarRocks.Schema.Tests.Support

/// The value of the quoted text at the start of text, and the index after it (-1 when it is never closed).
let private decode (text: string) = Lexical.decodeQuotedAt text 0

let private quotedCases = [
    // text, value, index after the closing quote
    "a doubled single quote", "'it''s' rest", "it's", 7
    "a doubled double quote", "\"say \"\"hi\"\"\"", "say \"hi\"", 12
    "backslash escapes", @"'a\nb\tc\'d\\e'", "a\nb\tc'd\\e", 15
    @"\% and \_ keep their backslash", @"'\%\_'", @"\%\_", 6
    "an unknown escape is the character", @"'\q'", "q", 4
    "line breaks are kept as they are", "'a\r\nb'", "a\r\nb", 6
    "a doubled backtick", "`a``b` x", "a`b", 6
    "a backslash is literal in a name", @"`a\b`", @"a\b", 5
    "an empty name", "``", "", 2
    "the first closing quote ends the text", "'a' + 'b'", "a", 3
]

let private unterminatedCases = [
    "a string literal", "'abc"
    "a string literal whose last quote is escaped", @"'abc\'"
    "a string literal ending in a backslash", @"'abc\"
    "a name", "`abc"
    "a name ending in a doubled backtick", "`a``"
    "a lone quote", "\""
]

/// Names made of any characters.
let private anyName =
    ArbMap.defaults
    |> ArbMap.generate<string>
    |> Gen.filter (fun s -> not (isNull s))
    |> Arb.fromGen

/// Names the grammar keeps exactly: not empty, no NUL (a name cannot hold one) and no CR (FParsec reads a line break
/// in a name as '\n').
let private keptNames =
    let keptName =
        ArbMap.defaults
        |> ArbMap.generate<string>
        |> Gen.filter (fun s -> not (System.String.IsNullOrEmpty s) && s.IndexOfAny [| '\000'; '\r' |] < 0)

    Gen.zip keptName keptName |> Arb.fromGen

let tests =
    testList "Lexical" [
        testList "quoted text" [
            for name, text, value, next in quotedCases do
                test name {
                    Expect.equal (decode text) (value, next) text
                    Expect.equal (Lexical.skipQuoted text 0) next "skipQuoted ends where decoding does"
                }
        ]

        testList "unterminated quoted text" [
            for name, text in unterminatedCases do
                test name {
                    Expect.equal (snd (decode text)) -1 text
                    Expect.equal (Lexical.skipQuoted text 0) -1 text
                }
        ]

        test "identifier characters: letters, digits, '_', '$' and any non-ASCII character" {
            for c in [ 'a'; 'Z'; '0'; '_'; '$'; 'é'; 'ß'; '名'; '€'; '\u00a0' ] do
                Expect.isTrue (Lexical.isIdentifierPart c) $"%c{c} is an identifier character"

            for c in [ ' '; '-'; '.'; ','; '`'; '\''; '"'; '('; '\n'; '@'; '#' ] do
                Expect.isFalse (Lexical.isIdentifierPart c) $"%c{c} is not an identifier character"

            Expect.isTrue (Lexical.isIdentifierStart 'é') "a letter starts a word"
            Expect.isFalse (Lexical.isIdentifierStart '1') "an ASCII digit starts a number"
            Expect.isFalse (Lexical.isIdentifierStart '٣') "so does any other digit"
        }

        test "comments" {
            Expect.equal (Lexical.skipComment "-- note\nx" 0) 8 "a line comment ends after its line"
            Expect.equal (Lexical.skipComment "-- note" 0) 7 "or at the end of the text"
            Expect.equal (Lexical.skipComment "/* a\nb */x" 0) 9 "a block comment ends after */"
            Expect.equal (Lexical.skipComment "/* a" 0) -1 "an unclosed block comment"
            Expect.equal (Lexical.skipComment "- 1" 0) 0 "no comment"
        }

        test "tokens: names and strings decoded, comments and white space dropped" {
            Expect.equal
                (Lexical.sqlTokens "`a``b` 'x\\'y' /* c */ \"q\"\"r\" -- d\n$v 1e-3")
                [
                    Lexical.Quoted "a`b"
                    Lexical.Text "x'y"
                    Lexical.Text "q\"r"
                    Lexical.Word "$v"
                    Lexical.Number "1e-3"
                ]
                "tokens"
        }

        test "a ';' in quotes or a comment does not split statements" {
            let text = "SELECT ';' -- ;\n; SELECT `;`; /* ; */"

            let spans =
                Lexical.split text
                |> Result.map (List.map (fun s -> text.Substring(s.Start, s.End - s.Start).Trim()))

            Expect.equal spans (Ok [ "SELECT ';' -- ;"; "SELECT `;`" ]) "statements"
        }

        test "names in query text: bare only when they read back as the same plain word" {
            Expect.equal (Lexical.Quote.inQuery "abc_1$") "abc_1$" "a plain word"
            Expect.equal (Lexical.Quote.inQuery "straße") "straße" "non-ASCII letters"
            Expect.equal (Lexical.Quote.inQuery "select") "`select`" "a keyword"
            Expect.equal (Lexical.Quote.inQuery "1a") "`1a`" "a leading digit"
            Expect.equal (Lexical.Quote.inQuery "a b") "`a b`" "a space"
            Expect.equal (Lexical.Quote.inQuery "a`b") "`a``b`" "a backtick"
        }

        test "STRUCT field names: bare only when SHOW CREATE prints them bare" {
            Expect.equal (Lexical.Quote.fieldName (Name.create "_a1")) "_a1" "an ASCII word"
            Expect.equal (Lexical.Quote.fieldName (Name.create "a$")) "`a$`" "a '$'"
            Expect.equal (Lexical.Quote.fieldName (Name.create "é")) "`é`" "a non-ASCII letter"
        }

        testPropertyWithConfig config "quoting a name then scanning it gives the name back"
        <| Prop.forAll anyName (fun name ->
            let quoted = Lexical.Quote.backticked name

            decode quoted = (name, quoted.Length)
            && Lexical.sqlTokens quoted = [ Lexical.Quoted name ])

        testPropertyWithConfig config "quoting a string then scanning it gives the string back"
        <| Prop.forAll anyName (fun s ->
            let single = Lexical.Quote.singleQuoted s
            let double = Lexical.Quote.doubleQuoted s
            decode single = (s, single.Length) && decode double = (s, double.Length))

        testPropertyWithConfig config "the grammar reads a quoted qualified name back"
        <| Prop.forAll keptNames (fun (db, name) ->
            let q = QualifiedName.inDatabase (Name.create db) (Name.create name)
            Parse.qualifiedName (Lexical.Quote.qualified q) = Ok q)
    ]
