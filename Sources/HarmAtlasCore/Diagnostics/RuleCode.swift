/// A stable rule code. Codes never change meaning; new rules get new codes.
///
/// `HA0xx` are about reading a document, `HA1xx` about a taxonomy's content, `HA2xx` about releases compared
/// with each other, `HA3xx` about crosswalks, `HA4xx` about extensions and profiles, `HA5xx` about migrating
/// labels.
public struct RuleCode: RawRepresentable, Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The code as printed, such as `HA104`.
    public var rawValue: String
    /// The severity findings of this rule have unless a caller says otherwise.
    public var defaultSeverity: Diagnostic.Severity
    /// A short name of the rule, such as `unknown-parent`.
    public var name: String

    /// Creates a code from its printed form; unknown codes are errors named after themselves.
    public init(rawValue: String) {
        self =
            RuleCode.all.first { $0.rawValue == rawValue }
            ?? RuleCode(rawValue, rawValue, .error)
    }

    init(_ rawValue: String, _ name: String, _ severity: Diagnostic.Severity = .error) {
        self.rawValue = rawValue
        self.name = name
        self.defaultSeverity = severity
    }

    public var description: String { "\(rawValue) \(name)" }

    public static func < (lhs: RuleCode, rhs: RuleCode) -> Bool { lhs.rawValue < rhs.rawValue }

    // Reading documents.
    /// The bytes are not well-formed JSON or YAML.
    public static let syntax = RuleCode("HA001", "syntax")
    /// A mapping holds the same key twice.
    public static let duplicateKey = RuleCode("HA002", "duplicate-key")
    /// A YAML alias was used; aliases are refused so that a small file cannot expand without bound.
    public static let alias = RuleCode("HA003", "alias-refused")
    /// Nesting deeper than the reader allows, or a document larger than its node budget.
    public static let tooDeep = RuleCode("HA004", "too-deep-or-large")
    /// A value has the wrong type.
    public static let wrongType = RuleCode("HA005", "wrong-type")
    /// A field that the format does not define.
    public static let unknownField = RuleCode("HA006", "unknown-field")
    /// A required field is missing.
    public static let missingField = RuleCode("HA007", "missing-field")
    /// A value has the right type but is not allowed (bad SemVer, bad language tag, unknown enum value).
    public static let invalidValue = RuleCode("HA008", "invalid-value")
    /// The file could not be read at all.
    public static let unreadable = RuleCode("HA009", "unreadable")

    // Taxonomy content.
    /// Two categories or facets share an id.
    public static let duplicateID = RuleCode("HA101", "duplicate-id")
    /// Two categories carry the same code.
    public static let duplicateCode = RuleCode("HA102", "duplicate-code")
    /// Two codes differ only in letter case.
    public static let caseOnlyCode = RuleCode("HA103", "case-only-code")
    /// A parent, replacement or referenced id is not a category of the release.
    public static let unknownParent = RuleCode("HA104", "unknown-reference")
    /// The parent links form a cycle.
    public static let cycle = RuleCode("HA105", "cycle")
    /// A declared count does not match the categories enumerated.
    public static let countMismatch = RuleCode("HA106", "count-mismatch")
    /// Codes restart at every level of the tree, so a code alone is ambiguous.
    public static let codeRestartsPerLevel = RuleCode("HA107", "code-restarts-per-level")
    /// A category has no name in the release's source language.
    public static let missingSourceName = RuleCode("HA108", "missing-source-language-name")
    /// An active category lists replacements, or a deprecated one lists none.
    public static let deprecationShape = RuleCode("HA109", "deprecation-shape", .warning)

    // Releases compared.
    /// The declared version is lower than the changes require.
    public static let versionTooLow = RuleCode("HA201", "version-bump-too-low")
    /// Two releases with different ids were compared.
    public static let differentTaxonomies = RuleCode("HA202", "different-taxonomies")
    /// A declared change names an id that is not where the change says it is.
    public static let badChange = RuleCode("HA203", "bad-change-declaration")

    // Crosswalks.
    /// A crosswalk end does not exist in the pinned release.
    public static let crosswalkEndMissing = RuleCode("HA301", "crosswalk-end-missing")
    /// A crosswalk pins a release that is not available.
    public static let crosswalkReleaseMissing = RuleCode("HA302", "crosswalk-release-missing")
    /// The same subject, predicate and object appear twice.
    public static let duplicateMapping = RuleCode("HA303", "duplicate-mapping")

    // Extensions and profiles.
    /// An extension adds an id its base already has.
    public static let extensionDuplicateID = RuleCode("HA401", "extension-duplicate-id")
    /// An extension assumed a parent that its base no longer has.
    public static let extensionChangedParent = RuleCode("HA402", "extension-changed-parent")
    /// An extension refers to a base category that the base does not have.
    public static let extensionMissingBase = RuleCode("HA403", "extension-base-category-missing")
    /// The base release's version is outside the extension's range, or its id differs.
    public static let extensionBaseMismatch = RuleCode("HA404", "extension-base-mismatch")

    // Label migration.
    /// A reference could not be moved to the new release.
    public static let unmovableReference = RuleCode("HA501", "unmovable-reference")
    /// A reference is not a category or code of the old release.
    public static let unknownReference = RuleCode("HA502", "unknown-reference-in-data")

    /// Every rule, in code order.
    public static let all: [RuleCode] = [
        syntax, duplicateKey, alias, tooDeep, wrongType, unknownField, missingField, invalidValue, unreadable,
        duplicateID, duplicateCode, caseOnlyCode, unknownParent, cycle, countMismatch, codeRestartsPerLevel,
        missingSourceName, deprecationShape,
        versionTooLow, differentTaxonomies, badChange,
        crosswalkEndMissing, crosswalkReleaseMissing, duplicateMapping,
        extensionDuplicateID, extensionChangedParent, extensionMissingBase, extensionBaseMismatch,
        unmovableReference, unknownReference,
    ]
}
