/// Assigns items to named splits: seeded, stratified, group-aware and reproducible.
///
/// **Units.** Items that share a group id, and items linked as duplicates, form one unit (a connected
/// component); a unit always lands in one split. A unit is named by the smallest of its item ids (by UTF-8
/// bytes), so its name does not depend on the order of the items.
///
/// **Strata.** Each stratification key gives an item one value (several harm labels or modalities are joined,
/// sorted, with `+`). A unit's stratum takes, for each key, the value most of its items have (ties: the
/// smallest by UTF-8 bytes). Strata with fewer units than there are splits are pooled and assigned together.
///
/// **Assignment.** Within each stratum, units are ordered by a 64-bit hash of the seed and the unit's name
/// (FNV-1a, then the SplitMix64 finaliser: the same on every machine, never Swift's `Hasher`), ties by name.
/// Walking that order, a unit goes to the split whose share of the stratum's items covers the middle of the
/// unit. Nothing depends on dictionary order, so the same items and seed give the same assignment anywhere.
///
/// **Stability.** An item changes split only when its unit changes or when items are added to or removed
/// from its stratum: adding k items to a stratum moves at most about k·(S−1) of its items, S being the number
/// of splits, since each share boundary shifts by at most the items added before it.
public enum SplitPlanner {
    /// What the planner needs of an item.
    public struct Item: Sendable {
        /// The item id.
        public var id: String
        /// The group id, if any.
        public var group: String?
        /// One value per stratification key, in key order.
        public var strata: [String]

        /// Creates an item.
        public init(id: String, group: String?, strata: [String]) {
            self.id = id
            self.group = group
            self.strata = strata
        }
    }

    /// The pooled stratum of the strata too small to be split on their own.
    public static let pooledStratum = "(small strata, pooled)"

    /// The split of each item (an index into `shares`), and each item's unit (the index of its first item).
    public static func assign(
        _ items: [Item], links: [(Int, Int)] = [], shares: [Double], seed: UInt64
    ) -> (splits: [Int], units: [Int]) {
        precondition(!shares.isEmpty)
        // Units: union-find over groups and duplicate links; the root is the unit's first item.
        var parent = Array(items.indices)
        func root(_ item: Int) -> Int {
            var item = item
            while parent[item] != item {
                parent[item] = parent[parent[item]]
                item = parent[item]
            }
            return item
        }
        func union(_ a: Int, _ b: Int) {
            let (x, y) = (root(a), root(b))
            if x != y { parent[max(x, y)] = min(x, y) }
        }
        var firstOfGroup: [String: Int] = [:]
        for (index, item) in items.enumerated() {
            guard let group = item.group else { continue }
            if let first = firstOfGroup[group] { union(first, index) } else { firstOfGroup[group] = index }
        }
        for (a, b) in links where items.indices.contains(a) && items.indices.contains(b) { union(a, b) }
        let units = items.indices.map(root)
        var members: [Int: [Int]] = [:]
        for (index, unit) in units.enumerated() { members[unit, default: []].append(index) }

        // Each unit's stratum: the most common value per key.
        func stratum(of unit: Int) -> String {
            let itemsOfUnit = members[unit]!
            let keys = items[unit].strata.count
            return (0..<keys).map { key in
                var counts: [String: Int] = [:]
                for member in itemsOfUnit { counts[items[member].strata[key], default: 0] += 1 }
                return counts.max { a, b in
                    a.value != b.value ? a.value < b.value : b.key.utf8.lexicographicallyPrecedes(a.key.utf8)
                }!.key
            }.joined(separator: "|")
        }
        var strata: [String: [Int]] = [:]
        for unit in members.keys { strata[stratum(of: unit), default: []].append(unit) }
        var groups: [[Int]] = []
        var pooled: [Int] = []
        for key in strata.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            if strata[key]!.count < shares.count { pooled += strata[key]! } else { groups.append(strata[key]!) }
        }
        if !pooled.isEmpty { groups.append(pooled) }

        // Each unit's name: its smallest id.
        var names: [Int: String] = [:]
        for (unit, list) in members {
            names[unit] = list.map { items[$0].id }.min { $0.utf8.lexicographicallyPrecedes($1.utf8) }!
        }
        // Within each stratum: hash order, then cumulative shares.
        var bounds: [Double] = []
        var total = 0.0
        for share in shares {
            total += share
            bounds.append(total)
        }
        var splits = [Int](repeating: 0, count: items.count)
        for group in groups {
            let ordered = group.map { (hash: unitHash(names[$0]!, seed: seed), unit: $0) }.sorted {
                $0.hash != $1.hash
                    ? $0.hash < $1.hash : names[$0.unit]!.utf8.lexicographicallyPrecedes(names[$1.unit]!.utf8)
            }
            let size = Double(group.reduce(0) { $0 + members[$1]!.count })
            var before = 0.0
            for (_, unit) in ordered {
                let count = Double(members[unit]!.count)
                let middle = (before + count / 2) / size * total
                let split = bounds.firstIndex { middle < $0 } ?? shares.count - 1
                for member in members[unit]! { splits[member] = split }
                before += count
            }
        }
        return (splits, units)
    }

    /// The seeded hash that orders units.
    public static func unitHash(_ name: String, seed: UInt64) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ seed
        for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return DedupText.mix(hash ^ seed)
    }
}
