import Testing

@testable import HarmAtlasCore

@Suite struct FirstSeenTests {
    @Test func reportsTheFirstPlaceOfEveryRepeatAcrossGrowth() {
        var seen = FirstSeen()
        // Enough strings to grow the table many times; lengths around the 8-byte word boundary.
        let ids = (0..<50_000).map { "item-\($0)" } + ["", "a", "abcdefgh", "abcdefghi"]
        for (line, id) in ids.enumerated() {
            #expect(seen.insert(id, at: .init(file: 0, line: Int32(line))) == nil)
        }
        #expect(seen.count == ids.count)
        for (line, id) in ids.enumerated() where line % 997 == 0 || id.count < 10 {
            #expect(seen.insert(id, at: .init(file: 1, line: 0)) == .init(file: 0, line: Int32(line)))
        }
        #expect(seen.count == ids.count)
        // Strings of one length that differ in one byte are distinct.
        #expect(seen.insert("item-1000", at: .init(file: 2, line: 0)) != nil)
        #expect(seen.insert("item-100!", at: .init(file: 2, line: 0)) == nil)
        var order: [String] = []
        seen.forEach { id, _ in order.append(id) }
        #expect(order == ids + ["item-100!"])
    }

    @Test func mergeKeepsTheEarlierPlaceAndNamesEachRepeat() {
        var first = FirstSeen(capacity: 10)
        var second = FirstSeen()
        for line in 0..<3000 { _ = first.insert("id-\(line)", at: .init(file: 0, line: Int32(line))) }
        for line in 0..<100 { _ = second.insert("id-\(line * 50 + 2990)", at: .init(file: 0, line: Int32(line))) }
        let repeats = first.merge(second) { .init(file: 1, line: $0.line + 5000) }
        // 2990 is the only one of second's ids that first holds.
        #expect(repeats.map(\.text) == ["id-2990"])
        #expect(repeats.first?.place == .init(file: 1, line: 5000))
        #expect(repeats.first?.first == .init(file: 0, line: 2990))
        #expect(first.count == 3099)
        #expect(first.place(of: "id-3040") == .init(file: 1, line: 5001))
    }
}
