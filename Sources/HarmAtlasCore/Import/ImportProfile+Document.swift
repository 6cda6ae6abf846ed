extension ImportProfile {
    static let fieldNames = [
        "dataset", "source_url", "license", "taxonomy", "files", "records", "text", "wide_languages",
        "original_language",
        "translation_origin", "language",
        "language_field", "id_field", "group_field", "labels", "safety", "facets", "keep", "media", "expand",
        "join_extra_cells", "modality_field",
    ]

    /// Reads a profile; every problem is reported to `decoder`.
    public static func decode(_ node: DocumentNode, _ decoder: DocumentDecoder) -> ImportProfile? {
        guard let fields = decoder.object(node, "", allowed: fieldNames) else { return nil }
        func text(_ key: String, required: Bool = false) -> String? {
            guard let node = required ? decoder.required(fields, key) : fields[key] else { return nil }
            return decoder.trimmedString(node, fields.path(key))
        }
        let dataset = decoder.required(fields, "dataset").flatMap { slug($0, "/dataset", decoder) }
        let sourceURL = text("source_url", required: true)
        let license = decoder.required(fields, "license").flatMap { spdx($0, "/license", decoder) }
        var files: [File] = []
        if let node = decoder.required(fields, "files"), let elements = decoder.array(node, "/files") {
            for element in elements {
                if case .object = element.node.value {
                    guard let file = decoder.object(element.node, element.path, allowed: ["path", "safety", "text"]),
                        let path = decoder.required(file, "path").flatMap({
                            decoder.trimmedString($0, file.path("path"))
                        })
                    else { continue }
                    let safety = file["safety"].flatMap {
                        decoder.enumeration(BenchmarkItem.Safety.self, $0, file.path("safety"))
                    }
                    let text = file["text"].flatMap { decoder.trimmedString($0, file.path("text")) }
                    files.append(File(path: path, safety: safety, text: text))
                } else if let path = decoder.trimmedString(element.node, element.path) {
                    files.append(File(path: path))
                }
            }
        }
        var wide: [(String, LanguageTag)] = []
        if let node = fields["wide_languages"], let members = decoder.map(node, "/wide_languages") {
            for member in members {
                let path = "/wide_languages/" + DocumentDecoder.escapePointer(member.key)
                if let tag = languageTag(member.value, path, decoder) { wide.append((member.key, tag)) }
            }
        }
        let language = fields["language"].flatMap { languageTag($0, "/language", decoder) }
        var labels: Labels?
        if let node = fields["labels"],
            let labelFields = decoder.object(
                node, "/labels", allowed: ["field", "format", "separator", "map", "unknown", "required", "crosswalk"])
        {
            let field = decoder.required(labelFields, "field").flatMap {
                decoder.trimmedString($0, labelFields.path("field"))
            }
            let format =
                labelFields["format"].flatMap { decoder.enumeration(LabelFormat.self, $0, labelFields.path("format")) }
                ?? .single
            let separator =
                labelFields["separator"].flatMap { decoder.string($0, labelFields.path("separator")) } ?? ","
            var map: [String: [String]] = [:]
            var byCode = false
            if let mapNode = decoder.required(labelFields, "map") {
                if case .scalar("codes") = mapNode.value {
                    byCode = true
                } else if let members = decoder.map(mapNode, labelFields.path("map")) {
                    for member in members {
                        let path = labelFields.path("map") + "/" + DocumentDecoder.escapePointer(member.key)
                        if case .null = member.value.value {
                            map[member.key] = []
                        } else if let ids = slugs(member.value, path, decoder) {
                            map[member.key] = ids
                        }
                    }
                }
            }
            var unknown = UnknownLabelPolicy.warn
            if let unknownNode = labelFields["unknown"],
                let value = decoder.string(unknownNode, labelFields.path("unknown"))
            {
                switch value {
                case "reject": unknown = .reject
                case "warn": unknown = .warn
                default:
                    if value.hasPrefix("map-to:"), HarmCategory.isValidID(String(value.dropFirst(7))) {
                        unknown = .mapTo(String(value.dropFirst(7)))
                    } else {
                        decoder.report(
                            .invalidValue, unknownNode, labelFields.path("unknown"),
                            "expected reject, warn or map-to:CATEGORY-ID")
                    }
                }
            }
            if let field {
                labels = Labels(
                    field: field, format: format, separator: separator, map: map, byCode: byCode, unknown: unknown)
                labels?.required =
                    labelFields["required"].flatMap { decoder.bool($0, labelFields.path("required")) } ?? false
            }
        }
        var safety = SafetyRule.constant(.unsafe)
        if let node = fields["safety"] {
            if case .object = node.value {
                if let rule = decoder.object(node, "/safety", allowed: ["field", "unsafe", "safe-contrast"]),
                    let field = decoder.required(rule, "field").flatMap({
                        decoder.trimmedString($0, rule.path("field"))
                    })
                {
                    safety = .field(
                        field, unsafe: rule["unsafe"].flatMap { decoder.strings($0, rule.path("unsafe")) } ?? [],
                        contrast: rule["safe-contrast"].flatMap { decoder.strings($0, rule.path("safe-contrast")) }
                            ?? [])
                }
            } else if let value = decoder.enumeration(BenchmarkItem.Safety.self, node, "/safety") {
                safety = .constant(value)
            }
        }
        var facets: [String: String] = [:]
        if let node = fields["facets"], let members = decoder.map(node, "/facets") {
            for member in members {
                if let field = decoder.trimmedString(
                    member.value, "/facets/" + DocumentDecoder.escapePointer(member.key))
                {
                    facets[member.key] = field
                }
            }
        }
        var media: MediaRule?
        if let node = fields["media"],
            let rule = decoder.object(node, "/media", allowed: ["kind", "field", "template", "root"])
        {
            let kind =
                rule["kind"].flatMap { decoder.enumeration(BenchmarkItem.MediaKind.self, $0, rule.path("kind")) }
                ?? .image
            let field = rule["field"].flatMap { decoder.trimmedString($0, rule.path("field")) }
            let template = rule["template"].flatMap { decoder.trimmedString($0, rule.path("template")) }
            let root = rule["root"].flatMap { decoder.trimmedString($0, rule.path("root")) } ?? "."
            if (field == nil) == (template == nil) {
                decoder.report(.invalidValue, node, "/media", "give exactly one of field and template")
            }
            media = MediaRule(kind: kind, field: field, template: template, root: root)
        }
        var expansion: Expansion?
        if let node = fields["expand"], let rule = decoder.object(node, "/expand", allowed: ["pointer", "keys"]),
            let pointer = decoder.required(rule, "pointer").flatMap({ decoder.trimmedString($0, rule.path("pointer")) }
            ),
            let keysNode = decoder.required(rule, "keys"), let members = decoder.map(keysNode, rule.path("keys"))
        {
            var keys: [String: BenchmarkItem.Safety] = [:]
            for member in members {
                if let safety = decoder.enumeration(
                    BenchmarkItem.Safety.self, member.value, rule.path("keys") + "/" + member.key)
                {
                    keys[member.key] = safety
                }
            }
            expansion = Expansion(pointer: pointer, keys: keys)
        }
        let join = fields["join_extra_cells"].flatMap { decoder.bool($0, "/join_extra_cells") } ?? false
        let keep = fields["keep"].flatMap { decoder.strings($0, "/keep") } ?? []
        if fields["text"] == nil && wide.isEmpty && expansion == nil {
            decoder.report(
                .missingField, node, "",
                "give the text field (text), the language columns (wide_languages), or an expansion (expand)")
        }
        if language == nil && fields["language_field"] == nil && wide.isEmpty {
            decoder.report(
                .missingField, node, "", "give the language (language) or the field holding it (language_field)")
        }
        guard let dataset, let sourceURL, let license else { return nil }
        var profile = ImportProfile(
            dataset: dataset, sourceURL: sourceURL, license: license, taxonomy: text("taxonomy"), files: files,
            records: text("records") ?? "", text: text("text"), wideLanguages: wide,
            originalLanguage: fields["original_language"].flatMap { languageTag($0, "/original_language", decoder) },
            translationOrigin: fields["translation_origin"].flatMap {
                decoder.enumeration(TranslationOrigin.self, $0, "/translation_origin")
            }, language: language,
            languageField: text("language_field"), idField: text("id_field"), groupField: text("group_field"),
            labels: labels, safety: safety, facets: facets, keep: keep, media: media, expansion: expansion,
            joinExtraCells: join)
        profile.modalityField = text("modality_field")
        return profile
    }
}
