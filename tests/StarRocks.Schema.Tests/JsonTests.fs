/// The JSON writer and the documented JSON form.
module StarRocks.Schema.Tests.JsonTests

open Expecto
open FsCheck.FSharp
open StarRocks.Schema
open StarRocks.Schema.Tests.Support

let tests =
    testList "json" [
        testCase "strings escape quotes, backslashes and control characters; other text stays UTF-8"
        <| fun () ->
            Expect.equal
                (Json.serialize (JString "a\"b\\c\nd\r\te\u0001 主键"))
                "\"a\\\"b\\\\c\\nd\\r\\te\\u0001 主键\""
                "escaped"
        testCase "objects and arrays are indented by two spaces; empty ones stay on one line"
        <| fun () ->
            Expect.equal
                (Json.serialize (
                    JObject [
                        "a", JArray [ JNumber 1L; JBool true; JNull ]
                        "b", JObject []
                        "c", JArray []
                    ]
                ))
                "{\n  \"a\": [\n    1,\n    true,\n    null\n  ],\n  \"b\": {},\n  \"c\": []\n}"
                "layout"
        testCase "the document names its format version and lists objects in order"
        <| fun () ->
            let text = SchemaJson.serialize [ TableObject baseTable ]

            Expect.stringStarts
                text
                "{\n  \"formatVersion\": 1,\n  \"objects\": [\n    {\n      \"kind\": \"table\""
                "head"

            Expect.stringEnds text "}\n" "final newline"
        testCase "unset options are null, set ones are values"
        <| fun () ->
            let t = tableOk "CREATE TABLE t (k INT)"
            let text = SchemaJson.serialize [ TableObject t ]
            Expect.stringContains text "\"keys\": null" "keys unset"
            Expect.stringContains text "\"distribution\": null" "distribution unset"
            Expect.stringContains text "\"nullable\": null" "nullability unset"
        testPropertyWithConfig config "the JSON of every generated object is well-formed JSON with its kind"
        <| Prop.forAll Generators.arbitrary (fun o ->
            use doc = System.Text.Json.JsonDocument.Parse(SchemaJson.serialize [ o ])
            let objects = doc.RootElement.GetProperty "objects"
            objects.GetArrayLength() = 1 && objects[0].GetProperty("kind").GetString() <> "")
        testCase "every kind of object has a kind tag"
        <| fun () ->
            let objects = [
                parseOk "CREATE VIEW v AS SELECT 1"
                parseOk "CREATE MATERIALIZED VIEW m REFRESH MANUAL AS SELECT 1"
            ]

            let text = SchemaJson.serialize objects
            Expect.stringContains text "\"kind\": \"view\"" "view"
            Expect.stringContains text "\"kind\": \"materializedView\"" "materialized view"
            Expect.stringContains text "\"kind\": \"manual\"" "refresh"
    ]
