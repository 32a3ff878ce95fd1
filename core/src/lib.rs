//! The pure logic of Endpoint, free of proxy-wasm so that all of it is tested natively.
//!
//! - [`model`]: what a bundle holds (endpoints, users), as the compiler writes it.
//! - [`bundle`]: the binary envelope (magic, format version, content hash) around it.
//! - [`configuration`]: the filter's plugin configuration, the bundle's bytes or JSON.
//! - [`router`]: path matching with `matchit`, built once per bundle.
//! - [`snippet`]: the Boa runtime that runs endpoint snippets, with the counting
//!   allocator behind each run's memory limit ([`snippet::heap`]).
//! - [`cors`]: the CORS headers of an endpoint's answers.
//! - [`metrics`]: what the filter counts per endpoint, and the tags in the names.
//! - [`engine`]: the request pipeline of docs/request-handling.md, answering with [`Reply`].
//!
//! The filter crate only translates Envoy's calls into [`engine::Engine`] calls.

// An index out of range panics, and in the filter a panic kills the VM: say why an
// index holds where one is needed, or use `get` (tests may index: clippy.toml).
#![warn(clippy::indexing_slicing)]

pub mod auth;
pub mod bundle;
pub mod configuration;
pub mod cors;
pub mod engine;
pub mod forward;
pub mod media_type;
pub mod metrics;
pub mod model;
pub mod reply;
pub mod router;
pub mod snippet;
pub mod validation;

pub use engine::Engine;
pub use reply::{Level, LogRecord, Reply};

// The tests count the heap as the filter does, so that memory limits are tested.
#[cfg(test)]
#[global_allocator]
static ALLOCATOR: snippet::heap::CountingAllocator = snippet::heap::CountingAllocator;
