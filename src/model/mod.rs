//! Classifiers: the sparse L-BFGS logistic solver, the linfa-logistic path,
//! and the model file.

pub mod linfa_solver;
pub mod solver;
