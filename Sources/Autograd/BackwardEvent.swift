import Tensor

/// What ``Tape/backward(from:seed:observe:)`` reports to an observer, in the order it happens.
///
/// For each entry the sweep reaches (positions decreasing), first one ``added(_:by:to:total:)``
/// per input that needs a gradient, in the order of the inputs, then
/// ``finished(_:gradient:stored:)``. A leaf has no pullback, so it reports only `finished`.
public enum BackwardEvent {
    /// The pullback of entry `by` returned `gradient` for its input `to`, which was added to that
    /// input's gradient of this pass, giving `total`.
    case added(_ gradient: Tensor, by: Int, to: Int, total: Tensor)
    /// Entry `position` is done: `gradient` is its complete d(root)/d(entry) of this pass, and
    /// `stored` its stored gradient (``Variable/grad``) after this pass added `gradient` to it.
    case finished(_ position: Int, gradient: Tensor, stored: Tensor)
}
