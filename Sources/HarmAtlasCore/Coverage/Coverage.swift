/// Coverage counts of benchmark items by harm × language × modality (and facets), and the gaps against a
/// target: a streaming count, one item at a time, whatever the size of the benchmark.
///
/// - **harm**: every harm label of an item counts (an item with two labels counts in both rows); labels of
///   another taxonomy are projected onto the counted one when a projection maps them, and count under
///   `unmapped` otherwise, as do items without labels. With a
///   level, a category counts under its ancestor at that depth (1 for the top); a category with several
///   parents counts under each.
/// - **language**: the item's tag, or with `primaryLanguage` its language subtag only (`fr-CA` as `fr`).
/// - **modality**: the kinds of content the item shows, joined with `+` (`text`, `image+text`).
/// - any other key: a facet value, `none` when the item has none.
public struct CoverageCounter: Sendable {
    /// The keys counted, in order.
    public let keys: [String]
    /// The release harms are counted in; other labels count as `unmapped`.
    public let release: TaxonomyRelease?
    /// The depth harms are rolled up to, when set.
    public let level: Int?
    /// Whether languages count by their language subtag only.
    public let primaryLanguage: Bool
    /// Labels of other releases projected onto the counted one: `taxonomy:concept` → concept ids there.
    public let projection: [String: [String]]
    /// Items per cell: the values of the keys joined with `|`.
    public private(set) var cells: [String: Int] = [:]
    /// Items counted.
    public private(set) var items = 0
    private var ancestors: [String: [String]] = [:]

    /// The content modalities of each combination of bits (audio 1, image 2, text 4, video 8), joined with `+`.
    static let modalityNames: [String] = (0..<16).map { bits in
        zip([1, 2, 4, 8], ["audio", "image", "text", "video"]).filter { bits & $0.0 != 0 }.map(\.1).joined(
            separator: "+")
    }

    /// The value counted when an item's label is outside the counted release, or it has none.
    public static let unmapped = "unmapped"

    /// A counter.
    public init(
        keys: [String], release: TaxonomyRelease?, level: Int? = nil, primaryLanguage: Bool = false,
        projection: [String: [String]] = [:]
    ) {
        self.keys = keys
        self.projection = projection
        self.release = release
        self.level = level
        self.primaryLanguage = primaryLanguage
        if let release, let level {
            for category in release.categories {
                ancestors[category.id] = CoverageCounter.ancestors(of: category.id, in: release, at: level)
            }
        }
    }

    /// The ancestors of a category at a depth (1 for the top), the category itself when it is not deeper.
    static func ancestors(of id: String, in release: TaxonomyRelease, at level: Int) -> [String] {
        // Every path from the category up to a root.
        var paths: [[String]] = [[id]]
        var complete: [[String]] = []
        while let path = paths.popLast() {
            let parents = release.category(path.last!)?.parents ?? []
            if parents.isEmpty { complete.append(path) } else { paths += parents.map { path + [$0] } }
        }
        var result: [String] = []
        for path in complete {
            let fromTop = Array(path.reversed())
            let chosen = fromTop[min(level, fromTop.count) - 1]
            if !result.contains(chosen) { result.append(chosen) }
        }
        return result.sorted()
    }

    /// The values of one key for an item.
    func values(_ key: String, _ item: BenchmarkItem) -> [String] {
        switch key {
        case "harm":
            guard let release else { return item.harms.isEmpty ? [Self.unmapped] : item.harms }
            var result: [String] = []
            for harm in item.harms {
                let ids: [String]
                if harm.hasPrefix(release.id + ":") {
                    ids = [String(harm.dropFirst(release.id.count + 1))]
                } else {
                    ids = projection[harm] ?? []
                }
                for id in ids where release.category(id) != nil {
                    for value in level == nil ? [id] : ancestors[id, default: [id]] where !result.contains(value) {
                        result.append(value)
                    }
                }
            }
            return result.isEmpty ? [Self.unmapped] : result
        case "language":
            let tag = item.language.rawValue
            return [primaryLanguage ? String(tag.prefix { $0 != "-" }) : tag]
        case "modality":
            // Bits for audio, image, text, video (sorted by name), read once per part.
            var bits = 0
            for turn in item.turns {
                for part in turn.parts {
                    if part.text != nil { bits |= 4 }
                    switch part.media?.kind {
                    case .audio: bits |= 1
                    case .image: bits |= 2
                    case .video: bits |= 8
                    case nil: break
                    }
                }
            }
            return [Self.modalityNames[bits]]
        default:
            return [item.facets[key] ?? "none"]
        }
    }

    /// Counts an item.
    public mutating func add(_ item: BenchmarkItem) {
        items += 1
        var combinations = [""]
        for (index, key) in keys.enumerated() {
            let values = values(key, item)
            combinations = combinations.flatMap { prefix in values.map { index == 0 ? $0 : prefix + "|" + $0 } }
        }
        for cell in combinations { cells[cell, default: 0] += 1 }
    }

    /// Adds another counter's counts (the same keys).
    public mutating func merge(_ other: CoverageCounter) {
        items += other.items
        cells.merge(other.cells, uniquingKeysWith: +)
    }
}

/// What a benchmark should cover: categories × languages × modalities, each cell with a minimum count.
public struct CoverageTarget: Sendable {
    /// A name.
    public var name: String
    /// The release the categories belong to.
    public var taxonomy: Crosswalk.Pin
    /// The depth categories are counted at, when the target takes a whole release at a level.
    public var level: Int?
    /// The categories, ids in the release.
    public var categories: [String]
    /// The languages.
    public var languages: [LanguageTag]
    /// The modalities, as counted (`text`, `image+text`).
    public var modalities: [String]
    /// Whether languages compare by their language subtag only.
    public var primaryLanguage: Bool
    /// The fewest items a cell needs.
    public var minimum: Int

    /// Creates a target.
    public init(
        name: String, taxonomy: Crosswalk.Pin, level: Int?, categories: [String], languages: [LanguageTag],
        modalities: [String], primaryLanguage: Bool, minimum: Int
    ) {
        self.name = name
        self.taxonomy = taxonomy
        self.level = level
        self.categories = categories
        self.languages = languages
        self.modalities = modalities
        self.primaryLanguage = primaryLanguage
        self.minimum = minimum
    }

    /// One cell of the target below its minimum.
    public struct Gap: Sendable, Hashable {
        /// The category.
        public var category: String
        /// The language.
        public var language: String
        /// The modality.
        public var modality: String
        /// Items the cell has.
        public var count: Int
        /// Items it lacks.
        public var missing: Int
    }

    /// The cells of the target below the minimum, the emptiest first: ranked by the items they lack, then by
    /// category, language and modality. `counter` must count harm, language and modality in that order.
    public func gaps(_ counter: CoverageCounter) -> [Gap] {
        var result: [Gap] = []
        for category in categories {
            for language in languages.map({ primaryLanguage ? String($0.rawValue.prefix { $0 != "-" }) : $0.rawValue })
            {
                for modality in modalities {
                    let count = counter.cells["\(category)|\(language)|\(modality)", default: 0]
                    if count < minimum {
                        result.append(
                            Gap(
                                category: category, language: language, modality: modality, count: count,
                                missing: minimum - count))
                    }
                }
            }
        }
        return result.sorted {
            ($0.missing, $1.category, $1.language, $1.modality) > ($1.missing, $0.category, $0.language, $0.modality)
        }
    }

    /// The number of cells the target asks for.
    public var cellCount: Int { categories.count * languages.count * modalities.count }
}
