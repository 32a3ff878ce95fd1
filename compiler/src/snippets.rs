//! Snippets parsed with the same Boa parser that runs them, errors placed at their line
//! and column in the YAML file rather than inside the snippet.

use std::collections::HashSet;
use std::convert::Infallible;
use std::ops::ControlFlow;
use std::sync::OnceLock;

use boa_ast::expression::access::{PropertyAccess, PropertyAccessField};
use boa_ast::expression::literal::LiteralKind;
use boa_ast::expression::operator::unary::UnaryOp;
use boa_ast::expression::{Expression, Identifier};
use boa_ast::scope::Scope;
use boa_ast::visitor::{VisitWith, Visitor};
use boa_ast::{Position as JsPosition, Spanned};
use boa_interner::{Interner, Sym};
use boa_parser::{Parser, Source};
use endpoint_core::snippet;

use crate::diagnostics::Position;
use crate::yaml::Node;

/// A problem at a 1-based line and column of the snippet's own text.
#[derive(Debug, PartialEq, Eq)]
pub struct SnippetProblem {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// What the compiler learns of a snippet that checks.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SnippetScan {
    /// Each `fetch("NAME", ...)` with a literal upstream name, where it is written.
    pub fetched: Vec<FetchedUpstream>,
    /// Each `request.params.NAME` and `request.json.NAME` read, where it is written:
    /// the compiler holds them against the routes and the schema.
    pub shape_reads: Vec<ShapeRead>,
}

/// A read of a named part of the request whose names the definition fixes.
#[derive(Debug, PartialEq, Eq)]
pub struct ShapeRead {
    pub part: RequestPart,
    pub name: String,
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestPart {
    /// `request.params`: the route's parameters.
    Params,
    /// `request.json`: the body, as its schema allows it.
    Json,
}

#[derive(Debug, PartialEq, Eq)]
pub struct FetchedUpstream {
    pub upstream: String,
    pub line: usize,
    pub column: usize,
}

/// Checks the snippet's nesting as the filter will, parses it as the body of the
/// function the runtime builds, then checks that every name it reads is its own, a
/// built-in, or a snippet global.
pub fn check(code: &str) -> Result<SnippetScan, SnippetProblem> {
    // First, as the filter does: Boa's parser must not be given more than it can nest.
    snippet::nesting::check(code).map_err(|too_deep| SnippetProblem {
        line: too_deep.line,
        column: too_deep.column,
        message: too_deep.message,
    })?;
    // The scan bounds what Boa is given for the filter's stack; this tool has a thread
    // of its own so that a debug build (larger frames) parses the same snippets.
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("snippet check".into())
            .stack_size(PARSER_STACK)
            .spawn_scoped(scope, || parse_and_check_names(code))
            .map_err(|error| SnippetProblem {
                line: 1,
                column: 1,
                message: format!("cannot start the snippet check: {error}"),
            })?
            .join()
            .unwrap_or_else(|_| {
                Err(SnippetProblem {
                    line: 1,
                    column: 1,
                    message: "the snippet check failed; please report this snippet".into(),
                })
            })
    })
}

/// Stack for parsing one snippet in this tool: far more than the bound needs.
const PARSER_STACK: usize = 256 << 20;

fn parse_and_check_names(code: &str) -> Result<SnippetScan, SnippetProblem> {
    let text = snippet::function_expression(code);
    let mut interner = Interner::default();
    let parsed = Parser::new(Source::from_bytes(text.as_bytes()))
        .parse_script(&Scope::new_global(), &mut interner);
    match parsed {
        Ok(script) if script.statements().statements().len() == 1 => {
            let mut names = Names {
                fetch: interner.get("fetch"),
                request: interner.get("request"),
                params: interner.get("params"),
                json: interner.get("json"),
                ..Names::default()
            };
            let _ = script.visit_with(&mut names);
            if let Some(problem) = unknown_name(&names, &interner, code) {
                return Err(problem);
            }
            let fetched = names
                .fetched
                .iter()
                .map(|(sym, position)| {
                    let (line, column) = snippet_position(*position, code);
                    FetchedUpstream {
                        upstream: interner.resolve_expect(*sym).to_string(),
                        line,
                        column,
                    }
                })
                .collect();
            // The wrapper's parameter is one `request`; a snippet that declares one of
            // its own (or merely names a property so: erring on the side of silence)
            // reads that one.
            let shadowed = names.request_bindings > 1;
            let shape_reads = match shadowed {
                true => Vec::new(),
                false => names
                    .shape_reads
                    .iter()
                    .map(|(part, sym, position)| {
                        let (line, column) = snippet_position(*position, code);
                        ShapeRead {
                            part: *part,
                            name: interner.resolve_expect(*sym).to_string(),
                            line,
                            column,
                        }
                    })
                    .collect(),
            };
            Ok(SnippetScan {
                fetched,
                shape_reads,
            })
        }
        Ok(_) => Err(SnippetProblem {
            line: 1,
            column: 1,
            message: "a `}` closes more than the snippet opened".into(),
        }),
        Err(error) => Err(problem(&error, code)),
    }
}

/// The names the runtime defines globally, read once from a real snippet runtime so
/// that the compiler and the filter agree on them.
fn known_globals() -> &'static HashSet<String> {
    static NAMES: OnceLock<HashSet<String>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut names: HashSet<String> = snippet::SnippetRuntime::new()
            .and_then(|mut runtime| runtime.global_names())
            .unwrap_or_default()
            .into_iter()
            .collect();
        names.extend(snippet::SNIPPET_GLOBALS.iter().map(|n| n.to_string()));
        names.insert("arguments".into());
        names
    })
}

/// Identifiers read as values, and every other identifier (declared names: bindings,
/// parameters, functions, classes, assignment targets). Erring towards "declared" keeps
/// a valid snippet from ever being refused; `typeof name` probes are allowed.
#[derive(Default)]
struct Names {
    read: Vec<Identifier>,
    declared: HashSet<Sym>,
    /// The literal first argument of each `fetch(...)` call, and where it stands.
    fetched: Vec<(Sym, JsPosition)>,
    /// The symbol of `fetch`, when the snippet mentions it.
    fetch: Option<Sym>,
    /// The symbols of `request`, `params` and `json`, when the snippet mentions them.
    request: Option<Sym>,
    params: Option<Sym>,
    json: Option<Sym>,
    /// Each `request.params.NAME` / `request.json.NAME`, and where NAME stands.
    shape_reads: Vec<(RequestPart, Sym, JsPosition)>,
    /// How many times `request` is declared (or named other than as a value).
    request_bindings: usize,
}

impl Names {
    /// `request.params.NAME` or `request.json.NAME`: the part, and NAME.
    fn shape_read<'a>(&self, access: &'a PropertyAccess) -> Option<(RequestPart, &'a Identifier)> {
        let PropertyAccess::Simple(outer) = access else {
            return None;
        };
        let PropertyAccessField::Const(name) = outer.field() else {
            return None;
        };
        let Expression::PropertyAccess(PropertyAccess::Simple(inner)) = outer.target() else {
            return None;
        };
        let (Expression::Identifier(object), PropertyAccessField::Const(part)) =
            (inner.target(), inner.field())
        else {
            return None;
        };
        if self.request != Some(object.sym()) {
            return None;
        }
        let part = if self.params == Some(part.sym()) {
            RequestPart::Params
        } else if self.json == Some(part.sym()) {
            RequestPart::Json
        } else {
            return None;
        };
        Some((part, name))
    }
}

impl<'ast> Visitor<'ast> for Names {
    type BreakTy = Infallible;

    fn visit_expression(&mut self, node: &'ast Expression) -> ControlFlow<Infallible> {
        match node {
            Expression::Identifier(identifier) => {
                self.read.push(*identifier);
                ControlFlow::Continue(())
            }
            Expression::Call(call) => {
                if let Expression::Identifier(function) = call.function()
                    && self.fetch == Some(function.sym())
                    && let Some(Expression::Literal(first)) = call.args().first()
                    && let LiteralKind::String(upstream) = first.kind()
                {
                    self.fetched.push((*upstream, first.span().start()));
                }
                node.visit_with(self)
            }
            Expression::PropertyAccess(access) => {
                if let Some((part, name)) = self.shape_read(access) {
                    self.shape_reads
                        .push((part, name.sym(), name.span().start()));
                }
                node.visit_with(self)
            }
            Expression::Unary(unary)
                if unary.op() == UnaryOp::TypeOf
                    && matches!(unary.target(), Expression::Identifier(_)) =>
            {
                ControlFlow::Continue(())
            }
            _ => node.visit_with(self),
        }
    }

    fn visit_identifier(&mut self, node: &'ast Identifier) -> ControlFlow<Infallible> {
        if self.request == Some(node.sym()) {
            self.request_bindings += 1;
        }
        self.declared.insert(node.sym());
        ControlFlow::Continue(())
    }
}

/// The first name the snippet reads that nothing defines (a typo like `reqest.body`).
fn unknown_name(names: &Names, interner: &Interner, code: &str) -> Option<SnippetProblem> {
    let known = known_globals();
    let name_of = |sym: Sym| interner.resolve_expect(sym).to_string();
    let mut unknown: Vec<&Identifier> = names
        .read
        .iter()
        .filter(|id| !names.declared.contains(&id.sym()) && !known.contains(&name_of(id.sym())))
        .collect();
    unknown.sort_by_key(|id| {
        (
            id.span().start().line_number(),
            id.span().start().column_number(),
        )
    });
    let first = unknown.first()?;
    let name = name_of(first.sym());
    let mut candidates: Vec<String> = names.declared.iter().map(|s| name_of(*s)).collect();
    candidates.extend(known.iter().cloned());
    let candidates: Vec<&str> = candidates.iter().map(String::as_str).collect();
    let hint = crate::diagnostics::suggestion(&name, &candidates)
        .map(|s| format!("; did you mean `{s}`?"))
        .unwrap_or_else(|| {
            ": declare it, or use a snippet global (request, user, endpoint, env, ...)".into()
        });
    let (line, column) = snippet_position(first.span().start(), code);
    Some(SnippetProblem {
        line,
        column,
        message: format!("`{name}` is not defined{hint}"),
    })
}

/// A position in the wrapped function expression, as a line and column of the snippet.
fn snippet_position(position: JsPosition, code: &str) -> (usize, usize) {
    let line = position.line_number() as usize;
    let column = position.column_number() as usize;
    let line_count = code.lines().count().max(1);
    if line == 1 {
        (
            1,
            column
                .saturating_sub(snippet::wrapped_prefix_len(code))
                .max(1),
        )
    } else {
        (line.min(line_count), column)
    }
}

fn problem(error: &boa_parser::Error, code: &str) -> SnippetProblem {
    use boa_parser::Error;
    let position = match error {
        Error::Expected { span, .. } | Error::Unexpected { span, .. } => Some(span.start()),
        Error::General { position, .. } => Some(*position),
        Error::Lex {
            err: boa_parser::lexer::Error::Syntax(_, position),
        } => Some(*position),
        _ => None,
    };
    // Boa appends "at line L, col C" in wrapper coordinates; the caller gives the file's.
    let full = error.to_string();
    let message = full
        .rfind(" at line ")
        .map_or(full.as_str(), |cut| &full[..cut])
        .to_string();
    let (line, column) = match position {
        Some(p) => {
            let line = p.line_number() as usize;
            let column = p.column_number() as usize;
            if line == 1 {
                (
                    1,
                    column
                        .saturating_sub(snippet::wrapped_prefix_len(code))
                        .max(1),
                )
            } else {
                (line, column)
            }
        }
        // An abrupt end: point after the last line of the snippet.
        None => (code.lines().count().max(1), 1),
    };
    SnippetProblem {
        line: line.min(code.lines().count().max(1)),
        column,
        message: if matches!(error, boa_parser::Error::AbruptEnd) {
            "the snippet ends early: an opened `{`, `(` or string is not closed".into()
        } else {
            message
        },
    }
}

/// A definitions file's lines, split once: placing a snippet's problems and reads in
/// the file then costs the same for its first endpoint and its ten-thousandth.
pub struct SourceLines<'a> {
    lines: Vec<&'a str>,
}

impl<'a> SourceLines<'a> {
    pub fn of(text: &'a str) -> SourceLines<'a> {
        SourceLines {
            lines: text.lines().collect(),
        }
    }

    /// Line `n`, counted from 1; empty past the end.
    fn line(&self, n: usize) -> &'a str {
        self.lines
            .get(n.wrapping_sub(1))
            .copied()
            .unwrap_or_default()
    }
}

/// Where a line and column of a snippet fall in the file: exact for block scalars
/// (`|`, the usual form) and for single-line plain or quoted scalars.
pub fn position_in_file(
    source: &SourceLines<'_>,
    node: &Node,
    line: usize,
    column: usize,
) -> Position {
    let start = crate::yaml::position(node);
    let line_text = |n: usize| source.line(n);
    // A block scalar's span starts at its first content line; the line before it
    // holds the `|` or `>` header.
    let before_start: String = line_text(start.line)
        .chars()
        .take(start.column - 1)
        .collect();
    let header = line_text(start.line - 1).trim_end();
    let is_block = before_start.trim().is_empty()
        && header
            .trim_end_matches(|c: char| c.is_ascii_digit() || c == '-' || c == '+')
            .ends_with(['|', '>']);
    if is_block {
        return Position {
            line: start.line + line - 1,
            column: start.column - 1 + column,
        };
    }
    let opens_with_quote = matches!(
        line_text(start.line).chars().nth(start.column - 1),
        Some('"' | '\'')
    );
    if line == 1 {
        Position {
            line: start.line,
            column: start.column + usize::from(opens_with_quote) + column - 1,
        }
    } else {
        Position {
            line: start.line + line - 1,
            column,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_valid_snippets() {
        check("result = {response: new Response('Hello, World!')}").unwrap();
        check(
            "const x = request.json;\nif (!x) throw new BadRequest('no');\nresult = {payload: x}",
        )
        .unwrap();
    }

    #[test]
    fn reports_syntax_errors_in_snippet_coordinates() {
        let problem = check("const a = 1;\nconst b = ;\n").unwrap_err();
        assert_eq!((problem.line, problem.column), (2, 11), "{problem:?}");
        assert!(!problem.message.contains("at line"));

        let first_line = check("result = {payload: )}").unwrap_err();
        assert_eq!(first_line.line, 1);
        assert_eq!(first_line.column, 20, "{first_line:?}");
    }

    #[test]
    fn every_way_of_declaring_a_name_counts() {
        let valid = r#"
            var hoisted = later + 1; var later = 2;
            function declared(a, {b, c: [d]}, ...rest) { return a + b + d + rest.length + arguments.length; }
            const arrow = (x, y = x) => x + y;
            class Shape { constructor(n) { this.n = n; } get size() { return this.n; } }
            const fn = function named() { return named; };
            try { JSON.parse("x"); } catch (error) { log(error.message, "debug"); }
            for (const key in {a: 1}) log(key);
            for (let [i, value] of [[0, 1]].entries()) log(String(i + value));
            outer: for (let i = 0; i < 2; i++) { for (;;) { continue outer; } }
            const {headers, params: {id} = {}} = request;
            if (typeof maybeDefined === "undefined") { log("probe"); }
            result = {payload: [declared(1, {b: 2, c: [3]}), arrow(1), new Shape(2).size, fn(), hoisted,
                      Math.max(1, 2), new Date(0).getTime(), sha256(""), env, user, endpoint, headers, id,
                      undefined, NaN, Infinity, globalThis, JSON, new Response("")]};
        "#;
        check(valid).unwrap();
    }

    #[test]
    fn names_nothing_defines_are_errors_at_their_place() {
        let typo = check("const body = reqest.body;\nresult = {payload: body}").unwrap_err();
        assert_eq!((typo.line, typo.column), (1, 14), "{typo:?}");
        assert_eq!(
            typo.message,
            "`reqest` is not defined; did you mean `request`?"
        );

        let second_line = check("const a = 1;\nresult = {payload: a + missingThing}").unwrap_err();
        assert_eq!(
            (second_line.line, second_line.column),
            (2, 24),
            "{second_line:?}"
        );
        assert!(
            second_line
                .message
                .starts_with("`missingThing` is not defined")
        );

        // Nothing outside the snippet API: no Node, browser or Envoy globals.
        for global in [
            "require('fs')",
            "process.exit()",
            "XMLHttpRequest",
            "window.x",
            "setTimeout(f, 1)",
        ] {
            assert!(check(global).is_err(), "{global} must be refused");
        }
    }

    #[test]
    fn literal_fetch_upstreams_are_found_where_they_are_written() {
        let scan = check("const a = await fetch('orders', '/x');\nconst b = await fetch(\"stock\", '/y');\nconst name = 'dyn';\nawait fetch(name, '/z');").unwrap();
        assert_eq!(
            scan.fetched,
            [
                FetchedUpstream {
                    upstream: "orders".into(),
                    line: 1,
                    column: 23
                },
                FetchedUpstream {
                    upstream: "stock".into(),
                    line: 2,
                    column: 23
                },
            ]
        );
        // A property named fetch is not the global.
        assert!(
            check("const o = {fetch() {}}; o.fetch('x');")
                .unwrap()
                .fetched
                .is_empty()
        );
    }

    #[test]
    fn refuses_unbalanced_snippets() {
        assert!(check("result = {payload: 1}; }); (function () {").is_err());
        assert!(check("result = {payload: (1}").is_err());
        let open = check("if (true) {\n  result = 1;\n").unwrap_err();
        assert!(
            open.message.contains("not closed") || open.line >= 1,
            "{open:?}"
        );
    }
}
