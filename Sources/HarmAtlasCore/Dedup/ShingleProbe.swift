/// The Jaccard similarity of one canonical text's shingle set with others', without sorting either.
///
/// The set of the loaded text sits in an open-addressed table (the hashes are well mixed, so their low bits
/// pick the slot). The other text's shingles are hashed and looked up there, each shared value counted once; with
/// both sets' sizes known, the similarity is `shared / (|A| + |B| − shared)`, the same number
/// ``DedupText/jaccard(_:_:)`` gives for the two sorted sets.
struct ShingleProbe {
    private var table: [UInt64] = []
    /// The check in which each slot's value was last counted, so that a repeated shingle counts once.
    private var counted: [UInt32] = []
    private var check: UInt32 = 0
    /// Hash 0 marks an empty slot, so a shingle hashing to 0 is kept apart.
    private var holdsZero = false
    private var zeroCounted: UInt32 = 0
    private var scalars: [UInt32] = []
    private var hashes: [UInt64] = []
    /// The distinct shingles of the loaded text.
    private(set) var count = 0

    /// Loads the shingle set of a canonical text (valid UTF-8).
    mutating func load(_ canonical: UnsafeBufferPointer<UInt8>) {
        shingles(of: canonical)
        let size = ShingleProbe.tableSize(for: hashes.count)
        if table.count == size {
            for slot in table.indices { table[slot] = 0 }
        } else {
            table = [UInt64](repeating: 0, count: size)
            counted = [UInt32](repeating: 0, count: size)
            check = 0
        }
        (count, holdsZero) = ShingleProbe.insert(hashes, into: &table)
    }

    /// The size of a table for `count` hashes: a power of two, at least twice as many slots.
    static func tableSize(for count: Int) -> Int {
        var size = 16
        while size < 2 * count { size <<= 1 }
        return size
    }

    /// Puts each distinct hash in an empty table of ``tableSize(for:)`` slots, open-addressed (the hashes are well
    /// mixed, so their low bits pick the slot); 0 marks an empty slot, so a hash of 0 is only reported. Returns
    /// how many distinct hashes there are.
    static func insert(_ hashes: [UInt64], into table: inout [UInt64]) -> (distinct: Int, holdsZero: Bool) {
        let mask = table.count - 1
        var distinct = 0
        var holdsZero = false
        for hash in hashes {
            if hash == 0 {
                if !holdsZero { distinct += 1 }
                holdsZero = true
                continue
            }
            var slot = Int(truncatingIfNeeded: hash) & mask
            while table[slot] != 0 && table[slot] != hash { slot = (slot + 1) & mask }
            if table[slot] == 0 {
                table[slot] = hash
                distinct += 1
            }
        }
        return (distinct, holdsZero)
    }

    /// The Jaccard similarity of the loaded set and the shingle set of `canonical`, which has `distinct` distinct
    /// shingles; 0 when either set is empty.
    mutating func similarity(to canonical: UnsafeBufferPointer<UInt8>, distinct: Int) -> Double {
        guard count > 0 && distinct > 0 else { return 0 }
        shingles(of: canonical)
        check &+= 1
        if check == 0 {
            for slot in counted.indices { counted[slot] = 0 }
            zeroCounted = 0
            check = 1
        }
        let (mask, check, holdsZero) = (table.count - 1, check, holdsZero)
        var shared = 0
        var zeroCounted = zeroCounted
        table.withUnsafeBufferPointer { table in
            counted.withUnsafeMutableBufferPointer { counted in
                for hash in hashes {
                    if hash == 0 {
                        if holdsZero && zeroCounted != check {
                            zeroCounted = check
                            shared += 1
                        }
                        continue
                    }
                    var slot = Int(truncatingIfNeeded: hash) & mask
                    while table[slot] != 0 && table[slot] != hash { slot = (slot + 1) & mask }
                    if table[slot] == hash && counted[slot] != check {
                        counted[slot] = check
                        shared += 1
                    }
                }
            }
        }
        self.zeroCounted = zeroCounted
        return Double(shared) / Double(count + distinct - shared)
    }

    /// The shingle hashes of a canonical text, repeats included, into `hashes`.
    private mutating func shingles(of canonical: UnsafeBufferPointer<UInt8>) {
        DedupText.decodeScalars(canonical, into: &scalars)
        hashes.removeAll(keepingCapacity: true)
        scalars.withUnsafeBufferPointer { DedupText.appendShingleHashes($0, to: &hashes) }
    }
}
