/// Assigns items to named splits: seeded, stratified, group-aware and reproducible.
///
/// **Units.** Items that share a group id, and items linked as duplicates, form one unit (a connected
/// component); a unit always lands in one split. A unit is named by the smallest of its item ids (by UTF-8
/// bytes), so its name does not depend on the order of the items.
///
/// **Strata.** Each stratification key gives an item one value (several harm labels or modalities are joined,
/// sorted, with `+`); an item's stratum is its values together.
///
/// **Assignment.** Units are ordered by a 64-bit hash of the seed and the unit's name (FNV-1a, then the
/// SplitMix64 finaliser: the same on every machine, never Swift's `Hasher`), ties by name, and cut: walking
/// that order, a unit goes to the split whose share of the walk covers the middle of the unit. First the units
/// whose items lie in several strata (a group of translations, say) are cut together at the requested shares.
/// Then, in each stratum, the units lying wholly in it are cut at what the stratum still needs of each split,
/// so the stratum ends near the requested shares; where a unit of several items at a cut leaves a split more
/// than an item off, the single items next to the cuts move across while a move narrows the spread. Strata with
/// fewer such units than there are splits are pooled and cut at the requested shares. Nothing depends on
/// dictionary order, so the same items and seed give the same assignment anywhere.
///
/// **Stability.** An item changes split only when its unit changes, or when items are added to or removed
/// from its stratum (or from the units spanning several strata): adding k items to a stratum moves at most
/// about k·(S−1) of its items, S being the number of splits, since each cut point shifts by at most the items
/// added before it.
public enum SplitPlanner {
    /// What the planner needs of an item.
    public struct Item: Sendable {
        /// The item id.
        public var id: String
        /// The group id, if any.
        public var group: String?
        /// The item's stratum: its values of the stratification keys, joined.
        public var stratum: String

        /// Creates an item.
        public init(id: String, group: String?, stratum: String) {
            self.id = id
            self.group = group
            self.stratum = stratum
        }
    }

    /// The pooled stratum of the strata too small to be split on their own.
    public static let pooledStratum = "(small strata, pooled)"

    /// The split of each item (an index into `shares`), and each item's unit (the index of its first item).
    public static func assign(
        _ items: [Item], links: [(Int, Int)] = [], shares: [Double], seed: UInt64
    ) -> (splits: [Int], units: [Int]) {
        precondition(!shares.isEmpty)
        let count = items.count
        // Units: union-find over groups and duplicate links; the root is the unit's first item. Units are
        // numbered in the order of their first items, and their members listed together (`start`, `members`).
        var sets = UnionFind(count: count)
        var firstOfGroup: [String: Int] = [:]
        for (index, item) in items.enumerated() {
            guard let group = item.group else { continue }
            if let first = firstOfGroup[group] { sets.union(first, index) } else { firstOfGroup[group] = index }
        }
        for (a, b) in links where items.indices.contains(a) && items.indices.contains(b) { sets.union(a, b) }
        var roots: [Int] = []
        var unitOf = [Int](repeating: 0, count: count)
        for index in 0..<count {
            let root = sets.root(index)
            if root == index {
                unitOf[index] = roots.count
                roots.append(index)
            } else {
                unitOf[index] = unitOf[root]
            }
        }
        let unitCount = roots.count
        var start = [Int](repeating: 0, count: unitCount + 1)
        for unit in unitOf { start[unit + 1] += 1 }
        for unit in 0..<unitCount { start[unit + 1] += start[unit] }
        var members = [Int](repeating: 0, count: count)
        var fill = start
        for (index, unit) in unitOf.enumerated() {
            members[fill[unit]] = index
            fill[unit] += 1
        }
        func size(_ unit: Int) -> Int { start[unit + 1] - start[unit] }

        // Strata, numbered in order of appearance; a unit's stratum, or -1 when its items lie in several.
        var strataIndex: [String: Int] = [:]
        var strata: [String] = []
        let stratumOf = items.map { item in
            if let known = strataIndex[item.stratum] { return known }
            strataIndex[item.stratum] = strata.count
            strata.append(item.stratum)
            return strata.count - 1
        }
        let unitStratum = (0..<unitCount).map { unit in
            let stratum = stratumOf[members[start[unit]]]
            return members[start[unit]..<start[unit + 1]].allSatisfy { stratumOf[$0] == stratum } ? stratum : -1
        }

        // Each unit's name, its smallest id, orders it after its seeded hash.
        func name(_ unit: Int) -> String {
            members[start[unit]..<start[unit + 1]].lazy.map { items[$0].id }.min {
                $0.utf8.lexicographicallyPrecedes($1.utf8)
            }!
        }
        let hashes = (0..<unitCount).map { unitHash(name($0), seed: seed) }
        func hashOrder(_ list: [Int]) -> [Int] {
            list.sorted {
                hashes[$0] != hashes[$1]
                    ? hashes[$0] < hashes[$1] : name($0).utf8.lexicographicallyPrecedes(name($1).utf8)
            }
        }
        var splits = [Int](repeating: 0, count: count)
        /// Walks units in order and gives each the split whose share of the walk covers the unit's middle.
        func cut(_ ordered: [Int], targets: [Double]) {
            let total = targets.reduce(0, +)
            let items = Double(ordered.reduce(0) { $0 + size($1) })
            var bounds: [Double] = []
            var running = 0.0
            for target in targets {
                running += target
                bounds.append(running)
            }
            var before = 0.0
            for unit in ordered {
                let count = Double(size(unit))
                let middle = total > 0 ? (before + count / 2) / items * total : 0
                let split = bounds.firstIndex { middle < $0 } ?? targets.count - 1
                for member in members[start[unit]..<start[unit + 1]] { splits[member] = split }
                before += count
            }
        }

        // Units whose items lie in several strata go first, cut together at the requested shares.
        cut(hashOrder((0..<unitCount).filter { unitStratum[$0] < 0 }), targets: shares)
        var totals = [Int](repeating: 0, count: strata.count)
        var placed = [[Int]](repeating: [Int](repeating: 0, count: shares.count), count: strata.count)
        for (index, stratum) in stratumOf.enumerated() {
            totals[stratum] += 1
            if unitStratum[unitOf[index]] < 0 { placed[stratum][splits[index]] += 1 }
        }
        // Then, in each stratum, the units that lie wholly in it fill what the stratum still needs of each split;
        // strata with fewer such units than splits are pooled and cut at the requested shares.
        var single = [[Int]](repeating: [], count: strata.count)
        for unit in 0..<unitCount where unitStratum[unit] >= 0 { single[unitStratum[unit]].append(unit) }
        var pooled: [Int] = []
        for stratum in strata.indices.sorted(by: { strata[$0].utf8.lexicographicallyPrecedes(strata[$1].utf8) }) {
            let list = single[stratum]
            guard list.count >= shares.count else {
                pooled += list
                continue
            }
            let total = Double(totals[stratum])
            var needs = shares.indices.map { max(0, shares[$0] * total - Double(placed[stratum][$0])) }
            if needs.reduce(0, +) <= 0 { needs = shares }
            let ordered = hashOrder(list)
            cut(ordered, targets: needs)
            // A unit of several items at a cut can leave a split more than an item off its share; single items
            // next to the cuts then move across, one at a time, while a move narrows the spread.
            var counts = placed[stratum]
            for unit in list { counts[splits[members[start[unit]]]] += size(unit) }
            while true {
                let off = counts.indices.map { Double(counts[$0]) - shares[$0] * total }
                let from = off.indices.max { off[$0] < off[$1] }!
                let to = off.indices.min { off[$0] < off[$1] }!
                guard off[from] - off[to] > 1,
                    let unit = (from < to ? Array(ordered.reversed()) : ordered).first(where: {
                        size($0) == 1 && splits[members[start[$0]]] == from
                    })
                else { break }
                splits[members[start[unit]]] = to
                counts[from] -= 1
                counts[to] += 1
            }
        }
        cut(hashOrder(pooled), targets: shares)
        return (splits, unitOf.map { roots[$0] })
    }

    /// The seeded hash that orders units.
    public static func unitHash(_ name: String, seed: UInt64) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ seed
        for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return DedupText.mix(hash ^ seed)
    }
}
