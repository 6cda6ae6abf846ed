import Foundation
import HarmAtlasCore
@testable import HarmAtlasIO
import HarmAtlasTestSupport
import Testing

@Suite(.needsCorpora) struct CorpusSplitTests {
    @Test func multiJailTranslationsNeverStraddle() throws {
        let (_, folder) = try CorpusImportTests.importDataset("multijail")
        let plan = try BenchmarkSplit.plan(
            folder: folder.path, request: .ratios([("train", 0.8), ("dev", 0.1), ("test", 0.1)]),
            stratify: ["language"], seed: 1, clusters: nil, taxonomyPaths: [TestEnvironment.taxonomies.path])
        #expect(plan.ids.count == 3150)
        #expect(plan.groupLeaks == 0 && plan.clusterLeaks == 0)
        let out = try TestEnvironment.temporaryDirectory().appendingPathComponent("split")
        let manifest = try BenchmarkSplit.write(plan, folder: folder.path, output: out.path)
        #expect(manifest.splits?.parts.map(\.items).reduce(0, +) == 3150)
        // Every row's ten translations sit in one split.
        var splitOfGroup: [String: Set<String>] = [:]
        for part in manifest.splits?.parts ?? [] {
            try BenchmarkSplit.forEachItem(in: out.path, split: part.name) { item in
                splitOfGroup[item.group ?? item.id, default: []].insert(part.name)
            }
        }
        #expect(splitOfGroup.count == 315)
        #expect(splitOfGroup.values.allSatisfy { $0.count == 1 })
        #expect(
            try BenchmarkValidation.run(out.path, options: .init(taxonomyPaths: [TestEnvironment.taxonomies.path]))
                .diagnostics.hasErrors == false)
    }

    @Test func xsTestIsBalancedPerType() throws {
        let (_, folder) = try CorpusImportTests.importDataset("xstest")
        let plan = try BenchmarkSplit.plan(
            folder: folder.path, request: .ratios([("train", 0.5), ("test", 0.5)]),
            stratify: ["safety", "source:type"], seed: 1, clusters: nil,
            taxonomyPaths: [TestEnvironment.taxonomies.path])
        #expect(plan.ids.count == 450)
        for (stratum, counts) in plan.byStratum where counts.reduce(0, +) >= 10 {
            let share = Double(counts[1]) / Double(counts.reduce(0, +))
            #expect(abs(share - 0.5) <= 0.1, "\(stratum): \(counts)")
        }
        #expect(plan.byStratum.count >= 10)
    }
}

/// The canonical dedup text agrees with Python's on every text of every shared dataset.
@Suite(.needsCorpora) struct CorpusCanonicalTextTests {
    @Test func matchesPythonOnEveryDatasetText() throws {
        var texts: [String] = []
        for (name, _, _) in CorpusImportTests.expected {
            let (_, folder) = try CorpusImportTests.importDataset(name)
            texts += try CorpusImportTests.items(folder).map { $0.texts.joined(separator: "\n") }
        }
        #expect(texts.count > 25_000)
        let (version, expected) = try PythonCanonical.canonical(texts)
        #expect(expected.count == texts.count)
        let differences = zip(texts, expected).filter { DedupText.canonical($0) != $1 }.count
        #expect(differences == 0, "\(differences) texts differ from Python \(version)")
    }
}

@Suite struct ClusterLookupTests {
    @Test func findsTheFirstItemOfEachClusterID() {
        let items = ["a", "b", "c", "b", "d"].map { SplitPlanner.Item(id: $0, group: nil, stratum: "s") }
        // "x" is not in the benchmark; "b" is named twice and held twice (its first item counts).
        let clusters = [["a", "b"], ["x", "c"], ["b", "d", "x"], []]
        #expect(BenchmarkSplit.itemIndexes(of: clusters, in: items) == [[0, 1], [2], [1, 4], []])
    }
}
