import Datasets
import Tensor

/// Tutorial 002's `softmax_crossentropy_with_logits`, as written: for each row,
/// `-logit[answer] + log(sum(exp(logits)))`, `exp` taken of the raw logits.
/// exp(x) is infinite in double precision for x above about 709.78, that is
/// log(Double.greatestFiniteMagnitude), and so is this loss.
/// (`SoftmaxCrossEntropy` subtracts each row's maximum first.)
func tutorialCrossEntropy(_ logits: Tensor, _ answers: [Int]) throws -> Tensor {
    let columns = logits.shape[1]
    let logSumExp = try logits.exp().sum(axis: 1).log()
    return Tensor(answers.enumerated().map { row, answer in
        -logits.scalars[row * columns + answer] + logSumExp[row]
    })
}

/// Tutorial 002's `grad_softmax_crossentropy_with_logits`: (softmax - onehot) / batch with
/// softmax = exp(logits) / sum(exp(logits)), which is infinity over infinity, NaN, once a
/// row's exp overflows.
func tutorialCrossEntropyGradient(_ logits: Tensor, _ answers: [Int]) throws -> Tensor {
    let e = logits.exp()
    let softmax = try e / e.sum(axis: 1, keepingDimension: true)
    return try (softmax - oneHot(answers, classes: logits.shape[1])) / Double(logits.shape[0])
}
