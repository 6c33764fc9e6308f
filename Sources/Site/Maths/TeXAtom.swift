/// One piece of a formula before scripts are attached.
struct TeXAtom {
    enum Limits { case never, inDisplay, always }
    var xml: String
    var limits: Limits = .never
    /// A named function (`log`, `max`): a thin space separates it from a following argument.
    var isFunction = false
}
