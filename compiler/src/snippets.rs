//! Snippets parsed with the same Boa parser that runs them, errors placed at their line
//! and column in the YAML file rather than inside the snippet.

use boa_ast::scope::Scope;
use boa_interner::Interner;
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

/// Parses the snippet as the body of the function the runtime builds.
pub fn check(code: &str) -> Result<(), SnippetProblem> {
    let text = snippet::function_expression(code);
    let mut interner = Interner::default();
    let parsed = Parser::new(Source::from_bytes(text.as_bytes()))
        .parse_script(&Scope::new_global(), &mut interner);
    match parsed {
        Ok(script) if script.statements().statements().len() == 1 => Ok(()),
        Ok(_) => Err(SnippetProblem {
            line: 1,
            column: 1,
            message: "a `}` closes more than the snippet opened".into(),
        }),
        Err(error) => Err(problem(&error, code)),
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
                    column.saturating_sub(snippet::wrapped_prefix_len()).max(1),
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

/// Where a line and column of a snippet fall in the file: exact for block scalars
/// (`|`, the usual form) and for single-line plain or quoted scalars.
pub fn position_in_file(text: &str, node: &Node, line: usize, column: usize) -> Position {
    let start = crate::yaml::position(node);
    let lines: Vec<&str> = text.lines().collect();
    let line_text = |n: usize| lines.get(n.wrapping_sub(1)).copied().unwrap_or_default();
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
