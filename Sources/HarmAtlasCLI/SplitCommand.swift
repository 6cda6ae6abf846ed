import ArgumentParser
import Foundation
import HarmAtlas

struct SplitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "split",
        abstract: "Split a benchmark into named splits: seeded, stratified, group-aware, reproducible.",
        discussion: """
            Items sharing a group id (translations, paraphrases, variants) and items of one duplicate cluster \
            (from a `harmatlas dedup --format json` report given with --clusters, computed otherwise) form one unit \
            and always land in the same split. Within each stratum, units are ordered by a seeded 64-bit hash and \
            cut at the requested shares; strata with fewer units than splits are pooled. The same input and seed \
            give the same assignment on any machine; adding k items to a stratum moves at most about k·(S−1) of its \
            items. The report gives requested and achieved shares per stratum and the leakage check. With --out, a \
            new benchmark is written with one shard per split (splits/NAME.jsonl) and the plan in its manifest; with \
            --assignment, each item's split is written as JSON Lines. \
            Exit status 0 on success, 1 when the benchmark does not validate, 64 for usage errors.
            """
    )

    @Argument(help: "The benchmark folder.")
    var benchmark: String

    @Option(help: "Shares of the splits, summing to 1, such as train=0.8,dev=0.1,test=0.1.")
    var ratios: String?

    @Option(help: "Item counts of the splits, one of them 'rest', such as test=500,dev=500,train=rest.")
    var counts: String?

    @Option(help: "Keys to stratify by: harm, language, modality, safety, expected or a facet id (comma-separated).")
    var stratify: String?

    @Option(help: "The seed.")
    var seed: UInt64 = 0

    @Option(help: "A `harmatlas dedup --format json` report of the benchmark whose clusters are kept together.")
    var clusters: String?

    @Option(help: "Write the split benchmark to this new folder.")
    var out: String?

    @Option(help: "Write each item's split to this JSON Lines file: {\"id\":…,\"split\":…}, in benchmark order.")
    var assignment: String?

    @Option(help: "Output format of the report: text or json.")
    var format: DedupCommand.Format = .text

    @Option(help: "Taxonomy files or folders holding the pinned releases, beyond the benchmark's own snapshot.")
    var taxonomies: [String] = ["Taxonomies"]

    func request() throws -> BenchmarkSplit.Request {
        func pairs(_ text: String, option: String) throws -> [(String, String)] {
            let parts = text.split(separator: ",").map { $0.split(separator: "=", maxSplits: 1).map(String.init) }
            var names: Set<String> = []
            return try parts.map { pair in
                guard pair.count == 2, HarmCategory.isValidID(pair[0]) else {
                    throw ValidationError(
                        "\(option): '\(pair.joined(separator: "="))' is not NAME=VALUE with a lower-case name such as test"
                    )
                }
                guard names.insert(pair[0]).inserted else {
                    throw ValidationError("\(option): '\(pair[0])' appears twice")
                }
                return (pair[0], pair[1])
            }
        }
        switch (ratios, counts) {
        case (let ratios?, nil):
            let parsed = try pairs(ratios, option: "--ratios").map { name, value in
                guard let share = Double(value), share > 0, share <= 1 else {
                    throw ValidationError("--ratios: \(name)=\(value) is not a share above 0 and at most 1")
                }
                return (name: name, share: share)
            }
            let sum = parsed.reduce(0) { $0 + $1.share }
            guard abs(sum - 1) < 1e-6 else {
                throw ValidationError("--ratios: the shares sum to \(sum); they must sum to 1")
            }
            return .ratios(parsed)
        case (nil, let counts?):
            let parsed = try pairs(counts, option: "--counts").map { name, value in
                if value == "rest" { return (name: name, count: Int?.none) }
                guard let count = Int(value), count > 0 else {
                    throw ValidationError("--counts: \(name)=\(value) is not a positive count or 'rest'")
                }
                return (name: name, count: Int?.some(count))
            }
            guard parsed.filter({ $0.count == nil }).count <= 1 else {
                throw ValidationError("--counts: only one split may take the rest")
            }
            return .counts(parsed)
        default:
            throw ValidationError("give either --ratios or --counts")
        }
    }

    func validate() throws {
        let request = try request()
        guard request.names.count >= 2 else { throw ValidationError("a split needs at least two parts") }
    }

    func run() throws {
        try reportingErrors {
            let keys = stratify.map { $0.split(separator: ",").map(String.init) } ?? []
            let plan = try BenchmarkSplit.plan(
                folder: benchmark, request: try request(), stratify: keys, seed: seed, clusters: clusters,
                taxonomyPaths: taxonomies)
            let bytes: [UInt8]
            switch format {
            case .json: bytes = plan.jsonValue().canonicalBytes()
            case .text: bytes = Array(plan.text().utf8)
            }
            try emit(bytes, to: nil)
            if let assignment { try BenchmarkSplit.writeAssignment(plan, to: assignment) }
            if let out {
                let manifest = try BenchmarkSplit.write(plan, folder: benchmark, output: out)
                printError(
                    "wrote \(out): \(manifest.splits?.parts.map { "\($0.name) \($0.items)" }.joined(separator: ", ") ?? "")"
                )
            }
        }
    }
}

extension BenchmarkSplit.Plan {
    func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }

    func text() -> String {
        let counts = self.counts
        let total = max(1, ids.count)
        var lines = [
            "\(ids.count) items in \(units) units (groups joined with \(clusters) duplicate clusters); seed \(seed); stratified by \(stratify.isEmpty ? "nothing" : stratify.joined(separator: ", "))",
            "",
            "split        requested   achieved   items",
        ]
        for (index, name) in names.enumerated() {
            lines.append(
                name.padding(toLength: 12, withPad: " ", startingAt: 0)
                    + " \(percent(shares[index]).leftPadded(9))  \(percent(Double(counts[index]) / Double(total)).leftPadded(9))  \(String(counts[index]).leftPadded(6))"
            )
        }
        lines.append("")
        lines.append(
            "leakage: \(groupLeaks) groups and \(clusterLeaks) duplicate clusters straddle splits")
        if !stratify.isEmpty {
            lines.append("")
            lines.append("per stratum (achieved shares, items):")
            for (stratum, stratumCounts) in byStratum {
                let size = stratumCounts.reduce(0, +)
                let shares = stratumCounts.map { percent(Double($0) / Double(size)) }.joined(separator: " / ")
                lines.append("  \(stratum): \(shares)  (\(size))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func jsonValue() -> JSONValue {
        let counts = self.counts
        return .object([
            "items": .int(ids.count), "units": .int(units), "seed": .int(Int(clamping: seed)),
            "stratify": .array(stratify.map { .string($0) }),
            "splits": .array(
                names.indices.map {
                    .object([
                        "name": .string(names[$0]), "requested": .double(shares[$0]), "items": .int(counts[$0]),
                        "achieved": .double(Double(counts[$0]) / Double(max(1, ids.count))),
                    ])
                }),
            "leakage": .object(["groups": .int(groupLeaks), "clusters": .int(clusterLeaks)]),
            "strata": .array(
                byStratum.map { entry in
                    .object([
                        "stratum": .string(entry.stratum), "items": .array(entry.counts.map { .int($0) }),
                    ])
                }),
        ])
    }
}
