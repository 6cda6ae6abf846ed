import Foundation
import HarmAtlasCore

extension CoverageReport.Result {
    /// Rows, columns and counts of a harm × language matrix for one modality (or all when the keys are others).
    public func matrix(modality: String?) -> (rows: [String], columns: [String], count: (String, String) -> Int) {
        var table: [String: [String: Int]] = [:]
        for (cell, count) in union.cells {
            let values = cell.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            guard values.count >= 2 else { continue }
            if let modality, values.count >= 3, values[2] != modality { continue }
            table[values[0], default: [:]][values[1], default: 0] += count
        }
        var rows = Set(table.keys)
        var columns = Set(table.values.flatMap(\.keys))
        if let target {
            rows.formUnion(target.categories)
            columns.formUnion(
                target.languages.map { target.primaryLanguage ? String($0.rawValue.prefix { $0 != "-" }) : $0.rawValue }
            )
        }
        return (rows.sorted(), columns.sorted(), { table[$0]?[$1] ?? 0 })
    }

    public var modalities: [String] {
        guard keys.count >= 3 else { return [] }
        var found = Set(
            union.cells.keys.compactMap {
                $0.split(separator: "|", omittingEmptySubsequences: false).dropFirst(2).first.map(String.init)
            })
        if let target { found.formUnion(target.modalities) }
        return found.sorted()
    }

    public func header() -> [String] {
        var lines = benchmarks.map {
            "\($0.path): \($0.manifest.name) \($0.manifest.version), \($0.counter.items) items"
        }
        lines.append(
            "taxonomy counted: \(union.release?.reference ?? "none (labels as written)")\(union.level.map { ", level \($0)" } ?? "")"
        )
        lines += projectionSteps.map { "projected: " + $0 }
        if let target {
            let filled = target.cellCount - gaps.count
            lines.append(
                "target \(target.name): \(target.cellCount) cells (\(target.categories.count) categories × \(target.languages.count) languages × \(target.modalities.count) modalities, at least \(target.minimum) each); \(filled) filled, \(gaps.filter { $0.count == 0 }.count) empty, \(gaps.filter { $0.count > 0 }.count) thin"
            )
        }
        return lines
    }

    /// A harm × language table per modality, and the gaps; Markdown or plain text.
    public func table(markdown: Bool) -> String {
        var lines = header().map { markdown ? "- \($0)" : $0 }
        guard keys.count >= 2, keys[0] == "harm", keys[1] == "language" else {
            lines.append("")
            for (cell, count) in union.cells.sorted(by: { $0.key < $1.key }) { lines.append("\(cell): \(count)") }
            return lines.joined(separator: "\n") + "\n"
        }
        for modality in modalities.isEmpty ? [nil] : modalities.map(Optional.some) {
            let (rows, columns, count) = matrix(modality: modality)
            lines.append("")
            lines.append(markdown ? "### \(modality ?? "all")" : "\(modality ?? "all"):")
            let width = max(12, rows.map(\.count).max() ?? 0)
            if markdown {
                lines.append("| harm | " + columns.joined(separator: " | ") + " |")
                lines.append("|---|" + columns.map { _ in "---:" }.joined(separator: "|") + "|")
                for row in rows {
                    lines.append("| \(row) | " + columns.map { String(count(row, $0)) }.joined(separator: " | ") + " |")
                }
            } else {
                lines.append(
                    "harm".padding(toLength: width, withPad: " ", startingAt: 0) + " "
                        + columns.map { $0.leftPadded(max(6, $0.count)) }.joined(separator: " "))
                for row in rows {
                    lines.append(
                        row.padding(toLength: width, withPad: " ", startingAt: 0) + " "
                            + columns.map { String(count(row, $0)).leftPadded(max(6, $0.count)) }.joined(separator: " ")
                    )
                }
            }
        }
        if !gaps.isEmpty {
            lines.append("")
            lines.append(markdown ? "### Gaps, emptiest first" : "gaps, emptiest first:")
            for gap in gaps.prefix(200) {
                lines.append(
                    "\(markdown ? "- " : "  ")\(gap.category) × \(gap.language) × \(gap.modality): \(gap.count) of \(target?.minimum ?? 0)"
                )
            }
            if gaps.count > 200 { lines.append("\(markdown ? "- " : "  ")… and \(gaps.count - 200) more") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One row per benchmark and cell.
    public func csv() -> String {
        var lines = [(["benchmark"] + keys + ["items"]).joined(separator: ",")]
        func field(_ text: String) -> String {
            text.contains(",") || text.contains("\"")
                ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        for (path, _, counter) in benchmarks {
            for (cell, count) in counter.cells.sorted(by: { $0.key < $1.key }) {
                lines.append(
                    ([field(path)]
                        + cell.split(separator: "|", omittingEmptySubsequences: false).map { field(String($0)) } + [
                            String(count)
                        ]).joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Cells per benchmark and together, and the gaps.
    public func jsonValue() -> JSONValue {
        func cells(_ counter: CoverageCounter) -> JSONValue {
            .array(
                counter.cells.sorted { $0.key < $1.key }.map { cell, count in
                    var members = Dictionary(
                        uniqueKeysWithValues: zip(
                            keys,
                            cell.split(separator: "|", omittingEmptySubsequences: false).map {
                                JSONValue.string(String($0))
                            }))
                    members["items"] = .int(count)
                    return .object(members)
                })
        }
        var members: [String: JSONValue] = [
            "keys": .array(keys.map { .string($0) }),
            "taxonomy": union.release.map { .string($0.reference) } ?? .null,
            "projection": .array(projectionSteps.map { .string($0) }),
            "benchmarks": .array(
                benchmarks.map {
                    .object([
                        "path": .string($0.path), "name": .string($0.manifest.name),
                        "version": .string($0.manifest.version.description), "items": .int($0.counter.items),
                        "cells": cells($0.counter),
                    ])
                }),
            "union": cells(union),
        ]
        if let target {
            members["target"] = .object([
                "name": .string(target.name), "cells": .int(target.cellCount), "minimum": .int(target.minimum),
            ])
            members["gaps"] = .array(
                gaps.map {
                    .object([
                        "harm": .string($0.category), "language": .string($0.language),
                        "modality": .string($0.modality),
                        "items": .int($0.count), "missing": .int($0.missing),
                    ])
                })
        }
        return .object(members)
    }

    /// One self-contained page: no network, no scripts. Counts are printed in the cells; the colour scale runs
    /// from light yellow to dark blue (readable in grey and by the common colour-vision deficiencies).
    public func html() -> String {
        func escape(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        let scale = ["#ffffd9", "#edf8b1", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"]
        let minimum = target?.minimum ?? 1
        func colour(_ count: Int) -> (String, String) {
            if count == 0 { return ("#ffffff", "#b2182b") }
            let step = min(scale.count - 1, Int((Double(count) / Double(max(1, minimum)) * 3).rounded(.down)))
            return (scale[step], step >= 4 ? "#ffffff" : "#000000")
        }
        var html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Coverage</title>
            <style>
            body{font-family:system-ui,sans-serif;margin:1.5em;color:#111}
            table{border-collapse:collapse;font-size:11px;margin-bottom:1.5em}
            th,td{border:1px solid #999;padding:2px 4px;text-align:right}
            th{background:#eee;position:sticky;top:0}
            th.row{text-align:left;position:static}
            td.empty{font-weight:bold}
            th.lang{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap}
            .legend span{display:inline-block;padding:2px 6px;border:1px solid #999;margin-right:2px}
            @media print{th{position:static}body{margin:0}}
            </style></head><body>
            <h1>Coverage</h1>
            <ul>\(header().map { "<li>\(escape($0))</li>" }.joined())</ul>
            <p class="legend">Cells show item counts\(target.map { "; the target asks for at least \($0.minimum)" } ?? ""). \
            <span style="background:#fff;color:#b2182b;font-weight:bold">0</span>\
            \(scale.enumerated().map { "<span style=\"background:\($0.element);color:\($0.offset >= 4 ? "#fff" : "#000")\">\($0.offset == 0 ? "few" : $0.offset == scale.count - 1 ? "many" : "&nbsp;")</span>" }.joined())</p>
            """
        for modality in modalities.isEmpty ? [nil] : modalities.map(Optional.some) {
            let (rows, columns, count) = matrix(modality: modality)
            html += "<h2>\(escape(modality ?? "all")): harm × language</h2><table><tr><th class=\"row\">harm</th>"
            html += columns.map { "<th class=\"lang\">\(escape($0))</th>" }.joined() + "</tr>"
            for row in rows {
                html += "<tr><th class=\"row\">\(escape(row))</th>"
                for column in columns {
                    let value = count(row, column)
                    let (background, foreground) = colour(value)
                    html +=
                        "<td\(value == 0 ? " class=\"empty\"" : "") style=\"background:\(background);color:\(foreground)\">\(value)</td>"
                }
                html += "</tr>"
            }
            html += "</table>"
        }
        if !gaps.isEmpty {
            html += "<h2>Gaps, emptiest first</h2><ol>"
            html += gaps.prefix(300).map {
                "<li>\(escape($0.category)) × \(escape($0.language)) × \(escape($0.modality)): \($0.count) of \(minimum)</li>"
            }.joined()
            html += "</ol>"
        }
        html += "<h2>Benchmarks</h2><ul>"
        for (path, manifest, counter) in benchmarks {
            let pins = manifest.taxonomies.map { "\($0.id)@\($0.version)" }.joined(separator: ", ")
            html +=
                "<li>\(escape(manifest.name)) \(escape(manifest.version.description)) (\(escape(path))): \(counter.items) items, licence \(escape(manifest.license)), taxonomies \(escape(pins))</li>"
        }
        return html + "</ul></body></html>\n"
    }
}

extension String {
    /// The string with spaces before it up to `width` characters.
    public func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
