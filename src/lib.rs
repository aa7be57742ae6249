//! obligo: data-breach and security-incident notification obligations by
//! jurisdiction. The library holds the model, the loader and linter, and the
//! engine; the `obligo` binary is a thin command line over it.

pub mod codes;
pub mod engine;
pub mod export;
pub mod format;
pub mod incident;
pub mod load;
pub mod model;
pub mod search;
#[cfg(feature = "native")]
pub mod server;
pub mod site;
pub mod stats;
pub mod summary;
#[cfg(target_arch = "wasm32")]
pub mod wasm;
