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
