import Foundation
import Lessons

/// Turns records into the files of the site.
enum SitePublisher {
    static func files(records: [LessonRecord], prose: [String: LessonProse], layout: ProjectLayout) throws -> [(path: String, bytes: [UInt8])] {
        var files = [(path: String, bytes: [UInt8])]()
        for record in records {
            files.append(("data/\(record.id).json", Array(try RecordJSON.encode(record).utf8)))
        }
        // Until the site renderer lands, a plain index lists the records honestly.
        var html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>ScratchNet records</title></head><body>\n"
        html += "<h1>ScratchNet: lesson records</h1>\n<p>The lesson pages are not built yet; these are the recorded numbers.</p>\n<ul>\n"
        for record in records {
            html += "<li><a href=\"data/\(escape(record.id)).json\">\(escape(record.title))</a>: \(escape(record.summary))</li>\n"
        }
        html += "</ul>\n</body></html>\n"
        files.append(("index.html", Array(html.utf8)))
        return files
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}
