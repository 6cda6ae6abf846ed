extension CoverageTarget {
    /// The fields of a target file.
    public static let fieldNames = [
        "name", "taxonomy", "categories", "level", "languages", "language_granularity", "modalities", "minimum",
    ]

    /// Reads a target; `release` gives the release a `taxonomy: ID@VERSION` names. Every problem is reported to
    /// `decoder` with its line and column: unknown languages, categories the release does not have, levels it
    /// does not reach.
    public static func decode(
        _ node: DocumentNode, _ decoder: DocumentDecoder, release: (Crosswalk.Pin) -> TaxonomyRelease?
    ) -> CoverageTarget? {
        guard let fields = decoder.object(node, "", allowed: fieldNames) else { return nil }
        let name = decoder.required(fields, "name").flatMap { decoder.trimmedString($0, "/name") }
        var pin: Crosswalk.Pin?
        var found: TaxonomyRelease?
        if let node = decoder.required(fields, "taxonomy"), let text = decoder.trimmedString(node, "/taxonomy") {
            let parts = text.split(separator: "@", maxSplits: 1).map(String.init)
            if parts.count == 2, let version = SemanticVersion(parts[1]) {
                pin = Crosswalk.Pin(id: parts[0], version: version)
                found = release(pin!)
                if found == nil {
                    decoder.report(.unpinnedTaxonomy, node, "/taxonomy", "release \(text) is not in the catalogue")
                }
            } else {
                decoder.report(.invalidValue, node, "/taxonomy", "expected ID@VERSION, such as mlc-ailuminate@1.0.0")
            }
        }
        let level = fields["level"].flatMap { decoder.int($0, "/level") }
        if let level, level < 1, let node = fields["level"] {
            decoder.report(.invalidValue, node, "/level", "a level counts from 1 (the top of the tree)")
        }
        var categories: [String] = []
        if let node = fields["categories"] {
            if case .scalar("all") = node.value {
                categories = []
            } else if let list = decoder.strings(node, "/categories") {
                categories = list
                if let found, let elements = decoder.array(node, "/categories") {
                    for (element, id) in zip(elements, list) where found.category(id) == nil {
                        decoder.report(
                            .unknownHarm, element.node, element.path, "'\(id)' is not a category of \(found.reference)")
                    }
                }
            }
        }
        if categories.isEmpty, let found {
            // The whole release at the level asked for (the leaves' ancestors there), or every leaf.
            let parents = Set(found.categories.flatMap(\.parents))
            var chosen: [String] = []
            for category in found.categories where category.status != .deprecated && !parents.contains(category.id) {
                let ids =
                    level.map { CoverageCounter.ancestors(of: category.id, in: found, at: max(1, $0)) } ?? [category.id]
                for id in ids where !chosen.contains(id) { chosen.append(id) }
            }
            categories = chosen.sorted()
        }
        var languages: [LanguageTag] = []
        if let node = decoder.required(fields, "languages"), let elements = decoder.array(node, "/languages") {
            for element in elements {
                guard let text = decoder.string(element.node, element.path) else { continue }
                guard let tag = LanguageTag(text), case .success(let canonical) = LanguageRegistry.canonical(tag) else {
                    decoder.report(
                        .unregisteredLanguage, element.node, element.path, "'\(text)' is not a registered BCP 47 tag")
                    continue
                }
                languages.append(canonical)
            }
        }
        var primaryLanguage = false
        if let node = fields["language_granularity"], let text = decoder.string(node, "/language_granularity") {
            switch text {
            case "tag": primaryLanguage = false
            case "language": primaryLanguage = true
            default:
                decoder.report(
                    .invalidValue, node, "/language_granularity",
                    "'\(text)' is not allowed here; expected tag or language")
            }
        }
        var modalities: [String] = []
        if let node = decoder.required(fields, "modalities"), let list = decoder.strings(node, "/modalities") {
            let kinds = ["text", "image", "audio", "video"]
            for (element, value) in zip(decoder.array(node, "/modalities") ?? [], list) {
                let parts = value.split(separator: "+").map(String.init)
                if parts.isEmpty || !parts.allSatisfy(kinds.contains) {
                    decoder.report(
                        .invalidValue, element.node, element.path,
                        "'\(value)' is not a modality; expected text, image, audio or video, joined with + (image+text)"
                    )
                } else {
                    modalities.append(parts.sorted().joined(separator: "+"))
                }
            }
        }
        let minimum = decoder.required(fields, "minimum").flatMap { decoder.int($0, "/minimum") }
        guard let name, let pin, let minimum, !decoder.diagnostics.hasErrors else { return nil }
        return CoverageTarget(
            name: name, taxonomy: pin, level: level, categories: categories, languages: languages,
            modalities: modalities, primaryLanguage: primaryLanguage, minimum: minimum)
    }
}
