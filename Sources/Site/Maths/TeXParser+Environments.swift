/// `\begin{...}` ... `\end{...}` environments.
extension TeXParser {
    /// `\begin{pmatrix} a & b \\ c & d \end{pmatrix}` and its relatives, as an `mtable`.
    mutating func environment(at start: Int) throws(TeXError) -> String {
        let name = try rawGroup()
        let fences: (String, String)
        var tableClass = "tex-matrix"
        var align = ""
        switch name {
        case "matrix", "smallmatrix": fences = ("", "")
        case "pmatrix": fences = ("(", ")")
        case "bmatrix": fences = ("[", "]")
        case "Bmatrix": fences = ("{", "}")
        case "vmatrix": fences = ("|", "|")
        case "Vmatrix": fences = ("‖", "‖")
        case "cases": fences = ("{", ""); tableClass = "tex-cases"; align = " columnalign=\"left left\""
        case "aligned", "align", "align*", "gathered", "split":
            fences = ("", ""); tableClass = "tex-aligned"; align = " columnalign=\"right left\""
        case "array":
            let spec = try rawGroup().filter { "lcr".contains($0) }
            let words = spec.map { $0 == "l" ? "left" : $0 == "r" ? "right" : "center" }
            fences = ("", "")
            if !words.isEmpty { align = " columnalign=\"\(words.joined(separator: " "))\"" }
        default:
            throw TeXError(message: "unknown environment \(name)", offset: start)
        }
        var rows: [[String]] = [[]]
        while true {
            let cell = try parseSequence()
            rows[rows.count - 1].append(row(cell, force: true))
            let at = pos
            switch try next() {
            case .amp: continue
            case .command("\\"): rows.append([])
            case .command("end"):
                let closing = try rawGroup()
                guard closing == name else {
                    throw TeXError(message: "\\begin{\(name)} ended by \\end{\(closing)}", offset: at)
                }
                if let last = rows.last, last == ["<mrow></mrow>"], rows.count > 1 { rows.removeLast() }
                let body = rows.map { cells in
                    "<mtr>" + cells.map { "<mtd>\($0)</mtd>" }.joined() + "</mtr>"
                }.joined()
                var table = "<mtable class=\"\(tableClass)\"\(align)>\(body)</mtable>"
                if name == "smallmatrix" { table = "<mstyle scriptlevel=\"1\">\(table)</mstyle>" }
                let open = fences.0.isEmpty ? "" : "<mo fence=\"true\" stretchy=\"true\">\(esc(fences.0))</mo>"
                let close = fences.1.isEmpty ? "" : "<mo fence=\"true\" stretchy=\"true\">\(esc(fences.1))</mo>"
                return "<mrow>\(open)\(table)\(close)</mrow>"
            default:
                throw TeXError(message: "\\begin{\(name)} without \\end{\(name)}", offset: start)
            }
        }
    }
}
