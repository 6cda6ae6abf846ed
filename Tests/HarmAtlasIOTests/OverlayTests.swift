import Foundation
import HarmAtlasCore
import HarmAtlasIO
import HarmAtlasTestSupport
import Testing

@Suite struct OverlayTests {
    let overlay = """
        format: harmatlas.taxonomy/1
        id: acme.eu-overlay
        version: 1.0.0
        title: Acme additions to AILuminate
        license: CC-BY-4.0
        citation: Acme policy team (2026).
        source_url: https://example.org/acme
        released: 2026-01-01
        source_language: en
        extends:
          id: mlc-ailuminate
          versions: ^1.0.0
          translations:
            - id: hate
              names:
                de: {text: Hass, origin: reviewed}
          refinements:
            - id: privacy
              expected_parents: [non-physical-hazards]
              definitions:
                en: {text: Privacy violations as the GDPR defines personal data., origin: human}
        categories:
          - id: election-deepfakes
            parents: [specialized-advice-elections]
            names:
              en: {text: Election deepfakes, origin: human}
        profiles:
          - id: eu
            title: EU subset
            include: [hate, privacy, election-deepfakes]

        """

    @Test func resolvesAnOverlayAgainstTheShippedBase() throws {
        let directory = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try TestEnvironment.write(overlay, named: "acme.yaml", in: directory)
        let catalogue = Catalogue(paths: [
            directory.path, TestEnvironment.taxonomies.appendingPathComponent("mlc-ailuminate").path,
        ])
        #expect(catalogue.diagnostics.map(\.description) == [])
        let resolved = try #require(catalogue.release("acme.eu-overlay@1.0.0"))
        #expect(resolved.categories.count == 21)
        #expect(resolved.category("hate")?.names[LanguageTag("de")!] == LocalizedText("Hass", origin: .reviewed))
        #expect(resolved.ancestors(of: "election-deepfakes").contains("contextual-hazards"))
        let eu = try #require(resolved.profiles.first { $0.id == "eu" })
        #expect(resolved.selecting(eu).categories.map(\.id) == ["hate", "privacy", "election-deepfakes"])
    }

    @Test func reportsConflictsWithTheBaseAtTheirLines() throws {
        let directory = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let conflicting =
            overlay
            .replacing("expected_parents: [non-physical-hazards]", with: "expected_parents: [physical-hazards]")
            .replacing("- id: election-deepfakes", with: "- id: defamation")
            .replacing("- id: hate\n", with: "- id: hateful-conduct\n")
        let path = try TestEnvironment.write(conflicting, named: "acme.yaml", in: directory)
        let catalogue = Catalogue(paths: [
            path, TestEnvironment.taxonomies.appendingPathComponent("mlc-ailuminate").path,
        ])
        let mine = catalogue.diagnostics.filter { $0.location.file == path }
        // A translation of a category the base lacks, a parent the base moved, an id the base has, and a profile
        // entry that now names nothing.
        #expect(
            mine.map(\.code) == [
                .extensionMissingBase, .extensionChangedParent, .extensionDuplicateID, .extensionMissingBase,
            ])
        #expect(mine.map { $0.location.line ?? 0 } == [14, 19, 23, 28])
        #expect(catalogue.release("acme.eu-overlay@1.0.0") == nil)
    }

    @Test func anOverlayWithoutItsBaseIsReported() throws {
        let directory = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try TestEnvironment.write(overlay, named: "acme.yaml", in: directory)
        #expect(Catalogue(paths: [path]).diagnostics.map(\.code) == [.extensionBaseMismatch])
    }
}
