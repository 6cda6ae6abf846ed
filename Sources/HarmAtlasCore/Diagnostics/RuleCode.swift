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
        duplicateItemID, itemHashMismatch, fileMissing, fileMismatch, mediaTypeMismatch, mediaUnavailable, unknownHarm,
        deprecatedHarm, unpinnedTaxonomy, unregisteredLanguage, totalsMismatch, undeclaredUse, taxonomyPinMismatch,
        unknownFacet, unlistedFile, emptyText, invisibleCharacters, scriptMismatch, emailAddress, phoneNumber,
        cardNumber, recordTooLarge, raggedRow, unmappedLabel, emptySourceValue, languageNormalised,
        declaredModalityMismatch, invalidSourceID, labelCaseMismatch,
    ]
}

extension RuleCode {
    // Benchmarks: integrity.
    /// Two items share an id.
    public static let duplicateItemID = RuleCode("HA601", "duplicate-item-id")
    /// An item's declared hash is not the hash of its content.
    public static let itemHashMismatch = RuleCode("HA602", "item-hash-mismatch")
    /// A file the manifest or an item names is missing.
    public static let fileMissing = RuleCode("HA603", "file-missing")
    /// A file's size or SHA-256 differs from what is declared.
    public static let fileMismatch = RuleCode("HA604", "file-size-or-hash-mismatch")
    /// A media file's bytes are not of the declared media type.
    public static let mediaTypeMismatch = RuleCode("HA605", "media-type-mismatch")
    /// The source did not ship a media file; the item keeps the reference.
    public static let mediaUnavailable = RuleCode("HA606", "media-unavailable", .warning)
    /// A harm category is not in the pinned release.
    public static let unknownHarm = RuleCode("HA607", "unknown-harm-category")
    /// A harm category is deprecated in the pinned release.
    public static let deprecatedHarm = RuleCode("HA608", "deprecated-harm-category", .warning)
    /// A harm category names a taxonomy the manifest does not pin.
    public static let unpinnedTaxonomy = RuleCode("HA609", "unpinned-taxonomy")
    /// A language tag is not made of registered subtags.
    public static let unregisteredLanguage = RuleCode("HA610", "unregistered-language")
    /// The manifest's totals disagree with the items.
    public static let totalsMismatch = RuleCode("HA611", "totals-mismatch")
    /// A language or modality is used but not declared, or declared but unused.
    public static let undeclaredUse = RuleCode("HA612", "undeclared-language-or-modality")
    /// A pinned taxonomy release is not available, or its content hash differs.
    public static let taxonomyPinMismatch = RuleCode("HA613", "taxonomy-pin-mismatch")
    /// A facet is not declared by a pinned taxonomy, or its value is not allowed.
    public static let unknownFacet = RuleCode("HA614", "unknown-facet")
    /// A file in the benchmark folder is not listed in the manifest.
    public static let unlistedFile = RuleCode("HA615", "unlisted-file", .warning)

    // Benchmarks: content.
    /// A text part is empty or white space only.
    public static let emptyText = RuleCode("HA620", "empty-text")
    /// Invisible, bidi-control or tag characters in text.
    public static let invisibleCharacters = RuleCode("HA621", "invisible-characters", .warning)
    /// The text's script does not fit the declared language.
    public static let scriptMismatch = RuleCode("HA622", "script-mismatch", .warning)
    /// Something shaped like an e-mail address.
    public static let emailAddress = RuleCode("HA623", "email-address", .warning)
    /// Something shaped like a phone number.
    public static let phoneNumber = RuleCode("HA624", "phone-number", .warning)
    /// A number shaped like a payment card number (13 to 19 digits passing the Luhn check).
    public static let cardNumber = RuleCode("HA625", "card-like-number", .warning)

    // Records.
    /// A record is larger than the cap.
    public static let recordTooLarge = RuleCode("HA630", "record-too-large")

    // Import.
    /// A CSV row has more or fewer cells than the header.
    public static let raggedRow = RuleCode("HA701", "ragged-row")
    /// A label has no mapping to a category.
    public static let unmappedLabel = RuleCode("HA702", "unmapped-label")
    /// A required value is empty in the source.
    public static let emptySourceValue = RuleCode("HA703", "empty-source-value")
    /// A language tag was written in a form other than its normal one and was normalised.
    public static let languageNormalised = RuleCode("HA704", "language-normalised", .warning)
    /// The modality a source row declares differs from what the row holds.
    public static let declaredModalityMismatch = RuleCode("HA705", "declared-modality-mismatch")
    /// A source id is not usable as part of an item id.
    public static let invalidSourceID = RuleCode("HA706", "invalid-source-id")
    /// A label matched a code only when letter case was ignored.
    public static let labelCaseMismatch = RuleCode("HA707", "label-case-mismatch", .warning)
}
