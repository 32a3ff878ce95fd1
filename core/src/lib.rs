//! The pure logic of Endpoint, free of proxy-wasm so that all of it is tested natively.
//!
//! - [`model`]: what a bundle holds (endpoints, users), as the compiler writes it.
//! - [`bundle`]: the binary envelope (magic, format version, content hash) around it.
//! - [`router`]: path matching with `matchit`, built once per bundle.
//! - [`snippet`]: the Boa runtime that runs endpoint snippets.
//! - [`engine`]: the request pipeline of SPEC.md, step by step, answering with [`Reply`].
//!
//! The filter crate only translates Envoy's calls into [`engine::Engine`] calls.

pub mod auth;
pub mod bundle;
pub mod engine;
pub mod media_type;
pub mod model;
pub mod reply;
pub mod router;
pub mod snippet;
pub mod validation;

pub use engine::Engine;
pub use reply::{Level, LogRecord, Reply};
