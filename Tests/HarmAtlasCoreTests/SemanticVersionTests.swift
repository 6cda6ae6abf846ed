import HarmAtlasCore
import Testing

@Suite struct SemanticVersionTests {
    @Test func parsesAndOrdersVersions() throws {
        let ordered = [
            "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11",
            "1.0.0-rc.1", "1.0.0", "1.0.1", "1.10.0", "2.0.0",
        ]
        let versions = ordered.map { SemanticVersion($0)! }
        #expect(versions == versions.sorted())
        #expect(versions.map(\.description) == ordered)
        #expect(SemanticVersion("1.0.0+build.5") == SemanticVersion("1.0.0"))
    }

    @Test(arguments: ["1.0", "01.0.0", "1.0.0-", "1.0.0-01", "v1.0.0", "1..0", "", "1.0.0+"])
    func refusesMalformedVersions(text: String) {
        #expect(SemanticVersion(text) == nil)
    }

    @Test func classifiesBumps() {
        let base = SemanticVersion("1.2.3")!
        #expect(base.bump(to: SemanticVersion("2.0.0")!) == .major)
        #expect(base.bump(to: SemanticVersion("1.3.0")!) == .minor)
        #expect(base.bump(to: SemanticVersion("1.2.4")!) == .patch)
        #expect(base.bump(to: SemanticVersion("1.2.3")!) == nil)
        #expect(base.bump(to: SemanticVersion("1.0.0")!) == nil)
    }

    @Test func matchesRanges() throws {
        let range = try #require(VersionRange(">=2.0.0 <3.0.0"))
        #expect(range.contains(SemanticVersion("2.5.1")!))
        #expect(!range.contains(SemanticVersion("3.0.0")!))
        #expect(try #require(VersionRange("^1.2.0")).contains(SemanticVersion("1.9.0")!))
        #expect(!(try #require(VersionRange("^1.2.0")).contains(SemanticVersion("2.0.0")!)))
        #expect(!(try #require(VersionRange("~1.2.0")).contains(SemanticVersion("1.3.0")!)))
        #expect(try #require(VersionRange("1.0.0")).contains(SemanticVersion("1.0.0")!))
        #expect(VersionRange("=>1.0.0") == nil)
    }
}

@Suite struct LanguageTagTests {
    @Test(arguments: [
        ("en_US", "en-US"), ("en_us", "en-US"), ("EN_US", "en-US"), ("en-us", "en-US"), ("ZH-hant-tw", "zh-Hant-TW"),
        ("es-419", "es-419"), ("sr-latn", "sr-Latn"), ("de-CH-1996", "de-CH-1996"), ("fr", "fr"),
    ])
    func normalises(input: String, expected: String) {
        #expect(LanguageTag(input)?.rawValue == expected)
    }

    @Test(arguments: ["", "e", "en-", "en--US", "english-language", "en-US-x", "12", "en_U$"])
    func refusesMalformedTags(input: String) {
        #expect(LanguageTag(input) == nil)
    }

    @Test func fallsBackAlongTheChain() {
        #expect(LanguageTag("zh-Hant-TW")!.fallbackChain.map(\.rawValue) == ["zh-Hant-TW", "zh-Hant", "zh"])
        let names: LocalizedTexts = [
            LanguageTag("en")!: LocalizedText("Hate", origin: .human),
            LanguageTag("fr")!: LocalizedText("Haine", origin: .machine),
        ]
        let french = names.choose(LanguageTag("fr-CA")!, source: LanguageTag("en")!)
        #expect(french?.text.text == "Haine" && french?.isFallback == true && french?.language.rawValue == "fr")
        let german = names.choose(LanguageTag("de")!, source: LanguageTag("en")!)
        #expect(german?.text.text == "Hate" && german?.isFallback == true)
        let english = names.choose(LanguageTag("en")!, source: LanguageTag("en")!)
        #expect(english?.isFallback == false)
    }
}
