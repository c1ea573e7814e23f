//! Example values generated from schemas, for bodies and responses that have no example.
