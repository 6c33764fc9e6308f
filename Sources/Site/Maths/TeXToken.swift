/// What `TeXParser` reads a formula as: a command (`\frac`, `\{`), a character, a brace, a
/// script marker, a cell separator, or the end.
enum TeXToken: Equatable {
    case command(String), char(Character), open, close, sup, sub, amp, end
}
