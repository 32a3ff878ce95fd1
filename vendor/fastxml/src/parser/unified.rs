//! The unified [`Parser`] entry point.
//!
//! `Parser` is the front door for parsing. It follows the crate-wide shape —
//! `from(source)`, optional configuration, then a terminal — over the
//! internal `parse` / `parse_with_options` / `parse_from_bufread` functions:
//!
//! ```ignore
//! use fastxml::Parser;
//!
//! let doc = Parser::from(xml).parse()?;                 // DOM from &str / &[u8]
//! let doc = Parser::from_reader(file).parse()?;         // DOM from any reader
//! let doc = Parser::from(xml).options(opts).parse()?;   // with parser options
//!
//! for event in Parser::from(xml).events()? { /* … */ }  // buffered event list
//! Parser::from_reader(file).for_each_event(|e| { /* … */ Ok(()) })?; // push-based
//! ```
//!
//! For push-based streaming (a callback invoked as each event is read,
//! without buffering the event list), use [`Parser::for_each_event`].

use std::io::BufRead;
use std::sync::{Arc, Mutex};

use crate::document::XmlDocument;
use crate::error::Result;
use crate::event::{StreamingParser, XmlEvent, XmlEventHandler};

use super::{DocumentLimits, ParserOptions, parse_from_bufread, parse_with_options};

/// The input to parse.
enum Source<'a> {
    /// In-memory XML bytes.
    Bytes(&'a [u8]),
    /// Any buffered reader.
    Reader(Box<dyn BufRead + 'a>),
}

/// A consistent front door for parsing XML.
///
/// `from(source)` → optional [`options`](Parser::options) → a terminal
/// ([`parse`](Parser::parse) for a DOM, [`events`](Parser::events) for a
/// buffered event list, or [`for_each_event`](Parser::for_each_event) to
/// receive events as they are read).
pub struct Parser<'a> {
    source: Source<'a>,
    options: ParserOptions,
}

impl<'a> From<&'a str> for Parser<'a> {
    fn from(xml: &'a str) -> Self {
        Self::from_bytes(xml.as_bytes())
    }
}

impl<'a> From<&'a [u8]> for Parser<'a> {
    fn from(xml: &'a [u8]) -> Self {
        Self::from_bytes(xml)
    }
}

impl<'a> Parser<'a> {
    fn from_bytes(bytes: &'a [u8]) -> Self {
        Parser {
            source: Source::Bytes(bytes),
            options: ParserOptions::default(),
        }
    }

    /// Creates a parser that reads its input from any [`BufRead`].
    ///
    /// `from` cannot be used for readers because of Rust coherence
    /// (`From<&str>` and a blanket `From<R: BufRead>` cannot coexist).
    pub fn from_reader<R: BufRead + 'a>(reader: R) -> Self {
        Parser {
            source: Source::Reader(Box::new(reader)),
            options: ParserOptions::default(),
        }
    }

    /// Sets the parser options (buffer size, memory limits, libxml-compat, …).
    pub fn options(mut self, options: ParserOptions) -> Self {
        self.options = options;
        self
    }

    /// Parses the input into a DOM [`XmlDocument`].
    pub fn parse(self) -> Result<XmlDocument> {
        match self.source {
            Source::Bytes(bytes) => parse_with_options(bytes, &self.options),
            Source::Reader(reader) => parse_from_bufread(reader, &self.options),
        }
    }

    /// Parses the input and returns all XML events as a buffered `Vec`.
    ///
    /// This collects the full event stream into memory. For push-based
    /// streaming without buffering, use [`for_each_event`](Self::for_each_event).
    pub fn events(self) -> Result<Vec<XmlEvent>> {
        match self.source {
            Source::Bytes(bytes) => {
                let utf8 = super::source::normalize_line_ends(super::encoding::to_utf8(bytes))?;
                collect_events(StreamingParser::from_slice(&utf8))
            }
            Source::Reader(reader) => collect_events(StreamingParser::new(reader)),
        }
    }

    /// Reads the whole input with every well-formedness check of
    /// [`parse`](Self::parse), and builds nothing: no DOM, no owned events.
    pub fn check_well_formed(self) -> Result<()> {
        self.check_well_formed_within(DocumentLimits::default())
    }

    /// [`check_well_formed`](Self::check_well_formed), holding the input to
    /// `limits` in the same reading.
    pub fn check_well_formed_within(self, limits: DocumentLimits) -> Result<()> {
        match self.source {
            Source::Bytes(bytes) => {
                let utf8 = super::source::normalize_line_ends(super::encoding::to_utf8(bytes))?;
                StreamingParser::from_slice(&utf8)
                    .with_limits(limits)
                    .parse()
            }
            Source::Reader(reader) => StreamingParser::new(reader).with_limits(limits).parse(),
        }
    }

    /// Streams the input, invoking `on_event` for every event as it is read,
    /// with **constant memory** (nothing is buffered).
    ///
    /// The callback is borrowed for the duration of the call, so it may capture
    /// and mutate local state. Return `Err(..)` to stop early.
    ///
    /// ```ignore
    /// let mut elements = 0;
    /// Parser::from_reader(file).for_each_event(|event| {
    ///     if matches!(event, XmlEvent::StartElement { .. }) {
    ///         elements += 1;
    ///     }
    ///     Ok(())
    /// })?;
    /// ```
    pub fn for_each_event<F>(self, on_event: F) -> Result<()>
    where
        F: FnMut(&XmlEvent) -> Result<()>,
    {
        match self.source {
            Source::Bytes(bytes) => {
                let utf8 = super::source::normalize_line_ends(super::encoding::to_utf8(bytes))?;
                let mut parser = StreamingParser::from_slice(&utf8);
                parser.for_each_event(on_event)
            }
            Source::Reader(reader) => {
                let mut parser = StreamingParser::new(reader);
                parser.for_each_event(on_event)
            }
        }
    }
}

fn collect_events<'i, S: super::source::EventSource<'i>>(
    mut parser: StreamingParser<S>,
) -> Result<Vec<XmlEvent>> {
    let collected = Arc::new(Mutex::new((
        Vec::new(),
        crate::event::StringInterner::new(),
    )));
    parser.add_handler(Box::new(CollectHandler(Arc::clone(&collected))));
    parser.parse()?;
    let events = std::mem::take(&mut collected.lock().unwrap().0);
    Ok(events)
}

/// Collects every event into a shared buffer.
struct CollectHandler(Arc<Mutex<(Vec<XmlEvent>, crate::event::StringInterner)>>);

impl XmlEventHandler for CollectHandler {
    fn handle(&mut self, event: &crate::event::RawEvent<'_>) -> Result<()> {
        let mut guard = self.0.lock().unwrap();
        let (events, interner) = &mut *guard;
        events.push(event.to_xml_event(interner));
        Ok(())
    }

    fn as_any(self: Box<Self>) -> Box<dyn std::any::Any> {
        self
    }
}
