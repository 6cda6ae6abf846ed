import ArgumentParser
import Foundation
import HarmAtlas

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a source dataset (CSV, TSV, JSON array or JSON Lines) into a new benchmark folder.",
        discussion: """
            With --profile, the profile names the dataset's files relative to the dataset folder (the argument, \
            default '.'). Without it, the flags describe one-off files given as arguments. Labels map to \
            taxonomy categories through the profile's map, a --label-map file or the taxonomy's codes; unmapped \
            labels are always listed with their counts. The benchmark appears only when complete.
            """
    )

    @Option(help: "An import profile (YAML).")
    var profile: String?

    @Option(help: "The new benchmark folder.")
    var out: String

    @Argument(help: "With --profile: the dataset folder. Without: the files to import.")
    var inputs: [String] = []

    @Flag(help: "Leave out rejected records (reported, exit status 1) and write the rest, instead of writing nothing.")
    var skipInvalid = false

    @Option(help: "The column holding the modality each row declares (text, image+text …), checked against the row.")
    var modalityColumn: String?

    @Option(
        help:
            "The column telling safe rows from unsafe ones: 'safe' makes a safe-contrast item, 'unsafe' an unsafe one.")
    var safetyColumn: String?

    @Flag(help: "Every row must carry a label.")
    var labelRequired = false

    @Option(help: "Taxonomy files or folders holding the release labels map to.")
    var taxonomies: [String] = ["Taxonomies"]

    @Option(help: "The dataset's name (flag form; default: the first file's name).")
    var dataset: String?

    @Option(help: "The dataset's SPDX licence (flag form).")
    var license: String = "NOASSERTION"

    @Option(help: "The column (or JSON field) holding the text.")
    var textColumn: String?

    @Option(help: "The column holding the labels.")
    var labelColumn: String?

    @Option(help: "How a labels cell holds several labels: single, python-list or separated.")
    var labelFormat: String = "single"

    @Option(help: "The language of every item, a BCP 47 tag.")
    var language: String?

    @Option(help: "The column holding each row's language.")
    var languageColumn: String?

    @Option(help: "The column holding the source's id.")
    var idColumn: String?

    @Option(help: "The taxonomy release labels map to, ID@VERSION.")
    var taxonomy: String?

    @Option(help: "A YAML file mapping each label to a list of concept ids; without it, labels are read as codes.")
    var labelMap: String?

    @Option(help: "An SSSOM crosswalk into --taxonomy whose subject release the labels belong to.")
    var crosswalk: String?

    @Option(help: "What to do with unmapped labels: reject, warn or map-to:CATEGORY.")
    var unknownLabels: String = "warn"

    @Option(help: "The column holding a group id (translations, paraphrases).")
    var groupColumn: String?

    @Option(help: "The column holding an image file name.")
    var imageColumn: String?

    @Option(help: "Where image files are, relative to the files' folder.")
    var mediaRoot: String = "."

    func validate() throws {
        if profile == nil {
            if inputs.isEmpty { throw ValidationError("name the files to import, or give --profile") }
            if textColumn == nil { throw ValidationError("--text-column is required without --profile") }
            if (language == nil) == (languageColumn == nil) {
                throw ValidationError("give exactly one of --language and --language-column")
            }
            if let language, LanguageTag(language) == nil {
                throw ValidationError("'\(language)' is not a BCP 47 language tag")
            }
            if labelColumn != nil && taxonomy == nil {
                throw ValidationError("--label-column needs --taxonomy ID@VERSION")
            }
        } else if inputs.count > 1 {
            throw ValidationError("with --profile, give at most one dataset folder")
        }
    }

    func run() throws {
        try reportingErrors {
            let (importProfile, folder) = try resolveProfile()
            let result = try DatasetImport.run(
                profile: importProfile, datasetFolder: folder, output: out, taxonomyPaths: taxonomies,
                skipInvalid: skipInvalid)
            if result.manifest != nil { print("wrote \(out)") }
            let languages = result.languages.keys.sorted().map(\.rawValue).joined(separator: ",")
            let modalities = result.modalities.keys.sorted().map(\.rawValue).joined(separator: ",")
            try report(
                result.diagnostics, format: .text,
                summary:
                    "\(importProfile.dataset): \(result.records) records → \(result.items) items; languages \(languages); modalities \(modalities); \(result.harms.count) harm categories; \(result.unmappedLabels.count) unmapped labels"
            )
        }
    }

    private func resolveProfile() throws(HarmAtlasError) -> (ImportProfile, String) {
        if let profile { return (try DatasetImport.loadProfile(profile), inputs.first ?? ".") }
        var map: [String: [String]] = [:]
        if let labelMap {
            let (node, diagnostics) = DocumentReader.read(labelMap)
            guard let node, !diagnostics.hasErrors else {
                throw HarmAtlasError(.invalidInput, "\(labelMap): not a label map", diagnostics: diagnostics)
            }
            let decoder = DocumentDecoder(file: labelMap)
            for member in decoder.map(node, "") ?? [] {
                map[member.key] = decoder.strings(member.value, "/" + DocumentDecoder.escapePointer(member.key)) ?? []
            }
            if decoder.diagnostics.hasErrors {
                throw HarmAtlasError(.invalidInput, "\(labelMap): not a label map", diagnostics: decoder.diagnostics)
            }
        }
        let unknown: ImportProfile.UnknownLabelPolicy
        switch unknownLabels {
        case "reject": unknown = .reject
        case "warn": unknown = .warn
        case let value where value.hasPrefix("map-to:"): unknown = .mapTo(String(value.dropFirst(7)))
        default: throw HarmAtlasError(.usage, "--unknown-labels takes reject, warn or map-to:CATEGORY")
        }
        guard let format = ImportProfile.LabelFormat(rawValue: labelFormat) else {
            throw HarmAtlasError(.usage, "--label-format takes single, python-list or separated")
        }
        let name =
            dataset
            ?? URL(fileURLWithPath: inputs[0]).deletingPathExtension().lastPathComponent.lowercased()
            .map { $0.isLetter || $0.isNumber ? $0 : "-" }.reduce(into: "") { $0.append($1) }
        let labels = labelColumn.map { column -> ImportProfile.Labels in
            var labels = ImportProfile.Labels(
                field: column, format: format, separator: ",", map: map, byCode: labelMap == nil, unknown: unknown)
            labels.required = labelRequired
            labels.crosswalk = crosswalk
            return labels
        }
        // The files' folder is the dataset folder: media and file names in the items are relative to it.
        let urls = inputs.map { URL(fileURLWithPath: $0) }
        let folder = urls[0].deletingLastPathComponent().path
        guard urls.allSatisfy({ $0.deletingLastPathComponent().path == folder }) else {
            throw HarmAtlasError(.usage, "without --profile, the files to import must be in one folder")
        }
        let profile = ImportProfile(
            dataset: name, sourceURL: "file:" + urls[0].lastPathComponent, license: license, taxonomy: taxonomy,
            files: urls.map { .init(path: $0.lastPathComponent) }, records: "",
            text: textColumn, wideLanguages: [], originalLanguage: nil, translationOrigin: nil,
            language: language.flatMap(LanguageTag.init), languageField: languageColumn, idField: idColumn,
            groupField: groupColumn, labels: labels,
            safety: safetyColumn.map { .field($0, unsafe: ["unsafe"], contrast: ["safe"]) } ?? .constant(.unsafe),
            facets: [:], keep: [],
            media: imageColumn.map { .init(kind: .image, field: $0, template: nil, root: mediaRoot) }, expansion: nil,
            joinExtraCells: false)
        var withModality = profile
        withModality.modalityField = modalityColumn
        return (withModality, folder)
    }
}
