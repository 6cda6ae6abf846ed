import Foundation
import HarmAtlasIO
import HarmAtlasTestSupport
import Testing

@Suite struct DeduplicationReportTests {
    /// The report's bytes written directly are the canonical JSON of its tree, on a report with exact, near and
    /// media links inside the benchmark and matches against another source.
    @Test func jsonBytesAreTheCanonicalJSON() throws {
        let demo = TestEnvironment.packageRoot.appendingPathComponent("Datasets/demo").path
        let report = try Deduplication.run(
            benchmark: .init(path: demo), against: [.init(path: demo + "/items/demo.jsonl")], threshold: 0.7)
        let reasons = report.within.flatMap { $0.links.map(\.reason) }
        #expect(reasons.contains(.exact) && reasons.contains { if case .near = $0 { true } else { false } })
        #expect(reasons.contains { if case .media = $0 { true } else { false } })
        #expect(!report.across.isEmpty)
        #expect(report.jsonBytes() == report.jsonValue().canonicalBytes())
    }
}
