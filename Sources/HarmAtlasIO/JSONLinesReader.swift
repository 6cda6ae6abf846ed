import Foundation
import HarmAtlasCore

/// Streams the records of a JSON Lines file, split on the byte 0x0A only (never on U+2028, U+2029 or U+0085,
/// which are legal inside JSON strings), in bounded memory.
public enum JSONLinesReader {
    /// The largest record accepted by default (16 MiB).
    public static let defaultRecordLimit = 16 << 20
    static let chunkSize = 4 << 20

    /// Splits a file into up to `parts` byte ranges that each start at the beginning of a line. With `firstShare`,
    /// the first range takes that share of the bytes and the others share the rest equally.
    public static func ranges(of path: String, parts: Int, firstShare: Double? = nil) -> [Range<Int>] {
        guard let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil, size > 0,
            parts > 1, let handle = FileHandle(forReadingAtPath: path)
        else { return [0..<Int.max] }
        defer { try? handle.close() }
        var bounds = [0]
        for part in 1..<parts {
            let share =
                firstShare.map { $0 + (1 - $0) * Double(part - 1) / Double(parts - 1) } ?? Double(part) / Double(parts)
            var offset = max(Int(Double(size) * share), bounds.last!)
            try? handle.seek(toOffset: UInt64(offset))
            while let data = try? handle.read(upToCount: 1 << 16), !data.isEmpty {
                if let newline = data.firstIndex(of: 0x0A) {
                    offset += data.distance(from: data.startIndex, to: newline) + 1
                    break
                }
                offset += data.count
            }
            if offset < size && offset > bounds.last! { bounds.append(offset) }
        }
        bounds.append(size)
        return zip(bounds, bounds.dropFirst()).map { $0..<$1 }
    }

    /// Calls `body` with each non-blank record (a trailing CR removed) and its 1-based line number. A record longer
    /// than `recordLimit` is skipped and reported through `tooLarge` with its line. `body` returns false to stop.
    public static func forEachRecord(
        in path: String, recordLimit: Int = defaultRecordLimit, tooLarge: (Int) -> Void = { _ in },
        _ body: (ArraySlice<UInt8>, Int) -> Bool
    ) throws(HarmAtlasError) {
        _ = try forEachRecord(in: path, range: 0..<Int.max, recordLimit: recordLimit, tooLarge: tooLarge, body)
    }

    /// The same for the records in a byte range of the file, which must start at the beginning of a line; line
    /// numbers count from the range's start. Returns the number of line breaks read.
    @discardableResult
    public static func forEachRecord(
        in path: String, range: Range<Int>, recordLimit: Int = defaultRecordLimit, tooLarge: (Int) -> Void = { _ in },
        _ body: (ArraySlice<UInt8>, Int) -> Bool
    ) throws(HarmAtlasError) -> Int {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw HarmAtlasError(.io, "\(path): cannot open the file for reading")
        }
        defer { try? handle.close() }
        do { try handle.seek(toOffset: UInt64(range.lowerBound)) } catch {
            throw HarmAtlasError(.io, "\(path): cannot seek: \(error.localizedDescription)")
        }
        // A part of a file (a few tens of megabytes) is asked of the disk at once, as far as it is not in memory
        // yet: its reading then seldom waits. A whole file is read ahead further.
        FileIO.willReadSequentially(handle.fileDescriptor)
        #if os(Linux)
            if range.upperBound != .max && range.count <= 64 << 20 {
                _ = posix_fadvise(
                    handle.fileDescriptor, off_t(range.lowerBound), off_t(range.count), POSIX_FADV_WILLNEED)
            }
        #endif
        var remaining = range.upperBound - range.lowerBound
        var pending: [UInt8] = []
        var skipping = false
        var line = 1
        func emit(_ record: ArraySlice<UInt8>) -> Bool {
            var record = record
            if record.last == 0x0D { record = record.dropLast() }
            if record.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return true }
            return body(record, line)
        }
        // One buffer, refilled; records inside it are handed over as slices of it, without copying.
        var chunk = [UInt8](repeating: 0, count: min(chunkSize, max(0, remaining)))
        while remaining > 0 {
            let count = try FileIO.readChunk(handle.fileDescriptor, into: &chunk, limit: remaining, path: path)
            if count == 0 { break }
            remaining -= count
            let newlines = chunk.withUnsafeBufferPointer { bytes in
                var found: [Int] = []
                var start = 0
                while start < count, let newline = memchr(bytes.baseAddress! + start, 0x0A, count - start) {
                    start = bytes.baseAddress!.distance(to: newline.assumingMemoryBound(to: UInt8.self)) + 1
                    found.append(start - 1)
                }
                return found
            }
            var start = 0
            for newline in newlines {
                if skipping {
                    skipping = false
                } else if pending.isEmpty {
                    if newline - start > recordLimit {
                        tooLarge(line)
                    } else if !emit(chunk[start..<newline]) {
                        return line - 1
                    }
                } else {
                    pending += chunk[start..<newline]
                    if pending.count > recordLimit {
                        tooLarge(line)
                    } else if !emit(pending[...]) {
                        return line - 1
                    }
                    pending.removeAll(keepingCapacity: true)
                }
                line += 1
                start = newline + 1
            }
            if !skipping {
                pending += chunk[start..<count]
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
        return line - 1
    }
}
