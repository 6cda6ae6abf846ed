/// SARIF 2.1.0 logs of findings, for code-scanning uploads.
public enum SARIF {
    /// The schema URI SARIF 2.1.0 logs name.
    public static let schema = "https://json.schemastore.org/sarif-2.1.0.json"

    /// A SARIF log with one run of `harmatlas` holding `diagnostics`, with every rule that appears described.
    public static func log(_ diagnostics: [Diagnostic]) -> JSONValue {
        let rules = Array(Set(diagnostics.map(\.code))).sorted()
        let ruleIndex = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.rawValue, $0) })
        let results: [JSONValue] = diagnostics.map { diagnostic in
            var region: [String: JSONValue] = [:]
            if let line = diagnostic.location.line { region["startLine"] = .int(line) }
            if let column = diagnostic.location.column { region["startColumn"] = .int(column) }
            var physical: [String: JSONValue] = [
                "artifactLocation": .object(["uri": .string(uri(diagnostic.location.file))])
            ]
            if !region.isEmpty { physical["region"] = .object(region) }
            var result: [String: JSONValue] = [
                "ruleId": .string(diagnostic.code.rawValue),
                "ruleIndex": .int(ruleIndex[diagnostic.code.rawValue]!),
                "level": .string(level(diagnostic.severity)),
                "message": .object(["text": .string(diagnostic.message)]),
                "locations": .array([.object(["physicalLocation": .object(physical)])]),
            ]
            if let field = diagnostic.field { result["properties"] = .object(["jsonPointer": .string(field)]) }
            return .object(result)
        }
        let driver: JSONValue = .object([
            "name": .string("harmatlas"),
            "version": .string(HarmAtlasVersion.current),
            "rules": .array(
                rules.map { rule in
                    .object([
                        "id": .string(rule.rawValue),
                        "name": .string(rule.name),
                        "shortDescription": .object(["text": .string(rule.name.replacing("-", with: " "))]),
                        "defaultConfiguration": .object(["level": .string(level(rule.defaultSeverity))]),
                    ])
                }),
        ])
        return .object([
            "$schema": .string(schema),
            "version": .string("2.1.0"),
            "runs": .array([.object(["tool": .object(["driver": driver]), "results": .array(results)])]),
        ])
    }

    private static func level(_ severity: Diagnostic.Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .note: "note"
        }
    }

    /// A relative URI reference for a path: percent-encoded except for unreserved characters and `/`.
    static func uri(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            let scalar = Unicode.Scalar(byte)
            if scalar.properties.isASCIIHexDigit
                || (byte < 0x80 && (Character(scalar).isLetter || Character(scalar).isNumber))
                || "-._~/".utf8.contains(byte)
            {
                out.unicodeScalars.append(scalar)
            } else {
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded
            }
        }
        return out
    }
}

extension String {
    fileprivate var leftPadded: String { count == 1 ? "0" + self : self }
}
