// The Autograd target.
