import Foundation
import HarmAtlasCore
import HarmAtlasIO
import HarmAtlasTestSupport
import Testing

@Suite struct CatalogueTests {
    let catalogue = Catalogue(paths: [TestEnvironment.taxonomies.path])

    @Test func shippedCatalogueLintsClean() {
        #expect(catalogue.diagnostics.map(\.description) == [])
        #expect(
            catalogue.releases.map(\.release.reference).sorted() == [
                "harmbench@1.0.0", "llama-guard@2.0.0", "llama-guard@3.0.0", "mlc-ailuminate@1.0.0",
                "openai-moderation@1.0.0",
            ])
        #expect(catalogue.crosswalks.count == 4)
    }

    @Test func ailuminateHasItsHazardsGroupsAndCodes() throws {
        let release = try #require(catalogue.release("mlc-ailuminate@1.0.0"))
        let codes = Set(release.categories.flatMap(\.codes))
        let dataCodes: Set = [
            "vcr", "src", "cse", "ssh", "iwp", "ipv", "dfm", "ncr", "hte", "prv", "spc_ele", "spc_fin", "spc_hlt",
            "spc_lgl", "sxc_prn",
        ]
        #expect(dataCodes.isSubset(of: codes))
        let depths = release.depths
        #expect(depths.values.filter { $0 == 1 }.count == 3)
        #expect(depths.values.filter { $0 == 2 }.count == 12)
        let french = LanguageTag("fr")!
        #expect(release.categories.allSatisfy { $0.names[french] != nil })
        #expect(release.category("hate")?.names[french]?.origin == .machine)
    }

    @Test func llamaGuardTwoToThreeReportsTheS5RecodeAndAMajorBump() throws {
        let old = try #require(catalogue.release("llama-guard@2.0.0"))
        let new = try #require(catalogue.release("llama-guard@3.0.0"))
        let diff = TaxonomyDiff(old: old, new: new)
        #expect(diff.requiredBump == .major)
        #expect(diff.declaredBump == .major)
        #expect(diff.check(newFile: "3.0.0.yaml").isEmpty)
        let recode = try #require(diff.changes.first { $0.kind == .recode && $0.ids == ["defamation"] })
        #expect(recode.detail == "code S5 meant 'specialized-advice' in 2.0.0, now means 'defamation'")
        #expect(recode.bump == .major)
        #expect(
            Set(diff.changes.filter { $0.kind == .add }.flatMap(\.ids)) == [
                "defamation", "elections", "code-interpreter-abuse",
            ])
        #expect(old.categories.count == 11 && new.categories.count == 14)
    }

    @Test func openAIModerationHasThirteenCategoriesWithModalities() throws {
        let release = try #require(catalogue.release("openai-moderation@1.0.0"))
        #expect(release.categories.count == 13)
        #expect(release.categories.filter { $0.codes[0].contains("/") }.count == 7)
        let imageAndText = release.categories.filter { $0.modalities.contains(.image) }.map { $0.codes[0] }
        #expect(
            Set(imageAndText) == [
                "self-harm", "self-harm/intent", "self-harm/instructions", "sexual", "violence", "violence/graphic",
            ])
    }

    @Test func yamlAndCanonicalJSONLoadToTheSameReleaseAndHash() throws {
        let directory = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for document in catalogue.releases {
            let json = directory.appendingPathComponent("\(document.release.id)-\(document.release.version).json").path
            try FileIO.writeAtomically(document.release.canonicalBytes(), to: json)
            let reloaded = try TaxonomyLoader.require(json)
            #expect(reloaded.release == document.release)
            #expect(reloaded.release.contentHash == document.release.contentHash)
            #expect(reloaded.release.canonicalBytes() == document.release.canonicalBytes())
        }
    }

    @Test func shippedCrosswalksRoundTripByteForByte() throws {
        for loaded in catalogue.crosswalks {
            let original = try FileIO.read(loaded.file)
            #expect(Array(loaded.crosswalk.sssomTSV().utf8) == original, "\(loaded.file)")
        }
    }

    @Test func everyCrosswalkMappingIsJustified() {
        for loaded in catalogue.crosswalks {
            #expect(
                loaded.crosswalk.mappings.allSatisfy {
                    ($0.comment?.count ?? 0) > 10 && $0.authorID != nil && $0.date != nil && $0.confidence != nil
                })
        }
    }

    @Test func composingShippedCrosswalksCarriesLlamaGuardTwoToAILuminate() throws {
        let lg2to3 = try #require(
            catalogue.crosswalks.first { $0.crosswalk.subject.description == "llama-guard@2.0.0" })
        let lg3toMLC = try #require(
            catalogue.crosswalks.first { $0.crosswalk.subject.description == "llama-guard@3.0.0" })
        let composition = try lg2to3.crosswalk.composed(
            with: lg3toMLC.crosswalk, mappingSetID: "https://example.org/lg2-mlc", authorID: "harmatlas:test",
            date: "2026-11-22")
        let result = composition.crosswalk
        #expect(
            result.subject.description == "llama-guard@2.0.0" && result.object.description == "mlc-ailuminate@1.0.0")
        #expect(result.mappings.first { $0.subjectID == "specialized-advice" }?.predicate == .broad)
        #expect(CrosswalkLinter.lint(result, file: "composed", releases: catalogue.releases.map(\.release)).isEmpty)
    }

    @Test func sssomReaderReportsBadRows() {
        let text = """
            #curie_map:
            #  a: "https://w3id.org/harmatlas/taxonomy/a/"
            #  b: "https://w3id.org/harmatlas/taxonomy/b/"
            #mapping_set_id: https://example.org/x
            #license: https://creativecommons.org/licenses/by/4.0/
            #subject_source: https://w3id.org/harmatlas/taxonomy/a
            #subject_source_version: 1.0.0
            #object_source: https://w3id.org/harmatlas/taxonomy/b
            #object_source_version: 1.0.0
            subject_id\tpredicate_id\tobject_id\tmapping_justification\tconfidence
            a:x\tskos:exactMatch\tb:y\tsemapv:ManualMappingCuration\t0.9
            a:x\tskos:sameAs\tb:y\tsemapv:ManualMappingCuration\t2
            c:x\tskos:exactMatch\tb:y\tsemapv:BackgroundKnowledgeBasedMatching\t
            a:x\tskos:exactMatch

            """
        let (loaded, diagnostics) = SSSOMReader.parse(text, file: "x.sssom.tsv")
        #expect(loaded == nil)
        #expect(diagnostics.map(\.code) == [.invalidValue, .invalidValue, .invalidValue, .missingField, .syntax])
        #expect(diagnostics.map { $0.location.line ?? 0 } == [12, 12, 13, 13, 14])
        #expect(diagnostics[0].location.column == 5)
    }

    @Test func sssomReaderRefusesUnknownMetadataAndColumns() {
        let text = "#mapping_set_id: x\n#colour: red\nsubject_id\tshoe_size\n"
        let (_, diagnostics) = SSSOMReader.parse(text, file: "y.sssom.tsv")
        #expect(
            diagnostics.contains {
                $0.code == .unknownField && $0.message.contains("'colour'") && $0.location.line == 2
            })
    }
}
