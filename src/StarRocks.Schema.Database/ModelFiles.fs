namespace StarRocks.Schema.Database

open System
open System.IO
open StarRocks.Schema

/// <summary>A model read from .sql files: the parsed scripts (objects, warnings, declared renames) and the schema.</summary>
type ModelFiles = {
    /// <summary>The files read, in ordinal path order.</summary>
    Files: string list
    /// <summary>Their parsed scripts, in the same order.</summary>
    Scripts: ParsedScript list
    /// <summary>The schema they make together.</summary>
    Schema: Schema
}

/// <summary>Reading models from .sql files and folders, for the CLI and the C# facade alike.</summary>
[<RequireQualifiedAccess>]
module ModelFiles =
    /// <summary>The .sql files of a path: the file itself, or a folder's .sql files recursively, in ordinal order.</summary>
    let sqlFiles (path: string) : Result<string list, string> =
        if File.Exists path then
            Ok [ path ]
        elif Directory.Exists path then
            Directory.GetFiles(path, "*.sql", SearchOption.AllDirectories)
            |> Array.sortWith (fun a b -> String.CompareOrdinal(a, b))
            |> List.ofArray
            |> Ok
        else
            Error $"%s{Connection.redact path}: no such file or folder"

    /// <summary>Reads and parses every .sql file of a path into one schema, calling <c>reading</c> with each file's
    /// 1-based position and the number of files before it is read (for progress). <c>Error</c>: a path that does not
    /// exist (one message), or every parse, read and redefinition error with its place.</summary>
    let readReporting
        (reading: int -> int -> unit)
        (path: string)
        : Result<ModelFiles, Choice<string, Diagnostic list>> =
        match sqlFiles path with
        | Error e -> Error(Choice1Of2 e)
        | Ok files ->
            let count = List.length files

            let parsed =
                files
                |> List.mapi (fun i file ->
                    reading (i + 1) count

                    try
                        Parse.script file (File.ReadAllText file)
                    with
                    | :? IOException
                    | :? UnauthorizedAccessException as ex ->
                        Error [
                            {
                                Source = file
                                Line = 1
                                Column = 1
                                Message = $"cannot read the file: %s{ex.Message}"
                            }
                        ])

            match
                parsed
                |> List.collect (function
                    | Error es -> es
                    | Ok _ -> [])
            with
            | [] ->
                let scripts =
                    parsed
                    |> List.choose (function
                        | Ok s -> Some s
                        | Error _ -> None)

                Parse.schema scripts
                |> Result.map (fun schema -> {
                    Files = files
                    Scripts = scripts
                    Schema = schema
                })
                |> Result.mapError Choice2Of2
            | errors -> Error(Choice2Of2 errors)

    /// <summary>Reads and parses every .sql file of a path into one schema. <c>Error</c>: a path that does not exist
    /// (one message), or every parse, read and redefinition error with its place.</summary>
    let read (path: string) : Result<ModelFiles, Choice<string, Diagnostic list>> = readReporting (fun _ _ -> ()) path
