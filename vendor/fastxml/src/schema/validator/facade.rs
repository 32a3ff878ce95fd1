//! The [`Validator`] entry point and its [`Report`] result.
//!
//! `Validator` follows the same shape as the rest of the crate —
//! `from(source)`, a few builder setters, then `run()`:
//!
//! ```ignore
//! use std::sync::Arc;
//! use fastxml::schema::{Schema, Validator};
//!
//! let schema = Arc::new(Schema::from_xsd(xsd_bytes)?);
//!
//! // Streaming validation against an explicit schema.
//! let report = Validator::from(xml).schema(Arc::clone(&schema)).run()?;
//!
//! // DOM validation (the input is just an `&XmlDocument`).
//! let report = Validator::from(&doc).schema(Arc::clone(&schema)).run()?;
//!
//! // Load the schema named by the document's xsi:schemaLocation /
//! // xsi:noNamespaceSchemaLocation hints.
//! let report = Validator::from_reader(file).run()?;            // default fetcher (needs `ureq`)
//! let report = Validator::from(&doc).run_with(fetcher)?;       // custom fetcher
//! ```
//!
//! - The **input** selects the engine: `&XmlDocument` validates the DOM
//!   directly; `&str` / `&[u8]` / a reader validate via the streaming parser.
//! - The **schema** is either explicit ([`schema`](Validator::schema)) or,
//!   when omitted, loaded from the document's schema-location hints.
//! - [`mode`](Validator::mode), [`max_errors`](Validator::max_errors) and
//!   [`aggregate_errors`](Validator::aggregate_errors) apply to both.

use std::io::BufRead;
use std::sync::Arc;

use crate::document::XmlDocument;
use crate::error::{Result, StructuredError};
use crate::schema::fetcher::SchemaFetcher;
use crate::schema::types::CompiledSchema;

use super::ValidationMode;
use super::api::EngineSettings;

/// The input to validate.
enum Source<'a> {
    /// A pre-parsed DOM document (validated directly, no re-parse).
    Dom(&'a XmlDocument),
    /// In-memory XML bytes (validated via the streaming parser).
    Bytes(&'a [u8]),
    /// Any buffered reader (validated via the streaming parser).
    Reader(Box<dyn BufRead + 'a>),
}

/// A consistent front door for schema validation.
///
/// `from(source)` → optional `schema` / `mode` / `max_errors` → `run()`.
/// The input type selects the engine (DOM vs streaming); see the type-level
/// examples on [`run`](Self::run) and [`run_with`](Self::run_with).
pub struct Validator<'a> {
    source: Source<'a>,
    schema: Option<Arc<CompiledSchema>>,
    mode: ValidationMode,
    max_errors: Option<usize>,
    aggregate_errors: bool,
}

impl<'a> From<&'a XmlDocument> for Validator<'a> {
    fn from(doc: &'a XmlDocument) -> Self {
        Self::with_source(Source::Dom(doc))
    }
}

impl<'a> From<&'a str> for Validator<'a> {
    fn from(xml: &'a str) -> Self {
        Self::with_source(Source::Bytes(xml.as_bytes()))
    }
}

impl<'a> From<&'a [u8]> for Validator<'a> {
    fn from(xml: &'a [u8]) -> Self {
        Self::with_source(Source::Bytes(xml))
    }
}

impl<'a> Validator<'a> {
    fn with_source(source: Source<'a>) -> Self {
        Self {
            source,
            schema: None,
            mode: ValidationMode::default(),
            max_errors: None,
            aggregate_errors: false,
        }
    }

    /// Creates a validator that reads its input from any [`BufRead`].
    ///
    /// `from` cannot be used for readers because of Rust coherence
    /// (`From<&str>` and a blanket `From<R: BufRead>` cannot coexist).
    pub fn from_reader<R: BufRead + 'a>(reader: R) -> Self {
        Self::with_source(Source::Reader(Box::new(reader)))
    }

    /// Validates against an explicit, already-compiled [`Schema`](crate::schema::Schema).
    ///
    /// Without this, the schema is loaded from the document's
    /// `xsi:schemaLocation` / `xsi:noNamespaceSchemaLocation` hints at
    /// [`run`](Self::run) time.
    pub fn schema(mut self, schema: impl Into<Arc<CompiledSchema>>) -> Self {
        self.schema = Some(schema.into());
        self
    }

    /// Sets the validation mode (default: [`ValidationMode::Strict`]).
    ///
    /// Applies with an explicit schema and with a schema loaded from the
    /// document's hints alike.
    pub fn mode(mut self, mode: ValidationMode) -> Self {
        self.mode = mode;
        self
    }

    /// Caps the number of collected errors: once `max` entries are recorded,
    /// further validation errors are not recorded. `0` means unlimited (the
    /// default). Applies with an explicit schema and with a schema loaded
    /// from the document's hints alike; errors explaining why a hinted
    /// schema could not be loaded are always reported.
    pub fn max_errors(mut self, max: usize) -> Self {
        self.max_errors = Some(max);
        self
    }

    /// Collapses identical errors into one entry whose
    /// [`count`](crate::error::StructuredError::count) records the number of
    /// occurrences. Keeps memory bounded on error-dense documents (a
    /// million identical violations become one entry), at the cost of
    /// per-occurrence locations: each entry keeps its first occurrence's
    /// position. Applies with an explicit schema and with a schema loaded
    /// from the document's hints alike.
    pub fn aggregate_errors(mut self) -> Self {
        self.aggregate_errors = true;
        self
    }

    /// Runs validation and returns a [`Report`].
    ///
    /// With an explicit [`schema`](Self::schema), this never touches the
    /// network. Otherwise the schema is loaded from the root element's
    /// `xsi:schemaLocation` (namespace/location pairs) and
    /// `xsi:noNamespaceSchemaLocation` hints, recognised by the XML Schema
    /// instance namespace whatever their prefix, using the default fetcher —
    /// which requires the `ureq` feature; without it, use
    /// [`run_with`](Self::run_with) and pass a fetcher.
    ///
    /// # When the hinted schema cannot be loaded
    ///
    /// If the root element has no hint, a hint is malformed, or any hinted
    /// schema (or a document it imports, includes or redefines) cannot be
    /// fetched, parsed or compiled, the report contains error-level
    /// [`SchemaNotFound`](crate::error::ValidationErrorType::SchemaNotFound)
    /// entries saying what failed, the document content is not validated,
    /// and [`Report::is_valid`] is `false`. A relative hint location is
    /// resolved by the fetcher (see
    /// [`DefaultFetcher::with_base_dir`](crate::schema::DefaultFetcher::with_base_dir)).
    /// Errors that stop parsing (malformed XML, I/O) are returned as `Err`.
    pub fn run(self) -> Result<Report> {
        let (source, schema, settings) = self.into_parts();
        let (entries, counters) = match schema {
            Some(schema) => validate_with_schema(source, schema, settings)?,
            None => (run_location_default(source, settings)?, None),
        };
        Ok(Report::with_counters(entries, counters))
    }

    fn into_parts(self) -> (Source<'a>, Option<Arc<CompiledSchema>>, EngineSettings) {
        let settings = EngineSettings {
            mode: self.mode,
            max_errors: self.max_errors,
            aggregate_errors: self.aggregate_errors,
        };
        (self.source, self.schema, settings)
    }

    /// Runs validation, loading the schema named by the document's hints
    /// through `fetcher`. Same policy as [`run`](Self::run).
    ///
    /// When an explicit [`schema`](Self::schema) is set the fetcher is unused.
    pub fn run_with<F: SchemaFetcher + 'static>(self, fetcher: F) -> Result<Report> {
        let (source, schema, settings) = self.into_parts();
        let (entries, counters) = match schema {
            Some(schema) => validate_with_schema(source, schema, settings)?,
            None => (run_location_with(source, fetcher, settings)?, None),
        };
        Ok(Report::with_counters(entries, counters))
    }

    /// Async version of [`run_with`](Self::run_with), loading the schema
    /// named by the document's hints through an async `fetcher`. Same
    /// policy and same report as [`run_with`](Self::run_with), for DOM and
    /// streaming input alike.
    ///
    /// Only schema fetching is asynchronous: the input itself is read and
    /// parsed synchronously, as with an explicit schema.
    #[cfg(feature = "tokio")]
    pub async fn run_async_with<F: crate::schema::fetcher::AsyncSchemaFetcher>(
        self,
        fetcher: &F,
    ) -> Result<Report> {
        use super::api::{validate_dom_autodetect_async, validate_streaming_autodetect_async};

        let (source, schema, settings) = self.into_parts();
        let (entries, counters) = match schema {
            Some(schema) => validate_with_schema(source, schema, settings)?,
            None => {
                let entries = match source {
                    Source::Dom(doc) => {
                        validate_dom_autodetect_async(doc, fetcher, settings).await?
                    }
                    Source::Bytes(bytes) => {
                        validate_streaming_autodetect_async(bytes, fetcher, settings).await?
                    }
                    Source::Reader(reader) => {
                        validate_streaming_autodetect_async(reader, fetcher, settings).await?
                    }
                };
                (entries, None)
            }
        };
        Ok(Report::with_counters(entries, counters))
    }

    /// Async version of [`run`](Self::run), using the default async fetcher.
    #[cfg(feature = "tokio")]
    pub async fn run_async(self) -> Result<Report> {
        let fetcher = crate::schema::fetcher::AsyncDefaultFetcher::new()?;
        self.run_async_with(&fetcher).await
    }
}

type ValidationOutcome = (Vec<StructuredError>, Option<super::ValidationCounters>);

fn validate_with_schema(
    source: Source<'_>,
    schema: Arc<CompiledSchema>,
    settings: EngineSettings,
) -> Result<ValidationOutcome> {
    match source {
        Source::Dom(doc) => Ok((settings.dom(schema).validate(doc)?, None)),
        Source::Bytes(bytes) => {
            let (entries, counters) = settings.streaming(schema).validate_capturing_bytes(bytes)?;
            Ok((entries, Some(counters)))
        }
        Source::Reader(reader) => run_streaming_with_schema(reader, schema, settings),
    }
}

fn run_streaming_with_schema<R: BufRead>(
    reader: R,
    schema: Arc<CompiledSchema>,
    settings: EngineSettings,
) -> Result<ValidationOutcome> {
    let (entries, counters) = settings.streaming(schema).validate_capturing(reader)?;
    Ok((entries, Some(counters)))
}

fn run_location_with<F: SchemaFetcher + 'static>(
    source: Source<'_>,
    fetcher: F,
    settings: EngineSettings,
) -> Result<Vec<StructuredError>> {
    match source {
        Source::Dom(doc) => super::api::validate_dom_autodetect(doc, &fetcher, settings),
        Source::Bytes(bytes) => {
            super::api::validate_streaming_autodetect_bytes(bytes, &fetcher, settings)
        }
        Source::Reader(reader) => {
            super::api::validate_streaming_autodetect(reader, &fetcher, settings)
        }
    }
}

#[cfg(feature = "ureq")]
fn run_location_default(
    source: Source<'_>,
    settings: EngineSettings,
) -> Result<Vec<StructuredError>> {
    run_location_with(
        source,
        crate::schema::fetcher::DefaultFetcher::new(),
        settings,
    )
}

#[cfg(not(feature = "ureq"))]
fn run_location_default(
    _source: Source<'_>,
    _settings: EngineSettings,
) -> Result<Vec<StructuredError>> {
    Err(crate::error::Error::InvalidOperation(
        "resolving xsi:schemaLocation with the default fetcher requires the `ureq` feature; \
         enable it, call .schema(...) with an explicit schema, or use .run_with(fetcher)"
            .to_string(),
    ))
}

/// Validates document after document against one schema, keeping what the
/// validator learns of the schema (memoized types, facets, content-model
/// automatons) from one document to the next. A [`Validator`] learns it anew
/// for every document, which costs many times the validation of a small one.
///
/// Each document is validated on its own: nothing of one (its errors, IDs,
/// identity constraints, open elements) reaches the next. The names a
/// document uses are interned and stay, with what is memoized under them:
/// [`interned_names`](Self::interned_names) tells how many there are, so that
/// a caller reading untrusted documents can start afresh past a bound.
///
/// ```ignore
/// let mut warm = WarmValidator::new(Arc::clone(&schema)).max_errors(10);
/// for document in documents {
///     let report = warm.validate(document)?;
/// }
/// ```
pub struct WarmValidator {
    settings: EngineSettings,
    limits: crate::parser::DocumentLimits,
    schema: Arc<CompiledSchema>,
    validator: Option<Box<super::streaming::OnePassSchemaValidator>>,
}

impl WarmValidator {
    /// A validator for `schema`, in strict mode, collecting every error.
    pub fn new(schema: impl Into<Arc<CompiledSchema>>) -> Self {
        Self {
            settings: EngineSettings {
                mode: ValidationMode::default(),
                max_errors: None,
                aggregate_errors: false,
            },
            limits: crate::parser::DocumentLimits::default(),
            schema: schema.into(),
            validator: None,
        }
    }

    /// Holds every document to `limits` as it is read: a document that
    /// breaks one fails with [`ParseError::Forbidden`](crate::parser::error::ParseError::Forbidden).
    pub fn limits(mut self, limits: crate::parser::DocumentLimits) -> Self {
        self.limits = limits;
        self
    }

    /// Caps the number of errors collected per document (see
    /// [`Validator::max_errors`]).
    pub fn max_errors(mut self, max: usize) -> Self {
        self.settings.max_errors = Some(max);
        self.validator = None;
        self
    }

    /// Validates one in-memory document, as
    /// `Validator::from(xml).schema(schema).run()` would.
    pub fn validate(&mut self, xml: &[u8]) -> Result<Report> {
        let mut validator = match self.validator.take() {
            Some(validator) => validator,
            None => Box::new(self.settings.streaming(Arc::clone(&self.schema))),
        };
        validator.begin_document();
        let (outcome, validator) = validator.validate_bytes_reusing(xml, self.limits);
        self.validator = validator;
        Ok(Report::with_counters(outcome?, None))
    }

    /// How many names the kept validator has interned, those of the schema
    /// and of every document read since it was made (0 before the first).
    pub fn interned_names(&self) -> usize {
        self.validator
            .as_ref()
            .map_or(0, |validator| validator.interned_names())
    }
}

/// The outcome of a validation run.
///
/// Wraps the collected [`StructuredError`]s (which may include warnings) with
/// convenience accessors. [`is_valid`](Report::is_valid) is the usual check.
#[derive(Debug, Clone)]
pub struct Report {
    entries: Vec<StructuredError>,
    counters: Option<super::ValidationCounters>,
}

impl Report {
    fn with_counters(
        entries: Vec<StructuredError>,
        counters: Option<super::ValidationCounters>,
    ) -> Self {
        Self { entries, counters }
    }

    /// Work counters, present only for streaming validation against an
    /// explicit schema. For benchmarking tools; not part of the stable API.
    #[doc(hidden)]
    pub fn counters(&self) -> Option<super::ValidationCounters> {
        self.counters
    }

    /// True if there are no error-level entries (warnings are allowed).
    pub fn is_valid(&self) -> bool {
        !self.entries.iter().any(|e| e.is_error())
    }

    /// True if there are no entries at all (no errors and no warnings).
    pub fn is_clean(&self) -> bool {
        self.entries.is_empty()
    }

    /// All collected entries, errors and warnings alike.
    pub fn entries(&self) -> &[StructuredError] {
        &self.entries
    }

    /// Only the error-level entries (excludes warnings).
    pub fn errors(&self) -> Vec<&StructuredError> {
        self.entries.iter().filter(|e| e.is_error()).collect()
    }

    /// Only the warning-level entries.
    pub fn warnings(&self) -> Vec<&StructuredError> {
        self.entries.iter().filter(|e| e.is_warning()).collect()
    }

    /// Number of error-level entries.
    pub fn error_count(&self) -> usize {
        self.entries.iter().filter(|e| e.is_error()).count()
    }

    /// Number of warning-level entries.
    pub fn warning_count(&self) -> usize {
        self.entries.iter().filter(|e| e.is_warning()).count()
    }

    /// Consumes the report, returning all collected entries.
    pub fn into_entries(self) -> Vec<StructuredError> {
        self.entries
    }
}
