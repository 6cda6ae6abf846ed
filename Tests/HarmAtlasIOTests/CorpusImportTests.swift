import Foundation
import HarmAtlasCore
import HarmAtlasIO
import HarmAtlasTestSupport
import Testing

/// Every shared dataset imported with its profile, with the counts SOURCES.md gives, and validated.
@Suite(.needsCorpora) struct CorpusImportTests {
    static let expected: [(String, records: Int, items: Int)] = [
        ("advbench", 520, 520), ("ailuminate", 2400, 2400), ("beavertails", 8583, 8583), ("do-not-answer", 939, 939),
        ("figstep", 550, 550), ("harmbench", 510, 510), ("jailbreakbench", 100, 100), ("multijail", 315, 3150),
        ("simplesafetytests", 100, 100), ("strongreject", 313, 313), ("toxicchat", 2853, 2853), ("vlguard", 3000, 4535),
        ("xstest", 450, 450),
    ]

    static func importDataset(_ name: String) throws -> (DatasetImport.Result, URL) {
        let profile = try DatasetImport.loadProfile(
            TestEnvironment.packageRoot.appendingPathComponent("Datasets/profiles/\(name).yaml").path)
        let output = try TestEnvironment.temporaryDirectory().appendingPathComponent(name)
        let result = try DatasetImport.run(
            profile: profile, datasetFolder: TestEnvironment.corpora!.appendingPathComponent(name).path,
            output: output.path,
            taxonomyPaths: [TestEnvironment.taxonomies.path])
        return (result, output)
    }

    static func items(_ folder: URL) throws -> [BenchmarkItem] {
        var items: [BenchmarkItem] = []
        for shard in FileIO.files(under: folder.path + "/items", endingWith: [".jsonl"]) {
            try JSONLinesReader.forEachRecord(in: shard) { record, _ in
                let decoder = DocumentDecoder(file: shard)
                if let node = JSONParser.parse(record, file: shard).node,
                    let (item, _) = BenchmarkItem.decode(node, "", decoder)
                {
                    items.append(item)
                }
                return true
            }
        }
        return items
    }

    @Test func everyDatasetFolderHasAProfile() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: TestEnvironment.corpora!.path)
            .filter {
                $0 != "bad-inputs" && FileIO.isDirectory(TestEnvironment.corpora!.appendingPathComponent($0).path)
            }
        #expect(Set(folders) == Set(Self.expected.map(\.0)))
    }

    @Test(arguments: expected)
    func importsWithTheSourceCountsAndValidatesWithoutErrors(name: String, records: Int, items: Int) throws {
        let (result, folder) = try Self.importDataset(name)
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        #expect(result.records == records)
        #expect(result.items == items)
        #expect(!result.diagnostics.hasErrors)
        let report = try BenchmarkValidation.run(
            folder.path, options: .init(taxonomyPaths: [TestEnvironment.taxonomies.path]))
        #expect(report.items == items)
        #expect(!report.diagnostics.hasErrors, "\(report.diagnostics.filter { $0.severity == .error }.prefix(3))")
    }

    @Test func xstestSafePromptsAreContrastItems() throws {
        let (_, folder) = try Self.importDataset("xstest")
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let items = try Self.items(folder)
        #expect(items.filter { $0.safety == .safeContrast }.count == 250)
        #expect(
            items.filter { $0.safety == .unsafe }.allSatisfy {
                $0.source?.labels["type"]?.hasPrefix("contrast_") == true
            })
    }

    @Test func multijailRowsBecomeTenGroupedItems() throws {
        let (_, folder) = try Self.importDataset("multijail")
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let items = try Self.items(folder)
        let groups = Dictionary(grouping: items) { $0.group ?? "" }
        #expect(groups.count == 315)
        #expect(
            groups.values.allSatisfy {
                Set($0.map(\.language.rawValue)) == ["en", "zh", "it", "vi", "ar", "ko", "th", "bn", "sw", "jv"]
            })
        #expect(items.filter { $0.language.rawValue == "en" }.allSatisfy { $0.translationOrigin == nil })
        #expect(items.filter { $0.language.rawValue != "en" }.allSatisfy { $0.translationOrigin == .human })
        // The tag with commas inside its parentheses is one label.
        #expect(
            items.contains {
                $0.source?.labels["tags"]?.contains("(e.g. lying, cheating, etc.)") == true
                    && $0.harms.contains("mlc-ailuminate:non-violent-crimes")
            })
    }

    @Test func imageDatasetsGetImagePartsAndKeepUnavailableReferences() throws {
        let (_, figstep) = try Self.importDataset("figstep")
        defer { try? FileManager.default.removeItem(at: figstep.deletingLastPathComponent()) }
        let figItems = try Self.items(figstep)
        let images = figItems.compactMap { $0.turns[0].parts.first?.media }
        #expect(images.count == 500)
        #expect(images.filter(\.isAvailable).count == 10)
        #expect(images.filter { !$0.isAvailable }.allSatisfy { $0.reference?.hasPrefix("query_ForbidQI_") == true })
        // The images shipped are copied, and nothing is made for those that were not: no file, no folder.
        let copied = FileIO.files(under: figstep.path + "/media", endingWith: [""]).map {
            String($0.dropFirst(figstep.path.count + 1))
        }
        #expect(Set(copied) == Set(images.compactMap(\.path)))
        let folders = try FileManager.default.subpathsOfDirectory(atPath: figstep.path + "/media").filter {
            FileIO.isDirectory(figstep.path + "/media/" + $0)
        }
        #expect(folders.allSatisfy { folder in copied.contains { $0.hasPrefix("media/" + folder + "/") } })
        let (_, vlguard) = try Self.importDataset("vlguard")
        defer { try? FileManager.default.removeItem(at: vlguard.deletingLastPathComponent()) }
        let vlItems = try Self.items(vlguard)
        #expect(vlItems.allSatisfy { $0.turns[0].parts.first?.media?.isAvailable == false })
        #expect(vlItems.filter { $0.safety == .safeContrast }.count == 558 + 977)
    }

    @Test func aRaggedRowIsReportedWithItsRow() throws {
        let (result, folder) = try Self.importDataset("figstep")
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let ragged = result.diagnostics.filter { $0.code == .raggedRow }
        #expect(ragged.count == 1)
        #expect(ragged.first?.location.line == 42)
        #expect(ragged.first?.message.hasPrefix("row 41 has 2 cells") == true)
    }
}

@Suite(.needsCorpora) struct CSVSpectrumTests {
    static let cases: [String] = {
        guard let corpora = TestEnvironment.corpora else { return [] }
        let folder = corpora.appendingPathComponent("bad-inputs/csv-spectrum/csvs").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".csv") }
            .sorted()
    }()

    @Test func everyCaseParsesToItsExpectedJSON() throws {
        #expect(Self.cases.count >= 10)
        let root = TestEnvironment.corpora!.appendingPathComponent("bad-inputs/csv-spectrum")
        for name in Self.cases {
            let bytes = [UInt8](try Data(contentsOf: root.appendingPathComponent("csvs/\(name)")))
            var parser = CSVParser()
            var rows: [[String]] = []
            parser.feed(CSVParser.droppingBOM(bytes[...])) { rows.append($0.cells) }
            #expect(parser.finish { rows.append($0.cells) } == nil)
            let expectedBytes = [UInt8](
                try Data(contentsOf: root.appendingPathComponent("json/\(name.dropLast(4)).json")))
            let expected = try #require(JSONParser.parse(expectedBytes, file: name).node)
            guard case .array(let objects) = expected.value else {
                Issue.record("\(name): expected an array")
                continue
            }
            let header = rows.first ?? []
            #expect(rows.count - 1 == objects.count, "\(name)")
            for (row, object) in zip(rows.dropFirst(), objects) {
                guard case .object(let members) = object.value else { continue }
                for member in members {
                    guard case .string(let value) = member.value.value, let index = header.firstIndex(of: member.key)
                    else { continue }
                    #expect(row[index] == value, "\(name): \(member.key)")
                }
            }
        }
    }
}
