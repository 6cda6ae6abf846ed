import ArgumentParser
import Foundation
import HarmAtlas

struct DedupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dedup",
        abstract: "Report exact and near duplicates inside a benchmark and against other sources.",
        discussion: """
            Texts are compared after removing invisible characters, NFKC normalisation, case folding and \
            white-space collapsing. Exact duplicates share that canonical text; near duplicates have character \
            n-gram sets (4-grams, 2-grams for Han, kana, Thai, Lao, Khmer and Myanmar) with a Jaccard similarity \
            at or above the threshold, found with MinHash and LSH bands and checked exactly before they are \
            reported; items holding the same media bytes are linked too. In each cluster the earliest item in \
            benchmark order is kept. --against takes benchmark folders, packed benchmarks (read without \
            unpacking, every member checked), or JSON Lines and CSV files with a text field (a training corpus, say). The report comes first; with --apply and --out, a copy of the \
            benchmark without the dropped items is written to a new folder, with the decision in its manifest and \
            in dedup/removed.json. The input is never modified. Exit status 0 when nothing was found, 1 when \
            duplicates or matches were (also after --apply), 64 for usage errors.
            """
    )

    @Argument(help: "The benchmark folder.")
    var benchmark: String

    @Option(
        parsing: .upToNextOption,
        help: "Benchmark folders, packed benchmarks, or .jsonl or .csv files, to compare against.")
    var against: [String] = []

    @Option(help: "The Jaccard similarity at or above which two texts are near duplicates.")
    var threshold: Double = 0.7

    @Option(help: "The field or column holding the text in .jsonl and .csv sources.")
    var textField: String = "text"

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    @Option(name: .shortAndLong, help: "Write the report to this file instead of standard output.")
    var output: String?

    @Option(
        help:
            "An index file for the benchmark: read when it was built from the same manifest and threshold, written otherwise, so that later checks do not recompute it."
    )
    var index: String?

    @Flag(help: "Write a copy of the benchmark without the dropped items to --out.")
    var apply = false

    @Option(help: "The new folder --apply writes.")
    var out: String?

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    func validate() throws {
        guard threshold > 0 && threshold < 1 else { throw ValidationError("--threshold must be between 0 and 1") }
        if apply != (out != nil) { throw ValidationError("--apply and --out go together") }
    }

    func run() throws {
        try reportingErrors {
            let report = try Deduplication.run(
                benchmark: .init(path: benchmark, textField: textField),
                against: against.map { .init(path: $0, textField: textField) }, threshold: threshold, indexFile: index)
            let bytes: [UInt8]
            switch format {
            case .json: bytes = report.jsonValue().canonicalBytes()
            case .text: bytes = Array(report.text().utf8)
            }
            try emit(bytes, to: output)
            if let out {
                let manifest = try Deduplication.apply(report, folder: benchmark, output: out)
                printError(
                    "wrote \(out): \(manifest.itemCount) items, \(manifest.deduplication?.removed ?? 0) removed (see dedup/removed.json)"
                )
            }
            if !report.within.isEmpty || !report.across.isEmpty { throw ExitCode(1) }
        }
    }
}

extension Deduplication.Report {
    /// The link that brought `entry` into its cluster.
    func link(_ entry: Int, in cluster: DuplicateIndex.Cluster) -> DuplicateIndex.Link? {
        cluster.links.first { $0.second == entry } ?? cluster.links.first { $0.first == entry }
    }

    /// Why `entry` is in its cluster.
    func reason(_ entry: Int, in cluster: DuplicateIndex.Cluster) -> DuplicateIndex.Reason? {
        link(entry, in: cluster)?.reason
    }

    func describe(_ reason: DuplicateIndex.Reason?) -> String {
        switch reason {
        case .exact: "exact"
        case .near(let similarity): "near, Jaccard \(String(format: "%.3f", similarity))"
        case .media(let sha256): "same media \(sha256.prefix(12))…"
        case nil: "linked"
        }
    }

    func name(_ entry: Int) -> String {
        entrySources[entry] == 0 ? ids[entry] : "\(ids[entry]) (\(sources[entrySources[entry]]))"
    }

    func text() -> String {
        var lines: [String] = []
        lines.append(
            "\(sources[0]): \(counts[0]) items; threshold \(threshold), \(layout.bands) bands × \(layout.rows) rows")
        for (number, source) in sources.enumerated().dropFirst() {
            lines.append("against \(source): \(counts[number]) texts")
        }
        for (number, failed) in unreadable.enumerated() where failed > 0 {
            lines.append("\(sources[number]): \(failed) records could not be read and were left out")
        }
        lines.append("")
        let removed = Set(Deduplication.removals(self).map(\.id))
        lines.append("\(within.count) clusters inside the benchmark, \(removed.count) items to drop")
        for (number, cluster) in within.enumerated() {
            let members = cluster.members.filter { entrySources[$0] == 0 }
            let others = members.dropFirst().map { entry in
                "\(removed.contains(ids[entry]) ? "drop" : "linked") \(name(entry)) (\(describe(reason(entry, in: cluster))))"
            }
            lines.append("  cluster \(number + 1): keep \(name(members[0])); \(others.joined(separator: "; "))")
        }
        for (number, source) in sources.enumerated().dropFirst() {
            let matches = across.filter { $0.members.contains { entrySources[$0] == number } }
            lines.append("")
            lines.append("\(matches.count) clusters match \(source)")
            for cluster in matches {
                let ours = cluster.members.filter { entrySources[$0] == 0 }.map(name)
                let theirs = cluster.members.filter { entrySources[$0] == number }.map {
                    "\(ids[$0]) (\(describe(reason($0, in: cluster))))"
                }
                lines.append("  \(ours.joined(separator: ", ")) ↔ \(theirs.joined(separator: ", "))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func jsonValue() -> JSONValue {
        func cluster(_ cluster: DuplicateIndex.Cluster) -> JSONValue {
            .array(
                cluster.members.map { entry in
                    var member: [String: JSONValue] = [
                        "id": .string(ids[entry]), "source": .string(sources[entrySources[entry]]),
                    ]
                    switch reason(entry, in: cluster) {
                    case .exact: member["reason"] = .string("exact")
                    case .near(let similarity):
                        member["reason"] = .string("near")
                        member["jaccard"] = .double((similarity * 1000).rounded() / 1000)
                    case .media(let sha256):
                        member["reason"] = .string("media")
                        member["sha256"] = .string(sha256)
                    case nil: break
                    }
                    if let link = link(entry, in: cluster) {
                        member["linked_to"] = .string(ids[link.first == entry ? link.second : link.first])
                    }
                    if entry == cluster.members[0] { member["kept"] = .bool(true) }
                    return .object(member)
                })
        }
        return .object([
            "threshold": .double(threshold), "bands": .int(layout.bands), "rows": .int(layout.rows),
            "candidates": .int(candidates),
            "sources": .array(
                sources.indices.map {
                    .object([
                        "path": .string(sources[$0]), "texts": .int(counts[$0]), "unreadable": .int(unreadable[$0]),
                    ])
                }),
            "within": .array(within.map(cluster)), "across": .array(across.map(cluster)),
        ])
    }
}
