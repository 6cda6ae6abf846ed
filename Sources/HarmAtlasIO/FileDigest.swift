import Crypto
import Foundation
import HarmAtlasCore

/// The size and SHA-256 of a file, read in chunks.
public enum FileDigest {
    /// A file's size, lower-case hex SHA-256 and first bytes.
    public typealias Digest = (bytes: Int, sha256: String, header: [UInt8])

    /// The file's size, lower-case hex SHA-256 and first bytes, or `nil` when it cannot be read.
    public static func digest(_ path: String) -> Digest? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var hasher = SHA256()
        var size = 0
        var header: [UInt8] = []
        while let data = try? handle.read(upToCount: 1 << 20), !data.isEmpty {
            if header.count < MediaSniffer.headerLength {
                header += data.prefix(MediaSniffer.headerLength - header.count)
            }
            hasher.update(data: data)
            size += data.count
        }
        return (size, Data(hasher.finalize()).hexString, header)
    }
}
