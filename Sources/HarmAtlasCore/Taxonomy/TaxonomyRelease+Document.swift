extension TaxonomyRelease {
    static let fieldNames = [
        "format", "id", "version", "title", "license", "citation", "source_url", "released", "source_language",
        "categories", "facets", "declared_counts", "migration", "profiles", "extends",
    ]

    /// Reads a release; every problem is reported to `decoder`.
    static func decode(_ node: DocumentNode, _ decoder: DocumentDecoder) -> TaxonomyRelease? {
        guard let fields = decoder.object(node, "", allowed: fieldNames) else { return nil }
        if let format = decoder.required(fields, "format"), let text = decoder.string(format, fields.path("format")),
            text != TaxonomyRelease.format
        {
            decoder.report(
                .invalidValue, format, fields.path("format"),
                "unknown format '\(text)'; expected '\(TaxonomyRelease.format)'")
        }
        let id = decoder.required(fields, "id").flatMap { slug($0, fields.path("id"), decoder, allowDots: true) }
        let version = decoder.required(fields, "version").flatMap {
            semanticVersion($0, fields.path("version"), decoder)
        }
        let title = decoder.required(fields, "title").flatMap { decoder.trimmedString($0, fields.path("title")) }
        let license = decoder.required(fields, "license").flatMap { spdx($0, fields.path("license"), decoder) }
        let citation = decoder.required(fields, "citation").flatMap {
            decoder.trimmedString($0, fields.path("citation"))
        }
        let sourceURL = decoder.required(fields, "source_url").flatMap { node -> String? in
            guard let text = decoder.trimmedString(node, fields.path("source_url")) else { return nil }
            guard text.hasPrefix("https://") || text.hasPrefix("http://") else {
                decoder.report(.invalidValue, node, fields.path("source_url"), "expected an http or https URL")
                return nil
            }
            return text
        }
        let released = decoder.required(fields, "released").flatMap { date($0, fields.path("released"), decoder) }
        let sourceLanguage = decoder.required(fields, "source_language").flatMap {
            languageTag($0, fields.path("source_language"), decoder)
        }
        let categories = fields["categories"].flatMap { node in
            decoder.array(node, fields.path("categories")).map {
                $0.compactMap { HarmCategory.decode($0.node, $0.path, decoder) }
            }
        }
        let facets = fields["facets"].flatMap { node in
            decoder.array(node, fields.path("facets")).map { $0.compactMap { Facet.decode($0.node, $0.path, decoder) } }
        }
        var declaredCounts: [String: Int] = [:]
        if let node = fields["declared_counts"], let members = decoder.map(node, fields.path("declared_counts")) {
            for member in members {
                let path = fields.path("declared_counts") + "/" + DocumentDecoder.escapePointer(member.key)
                if let count = decoder.int(member.value, path) { declaredCounts[member.key] = count }
            }
        }
        let migration = fields["migration"].flatMap { Migration.decode($0, fields.path("migration"), decoder) }
        let profiles = fields["profiles"].flatMap { node in
            decoder.array(node, fields.path("profiles")).map {
                $0.compactMap { TaxonomyProfile.decode($0.node, $0.path, decoder) }
            }
        }
        let extends = fields["extends"].flatMap { TaxonomyExtension.decode($0, fields.path("extends"), decoder) }
        if fields["categories"] == nil && extends == nil {
            decoder.report(.missingField, node, "", "missing required field 'categories'")
        }
        guard let id, let version, let title, let license, let citation, let sourceURL, let released,
            let sourceLanguage
        else { return nil }
        return TaxonomyRelease(
            id: id, version: version, title: title, license: license, citation: citation, sourceURL: sourceURL,
            released: released, sourceLanguage: sourceLanguage, categories: categories ?? [], facets: facets ?? [],
            declaredCounts: declaredCounts, migration: migration, profiles: profiles ?? [], extends: extends)
    }

    /// The release as a JSON value; written canonically it is the release's canonical form.
    public func jsonValue() -> JSONValue {
        .object(omittingNil: [
            ("format", .string(TaxonomyRelease.format)),
            ("id", .string(id)),
            ("version", .string(version.description)),
            ("title", .string(title)),
            ("license", .string(license)),
            ("citation", .string(citation)),
            ("source_url", .string(sourceURL)),
            ("released", .string(released)),
            ("source_language", .string(sourceLanguage.rawValue)),
            ("categories", .array(categories.map { $0.jsonValue() })),
            ("facets", facets.isEmpty ? nil : .array(facets.map { $0.jsonValue() })),
            ("declared_counts", declaredCounts.isEmpty ? nil : .object(declaredCounts.mapValues { .int($0) })),
            ("migration", migration?.jsonValue()),
            ("profiles", profiles.isEmpty ? nil : .array(profiles.map { $0.jsonValue() })),
            ("extends", extends?.jsonValue()),
        ])
    }
}

func slug(_ node: DocumentNode, _ path: String, _ decoder: DocumentDecoder, allowDots: Bool = false) -> String? {
    guard let text = decoder.string(node, path) else { return nil }
    let parts = allowDots ? text.split(separator: ".", omittingEmptySubsequences: false).map(String.init) : [text]
    guard parts.allSatisfy(HarmCategory.isValidID) else {
        decoder.report(
            .invalidValue, node, path,
            "'\(text)' is not a valid id; expected lower-case letters and digits joined by '-'\(allowDots ? " or '.'" : "")"
        )
        return nil
    }
    return text
}

func slugs(_ node: DocumentNode, _ path: String, _ decoder: DocumentDecoder) -> [String]? {
    decoder.array(node, path).map { $0.compactMap { slug($0.node, $0.path, decoder) } }
}

func semanticVersion(_ node: DocumentNode, _ path: String, _ decoder: DocumentDecoder) -> SemanticVersion? {
    guard let text = decoder.string(node, path) else { return nil }
    guard let version = SemanticVersion(text) else {
        decoder.report(.invalidValue, node, path, "'\(text)' is not a SemVer version such as 1.0.0")
        return nil
    }
    return version
}

func versionRange(_ node: DocumentNode, _ path: String, _ decoder: DocumentDecoder) -> VersionRange? {
    guard let text = decoder.string(node, path) else { return nil }
    guard let range = VersionRange(text) else {
        decoder.report(.invalidValue, node, path, "'\(text)' is not a version range such as ^1.0.0 or >=2.0.0 <3.0.0")
        return nil
    }
    return range
}

func languageTag(_ node: DocumentNode, _ path: String, _ decoder: DocumentDecoder) -> LanguageTag? {
    guard let text = decoder.string(node, path) else { return nil }
    guard let tag = LanguageTag(text) else {
        decoder.report(.invalidValue, node, path, "'\(text)' is not a BCP 47 language tag such as en or fr-FR")
        return nil
    }
    return tag
}

func date(_ node: DocumentNode, _ path: String, _ decoder: DocumentDecoder) -> String? {
    guard let text = decoder.string(node, path) else { return nil }
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    let valid =
        parts.count == 3 && parts.map(\.count) == [4, 2, 2]
        && parts.allSatisfy { $0.allSatisfy { $0.isASCII && $0.isNumber } }
        && (1...12).contains(Int(parts[1])!) && (1...31).contains(Int(parts[2])!)
    guard valid else {
        decoder.report(.invalidValue, node, path, "'\(text)' is not a date in the form YYYY-MM-DD")
        return nil
    }
    return text
}

func spdx(_ node: DocumentNode, _ path: String, _ decoder: DocumentDecoder) -> String? {
    guard let text = decoder.trimmedString(node, path) else { return nil }
    guard TextForm.isSPDXExpression(text) else {
        decoder.report(.invalidValue, node, path, "'\(text)' is not an SPDX licence expression such as CC-BY-4.0")
        return nil
    }
    return text
}

func localizedTexts(_ node: DocumentNode, _ path: String, _ decoder: DocumentDecoder) -> LocalizedTexts? {
    guard let members = decoder.map(node, path) else { return nil }
    var texts: LocalizedTexts = [:]
    for member in members {
        let memberPath = path + "/" + DocumentDecoder.escapePointer(member.key)
        guard let tag = LanguageTag(member.key) else {
            decoder.report(
                .invalidValue, member.value, memberPath,
                "'\(member.key)' is not a BCP 47 language tag such as en or fr-FR")
            continue
        }
        if texts[tag] != nil {
            decoder.report(
                .duplicateKey, member.value, memberPath, "language \(tag) is given twice (as written: '\(member.key)')")
            continue
        }
        guard let fields = decoder.object(member.value, memberPath, allowed: ["text", "origin"]) else { continue }
        let text = decoder.required(fields, "text").flatMap { decoder.trimmedString($0, fields.path("text")) }
        let origin = decoder.required(fields, "origin").flatMap {
            decoder.enumeration(TranslationOrigin.self, $0, fields.path("origin"))
        }
        if let text, let origin { texts[tag] = LocalizedText(text, origin: origin) }
    }
    return texts
}

func jsonValue(_ texts: LocalizedTexts) -> JSONValue {
    .object(
        Dictionary(
            uniqueKeysWithValues: texts.map { tag, text in
                (tag.rawValue, JSONValue.object(["text": .string(text.text), "origin": .string(text.origin.rawValue)]))
            }))
}

extension HarmCategory {
    static let fieldNames = [
        "id", "codes", "names", "definitions", "parents", "modalities", "status", "replaced_by", "examples",
    ]

    static func decode(_ node: DocumentNode, _ path: String, _ decoder: DocumentDecoder) -> HarmCategory? {
        guard let fields = decoder.object(node, path, allowed: fieldNames) else { return nil }
        let id = decoder.required(fields, "id").flatMap { slug($0, fields.path("id"), decoder) }
        let codes = fields["codes"].flatMap { decoder.strings($0, fields.path("codes")) } ?? []
        let names = decoder.required(fields, "names").flatMap { localizedTexts($0, fields.path("names"), decoder) }
        let definitions =
            fields["definitions"].flatMap { localizedTexts($0, fields.path("definitions"), decoder) } ?? [:]
        let parents = fields["parents"].flatMap { slugs($0, fields.path("parents"), decoder) } ?? []
        let modalities =
            fields["modalities"].flatMap { node in
                decoder.array(node, fields.path("modalities")).map {
                    $0.compactMap { decoder.enumeration(Modality.self, $0.node, $0.path) }
                }
            } ?? []
        let status = fields["status"].flatMap { decoder.enumeration(Status.self, $0, fields.path("status")) } ?? .active
        let replacedBy = fields["replaced_by"].flatMap { slugs($0, fields.path("replaced_by"), decoder) } ?? []
        var examples: Examples?
        if let node = fields["examples"],
            let exampleFields = decoder.object(node, fields.path("examples"), allowed: ["in_scope", "out_of_scope"])
        {
            examples = Examples(
                inScope: exampleFields["in_scope"].flatMap { decoder.strings($0, exampleFields.path("in_scope")) }
                    ?? [],
                outOfScope: exampleFields["out_of_scope"].flatMap {
                    decoder.strings($0, exampleFields.path("out_of_scope"))
                } ?? [])
        }
        guard let id, let names else { return nil }
        return HarmCategory(
            id: id, codes: codes, names: names, definitions: definitions, parents: parents, modalities: modalities,
            status: status, replacedBy: replacedBy, examples: examples)
    }

    func jsonValue() -> JSONValue {
        .object(omittingNil: [
            ("id", .string(id)),
            ("codes", codes.isEmpty ? nil : .array(codes.map { .string($0) })),
            ("names", HarmAtlasCore.jsonValue(names)),
            ("definitions", definitions.isEmpty ? nil : HarmAtlasCore.jsonValue(definitions)),
            ("parents", parents.isEmpty ? nil : .array(parents.map { .string($0) })),
            ("modalities", modalities.isEmpty ? nil : .array(modalities.map { .string($0.rawValue) })),
            ("status", status == .active ? nil : .string(status.rawValue)),
            ("replaced_by", replacedBy.isEmpty ? nil : .array(replacedBy.map { .string($0) })),
            (
                "examples",
                examples.map { examples in
                    .object(omittingNil: [
                        ("in_scope", examples.inScope.isEmpty ? nil : .array(examples.inScope.map { .string($0) })),
                        (
                            "out_of_scope",
                            examples.outOfScope.isEmpty ? nil : .array(examples.outOfScope.map { .string($0) })
                        ),
                    ])
                }
            ),
        ])
    }
}

extension Facet {
    static func decode(_ node: DocumentNode, _ path: String, _ decoder: DocumentDecoder) -> Facet? {
        guard let fields = decoder.object(node, path, allowed: ["id", "names", "values"]) else { return nil }
        let id = decoder.required(fields, "id").flatMap { slug($0, fields.path("id"), decoder) }
        let names = fields["names"].flatMap { localizedTexts($0, fields.path("names"), decoder) } ?? [:]
        let values = decoder.required(fields, "values").flatMap { slugs($0, fields.path("values"), decoder) }
        guard let id, let values else { return nil }
        return Facet(id: id, names: names, values: values)
    }

    func jsonValue() -> JSONValue {
        .object(omittingNil: [
            ("id", .string(id)),
            ("names", names.isEmpty ? nil : HarmAtlasCore.jsonValue(names)),
            ("values", .array(values.map { .string($0) })),
        ])
    }
}

extension Migration {
    static func decode(_ node: DocumentNode, _ path: String, _ decoder: DocumentDecoder) -> Migration? {
        guard let fields = decoder.object(node, path, allowed: ["from", "steps"]) else { return nil }
        let from = decoder.required(fields, "from").flatMap { versionRange($0, fields.path("from"), decoder) }
        var steps: [Step] = []
        for element in fields["steps"].flatMap({ decoder.array($0, fields.path("steps")) }) ?? [] {
            guard
                let step = decoder.object(
                    element.node, element.path, allowed: ["op", "from", "into", "default", "id", "meaning"]),
                let opNode = decoder.required(step, "op"), let op = decoder.string(opNode, step.path("op"))
            else { continue }
            switch op {
            case "split":
                let from = decoder.required(step, "from").flatMap { slug($0, step.path("from"), decoder) }
                let into = decoder.required(step, "into").flatMap { slugs($0, step.path("into"), decoder) }
                let fallback = step["default"].flatMap { slug($0, step.path("default"), decoder) }
                if let from, let into { steps.append(.split(from: from, into: into, default: fallback)) }
            case "merge":
                let from = decoder.required(step, "from").flatMap { slugs($0, step.path("from"), decoder) }
                let into = decoder.required(step, "into").flatMap { slug($0, step.path("into"), decoder) }
                if let from, let into { steps.append(.merge(from: from, into: into)) }
            case "redefine":
                let id = decoder.required(step, "id").flatMap { slug($0, step.path("id"), decoder) }
                let meaning = decoder.required(step, "meaning").flatMap {
                    decoder.enumeration(Meaning.self, $0, step.path("meaning"))
                }
                if let id, let meaning { steps.append(.redefine(id: id, meaning: meaning)) }
            default:
                decoder.report(
                    .invalidValue, opNode, step.path("op"), "unknown step '\(op)'; expected split, merge or redefine")
            }
        }
        guard let from else { return nil }
        return Migration(from: from, steps: steps)
    }

    func jsonValue() -> JSONValue {
        .object([
            "from": .string(from.description),
            "steps": .array(
                steps.map { step in
                    switch step {
                    case .split(let from, let into, let fallback):
                        .object(omittingNil: [
                            ("op", .string("split")), ("from", .string(from)),
                            ("into", .array(into.map { .string($0) })),
                            ("default", fallback.map { .string($0) }),
                        ])
                    case .merge(let from, let into):
                        .object([
                            "op": .string("merge"), "from": .array(from.map { .string($0) }), "into": .string(into),
                        ])
                    case .redefine(let id, let meaning):
                        .object(["op": .string("redefine"), "id": .string(id), "meaning": .string(meaning.rawValue)])
                    }
                }),
        ])
    }
}

extension TaxonomyProfile {
    static func decode(_ node: DocumentNode, _ path: String, _ decoder: DocumentDecoder) -> TaxonomyProfile? {
        guard
            let fields = decoder.object(
                node, path, allowed: ["id", "title", "include", "exclude", "include_descendants"])
        else { return nil }
        let id = decoder.required(fields, "id").flatMap { slug($0, fields.path("id"), decoder) }
        let title = decoder.required(fields, "title").flatMap { decoder.trimmedString($0, fields.path("title")) }
        let include = decoder.required(fields, "include").flatMap { slugs($0, fields.path("include"), decoder) }
        let exclude = fields["exclude"].flatMap { slugs($0, fields.path("exclude"), decoder) } ?? []
        let descendants =
            fields["include_descendants"].flatMap { decoder.bool($0, fields.path("include_descendants")) } ?? true
        guard let id, let title, let include else { return nil }
        return TaxonomyProfile(
            id: id, title: title, include: include, exclude: exclude, includeDescendants: descendants)
    }

    func jsonValue() -> JSONValue {
        .object(omittingNil: [
            ("id", .string(id)), ("title", .string(title)), ("include", .array(include.map { .string($0) })),
            ("exclude", exclude.isEmpty ? nil : .array(exclude.map { .string($0) })),
            ("include_descendants", includeDescendants ? nil : .bool(false)),
        ])
    }
}

extension TaxonomyExtension {
    static func decode(_ node: DocumentNode, _ path: String, _ decoder: DocumentDecoder) -> TaxonomyExtension? {
        guard let fields = decoder.object(node, path, allowed: ["id", "versions", "translations", "refinements"])
        else { return nil }
        let id = decoder.required(fields, "id").flatMap { slug($0, fields.path("id"), decoder, allowDots: true) }
        let versions = decoder.required(fields, "versions").flatMap {
            versionRange($0, fields.path("versions"), decoder)
        }
        func patches(_ key: String) -> [Patch] {
            guard let node = fields[key], let elements = decoder.array(node, fields.path(key)) else { return [] }
            return elements.compactMap { element -> Patch? in
                guard
                    let patch = decoder.object(
                        element.node, element.path, allowed: ["id", "names", "definitions", "expected_parents"])
                else { return nil }
                let id = decoder.required(patch, "id").flatMap { slug($0, patch.path("id"), decoder) }
                let names = patch["names"].flatMap { localizedTexts($0, patch.path("names"), decoder) } ?? [:]
                let definitions =
                    patch["definitions"].flatMap { localizedTexts($0, patch.path("definitions"), decoder) } ?? [:]
                let parents = patch["expected_parents"].flatMap { slugs($0, patch.path("expected_parents"), decoder) }
                guard let id else { return nil }
                return Patch(id: id, names: names, definitions: definitions, expectedParents: parents)
            }
        }
        let translations = patches("translations")
        let refinements = patches("refinements")
        guard let id, let versions else { return nil }
        return TaxonomyExtension(
            baseID: id, baseVersions: versions, translations: translations, refinements: refinements)
    }

    func jsonValue() -> JSONValue {
        func patches(_ patches: [Patch]) -> JSONValue? {
            patches.isEmpty
                ? nil
                : .array(
                    patches.map { patch in
                        .object(omittingNil: [
                            ("id", .string(patch.id)),
                            ("names", patch.names.isEmpty ? nil : HarmAtlasCore.jsonValue(patch.names)),
                            (
                                "definitions",
                                patch.definitions.isEmpty ? nil : HarmAtlasCore.jsonValue(patch.definitions)
                            ),
                            ("expected_parents", patch.expectedParents.map { .array($0.map { .string($0) }) }),
                        ])
                    })
        }
        return .object(omittingNil: [
            ("id", .string(baseID)), ("versions", .string(baseVersions.description)),
            ("translations", patches(translations)), ("refinements", patches(refinements)),
        ])
    }
}
