import CZlib

/// Inflates gzip data held in memory, refusing anything that is not a complete, intact gzip file.
///
/// zlib's `gzopen`/`gzread` would pass a non-gzip file through unchanged and stop quietly at a
/// truncation, so this inflates from memory instead: the gzip magic is checked first, zlib is
/// told to expect a gzip wrapper (windowBits 15 + 32), and success requires `Z_STREAM_END`,
/// which zlib returns only after verifying the CRC-32 and length trailer. Concatenated gzip
/// members (allowed by RFC 1952) are inflated one after another.
public enum Gzip {
    /// The inflated bytes of `compressed`; `file` is the name used in error messages.
    public static func inflate(_ compressed: [UInt8], file: String) throws(GzipError) -> [UInt8] {
        guard !compressed.isEmpty else { throw GzipError(file: file, reason: .empty) }
        guard compressed.starts(with: [0x1f, 0x8b]) else {
            throw GzipError(file: file, reason: .notGzip(firstBytes: Array(compressed.prefix(2))))
        }

        var stream = z_stream()
        let initCode = scratchnet_inflateInit2(&stream, 15 + 32)
        guard initCode == Z_OK else {
            throw GzipError(file: file, reason: .zlib(code: initCode, message: message(of: stream)))
        }
        defer { inflateEnd(&stream) }

        var output = [UInt8](repeating: 0, count: initialCapacity(for: compressed))
        var consumed = 0
        var produced = 0
        while true {
            if produced == output.count {
                output.append(contentsOf: repeatElement(0, count: max(output.count, 1 << 16)))
            }
            // Pointers are handed to zlib afresh for each call: it keeps no pointer into our
            // buffers between calls (it has its own window), so the arrays may move in between.
            let availableIn = UInt32(clamping: compressed.count - consumed)
            let availableOut = UInt32(clamping: output.count - produced)
            let code: Int32 = compressed.withUnsafeBufferPointer { input in
                output.withUnsafeMutableBufferPointer { out in
                    stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress! + consumed)
                    stream.avail_in = availableIn
                    stream.next_out = out.baseAddress! + produced
                    stream.avail_out = availableOut
                    return CZlib.inflate(&stream, Z_NO_FLUSH)
                }
            }
            consumed += Int(availableIn - stream.avail_in)
            produced += Int(availableOut - stream.avail_out)

            switch code {
            case Z_OK:
                continue
            case Z_STREAM_END:
                // The member's trailer checked out. Another member may follow.
                let rest = compressed.count - consumed
                if rest == 0 {
                    output.removeSubrange(produced...)
                    return output
                }
                guard compressed[consumed...].starts(with: [0x1f, 0x8b]) else {
                    throw GzipError(file: file, reason: .trailingGarbage(byteCount: rest))
                }
                inflateReset(&stream)
            case Z_BUF_ERROR where stream.avail_out > 0:
                // No progress with room to write: the input ran out before the end marker.
                throw GzipError(file: file, reason: .truncated)
            case Z_BUF_ERROR:
                continue
            case Z_DATA_ERROR:
                throw GzipError(file: file, reason: .corrupt(zlibMessage: message(of: stream)))
            default:
                throw GzipError(file: file, reason: .zlib(code: code, message: message(of: stream)))
            }
        }
    }

    /// gzip's trailer ends with the inflated size modulo 2^32: a good first guess for the buffer,
    /// capped so that a corrupt trailer cannot ask for gigabytes up front, nor for more than
    /// deflate can produce from this many bytes (at most 1032 to 1), so that a few bytes of
    /// garbage cannot make us allocate and zero 256 MiB (found by fuzz/run.sh idx).
    static func initialCapacity(for compressed: [UInt8]) -> Int {
        guard compressed.count >= 18 else { return 1 << 16 }
        let tail = compressed.suffix(4).reversed().reduce(0) { ($0 << 8) | Int($1) }
        return max(min(tail, compressed.count * maximumRatio, 1 << 28), 1 << 16)
    }

    /// deflate's largest expansion: a 258-byte match per 2 bits, about 1032 output bytes per input byte.
    static let maximumRatio = 1032

    private static func message(of stream: z_stream) -> String {
        stream.msg.map { String(cString: $0) } ?? "no message"
    }
}
