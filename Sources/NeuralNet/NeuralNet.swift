// The NeuralNet target.
