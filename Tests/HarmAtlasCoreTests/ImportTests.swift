import HarmAtlasCore
import HarmAtlasTestSupport
import Testing

@Suite struct CSVParserTests {
    func parse(_ text: String, chunk: Int = 3, delimiter: UInt8 = 0x2C) -> (rows: [CSVParser.Row], problem: String?) {
        var parser = CSVParser(delimiter: delimiter)
        var rows: [CSVParser.Row] = []
        let bytes = CSVParser.droppingBOM(Array(text.utf8)[...])
        var start = bytes.startIndex
        while start < bytes.endIndex {
            let end = min(start + chunk, bytes.endIndex)
            parser.feed(bytes[start..<end]) { rows.append($0) }
            start = end
        }
        let problem = parser.finish { rows.append($0) }
        return (rows, problem)
    }

    @Test func quotedDelimitersQuotesAndLineBreaksAcrossChunks() {
        let (rows, problem) = parse("\u{FEFF}a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"line1\r\nline2\"\n1,,3")
        #expect(problem == nil)
        #expect(rows.map(\.cells) == [["a", "b", "c"], ["x, y", "say \"hi\"", "line1\r\nline2"], ["1", "", "3"]])
        #expect(rows.map(\.line) == [1, 2, 4])
    }

    @Test func blankLinesAreSkippedAndEmptyQuotedCellsKept() {
        let (rows, _) = parse("a\n\n\"\"\nb\n")
        #expect(rows.map(\.cells) == [["a"], [""], ["b"]])
    }

    @Test func anUnclosedQuoteIsReported() {
        let (rows, problem) = parse("a,b\n\"open,2\n3,4\n")
        #expect(problem == "a quoted field opened in the record on line 2 is never closed")
        #expect(rows.count == 2)
    }

    @Test func textAfterAClosingQuoteIsKeptAndReported() {
        let (rows, _) = parse("\"ab\"cd,e\n")
        #expect(rows[0].cells == ["abcd", "e"])
        #expect(rows[0].problems == ["text after the closing quote of cell 1"])
    }

    /// Random documents with long plain runs, quotes, delimiters and line breaks inside quoted cells read back
    /// cell for cell, with the line each record starts on, however the bytes are cut into chunks.
    @Test func randomDocumentsReadBackInAnyChunks() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["a", "plain text that runs for more than sixteen bytes", "漢字", "é", ",", "\"", "\n", "\r\n", " "]
        for _ in 0..<60 {
            let rows = (0..<Int.random(in: 1...6, using: &generator)).map { _ in
                (0..<3).map { _ in
                    (0..<Int.random(in: 1...5, using: &generator)).map { _ in
                        pieces.randomElement(using: &generator)!
                    }.joined()
                }
            }
            var text = ""
            var lines: [Int] = []
            for row in rows {
                lines.append(text.filter { $0 == "\n" || $0 == "\r\n" }.count + 1)
                text +=
                    row.map { cell in
                        cell.utf8.contains(where: { [0x2C, 0x22, 0x0A, 0x0D].contains($0) })
                            ? "\"" + cell.replacing("\"", with: "\"\"") + "\"" : cell
                    }
                    .joined(separator: ",") + "\n"
            }
            for chunk in [1, 3, 7, 17, 64, text.utf8.count] {
                let (read, problem) = parse(text, chunk: chunk)
                #expect(problem == nil)
                #expect(read.map(\.cells) == rows, "chunk \(chunk): \(text.debugDescription)")
                #expect(read.map(\.line) == lines, "chunk \(chunk): \(text.debugDescription)")
            }
        }
    }

    @Test func tabSeparated() {
        #expect(parse("a\tb\n\"c\td\"\te\n", delimiter: 0x09).rows.map(\.cells) == [["a", "b"], ["c\td", "e"]])
    }
}

@Suite struct ImporterTests {
    @Test func parsesPythonListLiterals() {
        #expect(Importer.pythonList("['a', 'b (e.g. x, y, etc.)']") == ["a", "b (e.g. x, y, etc.)"])
        #expect(Importer.pythonList("[\"it's\", 'q']") == ["it's", "q"])
        #expect(Importer.pythonList("[]") == [])
        #expect(Importer.pythonList("a, b") == nil)
    }

    @Test func normalisesLabelsForMatching() {
        #expect(Importer.normalise("Fraud & Deception") == Importer.normalise("fraud  and deception"))
        #expect(Importer.normalise("Self-Harm") == "self harm")
    }

    let taxonomy = Fixtures.release(
        "t", version: "1.0.0",
        categories: [
            Fixtures.category("crimes", codes: ["C1"]), Fixtures.category("hate", codes: ["H1"]),
            Fixtures.category("other"),
        ])

    func profile(labels: ImportProfile.Labels?, safety: ImportProfile.SafetyRule = .constant(.unsafe)) -> ImportProfile
    {
        ImportProfile(
            dataset: "d", sourceURL: "https://example.org", license: "MIT", taxonomy: "t@1.0.0",
            files: [.init(path: "f.csv")],
            records: "", text: "text", wideLanguages: [], originalLanguage: nil, translationOrigin: nil,
            language: LanguageTag("en"), languageField: nil, idField: "id", groupField: nil, labels: labels,
            safety: safety,
            facets: [:], keep: ["note"], media: nil, expansion: nil, joinExtraCells: false)
    }

    func row(_ values: [String: String]) -> SourceRecord {
        let keys = values.keys.sorted()
        return .row(
            header: Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) }),
            cells: keys.map { values[$0]! })
    }

    @Test func mapsLabelsAndKeepsThemVerbatim() throws {
        let labels = ImportProfile.Labels(
            field: "tags", format: .separated, separator: ";",
            map: ["Crime & Fraud": ["crimes"], "Hateful": ["hate", "crimes"]], byCode: false, unknown: .warn)
        let importer = Importer(profile: profile(labels: labels), taxonomy: taxonomy)
        let location = SourceLocation(file: "f.csv", line: 2)
        let (items, findings) = importer.items(
            from: row(["id": "7", "text": "Some text", "tags": "crime and fraud; HATEFUL ;unknown", "note": "n"]),
            file: .init(path: "f.csv"), row: 1, location: location, shipped: { _, _ in nil })
        #expect(findings.isEmpty)
        let item = try #require(items.first)
        #expect(item.id == "d:7")
        #expect(item.harms == ["t:crimes", "t:hate"])
        #expect(
            item.source
                == .init(
                    dataset: "d", id: "7", file: "f.csv", row: 1,
                    labels: ["tags": "crime and fraud; HATEFUL ;unknown", "note": "n"]))
        #expect(importer.unmappedCounts == ["unknown": 1])
        #expect(importer.labelCounts.count == 3)
    }

    @Test func unknownLabelPolicies() {
        let reject = ImportProfile.Labels(
            field: "tags", format: .single, separator: ",", map: [:], byCode: true, unknown: .reject)
        let rejecting = Importer(profile: profile(labels: reject), taxonomy: taxonomy)
        let (none, findings) = rejecting.items(
            from: row(["id": "1", "text": "x", "tags": "Z9", "note": ""]), file: .init(path: "f.csv"), row: 4,
            location: .init(file: "f.csv", line: 5), shipped: { _, _ in nil })
        #expect(none.isEmpty && findings.map(\.code) == [.unmappedLabel])
        #expect(findings[0].location.line == 5)
        var mapTo = reject
        mapTo.unknown = .mapTo("other")
        let mapping = Importer(profile: profile(labels: mapTo), taxonomy: taxonomy)
        let (items, _) = mapping.items(
            from: row(["id": "1", "text": "x", "tags": "c1", "note": ""]), file: .init(path: "f.csv"), row: 1,
            location: .init(file: "f.csv"), shipped: { _, _ in nil })
        #expect(items.first?.harms == ["t:crimes"])
        let (others, _) = mapping.items(
            from: row(["id": "1", "text": "x", "tags": "Z9", "note": ""]), file: .init(path: "f.csv"), row: 2,
            location: .init(file: "f.csv"), shipped: { _, _ in nil })
        #expect(others.first?.harms == ["t:other"])
    }

    @Test func safetyFromAFieldAndEmptyTexts() {
        let importer = Importer(
            profile: profile(labels: nil, safety: .field("label", unsafe: ["unsafe"], contrast: ["safe"])),
            taxonomy: nil)
        let (safe, _) = importer.items(
            from: row(["id": "1", "text": "x", "label": "safe", "note": ""]), file: .init(path: "f.csv"), row: 1,
            location: .init(file: "f.csv"), shipped: { _, _ in nil })
        #expect(safe.first?.safety == .safeContrast && safe.first?.expected == .comply)
        let (bad, findings) = importer.items(
            from: row(["id": "1", "text": "x", "label": "maybe", "note": ""]), file: .init(path: "f.csv"), row: 2,
            location: .init(file: "f.csv"), shipped: { _, _ in nil })
        #expect(bad.isEmpty && findings.map(\.code) == [.invalidValue])
        let (empty, emptyFindings) = importer.items(
            from: row(["id": "1", "text": "  ", "label": "safe", "note": ""]), file: .init(path: "f.csv"), row: 3,
            location: .init(file: "f.csv"), shipped: { _, _ in nil })
        #expect(empty.isEmpty && emptyFindings.map(\.code) == [.emptySourceValue])
    }

    @Test func sourceLabelsHoldEachRecordsOwnFields() {
        let labels = ImportProfile.Labels(
            field: "tags", format: .single, separator: ",", map: ["a": ["crimes"], "b": ["hate"]], byCode: false,
            unknown: .warn)
        let importer = Importer(
            profile: profile(labels: labels, safety: .field("label", unsafe: ["unsafe"], contrast: ["safe"])),
            taxonomy: taxonomy)
        // One importer reads them in turn: the same fields, then one fewer, then the same again.
        let records: [[String: String]] = [
            ["id": "1", "text": "x", "tags": "a", "note": "first", "label": "unsafe"],
            ["id": "2", "text": "x", "tags": "b", "note": "second", "label": "safe"],
            ["id": "3", "text": "x", "tags": "a", "label": "safe"],
            ["id": "4", "text": "x", "tags": "b", "note": "fourth", "label": "unsafe"],
            ["id": "5", "text": "x", "note": "fifth", "label": "unsafe"],
        ]
        let kept = records.enumerated().map { number, values in
            importer.items(
                from: row(values), file: .init(path: "f.csv"), row: number + 1, location: .init(file: "f.csv"),
                shipped: { _, _ in nil }
            ).items.first?.source?.labels
        }
        #expect(
            kept == [
                ["tags": "a", "note": "first", "label": "unsafe"],
                ["tags": "b", "note": "second", "label": "safe"],
                ["tags": "a", "label": "safe"],
                ["tags": "b", "note": "fourth", "label": "unsafe"],
                ["note": "fifth", "label": "unsafe"],
            ])
    }
}

@Suite struct ImportRowCheckTests {
    let taxonomy = Fixtures.release("t", version: "1.0.0", categories: [Fixtures.category("crimes", codes: ["vcr"])])

    func importer(modality: Bool = true) -> Importer {
        var labels = ImportProfile.Labels(
            field: "harm", format: .single, separator: ",", map: [:], byCode: true, unknown: .reject)
        labels.required = true
        var profile = ImportProfile(
            dataset: "bench", sourceURL: "https://example.org", license: "MIT", taxonomy: "t@1.0.0",
            files: [.init(path: "items.csv")],
            records: "", text: "text", wideLanguages: [], originalLanguage: nil, translationOrigin: nil, language: nil,
            languageField: "language", idField: "id", groupField: nil, labels: labels, safety: .constant(.unsafe),
            facets: [:],
            keep: [], media: .init(kind: .image, field: "media", template: nil, root: "."), expansion: nil,
            joinExtraCells: false)
        if modality { profile.modalityField = "modality" }
        return Importer(profile: profile, taxonomy: taxonomy)
    }

    func check(_ values: [String: String]) -> (items: [BenchmarkItem], codes: [RuleCode]) {
        var row = ["id": "hb-1", "text": "Some text", "language": "en", "harm": "vcr", "modality": "text", "media": ""]
        row.merge(values) { $1 }
        let keys = row.keys.sorted()
        let record = SourceRecord.row(
            header: Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) }), cells: keys.map { row[$0]! })
        let (items, findings) = importer().items(
            from: record, file: .init(path: "items.csv"), row: 1, location: .init(file: "items.csv", line: 2),
            shipped: { source, _ in source == "media/ok.png" ? String(repeating: "0", count: 64) : nil })
        return (items, findings.map(\.code))
    }

    @Test func theRowsABenchmarkCorpusPlantsAreEachReported() {
        #expect(check([:]).codes == [])
        #expect(check(["id": "hb/1"]).codes == [.invalidSourceID])
        #expect(check(["id": "hb 1"]).codes == [.invalidSourceID])
        #expect(check(["harm": "spc"]).codes == [.unmappedLabel])
        #expect(check(["harm": ""]).codes == [.emptySourceValue])
        #expect(check(["harm": "VCR"]).codes == [.labelCaseMismatch])
        #expect(check(["text": "  "]).codes == [.emptySourceValue])
        #expect(check(["language": "zz-ZZ"]).codes == [.unregisteredLanguage])
        #expect(check(["language": "xx"]).codes == [.unregisteredLanguage])
        #expect(check(["language": "english"]).codes == [.invalidValue])
        #expect(check(["language": "fr-fr-FR"]).codes == [.invalidValue])
        #expect(check(["language": "en_US"]).codes == [.languageNormalised])
        #expect(check(["language": "EN"]).codes == [.languageNormalised])
        #expect(check(["modality": "image+text"]).codes == [.declaredModalityMismatch])
        #expect(check(["modality": "image+text", "media": "media/ok.png"]).codes == [])
        let missing = check(["modality": "image+text", "media": "media/missing.png"])
        #expect(missing.codes == [] && missing.items.first?.turns[0].parts[0].media?.isAvailable == false)
    }

    /// One importer reads rows under different headers (files whose columns come in another order, or lack one)
    /// by each row's own header, and JSON records by name.
    @Test func eachRowIsReadUnderItsOwnHeader() {
        let importer = importer(modality: false)
        func read(_ columns: [String], _ cells: [String]) -> BenchmarkItem? {
            let record = SourceRecord.row(
                header: Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($1, $0) }), cells: cells)
            return importer.items(
                from: record, file: .init(path: "items.csv"), row: 1, location: .init(file: "items.csv"),
                shipped: { _, _ in nil }
            ).items.first
        }
        let first = ["id", "text", "language", "harm"]
        #expect(read(first, ["a", "Hello", "en", "vcr"])?.id == "bench:a")
        #expect(read(first, ["b", "Hallo", "de", "vcr"])?.language.rawValue == "de")
        let reordered = read(["harm", "language", "text", "id"], ["vcr", "fr", "Bonjour", "c"])
        #expect(reordered?.id == "bench:c" && reordered?.language.rawValue == "fr")
        #expect(reordered?.turns[0].parts[0].text == "Bonjour")
        // Without an id column, the id is the file's and the row's.
        #expect(read(["text", "language", "harm"], ["Hola", "es", "vcr"])?.id == "bench:items:1")
        #expect(read(first, ["d", "Ciao", "it", "vcr"])?.id == "bench:d")
        let (node, _) = JSONParser.parse(
            Array(#"{"id":"e","text":"Hej","language":"sv","harm":"vcr"}"#.utf8), file: "x")
        let json = importer.items(
            from: .json(node!), file: .init(path: "items.jsonl"), row: 1, location: .init(file: "items.jsonl"),
            shipped: { _, _ in nil }
        ).items.first
        #expect(json?.id == "bench:e" && json?.language.rawValue == "sv")
    }
}
