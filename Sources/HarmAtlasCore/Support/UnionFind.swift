/// Disjoint sets of `0..<count` whose root is always their smallest member: the first item, in the order the
/// caller numbered them.
public struct UnionFind: Sendable {
    private var parent: [Int]

    /// `count` sets of one.
    public init(count: Int) {
        parent = Array(0..<count)
    }

    /// The smallest member of `element`'s set.
    public mutating func root(_ element: Int) -> Int {
        var element = element
        while parent[element] != element {
            parent[element] = parent[parent[element]]
            element = parent[element]
        }
        return element
    }

    /// Joins the sets of `a` and `b`.
    public mutating func union(_ a: Int, _ b: Int) {
        let (x, y) = (root(a), root(b))
        if x != y { parent[max(x, y)] = min(x, y) }
    }
}
