//! Resolve: `bundle` follows `$ref`s into other files of the project and makes one document of
//! them (right after loading, before any other stage); `refs` follows local refs and checks that
//! each one lands somewhere. Nothing outside the project is read, nothing is fetched.

pub mod bundle;
pub mod refs;
