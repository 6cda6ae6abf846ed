import Foundation
@testable import HarmAtlasCore
import HarmAtlasTestSupport
import Testing

@Suite struct DedupTextTests {
    @Test(arguments: [
        ("Straße", "strasse"), ("Cafe\u{301}", "café"), ("ＣＡＦÉ", "café"), ("ca\u{200B}fe\u{301}", "café"),
        ("  two\t\nwords  ", "two words"), ("a\u{E0041}b", "ab"), ("\u{202E}abc", "abc"), ("ｶﾞ", "ガ"), ("ΣΑΣ", "σασ"),
        ("", ""), ("\u{200B}", ""), ("A\u{1F}B", "a b"),
    ])
    func canonicalText(input: String, expected: String) {
        #expect(DedupText.canonical(input) == expected)
    }

    /// The canonical text agrees with Python's `unicodedata` NFKC and `str.casefold` (after the same removal of
    /// invisible characters and the same white-space collapsing) on every string of the Big List of Naughty
    /// Strings and on the normalisation duplicates of the shared bad inputs.
    @Test(.needsCorpora) func matchesPython() throws {
        let corpora = try #require(TestEnvironment.corpora)
        let blns = try String(contentsOf: corpora.appendingPathComponent("bad-inputs/blns/blns.txt"), encoding: .utf8)
        var texts = blns.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let duplicates = try String(
            contentsOf: corpora.appendingPathComponent(
                "bad-inputs/generated-jsonl/duplicate-records-normalization.jsonl"),
            encoding: .utf8)
        for line in duplicates.split(separator: "\n") {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            texts.append(try #require(object?["prompt"] as? String))
        }
        let (version, expected) = try PythonCanonical.canonical(texts)
        #expect(expected.count == texts.count)
        var differences: [String] = []
        for (text, python) in zip(texts, expected) where DedupText.canonical(text) != python {
            differences.append(text.unicodeScalars.map { String($0.value, radix: 16) }.joined(separator: " "))
        }
        // Known differences between the Unicode versions of Swift's normaliser and Python's (listed here when
        // they appear): none on these strings.
        #expect(differences == [], "Python \(version) differs on: \(differences)")
        #expect(texts.count > 500)
    }

    @Test func shinglesByScript() {
        #expect(DedupText.shingles(ofCanonical: "abcdef").count == 3)  // 4-grams
        #expect(DedupText.shingles(ofCanonical: "漢字漢字").count == 2)  // 2-grams, one repeated
        #expect(DedupText.shingles(ofCanonical: "ab").count == 1)  // shorter than n: one shingle
        #expect(DedupText.shingles(ofCanonical: "").isEmpty)
    }

    @Test func signaturesAreFixed() {
        // The same on every run and machine: a change here changes every persisted signature.
        let hasher = MinHasher(threshold: 0.7)
        #expect(hasher.bands == 26 && hasher.rows == 5)
        #expect(hasher.candidateProbability(0.7) >= 0.99)
        let signature = DuplicateIndex.Signature(text: "How are signatures kept stable?", hasher: hasher)
        #expect(signature.bandKeys.count == 26)
        #expect(signature.bandKeys.prefix(2) == [1_686_140_510_502_213_160, 10_219_897_570_433_141_708])
    }
}

@Suite struct DuplicateIndexTests {
    func clusters(_ texts: [String], threshold: Double = 0.7, media: [[String]] = []) -> [[Int]] {
        let index = DuplicateIndex(threshold: threshold)
        for (number, text) in texts.enumerated() {
            index.add(
                id: "t\(number)", source: 0, signature: .init(text: text, hasher: index.hasher),
                mediaSHA256: number < media.count ? media[number] : [])
        }
        return index.clusters().map(\.members)
    }

    @Test func normalisationVariantsAreExactDuplicates() {
        let index = DuplicateIndex(threshold: 0.7)
        for text in ["café", "cafe\u{301}", "café\u{200B}", "ｃａｆé"] {
            index.add(id: text, source: 0, signature: .init(text: text, hasher: index.hasher))
        }
        let found = index.clusters()
        #expect(found.map(\.members) == [[0, 1, 2, 3]])
        #expect(found[0].links.allSatisfy { $0.reason == .exact })
    }

    @Test func nearDuplicatesAreVerified() {
        let base = "Describe in detail how the old lighthouse keeper spent his winters alone on the island"
        let edited = "Describe in detail how the old lighthouse keeper spent his winter alone on the island"
        let different = "Summarise the plot of a novel about a lighthouse keeper and the island he lived on"
        let index = DuplicateIndex(threshold: 0.7)
        for text in [base, edited, different] {
            index.add(id: text, source: 0, signature: .init(text: text, hasher: index.hasher))
        }
        let found = index.clusters()
        #expect(found.map(\.members) == [[0, 1]])
        guard case .near(let similarity) = found.first?.links.first?.reason else {
            Issue.record("expected a near link")
            return
        }
        #expect(similarity >= 0.7 && similarity < 1)
        #expect(
            similarity
                == DedupText.jaccard(
                    DedupText.shingles(ofCanonical: DedupText.canonical(base))[...],
                    DedupText.shingles(ofCanonical: DedupText.canonical(edited))[...]))
    }

    @Test func sameQuestionAboutOtherImagesIsNoDuplicate() {
        let index = DuplicateIndex(threshold: 0.7)
        let question = "What is shown in this picture?"
        for (id, media) in [("a", ["aa"]), ("b", ["bb"]), ("c", ["aa"]), ("d", ["reference:x.png"]), ("e", [])] {
            index.add(id: id, source: 0, signature: .init(text: question, hasher: index.hasher, media: media))
        }
        let found = index.clusters()
        #expect(found.map(\.members) == [[0, 2]])
        #expect(found.first?.links.map(\.reason) == [.exact])
    }

    @Test func emptyTextsNeverMatch() {
        #expect(clusters(["", "  ", "\u{200B}", ""]).isEmpty)
    }

    @Test func shortTextsMatchOnlyTheirEquals() {
        #expect(clusters(["ok", "OK", "no", "o"]) == [[0, 1]])
    }

    @Test func sameMediaLinksItems() {
        #expect(clusters(["first text here", "entirely other words"], media: [["aa"], ["aa"]]) == [[0, 1]])
    }

    @Test func everyNaughtyStringGoesThrough() throws {
        guard let corpora = TestEnvironment.corpora else { return }
        let blns = try String(contentsOf: corpora.appendingPathComponent("bad-inputs/blns/blns.txt"), encoding: .utf8)
        let texts = blns.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let index = DuplicateIndex(threshold: 0.7)
        for (number, text) in texts.enumerated() {
            index.add(id: "\(number)", source: 0, signature: .init(text: text, hasher: index.hasher))
        }
        // Every link holds: exact links join equal canonical texts, near links shingle sets at the threshold.
        let links = index.links()
        #expect(!links.isEmpty)
        for link in links {
            let first = index.canonicalText(link.first)
            let second = index.canonicalText(link.second)
            #expect(!first.isEmpty && !second.isEmpty)
            switch link.reason {
            case .exact: #expect(first == second)
            case .near(let similarity):
                #expect(similarity >= 0.7 && first != second)
                #expect(
                    DedupText.jaccard(
                        DedupText.shingles(ofCanonical: first)[...], DedupText.shingles(ofCanonical: second)[...])
                        == similarity)
            case .media: Issue.record("no media here")
            }
        }
    }
}

@Suite struct DuplicateIndexStorageTests {
    static let texts = [
        "Describe in detail how the old lighthouse keeper spent his winters alone on the island",
        "Name three birds that live near the sea",
        "写一首关于大海和灯塔的短诗",
    ]

    func index() -> DuplicateIndex {
        let index = DuplicateIndex(threshold: 0.7)
        for (number, text) in Self.texts.enumerated() {
            index.add(
                id: "t\(number)", source: 0, signature: .init(text: text, hasher: index.hasher),
                mediaSHA256: number == 1 ? ["ab"] : [])
        }
        return index
    }

    @Test func checksANewBatchAgainstTheIndex() {
        let index = index()
        func reasons(_ text: String, media: [String] = []) -> [String: DuplicateIndex.Reason] {
            Dictionary(
                uniqueKeysWithValues: index.matches(.init(text: text, hasher: index.hasher), mediaSHA256: media).map {
                    ($0.id, $0.reason)
                })
        }
        #expect(reasons("NAME three birds that live near the sea  ") == ["t1": .exact])
        guard
            case .near(let similarity)? = reasons(
                "Describe in detail how the old lighthouse keeper spent his winter alone on the island")["t0"]
        else {
            Issue.record("expected a near match")
            return
        }
        #expect(similarity >= 0.7)
        #expect(reasons("写一首关于大海和灯塔的短诗。")["t2"] != nil)
        #expect(reasons("Something else entirely, about mountains").isEmpty)
        #expect(reasons("Something else entirely", media: ["ab"]) == ["t1": .media("ab")])
        #expect(reasons("").isEmpty)
    }

    @Test func roundTripsThroughBytes() throws {
        let original = index()
        let bytes = original.serialized(fingerprint: "manifest abc")
        let (copy, fingerprint) = try #require(DuplicateIndex.deserialize(bytes))
        #expect(fingerprint == "manifest abc")
        #expect(copy.ids == original.ids && copy.threshold == original.threshold)
        #expect(copy.hasher.bands == original.hasher.bands && copy.hasher.rows == original.hasher.rows)
        #expect(copy.serialized(fingerprint: "manifest abc") == bytes)
        let probe = DuplicateIndex.Signature(text: "Name three birds that live near the sea!", hasher: copy.hasher)
        #expect(copy.matches(probe).map(\.id) == original.matches(probe).map(\.id))
        // Read from chunks of any size, split anywhere, it is the same index.
        for chunk in [1, 3, 7, 64] {
            var offset = 0
            let read = { () -> [UInt8] in
                defer { offset = min(bytes.count, offset + chunk) }
                return Array(bytes[offset..<min(bytes.count, offset + chunk)])
            }
            let streamed = try #require(DuplicateIndex.deserialize(size: bytes.count, read: read))
            #expect(streamed.index.serialized(fingerprint: streamed.fingerprint) == bytes, "chunks of \(chunk)")
        }
        // Truncated or altered bytes are refused, never trusted.
        for length in [0, 10, bytes.count / 2, bytes.count - 1] {
            #expect(DuplicateIndex.deserialize(Array(bytes.prefix(length))) == nil)
        }
        var altered = bytes
        altered[0] ^= 0xFF
        #expect(DuplicateIndex.deserialize(altered) == nil)
        #expect(DuplicateIndex.deserialize(bytes + [0]) == nil)
    }
}

@Suite struct ShingleProbeTests {
    /// The probe's similarity is the Jaccard similarity of the two sorted shingle sets, for texts with repeated
    /// shingles, texts shorter than a shingle, and texts in scripts with and without spaces.
    @Test func givesTheJaccardSimilarityOfSortedSets() {
        var generator = SystemRandomNumberGenerator()
        let alphabets: [[Character]] = [
            Array("ab c"), Array("abcdefgh ij"), Array("漢字語文"), Array("абв гд"), Array("가나 다"),
        ]
        func text() -> String {
            let alphabet = alphabets.randomElement(using: &generator)!
            return String(
                (0..<Int.random(in: 0...40, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
        }
        var probe = ShingleProbe()
        for _ in 0..<2000 {
            let (first, second) = (DedupText.canonical(text()), DedupText.canonical(text()))
            let (a, b) = (DedupText.shingles(ofCanonical: first), DedupText.shingles(ofCanonical: second))
            Array(first.utf8).withUnsafeBufferPointer { probe.load($0) }
            #expect(probe.count == a.count)
            let similarity = Array(second.utf8).withUnsafeBufferPointer {
                probe.similarity(to: $0, distinct: b.count)
            }
            #expect(similarity == DedupText.jaccard(a[...], b[...]), "\(first) | \(second)")
        }
    }
}
