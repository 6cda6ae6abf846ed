extension BenchmarkManifest {
    /// The manifest's top-level fields.
    public static let fieldNames = [
        "format", "name", "version", "description", "license", "creators", "citation", "content_warning", "access",
        "sources", "responsible_ai", "languages", "modalities", "taxonomies", "files", "items", "deduplication",
        "splits", "build",
    ]
    /// The fields every manifest must have.
    public static let requiredFieldNames = fieldNames.filter { !["deduplication", "splits", "build"].contains($0) }
    static let buildFields = ["target", "split", "formats"]
    static let buildSplitFields = ["ratios", "stratify", "seed"]
    static let splitsFields = ["tool", "seed", "stratify", "parts"]
    static let splitFields = ["name", "path", "share", "items"]
    static let deduplicationFields = ["tool", "threshold", "removed", "record"]
    static let creatorFields = ["name", "affiliation", "url"]
    static let sourceFields = ["name", "url", "license", "description"]
    static let responsibleAIFields = [
        "intended_use", "out_of_scope_use", "limitations", "biases", "personal_data", "collection",
    ]
    static let pinFields = ["id", "version", "sha256"]
    static let fileFields = ["path", "bytes", "sha256", "items"]

    /// Reads a manifest; every problem is reported to `decoder`. When `sealing`, the fields that sealing computes
    /// may be absent: `files`, `items` and the pins' `sha256`.
    public static func decode(_ node: DocumentNode, _ decoder: DocumentDecoder, sealing: Bool = false)
        -> BenchmarkManifest?
    {
        guard let fields = decoder.object(node, "", allowed: fieldNames) else { return nil }
        func text(_ key: String, in fields: DocumentDecoder.Fields, required: Bool = true) -> String? {
            guard let node = required ? decoder.required(fields, key) : fields[key] else { return nil }
            return decoder.trimmedString(node, fields.path(key))
        }
        func list<T>(_ key: String, _ body: (DocumentNode, String) -> T?) -> [T]? {
            if sealing && fields[key] == nil && ["files"].contains(key) { return [] }
            guard let node = decoder.required(fields, key), let elements = decoder.array(node, fields.path(key)) else {
                return nil
            }
            let values = elements.compactMap { body($0.node, $0.path) }
            return values.count == elements.count ? values : nil
        }
        if let format = decoder.required(fields, "format"), let value = decoder.string(format, "/format"),
            value != BenchmarkManifest.format
        {
            decoder.report(
                .invalidValue, format, "/format", "unknown format '\(value)'; expected '\(BenchmarkManifest.format)'")
        }
        let name = decoder.required(fields, "name").flatMap { slug($0, "/name", decoder) }
        let version = decoder.required(fields, "version").flatMap { semanticVersion($0, "/version", decoder) }
        let description = text("description", in: fields)
        let license = decoder.required(fields, "license").flatMap { spdx($0, "/license", decoder) }
        let citation = text("citation", in: fields)
        let warning = text("content_warning", in: fields)
        let access = decoder.required(fields, "access").flatMap { decoder.enumeration(Access.self, $0, "/access") }
        let creators = list("creators") { node, path -> Creator? in
            guard let creator = decoder.object(node, path, allowed: creatorFields), let name = text("name", in: creator)
            else { return nil }
            return Creator(
                name: name, affiliation: text("affiliation", in: creator, required: false),
                url: text("url", in: creator, required: false))
        }
        let sources = list("sources") { node, path -> Source? in
            guard let source = decoder.object(node, path, allowed: sourceFields) else { return nil }
            guard let name = text("name", in: source),
                let license = decoder.required(source, "license").flatMap({ spdx($0, source.path("license"), decoder) })
            else { return nil }
            return Source(
                name: name, url: text("url", in: source, required: false), license: license,
                description: text("description", in: source, required: false))
        }
        var responsibleAI: ResponsibleAI?
        if let node = decoder.required(fields, "responsible_ai"),
            let rai = decoder.object(node, "/responsible_ai", allowed: responsibleAIFields)
        {
            if let intended = text("intended_use", in: rai), let limitations = text("limitations", in: rai),
                let personal = text("personal_data", in: rai)
            {
                responsibleAI = ResponsibleAI(
                    intendedUse: intended, outOfScopeUse: text("out_of_scope_use", in: rai, required: false),
                    limitations: limitations,
                    biases: text("biases", in: rai, required: false), personalData: personal,
                    collection: text("collection", in: rai, required: false))
            }
        }
        let languages = list("languages") { languageTag($0, $1, decoder) }
        let modalities = list("modalities") { decoder.enumeration(Modality.self, $0, $1) }
        let taxonomies = list("taxonomies") { node, path -> TaxonomyPin? in
            guard let pin = decoder.object(node, path, allowed: pinFields) else { return nil }
            let id = decoder.required(pin, "id").flatMap { slug($0, pin.path("id"), decoder, allowDots: true) }
            let version = decoder.required(pin, "version").flatMap { semanticVersion($0, pin.path("version"), decoder) }
            let hash =
                sealing && pin["sha256"] == nil
                ? ""
                : decoder.required(pin, "sha256").flatMap {
                    sha256Text($0, pin.path("sha256"), decoder, prefixed: true)
                }
            guard let id, let version, let hash else { return nil }
            return TaxonomyPin(id: id, version: version, hash: hash)
        }
        let files = list("files") { node, path -> File? in
            guard let file = decoder.object(node, path, allowed: fileFields) else { return nil }
            let filePath = decoder.required(file, "path").flatMap { relativePath($0, file.path("path"), decoder) }
            let bytes = decoder.required(file, "bytes").flatMap { decoder.int($0, file.path("bytes")) }
            let sha = decoder.required(file, "sha256").flatMap {
                sha256Text($0, file.path("sha256"), decoder, prefixed: false)
            }
            let items = file["items"].flatMap { decoder.int($0, file.path("items")) }
            guard let filePath, let bytes, let sha else { return nil }
            return File(path: filePath, bytes: bytes, sha256: sha, items: items)
        }
        let itemCount =
            sealing && fields["items"] == nil
            ? 0 : decoder.required(fields, "items").flatMap { decoder.int($0, "/items") }
        var deduplication: Deduplication?
        if let node = fields["deduplication"],
            let record = decoder.object(node, "/deduplication", allowed: deduplicationFields)
        {
            let tool = text("tool", in: record)
            let threshold = decoder.required(record, "threshold").flatMap {
                decoder.double($0, record.path("threshold"))
            }
            let removed = decoder.required(record, "removed").flatMap { decoder.int($0, record.path("removed")) }
            let path = decoder.required(record, "record").flatMap { relativePath($0, record.path("record"), decoder) }
            if let tool, let threshold, let removed, let path {
                deduplication = Deduplication(tool: tool, threshold: threshold, removed: removed, record: path)
            }
        }
        var splits: Splits?
        if let node = fields["splits"], let record = decoder.object(node, "/splits", allowed: splitsFields) {
            let tool = text("tool", in: record)
            let seed = decoder.required(record, "seed").flatMap { decoder.int($0, record.path("seed")) }
            let stratify = decoder.required(record, "stratify").flatMap { decoder.strings($0, record.path("stratify")) }
            var parts: [Splits.Part]?
            if let node = decoder.required(record, "parts"), let elements = decoder.array(node, record.path("parts")) {
                parts = elements.compactMap { element -> Splits.Part? in
                    guard let part = decoder.object(element.node, element.path, allowed: splitFields) else {
                        return nil
                    }
                    let name = decoder.required(part, "name").flatMap { slug($0, part.path("name"), decoder) }
                    let path = decoder.required(part, "path").flatMap { relativePath($0, part.path("path"), decoder) }
                    let share = decoder.required(part, "share").flatMap { decoder.double($0, part.path("share")) }
                    let items = decoder.required(part, "items").flatMap { decoder.int($0, part.path("items")) }
                    guard let name, let path, let share, let items else { return nil }
                    return Splits.Part(name: name, path: path, share: share, items: items)
                }
                if parts?.count != elements.count { parts = nil }
            }
            if let tool, let seed, let stratify, let parts {
                splits = Splits(tool: tool, seed: seed, stratify: stratify, parts: parts)
            }
        }
        var build: BuildSettings?
        if let node = fields["build"], let record = decoder.object(node, "/build", allowed: buildFields) {
            let target = record["target"].flatMap { relativePath($0, record.path("target"), decoder) }
            let formats = record["formats"].flatMap { decoder.strings($0, record.path("formats")) } ?? []
            for (index, format) in formats.enumerated() where !["tar.zst", "tar.gz", "tar.xz", "zip"].contains(format) {
                if let element = decoder.array(record["formats"]!, record.path("formats"))?[index] {
                    decoder.report(
                        .invalidValue, element.node, element.path, "'\(format)' is not tar.zst, tar.gz, tar.xz or zip")
                }
            }
            var split: BuildSettings.Split?
            if let node = record["split"],
                let settings = decoder.object(node, record.path("split"), allowed: buildSplitFields)
            {
                var ratios: [String: Double] = [:]
                if let node = decoder.required(settings, "ratios"),
                    let members = decoder.map(node, settings.path("ratios"))
                {
                    for member in members {
                        if let share = decoder.double(member.value, settings.path("ratios") + "/" + member.key) {
                            ratios[member.key] = share
                        }
                    }
                    let sum = ratios.values.reduce(0, +)
                    if abs(sum - 1) > 1e-6 {
                        decoder.report(
                            .invalidValue, node, settings.path("ratios"), "the shares sum to \(sum); they must sum to 1"
                        )
                    }
                }
                let stratify = settings["stratify"].flatMap { decoder.strings($0, settings.path("stratify")) } ?? []
                let seed = settings["seed"].flatMap { decoder.int($0, settings.path("seed")) } ?? 0
                split = .init(ratios: ratios, stratify: stratify, seed: seed)
            }
            build = BuildSettings(target: target, split: split, formats: formats)
        }
        guard let name, let version, let description, let license, let creators, let citation, let warning, let access,
            let sources, let responsibleAI, let languages, let modalities, let taxonomies, let files, let itemCount
        else { return nil }
        return BenchmarkManifest(
            name: name, version: version, description: description, license: license, creators: creators,
            citation: citation, contentWarning: warning, access: access, sources: sources, responsibleAI: responsibleAI,
            languages: languages, modalities: modalities, taxonomies: taxonomies, files: files, itemCount: itemCount,
            deduplication: deduplication, splits: splits, build: build)
    }

    /// The manifest as JSON; written canonically it is the manifest's canonical form.
    public func jsonValue() -> JSONValue {
        var members: [String: JSONValue] = [
            "format": .string(BenchmarkManifest.format),
            "name": .string(name),
            "version": .string(version.description),
            "description": .string(description),
            "license": .string(license),
            "creators": .array(
                creators.map { creator in
                    .object(omittingNil: [
                        ("name", .string(creator.name)), ("affiliation", creator.affiliation.map { .string($0) }),
                        ("url", creator.url.map { .string($0) }),
                    ])
                }),
            "citation": .string(citation),
            "content_warning": .string(contentWarning),
            "access": .string(access.rawValue),
            "sources": .array(
                sources.map { source in
                    .object(omittingNil: [
                        ("name", .string(source.name)), ("url", source.url.map { .string($0) }),
                        ("license", .string(source.license)),
                        ("description", source.description.map { .string($0) }),
                    ])
                }),
            "responsible_ai": .object(omittingNil: [
                ("intended_use", .string(responsibleAI.intendedUse)),
                ("out_of_scope_use", responsibleAI.outOfScopeUse.map { .string($0) }),
                ("limitations", .string(responsibleAI.limitations)),
                ("biases", responsibleAI.biases.map { .string($0) }),
                ("personal_data", .string(responsibleAI.personalData)),
                ("collection", responsibleAI.collection.map { .string($0) }),
            ]),
            "languages": .array(languages.map { .string($0.rawValue) }),
            "modalities": .array(modalities.map { .string($0.rawValue) }),
            "taxonomies": .array(
                taxonomies.map {
                    .object([
                        "id": .string($0.id), "version": .string($0.version.description), "sha256": .string($0.hash),
                    ])
                }),
            "files": .array(
                files.map { file in
                    .object(omittingNil: [
                        ("path", .string(file.path)), ("bytes", .int(file.bytes)), ("sha256", .string(file.sha256)),
                        ("items", file.items.map { .int($0) }),
                    ])
                }),
            "items": .int(itemCount),
        ]
        if let deduplication {
            members["deduplication"] = .object([
                "tool": .string(deduplication.tool), "threshold": .double(deduplication.threshold),
                "removed": .int(deduplication.removed), "record": .string(deduplication.record),
            ])
        }
        if let build {
            var settings: [String: JSONValue] = [:]
            if let target = build.target { settings["target"] = .string(target) }
            if !build.formats.isEmpty { settings["formats"] = .array(build.formats.map { .string($0) }) }
            if let split = build.split {
                settings["split"] = .object([
                    "ratios": .object(split.ratios.mapValues { .double($0) }),
                    "stratify": .array(split.stratify.map { .string($0) }), "seed": .int(split.seed),
                ])
            }
            members["build"] = .object(settings)
        }
        if let splits {
            members["splits"] = .object([
                "tool": .string(splits.tool), "seed": .int(splits.seed),
                "stratify": .array(splits.stratify.map { .string($0) }),
                "parts": .array(
                    splits.parts.map {
                        .object([
                            "name": .string($0.name), "path": .string($0.path), "share": .double($0.share),
                            "items": .int($0.items),
                        ])
                    }),
            ])
        }
        return .object(members)
    }
}

func sha256Text(_ node: DocumentNode, _ path: String, _ decoder: DocumentDecoder, prefixed: Bool) -> String? {
    guard let text = decoder.string(node, path) else { return nil }
    guard TextForm.isSHA256(text, prefixed: prefixed) else {
        decoder.report(
            .invalidValue, node, path, "expected \(prefixed ? "'sha256:' and " : "")64 lower-case hex digits")
        return nil
    }
    return text
}

/// A path inside a benchmark folder: relative, `/`-separated, no empty, `.` or `..` components, no backslash.
func relativePath(_ node: DocumentNode, _ path: String, _ decoder: DocumentDecoder) -> String? {
    guard let text = decoder.trimmedString(node, path) else { return nil }
    guard TextForm.isRelativePath(text) else {
        decoder.report(
            .invalidValue, node, path,
            "'\(text)' is not a relative path inside the benchmark (no leading '/', '..', '.', empty parts or '\\')")
        return nil
    }
    return text
}
