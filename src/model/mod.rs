//! Stage 4, model: the plain types the theme renders. `openapi` turns a normalised spec into an
//! [`api::Api`]; `site` places every page at a URL and builds navigation; `links` checks and
//! rewrites the links of guides against that plan.

pub mod api;
pub mod code_samples;
pub mod links;
pub mod openapi;
pub mod pretty;
pub mod request;
pub mod sample;
pub mod schema;
pub mod shared;
pub mod site;
