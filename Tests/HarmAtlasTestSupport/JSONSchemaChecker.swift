import Foundation

/// Validates JSON files against a JSON Schema with Python's `jsonschema` package, when python3 has it.
public enum JSONSchemaChecker {
    /// Whether `python3 -c "import jsonschema"` works here.
    public static let available: Bool = (try? run(["-c", "import jsonschema"]).status) == 0

    /// Why schema tests are skipped when ``available`` is false.
    public static let unavailableReason = "python3 with the jsonschema package is not available"

    /// Validates each JSON document in `instances` (a JSON file, or a JSON Lines file when it ends in .jsonl)
    /// against `schema`; returns the validator's complaints, empty when all are valid.
    public static func validate(_ instances: String, schema: String) throws -> [String] {
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1], encoding="utf-8"))
            cls = jsonschema.validators.validator_for(schema)
            cls.check_schema(schema)
            validator = cls(schema)
            path = sys.argv[2]
            docs = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()] if path.endswith(".jsonl") else [json.load(open(path, encoding="utf-8"))]
            for i, doc in enumerate(docs):
                for error in validator.iter_errors(doc):
                    print(f"{i}: {'/'.join(map(str, error.absolute_path))}: {error.message[:200]}")
            """
        let result = try run(["-c", script, schema, instances])
        return result.output.split(separator: "\n").map(String.init)
    }

    private static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

import Testing

extension Trait where Self == ConditionTrait {
    /// Runs a test only when python3 has the jsonschema package, saying why it is skipped otherwise.
    public static var needsJSONSchema: Self {
        .enabled(if: JSONSchemaChecker.available, Comment(rawValue: JSONSchemaChecker.unavailableReason))
    }
}
