import HarmAtlasCore
import HarmAtlasTestSupport
import Testing

@Suite struct ExtensionResolverTests {
    let base = Fixtures.release(
        "base", version: "1.2.0",
        categories: [
            Fixtures.category("crimes"), Fixtures.category("fraud", parents: ["crimes"]), Fixtures.category("hate"),
            Fixtures.category("old", status: .deprecated, replacedBy: ["crimes"]),
        ])

    func overlay(
        categories: [HarmCategory] = [], translations: [TaxonomyExtension.Patch] = [],
        refinements: [TaxonomyExtension.Patch] = [], versions: String = "^1.0.0"
    ) -> TaxonomyDocument {
        var release = Fixtures.release("acme", version: "1.0.0", categories: categories)
        release.extends = TaxonomyExtension(
            baseID: "base", baseVersions: VersionRange(versions)!, translations: translations, refinements: refinements)
        return TaxonomyDocument(release: release, file: "acme.yaml")
    }

    @Test func addsCategoriesTranslationsAndRefinements() throws {
        let german = [LanguageTag("de")!: LocalizedText("Betrug", origin: .reviewed)]
        let narrower = Fixtures.en("Hate speech as defined by the acme policy.")
        let (resolved, findings) = ExtensionResolver.resolve(
            overlay(
                categories: [Fixtures.category("card-fraud", parents: ["fraud"])],
                translations: [.init(id: "fraud", names: german)],
                refinements: [.init(id: "hate", definitions: narrower, expectedParents: [])]),
            base: base)
        #expect(findings.isEmpty)
        let release = try #require(resolved)
        #expect(release.reference == "acme@1.0.0")
        #expect(release.categories.map(\.id) == ["crimes", "fraud", "hate", "old", "card-fraud"])
        #expect(release.category("fraud")?.names[LanguageTag("de")!]?.text == "Betrug")
        #expect(release.category("hate")?.definitions == narrower)
        #expect(release.descendants(of: "crimes") == ["crimes", "fraud", "card-fraud"])
    }

    @Test func reportsADuplicateID() {
        let (resolved, findings) = ExtensionResolver.resolve(
            overlay(categories: [Fixtures.category("hate")]), base: base)
        #expect(resolved == nil)
        #expect(findings.map(\.code) == [.extensionDuplicateID])
    }

    @Test func reportsAChangedParent() {
        let (_, findings) = ExtensionResolver.resolve(
            overlay(refinements: [.init(id: "fraud", definitions: Fixtures.en("Narrower."), expectedParents: ["hate"])]
            ), base: base)
        #expect(findings.map(\.code) == [.extensionChangedParent])
    }

    @Test func reportsABaseCategoryThatDisappeared() {
        let (_, findings) = ExtensionResolver.resolve(
            overlay(
                categories: [Fixtures.category("card-fraud", parents: ["payments"])],
                translations: [.init(id: "gone", names: [LanguageTag("de")!: LocalizedText("Weg", origin: .human)])]),
            base: base)
        #expect(findings.map(\.code) == [.extensionMissingBase, .extensionMissingBase])
        #expect(findings.allSatisfy { $0.severity == .error })
    }

    @Test func warnsAboutADeprecatedBaseCategory() {
        let (resolved, findings) = ExtensionResolver.resolve(
            overlay(categories: [Fixtures.category("x", parents: ["old"])]), base: base)
        #expect(resolved != nil)
        #expect(findings.map(\.severity) == [.warning])
    }

    @Test func reportsABaseOutsideTheRange() {
        let (_, findings) = ExtensionResolver.resolve(overlay(versions: "^2.0.0"), base: base)
        #expect(findings.map(\.code) == [.extensionBaseMismatch])
    }

    @Test func profilesSelectSubtrees() {
        let profile = TaxonomyProfile(id: "p", title: "P", include: ["crimes"], exclude: [])
        #expect(base.selecting(profile).categories.map(\.id) == ["crimes", "fraud"])
        let narrow = TaxonomyProfile(id: "q", title: "Q", include: ["crimes", "hate"], exclude: ["fraud"])
        #expect(base.selecting(narrow).categories.map(\.id) == ["crimes", "hate"])
    }
}
