import Foundation
import HarmAtlasIO
import HarmAtlasTestSupport
import Testing

/// Runs the built `harmatlas` binary and checks its output and exit status.
struct Run {
    let status: Int32
    let stdout: String
    let stderr: String

    init(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = TestEnvironment.executable
        process.arguments = arguments
        process.currentDirectoryURL = TestEnvironment.packageRoot
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        status = process.terminationStatus
        stdout = String(decoding: outData, as: UTF8.self)
        stderr = String(decoding: errData, as: UTF8.self)
    }
}

@Suite struct CommandTests {
    @Test func dedupReportsTheDemosPlantedDuplicates() throws {
        let run = try Run(["dedup", "Datasets/demo"])
        #expect(run.status == 1)
        #expect(run.stdout.contains("3 clusters inside the benchmark, 3 items to drop"))
        #expect(
            run.stdout.contains(
                "keep fake-note-en; drop fake-note-en-copy (exact); drop fake-note-en-variant (near, Jaccard 0."))
        #expect(run.stdout.contains("keep padlock-en; linked padlock-fr (same media "))
        let against = try Run([
            "dedup", "Datasets/demo", "--against", "Datasets/demo/items/demo.jsonl", "--format", "json",
        ])
        #expect(against.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(against.stdout.utf8)) as? [String: Any])
        let sources = try #require(report["sources"] as? [[String: Any]])
        #expect(sources.map { $0["texts"] as? Int } == [28, 28])
        // Every demo item meets its own copy in the JSON Lines file.
        let across = try #require(report["across"] as? [[[String: Any]]])
        #expect(across.reduce(0) { $0 + $1.count } == 56)
        #expect(try Run(["dedup", "Datasets/demo", "--threshold", "1.5"]).status == 64)
    }

    @Test func dedupTakesABandLayout() throws {
        let run = try Run(["dedup", "Datasets/demo", "--bands", "17", "--rows", "4"])
        #expect(run.status == 1)
        #expect(run.stdout.contains("threshold 0.7, 17 bands × 4 rows"))
        #expect(run.stdout.contains("3 clusters inside the benchmark, 3 items to drop"))
        #expect(try Run(["dedup", "Datasets/demo", "--bands", "17"]).status == 64)
        #expect(try Run(["dedup", "Datasets/demo", "--bands", "40", "--rows", "5"]).status == 64)
    }

    @Test func splitWritesAValidBenchmarkWithOneShardPerSplit() throws {
        let out = try TestEnvironment.temporaryDirectory().appendingPathComponent("split")
        let assignment = try TestEnvironment.temporaryDirectory().appendingPathComponent("assignment.jsonl")
        let run = try Run([
            "split", "Datasets/demo", "--ratios", "train=0.5,test=0.5", "--stratify", "language", "--seed", "3",
            "--out", out.path, "--assignment", assignment.path,
        ])
        #expect(run.status == 0)
        // The assignment file names, for every item in benchmark order, the split whose shard holds it.
        let assigned = try String(contentsOf: assignment, encoding: .utf8).split(separator: "\n").map {
            try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: String])
        }
        let demoIDs = try String(
            contentsOf: TestEnvironment.packageRoot.appendingPathComponent("Datasets/demo/items/demo.jsonl"),
            encoding: .utf8
        )
        .split(separator: "\n").map {
            try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])["id"] as? String
        }
        #expect(assigned.map { $0["id"] } == demoIDs)
        for entry in assigned {
            let shard = try String(
                contentsOf: out.appendingPathComponent("splits/\(entry["split"] ?? "").jsonl"), encoding: .utf8)
            #expect(shard.contains("\"id\":\"\(entry["id"] ?? "")\""))
        }
        #expect(run.stdout.contains("leakage: 0 groups and 0 duplicate clusters straddle splits"))
        #expect(try Run(["validate", out.path]).status == 0)
        let manifest = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("benchmark.yaml")))
                as? [String: Any])
        let parts = try #require((manifest["splits"] as? [String: Any])?["parts"] as? [[String: Any]])
        #expect(parts.map { $0["path"] as? String } == ["splits/train.jsonl", "splits/test.jsonl"])
        #expect(parts.compactMap { $0["items"] as? Int }.reduce(0, +) == 28)
        // Two processes, one assignment: the split shards are byte-identical.
        let again = try TestEnvironment.temporaryDirectory().appendingPathComponent("split")
        #expect(
            try Run([
                "split", "Datasets/demo", "--ratios", "train=0.5,test=0.5", "--stratify", "language", "--seed", "3",
                "--out", again.path,
            ]).status == 0)
        for name in ["splits/train.jsonl", "splits/test.jsonl", "benchmark.yaml"] {
            #expect(
                try Data(contentsOf: out.appendingPathComponent(name))
                    == Data(contentsOf: again.appendingPathComponent(name)))
        }
    }

    /// Clusters read from a dedup report (directly, or through the full reader when the file is written
    /// otherwise) give the split that computing them gives; records written otherwise are copied as they are.
    @Test func splitReadsRecordedClustersAndAnyRecordLayout() throws {
        let directory = try TestEnvironment.temporaryDirectory()
        let report = directory.appendingPathComponent("dedup.json")
        // The demo holds planted duplicates: status 1, and the report written.
        #expect(try Run(["dedup", "Datasets/demo", "--format", "json", "-o", report.path]).status == 1)
        let reformatted = directory.appendingPathComponent("dedup-reformatted.json")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: report))
        try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]).write(to: reformatted)
        #expect(try Data(contentsOf: reformatted) != Data(contentsOf: report))
        let spaced = directory.appendingPathComponent("spaced")
        try FileManager.default.copyItem(
            at: TestEnvironment.packageRoot.appendingPathComponent("Datasets/demo"), to: spaced)
        let shard = spaced.appendingPathComponent("items/demo.jsonl")
        let lines = try String(contentsOf: shard, encoding: .utf8).split(separator: "\n")
        try (lines.map { $0.replacingOccurrences(of: "\",\"", with: "\", \"") }.joined(separator: "\n") + "\n").write(
            to: shard, atomically: true, encoding: .utf8)
        // Item hashes hold (they are over the canonical form); the manifest gets the shard's new size and hash.
        let manifestURL = spaced.appendingPathComponent("benchmark.yaml")
        var manifest = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: manifestURL)) as? [String: Any])
        let digest = try #require(FileDigest.digest(shard.path))
        manifest["files"] = (manifest["files"] as? [[String: Any]])?.map { file in
            guard file["path"] as? String == "items/demo.jsonl" else { return file }
            return file.merging(["bytes": digest.bytes, "sha256": digest.sha256]) { $1 }
        }
        try JSONSerialization.data(withJSONObject: manifest, options: [.sortedKeys]).write(to: manifestURL)
        #expect(try Run(["validate", spaced.path]).status == 0)
        var outputs: [[Data]] = []
        for (benchmark, clusters) in [
            ("Datasets/demo", nil), ("Datasets/demo", report.path), ("Datasets/demo", reformatted.path),
            (spaced.path, report.path),
        ] {
            let out = try TestEnvironment.temporaryDirectory().appendingPathComponent("split")
            let run = try Run(
                ["split", benchmark, "--ratios", "train=0.5,test=0.5", "--seed", "3", "--out", out.path]
                    + (clusters.map { ["--clusters", $0] } ?? []))
            #expect(run.status == 0, "\(run.stderr)")
            outputs.append(
                try ["train", "test"].map {
                    try Data(contentsOf: out.appendingPathComponent("splits/\($0).jsonl"))
                })
        }
        #expect(outputs[1] == outputs[0] && outputs[2] == outputs[0])
        // The spaced records land in the same splits, as written.
        let spacedTrain = String(decoding: outputs[3][0], as: UTF8.self)
        #expect(spacedTrain.contains("\", \""))
        #expect(
            spacedTrain.split(separator: "\n").count
                == String(decoding: outputs[0][0], as: UTF8.self).split(separator: "\n").count)
        let bogus = directory.appendingPathComponent("bogus.json")
        try Data(#"{"within": 3}"#.utf8).write(to: bogus)
        let refused = try Run([
            "split", "Datasets/demo", "--ratios", "train=0.5,test=0.5", "--clusters", bogus.path, "--out",
            directory.appendingPathComponent("never").path,
        ])
        #expect(refused.status == 64)
    }

    @Test func splitRefusesBadRequestsAndWritesNothing() throws {
        let directory = try TestEnvironment.temporaryDirectory()
        let out = directory.appendingPathComponent("never")
        for arguments in [
            ["--ratios", "train=0.8,test=0.1"], ["--counts", "test=0"], ["--counts", "test=500,train=rest"],
            ["--ratios", "train=0.5,test=0.5", "--stratify", "colour"], ["--ratios", "train=1"],
            ["--ratios", "Train=0.5,test=0.5"], ["--ratios", "train=0.5,test=0.5", "--counts", "test=1,train=rest"],
        ] {
            let run = try Run(["split", "Datasets/demo", "--out", out.path] + arguments)
            #expect(run.status == 64, "\(arguments): \(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out.path))
        }
        // A benchmark that does not validate is refused with status 1.
        let broken = directory.appendingPathComponent("broken")
        try FileManager.default.copyItem(
            at: TestEnvironment.packageRoot.appendingPathComponent("Datasets/demo"), to: broken)
        let shard = broken.appendingPathComponent("items/demo.jsonl")
        let text = try String(contentsOf: shard, encoding: .utf8)
        try text.replacingOccurrences(of: "\"safety\":\"unsafe\"", with: "\"safety\":\"harmful\"").write(
            to: shard, atomically: true, encoding: .utf8)
        let run = try Run(["split", broken.path, "--ratios", "train=0.5,test=0.5", "--out", out.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("does not validate"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func dedupReadsPackedBenchmarks() throws {
        let archive = try TestEnvironment.temporaryDirectory().appendingPathComponent("demo.tar.zst")
        #expect(try Run(["pack", "Datasets/demo", "-o", archive.path]).status == 0)
        let run = try Run(["dedup", "Datasets/demo", "--against", archive.path])
        #expect(run.status == 1)
        #expect(run.stdout.contains("against \(archive.path): 28 texts"))
    }

    @Test func coverageCountsEveryLabelAndFindsTheGaps() throws {
        let csv = try Run(["coverage", "Datasets/demo", "--format", "csv"])
        #expect(csv.status == 0)
        #expect(csv.stdout.contains("Datasets/demo,hate,fr,text,2\n"))
        #expect(csv.stdout.contains("Datasets/demo,hate,ar,text,1\n"))
        let target = try Run([
            "coverage", "Datasets/demo", "--target", "Datasets/demo/coverage-target.yaml", "--format", "json",
        ])
        #expect(target.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(target.stdout.utf8)) as? [String: Any])
        #expect((report["target"] as? [String: Any])?["cells"] as? Int == 36)
        #expect((report["gaps"] as? [Any])?.count == 23)
        let html = try Run([
            "coverage", "Datasets/demo", "--target", "Datasets/targets/multilingual-broad.yaml", "--format", "html",
        ])
        #expect(html.stdout.hasPrefix("<!DOCTYPE html>"))
        for external in ["<script", "http://", "https://", "src=", "@import", "url("] {
            #expect(!html.stdout.contains(external), "\(external)")
        }
    }

    @Test func coverageProjectsThroughCrosswalksAndSaysWhatIsLost() throws {
        let demo = try Run(["coverage", "Datasets/demo", "--project-to", "mlc-ailuminate@1.0.0", "--format", "json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(demo.stdout.utf8)) as? [String: Any])
        let steps = try #require(report["projection"] as? [String])
        #expect(steps.contains { $0.hasPrefix("llama-guard@3.0.0 → mlc-ailuminate@1.0.0") && $0.contains("lossy") })
        #expect(steps.contains { $0.contains("not followed; counted as unmapped") })
        #expect(try Run(["coverage", "Datasets/demo", "--project-to", "nothing@9.9.9"]).status == 64)
    }

    @Test func coverageReadsPackedBenchmarksAsFolders() throws {
        let archive = try TestEnvironment.temporaryDirectory().appendingPathComponent("demo.tar.xz")
        #expect(try Run(["pack", "Datasets/demo", "-o", archive.path]).status == 0)
        func cells(_ source: String) throws -> [String] {
            try Run(["coverage", source, "--format", "csv"]).stdout.split(separator: "\n").dropFirst().map {
                String($0.split(separator: ",", maxSplits: 1)[1])
            }
        }
        let folder = try cells("Datasets/demo")
        #expect(folder.count > 20)
        #expect(try cells(archive.path) == folder)
    }

    @Test func coverageTargetFindingsHaveLineAndColumn() throws {
        let directory = try TestEnvironment.temporaryDirectory()
        let path = try TestEnvironment.write(
            "name: bad\ntaxonomy: mlc-ailuminate@1.0.0\ncategories: [hate, S5]\nlanguages: [en, xx-YY]\nmodalities: [text, smell]\nminimum: 1\n",
            named: "target.yaml", in: directory)
        let run = try Run(["coverage", "Datasets/demo", "--target", path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("target.yaml:3:20: error[HA607]: 'S5' is not a category of mlc-ailuminate@1.0.0"))
        #expect(run.stderr.contains("target.yaml:4:17: error[HA610]: 'xx-YY' is not a registered BCP 47 tag"))
        #expect(run.stderr.contains("target.yaml:5:20: error[HA008]: 'smell' is not a modality"))
    }

    @Test func buildRunsEveryStageAndLeavesDistAloneOnErrors() throws {
        let directory = try TestEnvironment.temporaryDirectory()
        let copy = directory.appendingPathComponent("demo")
        try FileManager.default.copyItem(
            at: TestEnvironment.packageRoot.appendingPathComponent("Datasets/demo"), to: copy)
        try? FileManager.default.removeItem(at: copy.appendingPathComponent("dist"))
        let run = try Run(["build", copy.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("28 items, 0 errors"))
        #expect(run.stdout.contains("duplicates: 3 clusters, 3 items"))
        #expect(run.stdout.contains("splits: test 15, train 13"))
        #expect(run.stdout.contains("coverage: 13 of 36 target cells filled"))
        #expect(run.stderr.isEmpty)  // quiet when standard error is not a terminal
        let dist = copy.appendingPathComponent("dist")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: dist.path).sorted() == [
                "coverage.html", "coverage.json", "coverage.md", "dedup.json", "demo-1.0.0.tar.zst",
            ])
        let archive = dist.appendingPathComponent("demo-1.0.0.tar.zst").path
        #expect(try Run(["verify", archive]).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: archive))
        // A benchmark with a validation error: the findings, exit 1, and the earlier dist untouched.
        let shard = copy.appendingPathComponent("items/demo.jsonl")
        let text = try String(contentsOf: shard, encoding: .utf8)
        try text.replacingOccurrences(of: "\"safety\":\"unsafe\"", with: "\"safety\":\"harmful\"").write(
            to: shard, atomically: true, encoding: .utf8)
        let failed = try Run(["build", copy.path])
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("error[HA"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: archive)) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["demo"])
    }

    @Test func dedupIndexIsWrittenOnceAndReused() throws {
        let file = try TestEnvironment.temporaryDirectory().appendingPathComponent("demo.index")
        let first = try Run(["dedup", "Datasets/demo", "--index", file.path])
        let written = try Data(contentsOf: file)
        let modified = try FileManager.default.attributesOfItem(atPath: file.path)[.modificationDate] as? Date
        let second = try Run(["dedup", "Datasets/demo", "--index", file.path])
        #expect(first.status == 1 && second.status == 1)
        #expect(first.stdout == second.stdout)
        #expect(try FileManager.default.attributesOfItem(atPath: file.path)[.modificationDate] as? Date == modified)
        // Another threshold makes another index.
        #expect(try Run(["dedup", "Datasets/demo", "--index", file.path, "--threshold", "0.9"]).status == 1)
        #expect(try Data(contentsOf: file) != written)
    }

    @Test func dedupApplyWritesACheckedCopyAndLeavesTheInput() throws {
        let manifest = TestEnvironment.packageRoot.appendingPathComponent("Datasets/demo/benchmark.yaml")
        let before = try Data(contentsOf: manifest)
        let out = try TestEnvironment.temporaryDirectory().appendingPathComponent("deduplicated")
        let run = try Run(["dedup", "Datasets/demo", "--apply", "--out", out.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("25 items, 3 removed"))
        #expect(try Data(contentsOf: manifest) == before)
        #expect(try Run(["validate", out.path]).status == 0)
        let written = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("benchmark.yaml")))
                as? [String: Any])
        #expect(written["items"] as? Int == 25)
        let record = try #require(written["deduplication"] as? [String: Any])
        #expect(record["removed"] as? Int == 3 && record["record"] as? String == "dedup/removed.json")
        let removed = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("dedup/removed.json")))
                as? [[String: Any]])
        #expect(
            removed.compactMap { $0["id"] as? String } == [
                "fake-note-en-copy", "fake-note-en-variant", "mocking-joke-fr-spaced",
            ])
        // Nothing is left to remove, and an existing folder is not overwritten.
        #expect(try Run(["dedup", out.path]).stdout.contains("0 items to drop"))
        #expect(try Run(["dedup", "Datasets/demo", "--apply", "--out", out.path]).status == 64)
        #expect(try Run(["dedup", "Datasets/demo", "--apply"]).status == 64)
    }

    @Test func versionNamesLibarchiveItsFiltersAndTheAllocator() throws {
        let run = try Run(["version"])
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("harmatlas 0.1.0\nlibarchive: libarchive 3."))
        #expect(
            run.stdout.contains("compression filters: ") && run.stdout.contains("gzip") && run.stdout.contains("zstd"))
        #if os(Linux)
            // The command links mimalloc, and it serves malloc rather than the C library.
            #expect(run.stdout.contains("\nmemory allocator: mimalloc 2."))
        #endif
    }

    @Test func lintOfTheCatalogueIsClean() throws {
        let run = try Run(["taxonomy", "lint", "Taxonomies"])
        #expect(run.status == 0)
        #expect(run.stderr.contains("5 releases, 4 crosswalks: 0 errors, 0 warnings"))
    }

    @Test func lintFindingsExitOneAndNameTheirPlace() throws {
        let directory = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try TestEnvironment.write(
            Fixtures.yamlHeader() + "categories:\n" + Fixtures.yamlCategory("a", parents: ["nowhere"]),
            named: "bad.yaml", in: directory)
        let run = try Run(["taxonomy", "lint", path, "--format", "json"])
        #expect(run.status == 1)
        #expect(run.stdout.contains("\"code\": \"HA104\""))
        #expect(run.stdout.contains("\"line\": 14"))
        let text = try Run(["taxonomy", "lint", path])
        #expect(
            text.stderr.contains(
                "bad.yaml:14:15: error[HA104]: parent 'nowhere' is not a category of test-taxonomy@1.0.0 (at /categories/0/parents/0)"
            ))
    }

    @Test func usageErrorsExitSixtyFour() throws {
        #expect(
            try Run(["taxonomy", "show", "Taxonomies/harmbench/1.0.0.yaml", "--language", "not a tag"]).status == 64)
        #expect(try Run(["taxonomy", "diff", "only-one.yaml"]).status == 64)
        #expect(try Run(["taxonomy", "export", "Taxonomies/harmbench/1.0.0.yaml", "--profile", "none"]).status == 64)
    }

    @Test func diffOfLlamaGuardShowsTheS5Recode() throws {
        let run = try Run([
            "taxonomy", "diff", "Taxonomies/llama-guard/2.0.0.yaml", "Taxonomies/llama-guard/3.0.0.yaml",
        ])
        #expect(run.status == 0)
        #expect(
            run.stdout.contains(
                "recode    defamation: code S5 meant 'specialized-advice' in 2.0.0, now means 'defamation' [major]"))
        #expect(run.stdout.contains("required: major · declared: major"))
    }

    @Test func diffFailsWhenTheVersionIsTooLow() throws {
        let directory = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = try String(
            contentsOf: TestEnvironment.taxonomies.appendingPathComponent("llama-guard/3.0.0.yaml"), encoding: .utf8)
        let path = try TestEnvironment.write(
            text.replacing("version: 3.0.0", with: "version: 2.1.0"), named: "lg.yaml", in: directory)
        let run = try Run(["taxonomy", "diff", "Taxonomies/llama-guard/2.0.0.yaml", path])
        #expect(run.status == 1)
        #expect(
            run.stderr.contains(
                "error[HA201]: version 2.0.0 → 2.1.0 is a minor increment, but the changes require a major one"))
    }

    @Test func exportWritesCanonicalJSONAndPrintsItsHash() throws {
        let directory = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("lg3.json").path
        let run = try Run(["taxonomy", "export", "Taxonomies/llama-guard/3.0.0.yaml", "-o", out])
        #expect(run.status == 0)
        #expect(run.stderr.hasPrefix("sha256:") && run.stderr.count == 72)
        let again = try Run(["taxonomy", "export", out])
        #expect(again.stderr == run.stderr)
        #expect(again.stdout == (try String(contentsOfFile: out, encoding: .utf8)))
        let profile = try Run(["taxonomy", "export", "Taxonomies/llama-guard/3.0.0.yaml", "--profile", "one-b"])
        #expect(
            profile.status == 0 && !profile.stdout.contains("code-interpreter-abuse")
                && profile.stdout.contains("elections"))
    }

    @Test func migrateReportsAndWritesNothingOnUnmovableReferences() throws {
        let directory = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = try TestEnvironment.write(
            "{\"harm\":[\"S5\"]}\n{\"harm\":[\"S99\"]}\n", named: "items.jsonl", in: directory)
        let out = directory.appendingPathComponent("out").path
        let run = try Run([
            "taxonomy", "migrate", "--from", "Taxonomies/llama-guard/2.0.0.yaml", "--to",
            "Taxonomies/llama-guard/3.0.0.yaml",
            "--field", "harm", "--out", out, input,
        ])
        #expect(run.status == 1)
        #expect(
            run.stderr.contains(
                "items.jsonl:2:10: error[HA502]: 'S99' is neither a category id nor a code of llama-guard@2.0.0"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}

@Suite struct DocumentationTests {
    @Test func everyRuleCodeIsListedInTheREADME() throws {
        let readme = try String(
            contentsOf: TestEnvironment.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let listed = readme.split(separator: "\n").filter { $0.hasPrefix("| HA") }.map {
            $0.split(separator: "|")[0].trimmingCharacters(in: .whitespaces)
        }
        let run = try Run(["rules"])
        #expect(run.status == 0)
        let codes = run.stdout.split(separator: "\n").map { String($0.prefix(5)) }
        #expect(codes.count > 50)
        #expect(Set(listed) == Set(codes))
    }
}

@Suite struct BenchmarkCommandTests {
    @Test func validateTheDemoInEveryFormat() throws {
        let text = try Run(["validate", "Datasets/demo"])
        #expect(text.status == 0)
        #expect(text.stderr.contains("28 items, 6 languages: 0 errors, 0 warnings"))
        let sarif = try Run(["validate", "Datasets/demo", "--format", "sarif"])
        #expect(sarif.status == 0 && sarif.stdout.contains("\"version\": \"2.1.0\""))
        #expect(try Run(["validate", "Datasets/demo", "--select", "HA999"]).status == 64)
        #expect(try Run(["validate", "Datasets/nowhere"]).status == 64)
    }

    @Test func importWithFlagsAndValidate() throws {
        let directory = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let csv = try TestEnvironment.write(
            "id,text,lang,hazard\nr1,\"A question, quoted\",en,vcr\nr2,Une question,fr,hte\n", named: "in.csv",
            in: directory)
        let out = directory.appendingPathComponent("bench").path
        let run = try Run([
            "import", "--out", out, "--text-column", "text", "--language-column", "lang", "--id-column", "id",
            "--label-column", "hazard", "--taxonomy", "mlc-ailuminate@1.0.0", csv,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(
            run.stderr.contains(
                "in: 2 records → 2 items; languages en,fr; modalities text; 2 harm categories; 0 unmapped labels"))
        #expect(try Run(["validate", out]).status == 0)
        let again = try Run(["import", "--out", out, "--text-column", "text", "--language", "en", csv])
        #expect(again.status == 64)
        // A repeated id names the row that used it first.
        let repeated = try TestEnvironment.write(
            "id,text\nr1,One\nr2,Two\nr1,Three\n", named: "repeated.csv", in: directory)
        let refused = try Run([
            "import", "--out", directory.appendingPathComponent("never").path, "--text-column", "text", "--language",
            "en", "--id-column", "id", repeated,
        ])
        #expect(refused.status == 1)
        #expect(
            refused.stderr.contains("row 3: item id 'repeated:r1' is already used by row 1 of repeated.csv"),
            "\(refused.stderr)")
        // Left out under --skip-invalid, a repeated id's item counts under nothing: not its language, not its harm.
        let skipping = try TestEnvironment.write(
            "id,text,lang,hazard\nr1,One,en,vcr\nr2,Deux,fr,hte\nr1,Drei,de,ncr\n", named: "skipping.csv",
            in: directory)
        let kept = directory.appendingPathComponent("kept").path
        let skipped = try Run([
            "import", "--out", kept, "--text-column", "text", "--language-column", "lang", "--id-column", "id",
            "--label-column", "hazard", "--taxonomy", "mlc-ailuminate@1.0.0", "--skip-invalid", skipping,
        ])
        #expect(
            skipped.stderr.contains(
                "skipping: 3 records → 2 items; languages en,fr; modalities text; 2 harm categories; 0 unmapped labels"
            ), "\(skipped.stderr)")
        #expect(try Run(["validate", kept]).status == 0)
    }

    @Test func importLabelsThroughACrosswalk() throws {
        let directory = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // Llama Guard 3 codes: S5 is Defamation, S6 Specialized Advice (broader in AILuminate), S14 only related.
        let csv = try TestEnvironment.write(
            "id,text,guard\na,First,S5\nb,Second,\"S6,S5\"\nc,Third,S14\n", named: "guard.csv", in: directory)
        let out = directory.appendingPathComponent("bench").path
        let run = try Run([
            "import", "--out", out, "--text-column", "text", "--language", "en", "--id-column", "id",
            "--label-column", "guard", "--label-format", "separated", "--taxonomy", "mlc-ailuminate@1.0.0",
            "--crosswalk", "Taxonomies/crosswalks/llama-guard-3.0.0--mlc-ailuminate-1.0.0.sssom.tsv", csv,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("label 'S14' (1 rows) has no mapping to mlc-ailuminate@1.0.0"))
        let items = try String(contentsOfFile: out + "/items/guard.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(items[0].contains(#""harms":["mlc-ailuminate:defamation"]"#))
        #expect(items[1].contains(#""harms":["mlc-ailuminate:specialized-advice","mlc-ailuminate:defamation"]"#))
        #expect(!items[2].contains("harms"))
    }
}
