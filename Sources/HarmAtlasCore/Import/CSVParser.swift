import CHarmAtlasKernels
import Foundation

/// An RFC 4180 CSV (or TSV) parser fed bytes in chunks, so that a file of any size parses in bounded memory.
///
/// It accepts CRLF and LF record ends, quoted fields holding delimiters, quotes (`""`) and line breaks, and a
/// leading UTF-8 byte order mark. A quote inside an unquoted field is kept as a character; text after a closing
/// quote is kept and reported; a quoted field still open at the end of the input is an error. Cells that are not
/// valid UTF-8 are an error for their row.
public struct CSVParser {
    /// One record with the line it starts on.
    public struct Row: Sendable {
        /// The cells.
        public var cells: [String]
        /// The 1-based line the record starts on.
        public var line: Int
        /// Problems with the row (text after a closing quote, invalid UTF-8), as messages.
        public var problems: [String]
    }

    private let delimiter: UInt8
    private var cell: [UInt8] = []
    private var cells: [String] = []
    private var problems: [String] = []
    private var inQuotes = false
    private var quoteClosed = false
    private var afterCR = false
    private var line = 1
    private var rowLine = 1
    private var started = false
    private var atStart = true
    private var rowHasContent = false

    /// Creates a parser for `delimiter` (`,` for CSV, tab for TSV).
    public init(delimiter: UInt8 = 0x2C) {
        self.delimiter = delimiter
    }

    /// A cell's text, and whether its bytes were valid UTF-8.
    private static func text(_ bytes: UnsafeBufferPointer<UInt8>) -> (String, valid: Bool) {
        if let text = UTF8Text.decode(bytes) { return (text, true) }
        return (String(decoding: bytes, as: UTF8.self), false)
    }

    /// Adds a cell: taken, not copied.
    private mutating func add(_ text: consuming (String, valid: Bool)) {
        let valid = text.valid
        cells.append(text.0)
        if !valid { problems.append("cell \(cells.count) is not valid UTF-8") }
        quoteClosed = false
    }

    /// Ends the cell copied into `cell`.
    private mutating func endCell() {
        add(cell.withUnsafeBufferPointer(Self.text))
        cell.removeAll(keepingCapacity: true)
    }

    private mutating func endRow(_ emit: (Row) -> Void) {
        endCell()
        finishRow(emit)
    }

    /// Emits the row whose cells are all added.
    private mutating func finishRow(_ emit: (Row) -> Void) {
        if rowHasContent || cells.count > 1 || !(cells.first?.isEmpty ?? true) {
            emit(Row(cells: cells, line: rowLine, problems: problems))
        }
        cells.removeAll(keepingCapacity: true)
        problems.removeAll()
        rowHasContent = false
    }

    /// Parses the next bytes, calling `emit` for every record completed.
    public mutating func feed(_ bytes: ArraySlice<UInt8>, _ emit: (Row) -> Void) {
        bytes.withUnsafeBufferPointer { buffer in feed(buffer, emit) }
    }

    private mutating func feed(_ buffer: UnsafeBufferPointer<UInt8>, _ emit: (Row) -> Void) {
        var index = 0
        while index < buffer.count {
            let byte = buffer[index]
            index += 1
            // Inside quotes, copy up to the next quote in one step.
            if inQuotes && started && !afterCR && byte != 0x22 {
                let start = buffer.baseAddress! + index - 1
                let count = buffer.count - index + 1
                let end = memchr(start, 0x22, count).map { start.distance(to: $0.assumingMemoryBound(to: UInt8.self)) }
                let run = UnsafeBufferPointer(start: start, count: end ?? count)
                var at = run.baseAddress!
                while let feed = memchr(at, 0x0A, run.baseAddress! + run.count - at) {
                    line += 1
                    at = UnsafePointer(feed.assumingMemoryBound(to: UInt8.self)) + 1
                }
                cell.append(contentsOf: run)
                index += run.count - 1
                continue
            }
            if atStart {
                atStart = false
                cell.reserveCapacity(256)
            }
            if !started {
                started = true
                rowLine = line
            }
            if afterCR {
                afterCR = false
                if byte == 0x0A { continue }
            }
            if inQuotes {
                if byte == 0x22 {
                    inQuotes = false
                    quoteClosed = true
                } else {
                    if byte == 0x0A { line += 1 }
                    cell.append(byte)
                }
                continue
            }
            switch byte {
            case 0x22:
                if quoteClosed {
                    // "" inside a quoted field: a literal quote, and the field goes on quoted.
                    cell.append(0x22)
                    inQuotes = true
                    quoteClosed = false
                } else if cell.isEmpty {
                    inQuotes = true
                    rowHasContent = true
                } else {
                    cell.append(byte)
                }
            case delimiter:
                endCell()
                rowHasContent = true
            case 0x0A, 0x0D:
                line += 1
                if byte == 0x0D { afterCR = true }
                endRow(emit)
                started = false
            default:
                if quoteClosed {
                    problems.append("text after the closing quote of cell \(cells.count + 1)")
                    quoteClosed = false
                }
                // The byte and the plain run after it, in one step.
                let run = harmatlas_csv_run(buffer.baseAddress! + index, buffer.count - index, delimiter)
                let plain = UnsafeBufferPointer(start: buffer.baseAddress! + index - 1, count: run + 1)
                let end = index + run
                // A whole cell in this input, ended by the delimiter or a line break, is read where it stands.
                if cell.isEmpty && end < buffer.count {
                    let next = buffer[end]
                    if next == delimiter {
                        add(Self.text(plain))
                        rowHasContent = true
                        index = end + 1
                        continue
                    }
                    if next == 0x0A || next == 0x0D {
                        add(Self.text(plain))
                        line += 1
                        if next == 0x0D { afterCR = true }
                        finishRow(emit)
                        started = false
                        index = end + 1
                        continue
                    }
                }
                cell.append(contentsOf: plain)
                index = end
            }
        }
    }

    /// Ends the input, emitting a last record without a line break. Returns a problem when a quoted field was
    /// still open.
    public mutating func finish(_ emit: (Row) -> Void) -> String? {
        defer { started = false }
        if inQuotes {
            let open = rowLine
            endRow(emit)
            return "a quoted field opened in the record on line \(open) is never closed"
        }
        if started && (rowHasContent || !cell.isEmpty || !cells.isEmpty) { endRow(emit) }
        return nil
    }

    /// Removes a leading UTF-8 byte order mark.
    public static func droppingBOM(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes
    }
}
