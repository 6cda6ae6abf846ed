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
/// so the stratum ends near the requested shares. Strata with fewer such units than there are splits are
/// pooled and cut at the requested shares. Nothing depends on dictionary order, so the same items and seed
/// give the same assignment anywhere.
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
        var sets = UnionFind(count: items.count)
        var firstOfGroup: [String: Int] = [:]
        for (index, item) in items.enumerated() {
            guard let group = item.group else { continue }
            if let first = firstOfGroup[group] { sets.union(first, index) } else { firstOfGroup[group] = index }
        }
        for (a, b) in links where items.indices.contains(a) && items.indices.contains(b) { sets.union(a, b) }
        let units = items.indices.map { sets.root($0) }
        var members: [Int: [Int]] = [:]
        for (index, unit) in units.enumerated() { members[unit, default: []].append(index) }

        // Each unit's name: its smallest id.
        var names: [Int: String] = [:]
        for (unit, list) in members {
            names[unit] = list.map { items[$0].id }.min { $0.utf8.lexicographicallyPrecedes($1.utf8) }!
        }
        func hashOrder(_ list: [Int]) -> [Int] {
            list.map { (hash: unitHash(names[$0]!, seed: seed), unit: $0) }.sorted {
                $0.hash != $1.hash
                    ? $0.hash < $1.hash : names[$0.unit]!.utf8.lexicographicallyPrecedes(names[$1.unit]!.utf8)
            }.map(\.unit)
        }
        /// Walks units in order and gives each the split whose share of the walk covers the unit's middle.
        func cut(_ ordered: [Int], targets: [Double], into splits: inout [Int]) {
            let total = targets.reduce(0, +)
            let size = Double(ordered.reduce(0) { $0 + members[$1]!.count })
            var bounds: [Double] = []
            var running = 0.0
            for target in targets {
                running += target
                bounds.append(running)
            }
            var before = 0.0
            for unit in ordered {
                let count = Double(members[unit]!.count)
                let middle = total > 0 ? (before + count / 2) / size * total : 0
                let split = bounds.firstIndex { middle < $0 } ?? targets.count - 1
                for member in members[unit]! { splits[member] = split }
                before += count
            }
        }
        let stratumOf = items.map { $0.strata.joined(separator: "|") }
        var splits = [Int](repeating: 0, count: items.count)

        // Units whose items lie in several strata go first, cut together at the requested shares.
        var mixed: [Int] = []
        var single: [String: [Int]] = [:]
        for (unit, list) in members {
            let stratum = stratumOf[list[0]]
            if list.allSatisfy({ stratumOf[$0] == stratum }) {
                single[stratum, default: []].append(unit)
            } else {
                mixed.append(unit)
            }
        }
        cut(hashOrder(mixed), targets: shares, into: &splits)
        var placed: [String: [Int]] = [:]
        var totals: [String: Int] = [:]
        for (index, stratum) in stratumOf.enumerated() {
            totals[stratum, default: 0] += 1
            if !single.keys.contains(stratum) || members[units[index]]!.contains(where: { stratumOf[$0] != stratum }) {
                placed[stratum, default: [Int](repeating: 0, count: shares.count)][splits[index]] += 1
            }
        }
        // Then, in each stratum, the units that lie wholly in it fill what the stratum still needs of each split;
        // strata with fewer such units than splits are pooled and cut at the requested shares.
        var pooled: [Int] = []
        for stratum in single.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            let list = single[stratum]!
            guard list.count >= shares.count else {
                pooled += list
                continue
            }
            let already = placed[stratum] ?? [Int](repeating: 0, count: shares.count)
            let total = Double(totals[stratum]!)
            var needs = shares.indices.map { max(0, shares[$0] * total - Double(already[$0])) }
            if needs.reduce(0, +) <= 0 { needs = shares }
            cut(hashOrder(list), targets: needs, into: &splits)
        }
        cut(hashOrder(pooled), targets: shares, into: &splits)
        return (splits, units)
    }

    /// The seeded hash that orders units.
    public static func unitHash(_ name: String, seed: UInt64) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ seed
        for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return DedupText.mix(hash ^ seed)
    }
}
