import HarmAtlasCore
import Testing

@Suite struct SplitPlannerTests {
    /// Items in `languages`, some in groups of translations, with a harm label.
    func items(_ count: Int, prefix: String = "i") -> [SplitPlanner.Item] {
        let languages = ["en", "fr", "sw", "hi"]
        let harms = ["a", "b", "c"]
        return (0..<count).map { index in
            SplitPlanner.Item(
                id: "\(prefix)\(index)", group: index % 5 == 0 ? "g\(index / 20)" : nil,
                stratum: "\(harms[index % 3])|\(languages[(index / 3) % 4])")
        }
    }

    @Test func groupsAndDuplicatesNeverStraddle() {
        let list = items(2000)
        let links = [(1, 2), (3, 1999), (7, 8)]
        let (splits, _) = SplitPlanner.assign(list, links: links, shares: [0.8, 0.1, 0.1], seed: 7)
        var byGroup: [String: Set<Int>] = [:]
        for (item, split) in zip(list, splits) {
            if let group = item.group { byGroup[group, default: []].insert(split) }
        }
        #expect(byGroup.values.allSatisfy { $0.count == 1 })
        for (a, b) in links { #expect(splits[a] == splits[b]) }
    }

    @Test func sharesAreKeptPerStratum() {
        let list = items(12_000)
        let (splits, _) = SplitPlanner.assign(list, shares: [0.8, 0.1, 0.1], seed: 1)
        var table: [String: [Int]] = [:]
        for (item, split) in zip(list, splits) {
            table[item.stratum, default: [0, 0, 0]][split] += 1
        }
        // Each split is within an item of its share of every stratum (translation groups span strata; the
        // single items next to the cuts settle what they leave over).
        for counts in table.values {
            let total = Double(counts.reduce(0, +))
            for (split, share) in [0.8, 0.1, 0.1].enumerated() {
                #expect(abs(Double(counts[split]) - share * total) <= 1, "\(counts)")
            }
        }
    }

    /// Units of nine duplicates, and some single items: the cuts fall inside large units, and single items
    /// settle the difference, for every seed.
    @Test func singleItemsSettleWhatLargeUnitsLeave() {
        let list = (0..<1000).map { SplitPlanner.Item(id: "d\($0)", group: nil, stratum: "s") }
        let links = (0..<1000).filter { $0 % 10 != 0 && $0 % 10 != 1 }.map { ($0 - $0 % 10 + 1, $0) }
        for seed in UInt64(0)..<20 {
            let (splits, units) = SplitPlanner.assign(list, links: links, shares: [0.8, 0.1, 0.1], seed: seed)
            #expect(Set(units).count == 200)
            let counts = (0..<3).map { split in splits.filter { $0 == split }.count }
            #expect(counts == [800, 100, 100], "seed \(seed): \(counts)")
        }
    }

    @Test func sameSeedSameAssignmentAndAnotherSeedAnother() {
        let list = items(3000)
        let first = SplitPlanner.assign(list, shares: [0.5, 0.5], seed: 42).splits
        #expect(SplitPlanner.assign(list, shares: [0.5, 0.5], seed: 42).splits == first)
        // The items' order does not matter.
        let reversed = SplitPlanner.assign(list.reversed(), shares: [0.5, 0.5], seed: 42).splits
        #expect(zip(reversed.reversed(), first).filter { $0 != $1 }.count == 0)
        let other = SplitPlanner.assign(list, shares: [0.5, 0.5], seed: 43).splits
        #expect(zip(other, first).filter { $0 != $1 }.count > 100)
    }

    /// Adding k items moves at most k·(S−1) of the items already assigned.
    @Test func addingItemsMovesFew() {
        let list = items(10_000)
        let before = SplitPlanner.assign(list, shares: [0.8, 0.1, 0.1], seed: 3).splits
        let added = items(200, prefix: "new")
        let after = SplitPlanner.assign(list + added, shares: [0.8, 0.1, 0.1], seed: 3).splits
        let moved = zip(before, after.prefix(list.count)).filter { $0 != $1 }.count
        #expect(moved <= added.count * 2)
        #expect(moved > 0)
    }

    @Test func tinyStrataArePooled() {
        // Two strata of one unit each cannot be split three ways; pooled, they still land somewhere.
        var list = items(300)
        list.append(.init(id: "rare1", group: nil, stratum: "z|zu"))
        list.append(.init(id: "rare2", group: nil, stratum: "y|zu"))
        let (splits, _) = SplitPlanner.assign(list, shares: [0.8, 0.1, 0.1], seed: 5)
        #expect(splits.count == 302)
        #expect(Set(splits).isSubset(of: [0, 1, 2]))
    }

    @Test func hashIsFixed() {
        // The same on every machine: a change here changes every assignment.
        #expect(SplitPlanner.unitHash("item-1", seed: 0) == SplitPlanner.unitHash("item-1", seed: 0))
        #expect(SplitPlanner.unitHash("item-1", seed: 0) == 3_635_020_765_563_860_331)
    }
}
