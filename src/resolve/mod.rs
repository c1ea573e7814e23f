//! Stage 3, resolve: follows `$ref`s inside a spec and checks that each one lands somewhere.
//! Only local refs (`#/...`) are read; anything else is reported, never fetched.

pub mod refs;
