import Testing

@testable import HarmAtlasCore

@Suite struct IntegerSortTests {
    /// The standard library's order, on random lists of every size up to a few thousand and on the patterns that
    /// trip quicksorts (sorted, reversed, all equal, few values, organ pipe).
    @Test func sortsAsTheStandardLibraryDoes() {
        var generator = SystemRandomNumberGenerator()
        var lists: [[UInt64]] = []
        for count in [0, 1, 2, 3, 24, 25, 26, 100, 1000, 5000] {
            lists.append((0..<count).map { _ in UInt64.random(in: .min ... .max, using: &generator) })
            lists.append((0..<count).map { _ in UInt64.random(in: 0...3, using: &generator) })
            lists.append((0..<UInt64(count)).map { $0 })
            lists.append((0..<UInt64(count)).reversed())
            lists.append([UInt64](repeating: 7, count: count))
            lists.append((0..<UInt64(count)).map { min($0, UInt64(count) - $0) })
        }
        for list in lists {
            var sorted = list
            sorted.sortIntegers()
            #expect(sorted == list.sorted(), "\(list.count) items")
        }
    }
}

@Suite struct RadixSortTests {
    /// Sorted by high half with the low halves kept in their order: with low halves ascending beforehand (entry
    /// numbers), the standard library's sorted order; with few distinct high halves, many ties.
    @Test func sortsByHighHalfKeepingTheOrderOfTies() {
        var generator = SystemRandomNumberGenerator()
        var scratch: [UInt64] = []
        for count in [0, 1, 2, 100, 5000, 70000] {
            for keys in [UInt64.max, 3] {
                var list = (0..<UInt64(count)).map { UInt64.random(in: 0...keys, using: &generator) << 32 | $0 }
                let expected = list.sorted()
                list.sortByHighHalf(scratch: &scratch)
                #expect(list == expected, "\(count) items, keys up to \(keys)")
            }
        }
        // Ties keep their order even when the low halves descend.
        func packed(_ high: UInt64, _ low: UInt64) -> UInt64 { high << 32 | low }
        var descending = [packed(5, 9), packed(1, 8), packed(5, 7), packed(1, 6)]
        descending.sortByHighHalf(scratch: &scratch)
        #expect(descending == [packed(1, 8), packed(1, 6), packed(5, 9), packed(5, 7)])
    }
}

@Suite struct DistinctCountTests {
    @Test func countsDistinctValuesAsASetDoes() {
        var generator = SystemRandomNumberGenerator()
        for count in [0, 1, 2, 7, 8, 9, 100, 1000] {
            for range: ClosedRange<UInt64> in [0...3, 0...1000, .min ... .max] {
                let hashes = (0..<count).map { _ in UInt64.random(in: range, using: &generator) }
                #expect(DuplicateIndex.distinctCount(hashes) == Set(hashes).count)
            }
        }
    }
}
