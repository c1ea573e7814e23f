//! Request samples in several languages, built from an operation.
