import Foundation

/// The whole file, or `DatasetError.unreadable` with the system's reason.
func readBytes(at url: URL) throws(DatasetError) -> [UInt8] {
    do {
        return [UInt8](try Data(contentsOf: url))
    } catch {
        throw .unreadable(path: url.path, reason: describe(error))
    }
}

/// A short reason for a Foundation file error, without the long NSError dump.
private func describe(_ error: any Error) -> String {
    let nsError = error as NSError
    if nsError.domain == NSCocoaErrorDomain, nsError.code == NSFileReadNoSuchFileError {
        return "no such file"
    }
    if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError,
       underlying.domain == NSPOSIXErrorDomain,
       let message = strerror(Int32(underlying.code)) {
        return String(cString: message)
    }
    return nsError.localizedDescription
}
