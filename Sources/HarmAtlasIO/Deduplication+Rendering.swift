import Foundation
import HarmAtlasCore

extension Deduplication.Report {
    /// For each member of a cluster, the link that brought it in: the first link to it, or failing that the
    /// first link from it.
    public func links(in cluster: DuplicateIndex.Cluster) -> [Int: DuplicateIndex.Link] {
        var to: [Int: DuplicateIndex.Link] = [:]
        var from: [Int: DuplicateIndex.Link] = [:]
        for link in cluster.links {
            if to[link.second] == nil { to[link.second] = link }
            if from[link.first] == nil { from[link.first] = link }
        }
        return to.merging(from) { first, _ in first }
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
            let links = self.links(in: cluster)
            let others = members.dropFirst().map { entry in
                "\(removed.contains(ids[entry]) ? "drop" : "linked") \(name(entry)) (\(describe(links[entry]?.reason)))"
            }
            lines.append("  cluster \(number + 1): keep \(name(members[0])); \(others.joined(separator: "; "))")
        }
        for (number, source) in sources.enumerated().dropFirst() {
            let matches = across.filter { $0.members.contains { entrySources[$0] == number } }
            lines.append("")
            lines.append("\(matches.count) clusters match \(source)")
            for cluster in matches {
                let ours = cluster.members.filter { entrySources[$0] == 0 }.map(name)
                let links = self.links(in: cluster)
                let theirs = cluster.members.filter { entrySources[$0] == number }.map {
                    "\(ids[$0]) (\(describe(links[$0]?.reason)))"
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
            let links = self.links(in: cluster)
            return .array(
                cluster.members.map { entry in
                    var member: [String: JSONValue] = [
                        "id": .string(ids[entry]), "source": .string(sources[entrySources[entry]]),
                    ]
                    switch links[entry]?.reason {
                    case .exact: member["reason"] = .string("exact")
                    case .near(let similarity):
                        member["reason"] = .string("near")
                        member["jaccard"] = .double((similarity * 1000).rounded() / 1000)
                    case .media(let sha256):
                        member["reason"] = .string("media")
                        member["sha256"] = .string(sha256)
                    case nil: break
                    }
                    if let link = links[entry] {
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

    /// The report as canonical JSON written straight to bytes: the same bytes as `jsonValue().canonicalBytes()`
    /// (a test holds the two together), without building the tree, since a report on a large benchmark has
    /// hundreds of thousands of members.
    public func jsonBytes() -> [UInt8] {
        var out: [UInt8] = []
        func text(_ string: StaticString) {
            out.append(contentsOf: UnsafeBufferPointer(start: string.utf8Start, count: string.utf8CodeUnitCount))
        }
        func key(_ name: StaticString, indent: Int, first: Bool = false) {
            if !first { out.append(0x2C) }
            out.append(0x0A)
            out.append(contentsOf: repeatElement(0x20, count: indent * 2))
            out.append(0x22)
            text(name)
            text("\": ")
        }
        func newline(_ indent: Int) {
            out.append(0x0A)
            out.append(contentsOf: repeatElement(0x20, count: indent * 2))
        }
        func clusters(_ list: [DuplicateIndex.Cluster]) {
            if list.isEmpty { return text("[]") }
            out.append(0x5B)
            for (number, cluster) in list.enumerated() {
                if number > 0 { out.append(0x2C) }
                newline(2)
                out.append(0x5B)
                let links = self.links(in: cluster)
                for (position, entry) in cluster.members.enumerated() {
                    if position > 0 { out.append(0x2C) }
                    newline(3)
                    out.append(0x7B)
                    let link = links[entry]
                    // Keys in byte order: id, jaccard, kept, linked_to, reason, sha256, source.
                    key("id", indent: 4, first: true)
                    JSONValue.writeString(ids[entry], into: &out)
                    if case .near(let similarity) = link?.reason {
                        key("jaccard", indent: 4)
                        JSONValue.writeNumber((similarity * 1000).rounded() / 1000, into: &out)
                    }
                    if position == 0 {
                        key("kept", indent: 4)
                        text("true")
                    }
                    if let link {
                        key("linked_to", indent: 4)
                        JSONValue.writeString(ids[link.first == entry ? link.second : link.first], into: &out)
                        key("reason", indent: 4)
                        switch link.reason {
                        case .exact: text("\"exact\"")
                        case .near: text("\"near\"")
                        case .media(let sha256):
                            text("\"media\"")
                            key("sha256", indent: 4)
                            JSONValue.writeString(sha256, into: &out)
                        }
                    }
                    key("source", indent: 4)
                    JSONValue.writeString(sources[entrySources[entry]], into: &out)
                    newline(3)
                    out.append(0x7D)
                }
                newline(2)
                out.append(0x5D)
            }
            newline(1)
            out.append(0x5D)
        }
        out.append(0x7B)
        key("across", indent: 1, first: true)
        clusters(across)
        key("bands", indent: 1)
        JSONValue.writeNumber(Double(layout.bands), into: &out)
        key("candidates", indent: 1)
        JSONValue.writeNumber(Double(candidates), into: &out)
        key("rows", indent: 1)
        JSONValue.writeNumber(Double(layout.rows), into: &out)
        key("sources", indent: 1)
        out.append(0x5B)
        for number in sources.indices {
            if number > 0 { out.append(0x2C) }
            newline(2)
            out.append(0x7B)
            key("path", indent: 3, first: true)
            JSONValue.writeString(sources[number], into: &out)
            key("texts", indent: 3)
            JSONValue.writeNumber(Double(counts[number]), into: &out)
            key("unreadable", indent: 3)
            JSONValue.writeNumber(Double(unreadable[number]), into: &out)
            newline(2)
            out.append(0x7D)
        }
        newline(1)
        out.append(0x5D)
        key("threshold", indent: 1)
        JSONValue.writeNumber(threshold, into: &out)
        key("within", indent: 1)
        clusters(within)
        newline(0)
        text("}\n")
        return out
    }
}
