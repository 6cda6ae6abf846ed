import Foundation
import HarmAtlasCore

extension Deduplication.Report {
    /// The link that brought `entry` into its cluster.
    public func link(_ entry: Int, in cluster: DuplicateIndex.Cluster) -> DuplicateIndex.Link? {
        cluster.links.first { $0.second == entry } ?? cluster.links.first { $0.first == entry }
    }

    /// Why `entry` is in its cluster.
    public func reason(_ entry: Int, in cluster: DuplicateIndex.Cluster) -> DuplicateIndex.Reason? {
        link(entry, in: cluster)?.reason
    }

    public func describe(_ reason: DuplicateIndex.Reason?) -> String {
        switch reason {
        case .exact: "exact"
        case .near(let similarity): "near, Jaccard \(String(format: "%.3f", similarity))"
        case .media(let sha256): "same media \(sha256.prefix(12))…"
        case nil: "linked"
        }
    }

    public func name(_ entry: Int) -> String {
        entrySources[entry] == 0 ? ids[entry] : "\(ids[entry]) (\(sources[entrySources[entry]]))"
    }

    /// The report as text: sources, clusters inside the benchmark, matches against each other source.
    public func text() -> String {
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

    /// The report as JSON: each cluster's members with the reason, the member they are linked to and the one
    /// kept. It is the record `harmatlas split --clusters` reads.
    public func jsonValue() -> JSONValue {
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
