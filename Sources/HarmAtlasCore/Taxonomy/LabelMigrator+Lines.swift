extension LabelMigrator {
    /// What migrating one JSON Lines record did.
    public struct LineResult: Sendable {
        /// The record to write: the original bytes when nothing changed, otherwise the record re-serialised
        /// compactly with its members in their original order.
        public var bytes: [UInt8]
        /// The references read, with what they became (`nil` when they could not move).
        public var references: [(from: String, to: String?)]
        /// Findings: unmovable or unknown references, unreadable records, a missing or mistyped field.
        public var diagnostics: [Diagnostic]
    }

    /// Migrates the references held at `field` (a top-level key, or a JSON Pointer) in one JSON record.
    public func migrateLine(_ line: ArraySlice<UInt8>, number: Int, file: String, field: String) -> LineResult {
        var content = line
        let carriageReturn = content.last == 0x0D
        if carriageReturn { content = content.dropLast() }
        if content.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
            return LineResult(bytes: Array(line), references: [], diagnostics: [])
        }
        let (parsed, parseFindings) = JSONParser.parse(content, file: file, firstLine: number)
        guard var node = parsed, !parseFindings.hasErrors else {
            return LineResult(bytes: Array(line), references: [], diagnostics: parseFindings)
        }
        let tokens =
            field.hasPrefix("/")
            ? field.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
                String($0).replacing("~1", with: "/").replacing("~0", with: "~")
            }
            : [field]
        var references: [(String, String?)] = []
        var findings: [Diagnostic] = []
        var changed = false
        let pointer = field.hasPrefix("/") ? field : "/" + field

        func rewrite(_ target: inout DocumentNode) {
            func move(_ value: inout DocumentNode) {
                guard case .string(let reference) = value.value else {
                    findings.append(
                        Diagnostic(
                            .wrongType, at: SourceLocation(file: file, line: value.line, column: value.column),
                            field: pointer, "expected a category reference as a string, found \(value.typeName)"))
                    return
                }
                let location = SourceLocation(file: file, line: value.line, column: value.column)
                switch migrate(reference) {
                case .moved(let to):
                    references.append((reference, to))
                    if to != reference {
                        value.value = .string(to)
                        changed = true
                    }
                case .unmovable(let reason):
                    references.append((reference, nil))
                    findings.append(
                        Diagnostic(
                            .unmovableReference, at: location, field: pointer,
                            "cannot move '\(reference)' from \(old.reference) to \(new.reference): \(reason)"))
                case .unknown:
                    references.append((reference, nil))
                    findings.append(
                        Diagnostic(
                            .unknownReference, at: location, field: pointer,
                            "'\(reference)' is neither a category id nor a code of \(old.reference)"))
                }
            }
            switch target.value {
            case .array(var elements):
                for index in elements.indices { move(&elements[index]) }
                target.value = .array(elements)
            case .null: break
            default: move(&target)
            }
        }

        func descend(_ current: inout DocumentNode, _ remaining: ArraySlice<String>) -> Bool {
            guard let token = remaining.first else {
                rewrite(&current)
                return true
            }
            switch current.value {
            case .object(var members):
                guard let index = members.firstIndex(where: { $0.key == token }) else { return false }
                let found = descend(&members[index].value, remaining.dropFirst())
                current.value = .object(members)
                return found
            case .array(var elements):
                guard let index = Int(token), elements.indices.contains(index) else { return false }
                let found = descend(&elements[index], remaining.dropFirst())
                current.value = .array(elements)
                return found
            default:
                return false
            }
        }

        if !descend(&node, tokens[...]) {
            findings.append(
                Diagnostic(
                    .missingField, at: SourceLocation(file: file, line: number, column: 1), field: pointer,
                    "the record has no field \(pointer)"))
        }
        guard changed else { return LineResult(bytes: Array(line), references: references, diagnostics: findings) }
        var bytes = node.compactJSONBytes()
        if carriageReturn { bytes.append(0x0D) }
        return LineResult(bytes: bytes, references: references, diagnostics: findings)
    }
}
