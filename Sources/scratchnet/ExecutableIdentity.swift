import Datasets
import Foundation

/// What identifies the running `scratchnet`, and with it the code of every lesson and of
/// everything a lesson calls: its GNU build ID where it has one, else the SHA-256 of its bytes.
///
/// Why the build ID first: the linker computes it (a SHA-1, as `swift build` links on Linux) over
/// the executable's bytes, so it changes whenever they do, and reading it costs nothing, where
/// hashing the 14 MB executable takes 0.1 s in a release build and over 2 s in a debug one
/// (which every CLI test runs).
enum ExecutableIdentity {
    /// What an identity that could not be found is written as; it matches no record key.
    static let unreadable = "unreadable"

    /// `gnu-build-id:<hex>`, `sha256:<hex>`, or `unreadable`; of `/proc/self/exe`, the file this
    /// process was started from even if it has been replaced since.
    static func current(path: String = "/proc/self/exe") -> String {
        guard let file = FileHandle(forReadingAtPath: path) else { return unreadable }
        defer { try? file.close() }
        if let id = buildID(of: file) { return "gnu-build-id:" + id.map { String(format: "%02x", $0) }.joined() }
        guard (try? file.seek(toOffset: 0)) != nil, let bytes = try? file.readToEnd() else { return unreadable }
        return "sha256:" + SHA256.hex(of: bytes)
    }

    /// The `NT_GNU_BUILD_ID` note of an ELF executable, found through its program headers; nil
    /// when the file is not 64-bit little-endian ELF or has no such note.
    static func buildID(of file: FileHandle) -> [UInt8]? {
        func read(_ count: UInt64, at offset: UInt64) -> [UInt8]? {
            guard count <= 1 << 20, (try? file.seek(toOffset: offset)) != nil,
                  let data = try? file.read(upToCount: Int(count)), data.count == Int(count) else { return nil }
            return [UInt8](data)
        }
        // e_ident: "\u{7f}ELF", class 2 (64-bit), data 1 (little-endian).
        guard let header = read(64, at: 0), header[0..<6] == [0x7f, 0x45, 0x4c, 0x46, 2, 1] else { return nil }
        let tableOffset = integer(header, at: 32, size: 8), entrySize = integer(header, at: 54, size: 2)
        let count = integer(header, at: 56, size: 2)
        guard entrySize >= 56, let table = read(entrySize * count, at: tableOffset) else { return nil }
        for index in 0..<Int(count) {
            let entry = Int(entrySize) * index
            // PT_NOTE; p_offset, p_filesz and p_align of an Elf64_Phdr.
            guard integer(table, at: entry, size: 4) == 4,
                  let notes = read(integer(table, at: entry + 32, size: 8), at: integer(table, at: entry + 8, size: 8)) else { continue }
            if let id = buildID(inNotes: notes, alignment: integer(table, at: entry + 48, size: 8) == 8 ? 8 : 4) { return id }
        }
        return nil
    }

    /// The description of the first `NT_GNU_BUILD_ID` note (type 3, name "GNU") in `notes`.
    static func buildID(inNotes notes: [UInt8], alignment: Int) -> [UInt8]? {
        func padded(_ n: Int) -> Int { (n + alignment - 1) / alignment * alignment }
        var offset = 0
        while offset + 12 <= notes.count {
            let nameSize = Int(integer(notes, at: offset, size: 4)), descSize = Int(integer(notes, at: offset + 4, size: 4))
            let name = offset + 12, desc = name + padded(nameSize)
            guard nameSize < notes.count, descSize < notes.count, desc + descSize <= notes.count else { return nil }
            if integer(notes, at: offset + 8, size: 4) == 3, notes[name..<name + nameSize] == [0x47, 0x4e, 0x55, 0], descSize > 0 {
                return Array(notes[desc..<desc + descSize])
            }
            offset = desc + padded(descSize)
        }
        return nil
    }

    /// The little-endian unsigned integer of `size` bytes at `offset`.
    private static func integer(_ bytes: [UInt8], at offset: Int, size: Int) -> UInt64 {
        (0..<size).reversed().reduce(0) { $0 << 8 | UInt64(bytes[offset + $1]) }
    }
}
