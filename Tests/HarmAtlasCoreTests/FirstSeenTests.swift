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
}
