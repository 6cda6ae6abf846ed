/// Tells a media file's type from its first bytes (its magic numbers), not from its name.
public enum MediaSniffer {
    /// How many leading bytes ``mediaType(of:)`` needs.
    public static let headerLength = 16

    /// The media type the bytes start like, or `nil` when none of the known signatures match.
    public static func mediaType(of header: some Collection<UInt8>) -> String? {
        let bytes = Array(header.prefix(headerLength))
        func starts(_ signature: [UInt8], at offset: Int = 0) -> Bool {
            bytes.count >= offset + signature.count && Array(bytes[offset..<(offset + signature.count)]) == signature
        }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if starts([0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return "image/gif" }
        if starts(Array("RIFF".utf8)) && starts(Array("WEBP".utf8), at: 8) { return "image/webp" }
        if starts(Array("RIFF".utf8)) && starts(Array("WAVE".utf8), at: 8) { return "audio/wav" }
        if starts(Array("BM".utf8)) && bytes.count >= 14 { return "image/bmp" }
        if starts(Array("fLaC".utf8)) { return "audio/flac" }
        if starts(Array("OggS".utf8)) { return "audio/ogg" }
        if starts(Array("ID3".utf8)) || starts([0xFF, 0xFB]) || starts([0xFF, 0xF3]) || starts([0xFF, 0xF2]) {
            return "audio/mpeg"
        }
        if starts(Array("ftyp".utf8), at: 4) { return "video/mp4" }
        if starts([0x1A, 0x45, 0xDF, 0xA3]) { return "video/webm" }
        return nil
    }

    /// Whether a declared media type and a sniffed one name the same format (`image/jpg` is read as
    /// `image/jpeg`, `audio/x-wav` as `audio/wav`, `video/quicktime` as an MP4-family container).
    public static func matches(declared: String, sniffed: String) -> Bool {
        func normal(_ type: String) -> String {
            switch type.lowercased() {
            case "image/jpg", "image/pjpeg": "image/jpeg"
            case "audio/x-wav", "audio/wave", "audio/vnd.wave": "audio/wav"
            case "audio/mp3": "audio/mpeg"
            case "video/quicktime", "audio/mp4", "video/x-m4v": "video/mp4"
            case "audio/webm", "video/x-matroska": "video/webm"
            default: type.lowercased()
            }
        }
        return declared == sniffed || normal(declared) == normal(sniffed)
    }
}
