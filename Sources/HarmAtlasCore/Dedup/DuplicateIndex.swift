import Foundation

/// Exact and near duplicates among texts from one or more sources (a benchmark, other benchmarks, plain text
/// files), found with MinHash and LSH banding and verified by the Jaccard similarity of their shingles.
///
/// Entries are added with a ``Signature`` (computed independently for each text, so callers may compute them on
/// several cores). Memory per entry: its id, the canonical text, 4 bytes per band and one byte per permutation
/// (the sketch). The index keeps the low 32 bits of each band key, which among a million entries lets about a
/// hundred unrelated pairs per band share a key by chance; those are dropped when verified.
///
/// Clusters are the connected components of three kinds of link: the same canonical text (exact), shingle sets
/// at or above the threshold (near, with their similarity), the same media bytes (media). In each cluster the
/// entry added first is kept; callers add a benchmark's items in benchmark order (shards sorted by path, then
/// line), so the earliest item is kept and the later ones are reported as duplicates of it.
public final class DuplicateIndex {
    /// What one text contributes: computed apart from the index.
    public struct Signature: Sendable {
        /// The canonical text's UTF-8 bytes (see ``DedupText``).
        public var canonical: [UInt8]
        /// The first 128 bits of the canonical text's SHA-256.
        public var exactKey: ExactKey
        /// The LSH band keys; empty for an empty text.
        public var bandKeys: [UInt64]
        /// One byte per permutation (see ``MinHasher/signature(_:)``); empty for an empty text.
        public var sketch: [UInt8]
        /// The number of distinct shingles.
        public var shingleCount: Int

        /// A signature from its parts.
        init(canonical: [UInt8], exactKey: ExactKey, bandKeys: [UInt64], sketch: [UInt8], shingleCount: Int) {
            self.canonical = canonical
            self.exactKey = exactKey
            self.bandKeys = bandKeys
            self.sketch = sketch
            self.shingleCount = shingleCount
        }

        /// The signature of an item's text under `hasher`'s layout. `media` names the media the item shows
        /// (their SHA-256, or the source's reference when a file is unavailable): texts only match when they
        /// show the same media, so one question asked of two different images is not a duplicate.
        public init(text: String, hasher: MinHasher, media: [String] = []) {
            let scalars = DedupText.canonicalScalars(text)
            canonical = DedupText.utf8(scalars)
            var exact = SHA256Hasher()
            exact.update(canonical)
            var mediaKey: UInt64 = 0
            for name in media.sorted() {
                exact.update([0] + Array(name.utf8))
                for byte in name.utf8 { mediaKey = DedupText.mix(mediaKey ^ UInt64(byte)) }
            }
            exactKey = ExactKey(sha256: exact.finalize())
            let hashes = DedupText.shingleHashes(scalars)
            let (keys, sketch) = hasher.signature(hashes[...])
            bandKeys = media.isEmpty ? keys : keys.map { DedupText.mix($0 ^ mediaKey) }
            self.sketch = sketch
            shingleCount = DuplicateIndex.distinctCount(hashes)
        }
    }

    /// In how many rows two sketches of the same width agree.
    static func agreements(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
        var same = 0
        for row in 0..<min(a.count, b.count) where a[row] == b[row] { same += 1 }
        return same
    }

    /// How many distinct values `hashes` holds, counted in a hash table rather than by sorting.
    static func distinctCount(_ hashes: [UInt64]) -> Int {
        guard !hashes.isEmpty else { return 0 }
        var table = [UInt64](repeating: 0, count: ShingleProbe.tableSize(for: hashes.count))
        return ShingleProbe.insert(hashes, into: &table).distinct
    }

    /// 128 bits of a SHA-256.
    public struct ExactKey: Hashable, Comparable, Sendable {
        var high: UInt64
        var low: UInt64

        init(high: UInt64, low: UInt64) {
            self.high = high
            self.low = low
        }

        init(sha256 bytes: [UInt8]) {
            high = bytes[0..<8].reduce(0) { $0 << 8 | UInt64($1) }
            low = bytes[8..<16].reduce(0) { $0 << 8 | UInt64($1) }
        }

        public static func < (a: ExactKey, b: ExactKey) -> Bool { (a.high, a.low) < (b.high, b.low) }
    }

    /// Why two entries are linked.
    public enum Reason: Hashable, Sendable {
        /// The same canonical text.
        case exact
        /// Shingle sets with this Jaccard similarity, at or above the threshold.
        case near(Double)
        /// The same media file bytes (by SHA-256).
        case media(String)
    }

    /// Two linked entries, by index, the earlier first.
    public struct Link: Hashable, Sendable {
        /// The earlier entry.
        public var first: Int
        /// The later entry.
        public var second: Int
        /// Why.
        public var reason: Reason
    }

    /// A cluster: its entries in the order added, the first of which is kept, and the links that joined them.
    public struct Cluster: Sendable {
        /// Entry indices, the kept one first.
        public var members: [Int]
        /// The links inside the cluster.
        public var links: [Link]
    }

    /// The band layout.
    public let hasher: MinHasher
    /// The Jaccard threshold for near duplicates.
    public let threshold: Double
    /// Entry ids, by index.
    public private(set) var ids: [String] = []
    /// The source of each entry (0 for the benchmark examined, then one number per other source).
    public private(set) var sources: [Int] = []
    var exactKeys: [ExactKey] = []
    private var texts: [UInt8] = []
    private var textEnds: [Int] = []
    var bandKeys: [UInt32] = []
    var hasBands: [Bool] = []
    /// Each entry's sketch, `bands × rows` bytes (zeros for an entry without text).
    var sketches: [UInt8] = []
    /// Candidates whose sketches agree in fewer rows are dropped unverified.
    let sketchFloor: Int
    var media: [(sha256: String, entry: Int)] = []
    var shingleCounts: [UInt32] = []
    private var lookupTables: (exact: [Int], bands: [[(key: UInt32, entry: Int)]])?
    /// Candidate pairs the last ``links()`` checked by Jaccard similarity.
    public private(set) var candidateCount = 0

    /// An empty index.
    public init(threshold: Double, hasher: MinHasher? = nil) {
        self.threshold = threshold
        self.hasher = hasher ?? MinHasher(threshold: threshold)
        sketchFloor = self.hasher.sketchFloor(threshold: threshold)
    }

    /// The number of entries.
    public var count: Int { ids.count }

    /// Adds an entry, whose signature was made with the index's ``hasher``; returns its index.
    @discardableResult
    public func add(id: String, source: Int, signature: Signature, mediaSHA256: [String] = []) -> Int {
        precondition(fits(signature), "the signature was made with another band layout than the index's")
        let index = ids.count
        ids.append(id)
        sources.append(source)
        exactKeys.append(signature.exactKey)
        texts += signature.canonical
        textEnds.append(texts.count)
        shingleCounts.append(UInt32(signature.shingleCount))
        if signature.bandKeys.isEmpty {
            bandKeys += [UInt32](repeating: 0, count: hasher.bands)
            sketches += [UInt8](repeating: 0, count: hasher.bands * hasher.rows)
            hasBands.append(false)
        } else {
            for key in signature.bandKeys { bandKeys.append(UInt32(truncatingIfNeeded: key)) }
            sketches += signature.sketch
            hasBands.append(true)
        }
        for sha in mediaSHA256 { media.append((sha, index)) }
        lookupTables = nil
        return index
    }

    /// Whether a signature was made with the index's band layout (or is empty).
    func fits(_ signature: Signature) -> Bool {
        signature.bandKeys.isEmpty
            || (signature.bandKeys.count == hasher.bands && signature.sketch.count == hasher.bands * hasher.rows)
    }

    /// Makes room for `entries` more entries whose canonical texts take up to `textBytes` bytes, so that a large
    /// benchmark is added without the index's arrays being copied as they grow. Room that is never used costs no
    /// memory on systems that commit pages when first written.
    public func reserveCapacity(entries: Int, textBytes: Int) {
        ids.reserveCapacity(count + entries)
        sources.reserveCapacity(count + entries)
        exactKeys.reserveCapacity(count + entries)
        textEnds.reserveCapacity(count + entries)
        shingleCounts.reserveCapacity(count + entries)
        hasBands.reserveCapacity(count + entries)
        bandKeys.reserveCapacity((count + entries) * hasher.bands)
        sketches.reserveCapacity((count + entries) * hasher.bands * hasher.rows)
        texts.reserveCapacity(texts.count + textBytes)
    }

    func addMedia(_ sha256: String, entry: Int) {
        media.append((sha256, entry))
    }

    /// Entries sorted by exact key, and by key within each band, for ``matches(_:mediaSHA256:)``.
    func lookup() -> (exact: [Int], bands: [[(key: UInt32, entry: Int)]]) {
        if let lookupTables { return lookupTables }
        let withText = (0..<count).filter { hasBands[$0] }
        let exact = withText.sorted { (exactKeys[$0], $0) < (exactKeys[$1], $1) }
        let bands = (0..<hasher.bands).map { band in
            withText.map { (key: bandKeys[$0 * hasher.bands + band], entry: $0) }.sorted {
                ($0.key, $0.entry) < ($1.key, $1.entry)
            }
        }
        lookupTables = (exact, bands)
        return (exact, bands)
    }

    /// The canonical text of an entry.
    public func canonicalText(_ entry: Int) -> String {
        withCanonicalBytes(entry) { String(decoding: $0, as: UTF8.self) }
    }

    /// Calls `body` with the UTF-8 bytes of an entry's canonical text.
    func withCanonicalBytes<T>(_ entry: Int, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        let start = entry == 0 ? 0 : textEnds[entry - 1]
        return texts.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<textEnds[entry]])) }
    }

    /// Every link: exact, near (verified) and media.
    public func links() -> [Link] {
        var result: [Link] = []
        // Exact: runs of equal keys among entries with text; the first of a run stands for it below.
        var order = (0..<count).filter { hasBands[$0] }
        order.sort { (exactKeys[$0], $0) < (exactKeys[$1], $1) }
        var represents = [Bool](repeating: false, count: count)
        var runStart = 0
        for position in order.indices {
            if position > 0 && exactKeys[order[position]] == exactKeys[order[position - 1]] {
                result.append(Link(first: order[runStart], second: order[position], reason: .exact))
            } else {
                runStart = position
                represents[order[position]] = true
            }
        }
        // Near: representatives sharing a band key are candidates, verified by Jaccard. Two sets can reach the
        // threshold only if the smaller holds at least `threshold` of the larger, and pairs at the threshold have
        // sketches that agree in at least `sketchFloor` rows, so other pairs are dropped at once. The bands are
        // shared among the processors; each part's list is sorted and freed of repeats whenever it has doubled,
        // which keeps it near its final size.
        let (bands, bandKeys, counts, limit, entries, sketches, floor) = (
            hasher.bands, bandKeys, shingleCounts, threshold, (0..<count).filter { represents[$0] }, sketches,
            sketchFloor
        )
        let width = hasher.bands * hasher.rows
        let bandParts = max(1, min(ProcessInfo.processInfo.activeProcessorCount, bands))
        var candidates = Parallel.map(bandParts) { part in
            sketches.withUnsafeBufferPointer { sketches in
                var candidates: [UInt64] = []
                var compacted = 0
                // Each band's (key, entry) pairs packed into one integer, key high, and sorted by key; entries are
                // taken in ascending order, so each key's entries stay ascending.
                var keyed: [UInt64] = []
                var scratch: [UInt64] = []
                keyed.reserveCapacity(entries.count)
                for band in stride(from: part, to: bands, by: bandParts) {
                    keyed.removeAll(keepingCapacity: true)
                    for entry in entries {
                        keyed.append(UInt64(bandKeys[entry * bands + band]) << 32 | UInt64(entry))
                    }
                    keyed.sortByHighHalf(scratch: &scratch)
                    var start = 0
                    while start < keyed.count {
                        var end = start + 1
                        while end < keyed.count && keyed[end] >> 32 == keyed[start] >> 32 { end += 1 }
                        if end - start > 1 {
                            for i in start..<(end - 1) {
                                for j in (i + 1)..<end {
                                    let (first, second) = (Int(keyed[i] & 0xFFFF_FFFF), Int(keyed[j] & 0xFFFF_FFFF))
                                    let a = Double(counts[first])
                                    let b = Double(counts[second])
                                    guard min(a, b) >= limit * max(a, b) - 1e-9,
                                        DuplicateIndex.agreements(
                                            UnsafeBufferPointer(
                                                rebasing: sketches[(first * width)..<(first * width + width)]),
                                            UnsafeBufferPointer(
                                                rebasing: sketches[(second * width)..<(second * width + width)]))
                                            >= floor
                                    else { continue }
                                    candidates.append(UInt64(first) << 32 | UInt64(second))
                                }
                            }
                        }
                        start = end
                    }
                    if candidates.count > max(1 << 20, 2 * compacted) {
                        candidates.sortIntegersRemovingRepeats()
                        compacted = candidates.count
                    }
                }
                return candidates
            }
        }.flatMap { $0 }
        candidates.sortIntegersRemovingRepeats()
        candidateCount = candidates.count
        // Verified in parallel parts, joined in order. Pairs come sorted by their first entry, whose shingle set
        // each part loads once for all its pairs.
        let parts = max(1, min(ProcessInfo.processInfo.activeProcessorCount, candidates.count / 1024))
        let (pairs, texts, textEnds) = (candidates, texts, textEnds)
        result += Parallel.map(parts) { part in
            texts.withUnsafeBufferPointer { texts in
                func canonical(_ entry: Int) -> UnsafeBufferPointer<UInt8> {
                    UnsafeBufferPointer(rebasing: texts[(entry == 0 ? 0 : textEnds[entry - 1])..<textEnds[entry]])
                }
                var probe = ShingleProbe()
                var loaded = -1
                var links: [Link] = []
                for pair in pairs[(pairs.count * part / parts)..<(pairs.count * (part + 1) / parts)] {
                    let first = Int(pair >> 32)
                    let second = Int(pair & 0xFFFF_FFFF)
                    if first != loaded {
                        probe.load(canonical(first))
                        loaded = first
                    }
                    let similarity = probe.similarity(to: canonical(second), distinct: Int(counts[second]))
                    if similarity >= limit {
                        links.append(Link(first: first, second: second, reason: .near(similarity)))
                    }
                }
                return links
            }
        }.flatMap { $0 }
        // Media: the same bytes.
        let byMedia = media.sorted { ($0.sha256, $0.entry) < ($1.sha256, $1.entry) }
        for index in byMedia.indices.dropFirst()
        where byMedia[index].sha256 == byMedia[index - 1].sha256 && byMedia[index].entry != byMedia[index - 1].entry {
            result.append(
                Link(
                    first: byMedia[index - 1].entry, second: byMedia[index].entry, reason: .media(byMedia[index].sha256)
                ))
        }
        return result
    }

    /// The clusters of two or more entries, ordered by their first member.
    public func clusters() -> [Cluster] {
        var sets = UnionFind(count: count)
        let links = self.links()
        for link in links { sets.union(link.first, link.second) }
        var members: [Int: [Int]] = [:]
        for entry in Set(links.flatMap { [$0.first, $0.second] }).sorted() {
            members[sets.root(entry), default: []].append(entry)
        }
        var linksByRoot: [Int: [Link]] = [:]
        for link in links { linksByRoot[sets.root(link.first), default: []].append(link) }
        return members.filter { $0.value.count > 1 }.keys.sorted().map { key in
            Cluster(members: members[key]!, links: linksByRoot[key, default: []])
        }
    }
}
