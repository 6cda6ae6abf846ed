/// Checks a crosswalk against the releases it pins: both releases available, every end a category of its
/// release, no mapping given twice.
public enum CrosswalkLinter {
    /// The findings for `crosswalk`, read from `file`, given the releases at hand. `lines` gives the file line of
    /// each mapping, when known.
    public static func lint(
        _ crosswalk: Crosswalk, file: String, lines: [Int] = [], releases: [TaxonomyRelease]
    ) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        func location(_ index: Int?) -> SourceLocation {
            guard let index, index < lines.count else { return SourceLocation(file: file) }
            return SourceLocation(file: file, line: lines[index], column: 1)
        }
        let subject = releases.first(where: crosswalk.subject.matches)
        let object = releases.first(where: crosswalk.object.matches)
        for (pin, release) in [(crosswalk.subject, subject), (crosswalk.object, object)] where release == nil {
            findings.append(
                Diagnostic(
                    .crosswalkReleaseMissing, at: location(nil),
                    "the pinned release \(pin) is not available; add it to the files checked"))
        }
        var seen: [Crosswalk.Mapping: Int] = [:]
        for (index, mapping) in crosswalk.mappings.enumerated() {
            if let subject, subject.category(mapping.subjectID) == nil {
                findings.append(
                    Diagnostic(
                        .crosswalkEndMissing, at: location(index), field: "subject_id",
                        "'\(mapping.subjectID)' is not a category of \(subject.reference)"))
            }
            if let object, object.category(mapping.objectID) == nil {
                findings.append(
                    Diagnostic(
                        .crosswalkEndMissing, at: location(index), field: "object_id",
                        "'\(mapping.objectID)' is not a category of \(object.reference)"))
            }
            var key = mapping
            key = Crosswalk.Mapping(
                subjectID: key.subjectID, predicate: key.predicate, objectID: key.objectID, justification: .manual)
            if let first = seen[key] {
                findings.append(
                    Diagnostic(.duplicateMapping, at: location(index), "the same mapping appears on row \(first + 1)"))
            } else {
                seen[key] = index
            }
        }
        return findings
    }
}
