/// A Semantic Versioning 2.0.0 version: `MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]`.
public struct SemanticVersion: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The major version.
    public var major: Int
    /// The minor version.
    public var minor: Int
    /// The patch version.
    public var patch: Int
    /// The dot-separated pre-release identifiers, empty for a release.
    public var prerelease: [String]
    /// The build metadata, ignored in comparisons.
    public var build: [String]

    /// Creates a version.
    public init(_ major: Int, _ minor: Int, _ patch: Int, prerelease: [String] = [], build: [String] = []) {
        self.major = major
        self.minor = minor
        self.patch = patch
        self.prerelease = prerelease
        self.build = build
    }

    /// Parses a version; refuses leading zeros, missing parts and empty identifiers.
    public init?(_ text: String) {
        var rest = Substring(text)
        var build: [String] = []
        if let plus = rest.firstIndex(of: "+") {
            build = rest[rest.index(after: plus)...].split(separator: ".", omittingEmptySubsequences: false).map(
                String.init)
            rest = rest[..<plus]
            guard build.allSatisfy({ !$0.isEmpty && $0.allSatisfy(SemanticVersion.isIdentifierCharacter) }) else {
                return nil
            }
        }
        var prerelease: [String] = []
        if let dash = rest.firstIndex(of: "-") {
            prerelease = rest[rest.index(after: dash)...].split(separator: ".", omittingEmptySubsequences: false)
                .map(String.init)
            rest = rest[..<dash]
            guard prerelease.allSatisfy({ !$0.isEmpty && $0.allSatisfy(SemanticVersion.isIdentifierCharacter) })
            else { return nil }
            guard prerelease.allSatisfy({ !($0.count > 1 && $0.first == "0" && $0.allSatisfy(\.isNumber)) }) else {
                return nil
            }
        }
        let parts = rest.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        var numbers: [Int] = []
        for part in parts {
            guard !part.isEmpty, part.allSatisfy({ $0.isASCII && $0.isNumber }),
                part == "0" || part.first != "0", let value = Int(part)
            else { return nil }
            numbers.append(value)
        }
        self.init(numbers[0], numbers[1], numbers[2], prerelease: prerelease, build: build)
    }

    private static func isIdentifierCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || character == "-")
    }

    public var description: String {
        var text = "\(major).\(minor).\(patch)"
        if !prerelease.isEmpty { text += "-" + prerelease.joined(separator: ".") }
        if !build.isEmpty { text += "+" + build.joined(separator: ".") }
        return text
    }

    public static func < (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool {
        if (lhs.major, lhs.minor, lhs.patch) != (rhs.major, rhs.minor, rhs.patch) {
            return (lhs.major, lhs.minor, lhs.patch) < (rhs.major, rhs.minor, rhs.patch)
        }
        switch (lhs.prerelease.isEmpty, rhs.prerelease.isEmpty) {
        case (true, _): return false
        case (false, true): return true
        case (false, false): break
        }
        for (left, right) in zip(lhs.prerelease, rhs.prerelease) where left != right {
            switch (Int(left), Int(right)) {
            case let (l?, r?): return l < r
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return left < right
            }
        }
        return lhs.prerelease.count < rhs.prerelease.count
    }

    public static func == (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool {
        (lhs.major, lhs.minor, lhs.patch) == (rhs.major, rhs.minor, rhs.patch) && lhs.prerelease == rhs.prerelease
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(major)
        hasher.combine(minor)
        hasher.combine(patch)
        hasher.combine(prerelease)
    }

    /// The kind of increment from `self` to `newer`, or `nil` when `newer` is not higher.
    public func bump(to newer: SemanticVersion) -> VersionBump? {
        guard self < newer else { return nil }
        if newer.major != major { return .major }
        if newer.minor != minor { return .minor }
        return .patch
    }
}

/// How much a version must rise: wording changes need a patch, additions a minor, removals or changes of
/// meaning a major increment.
public enum VersionBump: Int, Hashable, Sendable, Comparable, CustomStringConvertible, CaseIterable {
    case none = 0, patch, minor, major

    public static func < (lhs: VersionBump, rhs: VersionBump) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String {
        switch self {
        case .none: "none"
        case .patch: "patch"
        case .minor: "minor"
        case .major: "major"
        }
    }
}

/// A set of versions, written as space-separated comparisons (`>=1.0.0 <2.0.0`), a caret range (`^1.2.0`),
/// a tilde range (`~1.2.0`), or one exact version.
public struct VersionRange: Hashable, Sendable, CustomStringConvertible {
    private enum Comparison: Hashable, Sendable {
        case atLeast(SemanticVersion), above(SemanticVersion), atMost(SemanticVersion), below(SemanticVersion)
        case exactly(SemanticVersion)

        func admits(_ version: SemanticVersion) -> Bool {
            switch self {
            case .atLeast(let bound): version >= bound
            case .above(let bound): version > bound
            case .atMost(let bound): version <= bound
            case .below(let bound): version < bound
            case .exactly(let bound): version == bound
            }
        }
    }

    private let comparisons: [Comparison]
    /// The range as written.
    public let description: String

    /// Parses a range; returns `nil` for anything it does not understand.
    public init?(_ text: String) {
        var comparisons: [Comparison] = []
        let parts = text.split(separator: " ")
        guard !parts.isEmpty else { return nil }
        for part in parts {
            let token = String(part)
            func version(dropping count: Int) -> SemanticVersion? { SemanticVersion(String(token.dropFirst(count))) }
            if token.hasPrefix(">="), let bound = version(dropping: 2) {
                comparisons.append(.atLeast(bound))
            } else if token.hasPrefix("<="), let bound = version(dropping: 2) {
                comparisons.append(.atMost(bound))
            } else if token.hasPrefix(">"), let bound = version(dropping: 1) {
                comparisons.append(.above(bound))
            } else if token.hasPrefix("<"), let bound = version(dropping: 1) {
                comparisons.append(.below(bound))
            } else if token.hasPrefix("^"), let bound = version(dropping: 1) {
                comparisons.append(.atLeast(bound))
                let upper =
                    bound.major > 0
                    ? SemanticVersion(bound.major + 1, 0, 0)
                    : SemanticVersion(0, bound.minor + 1, 0)
                comparisons.append(.below(upper))
            } else if token.hasPrefix("~"), let bound = version(dropping: 1) {
                comparisons.append(.atLeast(bound))
                comparisons.append(.below(SemanticVersion(bound.major, bound.minor + 1, 0)))
            } else if token.hasPrefix("="), let bound = version(dropping: 1) {
                comparisons.append(.exactly(bound))
            } else if let bound = SemanticVersion(token) {
                comparisons.append(.exactly(bound))
            } else {
                return nil
            }
        }
        self.comparisons = comparisons
        self.description = text
    }

    /// Whether `version` lies in the range.
    public func contains(_ version: SemanticVersion) -> Bool {
        comparisons.allSatisfy { $0.admits(version) }
    }
}
