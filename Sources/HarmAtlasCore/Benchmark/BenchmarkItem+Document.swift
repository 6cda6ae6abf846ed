extension BenchmarkItem {
    /// The fields of an item record.
    public static let fieldNames = [
        "id", "turns", "language", "harms", "safety", "expected", "facets", "group", "translation_origin", "source",
        "license", "hash",
    ]
    /// The fields every item record must have.
    public static let requiredFieldNames = ["id", "turns", "language", "safety", "expected", "hash"]
    /// The fields of a part.
    public static let partFieldNames = ["text", "image", "audio", "video", "language"]
    /// The fields of a media reference.
    public static let mediaFieldNames = ["path", "sha256", "media_type", "reference"]
    /// The fields of a source.
    public static let sourceFieldNames = ["dataset", "id", "file", "row", "labels"]

    /// Reads an item record; every problem is reported to `decoder`. The declared hash is returned beside the
    /// item so that integrity checks can compare it with ``contentHash``. When `sealing`, the hash may be absent
    /// (it is about to be computed) and is returned empty.
    public static func decode(
        _ node: DocumentNode, _ path: String, _ decoder: DocumentDecoder, sealing: Bool = false
    ) -> (item: BenchmarkItem, declaredHash: String)? {
        guard let fields = decoder.object(node, path, allowed: fieldNames) else { return nil }
        let id = decoder.required(fields, "id").flatMap { node -> String? in
            guard let text = decoder.string(node, fields.path("id")) else { return nil }
            guard isValidID(text) else {
                decoder.report(
                    .invalidValue, node, fields.path("id"),
                    "'\(text)' is not an item id: 1 to 128 ASCII letters, digits, '.', '_', ':' or '-'")
                return nil
            }
            return text
        }
        let language = decoder.required(fields, "language").flatMap {
            languageTag($0, fields.path("language"), decoder)
        }
        var turns: [Turn]?
        if let node = decoder.required(fields, "turns"), let elements = decoder.array(node, fields.path("turns")) {
            if elements.isEmpty {
                decoder.report(.invalidValue, node, fields.path("turns"), "an item needs at least one turn")
            }
            turns = elements.compactMap { decodeTurn($0.node, $0.path, decoder, sealing: sealing) }
            if turns!.count != elements.count { turns = nil }
        }
        let harms = fields["harms"].flatMap { decoder.strings($0, fields.path("harms")) } ?? []
        let safety = decoder.required(fields, "safety").flatMap {
            decoder.enumeration(Safety.self, $0, fields.path("safety"))
        }
        let expected = decoder.required(fields, "expected").flatMap {
            decoder.enumeration(ExpectedBehavior.self, $0, fields.path("expected"))
        }
        var facets: [String: String] = [:]
        if let node = fields["facets"], let members = decoder.map(node, fields.path("facets")) {
            for member in members {
                if let value = decoder.trimmedString(
                    member.value, fields.path("facets") + "/" + DocumentDecoder.escapePointer(member.key))
                {
                    facets[member.key] = value
                }
            }
        }
        let group = fields["group"].flatMap { decoder.trimmedString($0, fields.path("group")) }
        let origin = fields["translation_origin"].flatMap {
            decoder.enumeration(TranslationOrigin.self, $0, fields.path("translation_origin"))
        }
        let source = fields["source"].flatMap { decodeSource($0, fields.path("source"), decoder) }
        let license = fields["license"].flatMap { spdx($0, fields.path("license"), decoder) }
        let hash =
            sealing && fields["hash"] == nil
            ? "" : decoder.required(fields, "hash").flatMap { decoder.trimmedString($0, fields.path("hash")) }
        guard let id, let language, let turns, let safety, let expected, let hash else { return nil }
        let item = BenchmarkItem(
            id: id, turns: turns, language: language, harms: harms, safety: safety, expected: expected, facets: facets,
            group: group, translationOrigin: origin, source: source, license: license)
        return (item, hash)
    }

    private static func decodeTurn(_ node: DocumentNode, _ path: String, _ decoder: DocumentDecoder, sealing: Bool)
        -> Turn?
    {
        guard let fields = decoder.object(node, path, allowed: ["role", "parts"]) else { return nil }
        let role = decoder.required(fields, "role").flatMap { decoder.enumeration(Role.self, $0, fields.path("role")) }
        var parts: [Part]?
        if let node = decoder.required(fields, "parts"), let elements = decoder.array(node, fields.path("parts")) {
            if elements.isEmpty {
                decoder.report(.invalidValue, node, fields.path("parts"), "a turn needs at least one part")
            }
            let decoded = elements.compactMap { decodePart($0.node, $0.path, decoder, sealing: sealing) }
            if decoded.count == elements.count { parts = decoded }
        }
        guard let role, let parts else { return nil }
        return Turn(role: role, parts: parts)
    }

    private static func decodePart(_ node: DocumentNode, _ path: String, _ decoder: DocumentDecoder, sealing: Bool)
        -> Part?
    {
        guard let fields = decoder.object(node, path, allowed: partFieldNames) else { return nil }
        let language = fields["language"].flatMap { languageTag($0, fields.path("language"), decoder) }
        let kinds = ["text", "image", "audio", "video"].filter { fields[$0] != nil }
        guard kinds.count == 1 else {
            decoder.report(
                .invalidValue, node, path,
                "a part holds exactly one of text, image, audio or video; found \(kinds.isEmpty ? "none" : kinds.joined(separator: ", "))"
            )
            return nil
        }
        if kinds[0] == "text" {
            guard let text = decoder.string(fields["text"]!, fields.path("text")) else { return nil }
            return Part(text: text, media: nil, language: language)
        }
        let kind = MediaKind(rawValue: kinds[0])!
        guard let media = decoder.object(fields[kinds[0]]!, fields.path(kinds[0]), allowed: mediaFieldNames) else {
            return nil
        }
        let mediaPath = media["path"].flatMap { relativePath($0, media.path("path"), decoder) }
        let sha = media["sha256"].flatMap { sha256Text($0, media.path("sha256"), decoder, prefixed: false) }
        let mediaType = decoder.required(media, "media_type").flatMap {
            decoder.trimmedString($0, media.path("media_type"))
        }
        let reference = media["reference"].flatMap { decoder.trimmedString($0, media.path("reference")) }
        if mediaPath != nil && sha == nil && !sealing {
            decoder.report(.missingField, media.node, media.path, "a media file needs its sha256")
        }
        if mediaPath == nil && reference == nil {
            decoder.report(
                .missingField, media.node, media.path,
                "a media part needs a path, or the source's reference when the file is unavailable")
        }
        guard let mediaType else { return nil }
        return Part(
            text: nil,
            media: Media(kind: kind, path: mediaPath, sha256: sha, mediaType: mediaType, reference: reference),
            language: language)
    }

    private static func decodeSource(_ node: DocumentNode, _ path: String, _ decoder: DocumentDecoder) -> Source? {
        guard let fields = decoder.object(node, path, allowed: sourceFieldNames) else { return nil }
        let dataset = decoder.required(fields, "dataset").flatMap { decoder.trimmedString($0, fields.path("dataset")) }
        let id = fields["id"].flatMap { decoder.string($0, fields.path("id")) }
        let file = fields["file"].flatMap { decoder.trimmedString($0, fields.path("file")) }
        let row = fields["row"].flatMap { decoder.int($0, fields.path("row")) }
        var labels: [String: String] = [:]
        if let node = fields["labels"], let members = decoder.map(node, fields.path("labels")) {
            for member in members {
                if let value = decoder.string(
                    member.value, fields.path("labels") + "/" + DocumentDecoder.escapePointer(member.key))
                {
                    labels[member.key] = value
                }
            }
        }
        guard let dataset else { return nil }
        return Source(dataset: dataset, id: id, file: file, row: row, labels: labels)
    }

    /// The item as JSON; with `includingHash` it carries its ``contentHash``. Shards are written by
    /// ``jsonLine()``, which gives the same bytes as this value's compact form.
    public func jsonValue(includingHash: Bool = true) -> JSONValue {
        func part(_ part: Part) -> JSONValue {
            var members: [String: JSONValue] = [:]
            if let text = part.text { members["text"] = .string(text) }
            if let media = part.media {
                members[media.kind.rawValue] = .object(omittingNil: [
                    ("path", media.path.map { .string($0) }), ("sha256", media.sha256.map { .string($0) }),
                    ("media_type", .string(media.mediaType)), ("reference", media.reference.map { .string($0) }),
                ])
            }
            if let language = part.language { members["language"] = .string(language.rawValue) }
            return .object(members)
        }
        return .object(omittingNil: [
            ("id", .string(id)),
            (
                "turns",
                .array(turns.map { .object(["role": .string($0.role.rawValue), "parts": .array($0.parts.map(part))]) })
            ),
            ("language", .string(language.rawValue)),
            ("harms", harms.isEmpty ? nil : .array(harms.map { .string($0) })),
            ("safety", .string(safety.rawValue)),
            ("expected", .string(expected.rawValue)),
            ("facets", facets.isEmpty ? nil : .object(facets.mapValues { .string($0) })),
            ("group", group.map { .string($0) }),
            ("translation_origin", translationOrigin.map { .string($0.rawValue) }),
            (
                "source",
                source.map { source in
                    .object(omittingNil: [
                        ("dataset", .string(source.dataset)), ("id", source.id.map { .string($0) }),
                        ("file", source.file.map { .string($0) }), ("row", source.row.map { .int($0) }),
                        ("labels", source.labels.isEmpty ? nil : .object(source.labels.mapValues { .string($0) })),
                    ])
                }
            ),
            ("license", license.map { .string($0) }),
            ("hash", includingHash ? .string(contentHash) : nil),
        ])
    }
}
