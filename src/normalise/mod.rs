//! Stage 2, normalise: brings every spec to one shape (OpenAPI 3.1 keywords) so that later
//! stages read one dialect. OpenAPI 3.0 → 3.1 is mechanical and done here on the JSON value.

pub mod openapi;
pub mod swagger2;
