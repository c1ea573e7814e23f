//! Swagger 2.0 → OpenAPI 3.0: converts a 2.0 document into the 3.0 shape that the rest of the
//! pipeline reads (then `openapi::upgrade_30_to_31` takes it to 3.1).
