//! Normalise: brings every spec to one shape (OpenAPI 3.1 keywords) so that later stages read
//! one dialect. Swagger 2.0 is converted to 3.0 (`swagger2`), then 3.0 is upgraded to 3.1
//! (`openapi`), both on the JSON value.

pub mod openapi;
pub mod swagger2;
