/// SSSOM TSV: a YAML metadata block on lines starting with `#`, then a tab-separated table with a header row,
/// using SSSOM's own column names.
///
/// Export is canonical: metadata keys and columns in a fixed order, CURIE map sorted, every row in the
/// crosswalk's order. A file in that form is read and written back byte for byte.
extension Crosswalk {
    /// The table columns, in the order they are written.
    public static let sssomColumns = [
        "subject_id", "subject_label", "predicate_id", "object_id", "object_label", "mapping_justification",
        "mapping_tool", "author_id", "mapping_date", "confidence", "comment",
    ]

    /// The metadata keys read and written.
    public static let sssomMetadataKeys = [
        "curie_map", "mapping_set_id", "mapping_set_version", "mapping_set_description", "license",
        "subject_source", "subject_source_version", "object_source", "object_source_version",
    ]

    /// The prefix for author ids of this catalogue.
    public static let authorPrefix = ("harmatlas", namespace + "people/")

    /// The CURIE map the file needs.
    public var curieMap: [(String, String)] {
        var map: [String: String] = [
            "skos": "http://www.w3.org/2004/02/skos/core#",
            "semapv": "https://w3id.org/semapv/vocab/",
            Crosswalk.authorPrefix.0: Crosswalk.authorPrefix.1,
        ]
        map[subject.id] = Crosswalk.conceptPrefix(subject.id)
        map[object.id] = Crosswalk.conceptPrefix(object.id)
        return map.sorted { $0.key < $1.key }
    }

    /// The crosswalk as SSSOM TSV text.
    public func sssomTSV() -> String {
        var lines = ["#curie_map:"]
        for (prefix, expansion) in curieMap { lines.append("#  \(prefix): \(Crosswalk.yamlScalar(expansion))") }
        var metadata: [(String, String?)] = [
            ("mapping_set_id", mappingSetID), ("mapping_set_version", mappingSetVersion),
            ("mapping_set_description", description), ("license", license),
            ("subject_source", Crosswalk.sourceURI(subject.id)),
            ("subject_source_version", subject.version.description),
            ("object_source", Crosswalk.sourceURI(object.id)), ("object_source_version", object.version.description),
        ]
        metadata = metadata.filter { $0.1 != nil }
        for (key, value) in metadata { lines.append("#\(key): \(Crosswalk.yamlScalar(value!))") }
        lines.append(Crosswalk.sssomColumns.joined(separator: "\t"))
        for mapping in mappings {
            let cells: [String?] = [
                "\(subject.id):\(mapping.subjectID)", mapping.subjectLabel, mapping.predicate.rawValue,
                "\(object.id):\(mapping.objectID)", mapping.objectLabel, mapping.justification.rawValue,
                mapping.tool, mapping.authorID, mapping.date, mapping.confidence.map { Crosswalk.format($0) },
                mapping.comment,
            ]
            lines.append(cells.map { $0 ?? "" }.joined(separator: "\t"))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) + ".0" : String(value)
    }

    /// A YAML scalar: plain when that cannot be misread, double-quoted otherwise.
    static func yamlScalar(_ text: String) -> String {
        let plainSafe =
            !text.isEmpty && text.first!.isASCII && (text.first!.isLetter || text.first!.isNumber)
            && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_./:@#+-".contains($0)) }
            && text.last != ":" && Double(text) == nil
            && !["true", "false", "yes", "no", "on", "off", "null", "y", "n"].contains(text.lowercased())
        if plainSafe { return text }
        var out: [UInt8] = []
        JSONValue.writeString(text, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Reads a crosswalk from its parsed metadata block and its table lines (numbered from 1 in the file).
    ///
    /// Every problem is reported with its line and column: unknown metadata keys or columns, missing required
    /// ones, CURIEs whose prefix is not the pinned taxonomy, unknown relations or justifications, cells with bad
    /// dates or confidences, and rows with the wrong number of cells.
    public static func decodeSSSOM(
        metadata: DocumentNode?, table: [(line: Int, text: Substring)], file: String
    ) -> (crosswalk: Crosswalk?, diagnostics: [Diagnostic]) {
        let decoder = DocumentDecoder(file: file)
        guard let metadata, let fields = decoder.object(metadata, "", allowed: sssomMetadataKeys) else {
            if metadata == nil {
                decoder.add(
                    Diagnostic(
                        .missingField, at: SourceLocation(file: file, line: 1, column: 1),
                        "missing the '#' metadata block (mapping_set_id, license, subject_source …)"))
            }
            return (nil, decoder.diagnostics)
        }
        var curieMap: [String: String] = [:]
        if let node = decoder.required(fields, "curie_map"), let members = decoder.map(node, fields.path("curie_map")) {
            for member in members {
                if let expansion = decoder.string(member.value, fields.path("curie_map") + "/" + member.key) {
                    curieMap[member.key] = expansion
                }
            }
        }
        func text(_ key: String, required: Bool = true) -> String? {
            guard let node = required ? decoder.required(fields, key) : fields[key] else { return nil }
            return decoder.trimmedString(node, fields.path(key))
        }
        func pin(_ side: String) -> Pin? {
            guard let source = text("\(side)_source"), let versionText = text("\(side)_source_version") else {
                return nil
            }
            let prefix = namespace + "taxonomy/"
            guard source.hasPrefix(prefix),
                HarmCategory.isValidID(String(source.dropFirst(prefix.count)).replacing(".", with: "-"))
            else {
                decoder.report(
                    .invalidValue, fields[side + "_source"]!, fields.path(side + "_source"),
                    "expected a taxonomy source of the form \(prefix)ID, found '\(source)'")
                return nil
            }
            guard let version = SemanticVersion(versionText) else {
                decoder.report(
                    .invalidValue, fields[side + "_source_version"]!, fields.path(side + "_source_version"),
                    "'\(versionText)' is not a SemVer version")
                return nil
            }
            let id = String(source.dropFirst(prefix.count))
            if let expansion = curieMap[id], expansion != conceptPrefix(id) {
                decoder.report(
                    .invalidValue, fields["curie_map"]!, fields.path("curie_map") + "/" + id,
                    "prefix '\(id)' must expand to \(conceptPrefix(id)), found \(expansion)")
            } else if curieMap[id] == nil {
                decoder.report(
                    .missingField, fields["curie_map"] ?? metadata, fields.path("curie_map"),
                    "the curie_map has no prefix '\(id)' for \(side) ids")
            }
            return Pin(id: id, version: version)
        }
        let mappingSetID = text("mapping_set_id")
        let license = text("license")
        let subject = pin("subject")
        let object = pin("object")
        let setVersion = text("mapping_set_version", required: false)
        let description = text("mapping_set_description", required: false)

        var mappings: [Mapping] = []
        guard let header = table.first else {
            decoder.add(Diagnostic(.missingField, at: SourceLocation(file: file), "the table has no header row"))
            return (nil, decoder.diagnostics)
        }
        let columns = header.text.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        var columnIndex: [String: Int] = [:]
        var position = 1
        for (index, column) in columns.enumerated() {
            let location = SourceLocation(file: file, line: header.line, column: position)
            position += column.unicodeScalars.count + 1
            if !sssomColumns.contains(column) {
                decoder.add(
                    Diagnostic(
                        .unknownField, at: location,
                        "unknown column '\(column)'; expected SSSOM columns: \(sssomColumns.joined(separator: ", "))"))
            } else if columnIndex[column] != nil {
                decoder.add(Diagnostic(.duplicateKey, at: location, "column '\(column)' appears twice"))
            } else {
                columnIndex[column] = index
            }
        }
        for required in ["subject_id", "predicate_id", "object_id", "mapping_justification"]
        where columnIndex[required] == nil {
            decoder.add(
                Diagnostic(
                    .missingField, at: SourceLocation(file: file, line: header.line, column: 1),
                    "missing required column '\(required)'"))
        }
        guard !decoder.diagnostics.hasErrors, let mappingSetID, let license, let subject, let object else {
            return (nil, decoder.diagnostics)
        }
        for row in table.dropFirst() where !row.text.isEmpty {
            let cells = row.text.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard cells.count == columns.count else {
                decoder.add(
                    Diagnostic(
                        .syntax, at: SourceLocation(file: file, line: row.line, column: 1),
                        "row has \(cells.count) cells, the header has \(columns.count)"))
                continue
            }
            var rowOK = true
            func cell(_ name: String) -> (value: String, location: SourceLocation)? {
                guard let index = columnIndex[name], !cells[index].isEmpty else { return nil }
                let column = cells[..<index].reduce(1) { $0 + $1.unicodeScalars.count + 1 }
                return (cells[index], SourceLocation(file: file, line: row.line, column: column))
            }
            func fail(_ code: RuleCode, _ location: SourceLocation, _ message: String) {
                decoder.add(Diagnostic(code, at: location, message))
                rowOK = false
            }
            func concept(_ name: String, _ pin: Pin) -> String? {
                guard let (value, location) = cell(name) else {
                    fail(.missingField, SourceLocation(file: file, line: row.line, column: 1), "missing \(name)")
                    return nil
                }
                guard value.hasPrefix(pin.id + ":"), HarmCategory.isValidID(String(value.dropFirst(pin.id.count + 1)))
                else {
                    fail(
                        .invalidValue, location,
                        "\(name) '\(value)' is not a CURIE of the pinned taxonomy, expected \(pin.id):CONCEPT-ID")
                    return nil
                }
                return String(value.dropFirst(pin.id.count + 1))
            }
            let subjectID = concept("subject_id", subject)
            let objectID = concept("object_id", object)
            var predicate: Predicate?
            if let (value, location) = cell("predicate_id") {
                predicate = Predicate(rawValue: value)
                if predicate == nil {
                    fail(
                        .invalidValue, location,
                        "unknown predicate '\(value)'; expected one of: \(Predicate.allCases.map(\.rawValue).joined(separator: ", "))"
                    )
                }
            } else {
                fail(.missingField, SourceLocation(file: file, line: row.line, column: 1), "missing predicate_id")
            }
            var justification: Justification?
            if let (value, location) = cell("mapping_justification") {
                justification = Justification(rawValue: value)
                if justification == nil {
                    fail(
                        .invalidValue, location,
                        "unknown mapping_justification '\(value)'; expected one of: \(Justification.allCases.map(\.rawValue).joined(separator: ", "))"
                    )
                }
            } else {
                fail(
                    .missingField, SourceLocation(file: file, line: row.line, column: 1),
                    "missing mapping_justification")
            }
            var confidence: Double?
            if let (value, location) = cell("confidence") {
                confidence = Double(value)
                if confidence == nil || !(0...1).contains(confidence!) {
                    fail(.invalidValue, location, "confidence '\(value)' is not a number between 0 and 1")
                }
            }
            if let (value, location) = cell("mapping_date") {
                let parts = value.split(separator: "-")
                if parts.map(\.count) != [4, 2, 2] || !value.allSatisfy({ $0.isNumber || $0 == "-" }) {
                    fail(.invalidValue, location, "mapping_date '\(value)' is not a date in the form YYYY-MM-DD")
                }
            }
            if justification == .llmAssisted && cell("mapping_tool") == nil {
                fail(
                    .missingField, SourceLocation(file: file, line: row.line, column: 1),
                    "an LLM-assisted mapping (\(Justification.llmAssisted.rawValue)) must name the model in mapping_tool"
                )
            }
            guard rowOK, let subjectID, let objectID, let predicate, let justification else { continue }
            mappings.append(
                Mapping(
                    subjectID: subjectID, subjectLabel: cell("subject_label")?.value, predicate: predicate,
                    objectID: objectID, objectLabel: cell("object_label")?.value, justification: justification,
                    tool: cell("mapping_tool")?.value, authorID: cell("author_id")?.value,
                    date: cell("mapping_date")?.value, confidence: confidence,
                    comment: cell("comment")?.value))
        }
        guard !decoder.diagnostics.hasErrors else { return (nil, decoder.diagnostics) }
        return (
            Crosswalk(
                mappingSetID: mappingSetID, mappingSetVersion: setVersion, description: description, license: license,
                subject: subject, object: object, mappings: mappings),
            decoder.diagnostics
        )
    }
}
