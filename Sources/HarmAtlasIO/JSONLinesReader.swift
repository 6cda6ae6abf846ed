import Foundation
import HarmAtlasCore

/// Streams the records of a JSON Lines file, split on the byte 0x0A only (never on U+2028, U+2029 or U+0085,
/// which are legal inside JSON strings), in bounded memory.
public enum JSONLinesReader {
    /// The largest record accepted by default (16 MiB).
    public static let defaultRecordLimit = 16 << 20
    static let chunkSize = 4 << 20

    /// Calls `body` with each non-blank record (a trailing CR removed) and its 1-based line number. A record longer
    /// than `recordLimit` is skipped and reported through `tooLarge` with its line. `body` returns false to stop.
    public static func forEachRecord(
        in path: String, recordLimit: Int = defaultRecordLimit, tooLarge: (Int) -> Void = { _ in },
        _ body: (ArraySlice<UInt8>, Int) -> Bool
    ) throws(HarmAtlasError) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw HarmAtlasError(.io, "\(path): cannot open the file for reading")
        }
        defer { try? handle.close() }
        var pending: [UInt8] = []
        var skipping = false
        var line = 1
        func emit(_ record: ArraySlice<UInt8>) -> Bool {
            var record = record
            if record.last == 0x0D { record = record.dropLast() }
            if record.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return true }
            return body(record, line)
        }
        while true {
            let data: Data
            do {
                data = try handle.read(upToCount: chunkSize) ?? Data()
            } catch {
                throw HarmAtlasError(.io, "\(path): cannot read: \(error.localizedDescription)")
            }
            if data.isEmpty { break }
            let chunk = [UInt8](data)
            var start = 0
            while let newline = chunk[start...].firstIndex(of: 0x0A) {
                if skipping {
                    skipping = false
                } else if pending.isEmpty {
                    if newline - start > recordLimit {
                        tooLarge(line)
                    } else if !emit(chunk[start..<newline]) {
                        return
                    }
                } else {
                    pending += chunk[start..<newline]
                    if pending.count > recordLimit {
                        tooLarge(line)
                    } else if !emit(pending[...]) {
                        return
                    }
                    pending.removeAll(keepingCapacity: true)
                }
                line += 1
                start = newline + 1
            }
            if !skipping {
                pending += chunk[start...]
                if pending.count > recordLimit {
                    tooLarge(line)
                    pending.removeAll()
                    skipping = true
                }
            }
        }
        if !skipping && !pending.isEmpty {
            if pending.count > recordLimit { tooLarge(line) } else { _ = emit(pending[...]) }
        }
    }
}
