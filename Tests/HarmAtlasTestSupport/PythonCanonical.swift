import Foundation

/// The canonical dedup text as Python computes it (`unicodedata` NFKC and `str.casefold`, after removing the
/// same invisible characters, white space collapsed as `str.split` does), for comparison with ours.
public enum PythonCanonical {
    static let script = """
        import json, sys, unicodedata
        inv = set(range(0x200B, 0x2010)) | set(range(0x202A, 0x202F)) | set(range(0x2060, 0x2065)) | \
        set(range(0x2066, 0x206A)) | {0xFEFF, 0x061C, 0x180E, 0x00AD} | set(range(0xE0000, 0xE0080))
        texts = json.load(open(sys.argv[1], encoding="utf-8"))
        out = [" ".join(unicodedata.normalize("NFKC", "".join(c for c in t if ord(c) not in inv)).casefold().split()) for t in texts]
        json.dump([unicodedata.unidata_version, out], sys.stdout)
        """

    /// Python's Unicode version and its canonical text of each of `texts`.
    public static func canonical(_ texts: [String]) throws -> (unicodeVersion: String, texts: [String]) {
        let directory = try TestEnvironment.temporaryDirectory()
        let input = directory.appendingPathComponent("texts.json")
        try JSONSerialization.data(withJSONObject: texts).write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, input.path]
        let output = directory.appendingPathComponent("canonical.json")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: output)
        try process.run()
        process.waitUntilExit()
        let answer = try JSONSerialization.jsonObject(with: Data(contentsOf: output)) as? [Any]
        return (answer?[0] as? String ?? "", answer?[1] as? [String] ?? [])
    }
}
