//! A bound on how deeply a snippet nests, checked before Boa parses it.
//!
//! Boa parses, compiles and drops a script by recursion, one native stack frame chain
//! per level of nesting, and it has no depth limit of its own. In the filter the stack
//! is a fixed region of wasm memory: running off its end traps the VM and drops every
//! request on that worker. So the snippet's text is scanned first, without recursion,
//! and refused when the stack its parse could need goes past [`MAX_COST`].
//!
//! The scan weighs what makes Boa recurse, per open bracket, in about the stack each
//! level takes natively (KiB, measured with Boa 0.22 in release), over-counting where
//! the text alone cannot tell:
//! - a bracket (`(`, `[`, `{`, `${`) nests a whole expression: [`BRACKET`];
//! - an assignment, `?`, `=>`, `**`, `yield` or `extends` nests its right side, and a
//!   unary operator its operand: [`NESTED`];
//! - `if`, `else`, `for`, `while`, `do`, `with` and labels nest a statement: [`STATEMENT`];
//! - binary operators, member accesses, calls, `new` and sequence commas build a chain
//!   that Boa nests to the left: [`CHAINED`] each.
//!
//! A `;`, a list comma and an automatic semicolon end what they end; a statement chain
//! goes on through `else` and `do … while`. The filter's stack is several times
//! [`MAX_COST`] (filter/build.rs); docs/snippets.md ("Limits") gives the figures.

/// One bracket level (24–26 KiB measured).
pub const BRACKET: u32 = 26;
/// One nested assignment, conditional, arrow or unary operator (2–4.8 KiB).
pub const NESTED: u32 = 5;
/// One nested statement: an `if` without braces, a label (1.7–2.7 KiB).
pub const STATEMENT: u32 = 4;
/// One link of an operator, member or call chain (1.2–1.5 KiB).
pub const CHAINED: u32 = 2;
/// The most a snippet may cost: 64 nested brackets, or a chain of 832 operators.
pub const MAX_COST: u32 = 64 * BRACKET;

/// Where a snippet goes past the bound, as a 1-based line and column of its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooDeep {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Scans `code` (a snippet's text) and refuses it if parsing it could need more stack
/// than [`MAX_COST`] allows.
pub fn check(code: &str) -> Result<(), TooDeep> {
    Scanner::new(code).run()
}

/// What a token adds to the level it is read in.
enum Link {
    Nested,
    Statement,
    Chained,
}

/// How the statement before the next token ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ended {
    Not,
    /// By `;` or an automatic semicolon.
    Surely,
    /// By a block's `}`, if what follows starts a statement (after a function
    /// expression's body, the expression may go on).
    IfAStatementFollows,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LevelKind {
    /// The snippet's body, or a block of statements.
    Statements,
    /// `(` after `if`, `for`, `while`, `with`, `switch`, `catch`.
    ControlHead,
    /// `(` of a call, or of a function's parameters.
    Arguments,
    /// `(` around an expression (or an arrow function's parameters).
    Group,
    ArrayLiteral,
    /// `[` of `a[key]`.
    Member,
    ObjectLiteral,
    /// `${` in a template literal.
    Substitution,
}

impl LevelKind {
    /// Whether a comma at this level separates items rather than chaining a sequence.
    fn lists(self) -> bool {
        matches!(
            self,
            LevelKind::Arguments | LevelKind::ArrayLiteral | LevelKind::ObjectLiteral
        )
    }
}

#[derive(Debug)]
struct Level {
    kind: LevelKind,
    /// The cost of everything around this level, its own bracket included.
    base: u32,
    /// Costs of the open links, by how they end.
    nested: u32,
    statements: u32,
    chained: u32,
    /// `?` still waiting for their `:`.
    open_conditionals: u32,
    /// A `case` or `default` waiting for its `:`.
    open_case: bool,
    /// A statement ended here: the statement chain ends too, unless the next token is
    /// `else` or the `while` of a `do`.
    statement_ended: Ended,
    /// The chain before a block closed here (see [`Scanner::pop_level`]).
    chained_before_block: Option<u32>,
}

impl Level {
    fn new(kind: LevelKind, base: u32) -> Level {
        Level {
            kind,
            base,
            nested: 0,
            statements: 0,
            chained: 0,
            open_conditionals: 0,
            open_case: false,
            statement_ended: Ended::Not,
            chained_before_block: None,
        }
    }

    fn cost(&self) -> u32 {
        self.base
            .saturating_add(self.nested)
            .saturating_add(self.statements)
            .saturating_add(self.chained)
    }

    fn end_expression(&mut self) {
        self.nested = 0;
        self.chained = 0;
        self.open_conditionals = 0;
    }
}

/// The previous token, as far as the next one's meaning depends on it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Word(String),
    /// A number, string, regular expression or whole template.
    Literal,
    Punctuator(&'static str),
    /// `)`, and whether it closed the head of `if`, `for`, `while`...
    CloseParen {
        control: bool,
    },
    /// `}`, and whether it closed a block rather than an object literal.
    CloseBrace {
        block: bool,
    },
}

/// Reserved words after which an expression starts (so `/` begins a regular expression
/// and `{` an object literal).
const EXPRESSION_KEYWORDS: [&str; 14] = [
    "return",
    "typeof",
    "instanceof",
    "in",
    "new",
    "delete",
    "void",
    "throw",
    "case",
    "yield",
    "await",
    "extends",
    "of",
    "default",
];

/// Reserved words that cannot end an expression.
const RESERVED: [&str; 30] = [
    "break",
    "case",
    "catch",
    "class",
    "const",
    "continue",
    "debugger",
    "default",
    "delete",
    "do",
    "else",
    "export",
    "extends",
    "finally",
    "for",
    "function",
    "if",
    "import",
    "in",
    "instanceof",
    "let",
    "new",
    "return",
    "switch",
    "throw",
    "try",
    "typeof",
    "var",
    "void",
    "while",
];

impl Token {
    /// Whether the token can end an expression, so that `/` after it divides, `(` calls
    /// and `[` indexes.
    fn ends_expression(&self) -> bool {
        match self {
            Token::Word(word) => {
                !RESERVED.contains(&word.as_str())
                    && !EXPRESSION_KEYWORDS.contains(&word.as_str())
                    && word != "with"
            }
            Token::Literal => true,
            Token::Punctuator(p) => matches!(*p, "]" | "++" | "--"),
            Token::CloseParen { control } => !control,
            Token::CloseBrace { block } => !block,
        }
    }

    fn is_word(&self, words: &[&str]) -> bool {
        matches!(self, Token::Word(word) if words.contains(&word.as_str()))
    }

    /// Whether the token can begin a statement but not continue an expression: with a
    /// line break before it, the statement before it has ended.
    fn starts_statement(&self) -> bool {
        match self {
            Token::Word(word) => !matches!(word.as_str(), "in" | "instanceof" | "of"),
            Token::Literal => true,
            Token::Punctuator(p) => matches!(*p, "!" | "~" | "++" | "--"),
            Token::CloseParen { .. } | Token::CloseBrace { .. } => false,
        }
    }
}

const PUNCTUATORS: [&str; 58] = [
    ">>>=", "...", "===", "!==", "**=", "<<=", ">>=", ">>>", "&&=", "||=", "??=", "=>", "==", "!=",
    "<=", ">=", "&&", "||", "??", "?.", "++", "--", "+=", "-=", "*=", "%=", "&=", "|=", "^=", "**",
    "<<", ">>", "{", "}", "(", ")", "[", "]", ";", ",", "<", ">", "+", "-", "*", "%", "&", "|",
    "^", "!", "~", "?", ":", "=", ".", "@", "/=", "/",
];

const ASSIGNMENTS: [&str; 16] = [
    "=", "+=", "-=", "*=", "/=", "%=", "**=", "<<=", ">>=", ">>>=", "&=", "|=", "^=", "&&=", "||=",
    "??=",
];

struct Scanner {
    chars: Vec<char>,
    at: usize,
    line: usize,
    column: usize,
    /// The innermost open level, and the ones around it.
    current: Level,
    outer: Vec<Level>,
    previous: Option<Token>,
    /// A line break since the previous token.
    line_break: bool,
}

impl Scanner {
    fn new(code: &str) -> Scanner {
        Scanner {
            chars: code.chars().collect(),
            at: 0,
            line: 1,
            column: 1,
            current: Level::new(LevelKind::Statements, 0),
            outer: Vec::new(),
            previous: None,
            line_break: false,
        }
    }

    fn peek(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.at + ahead).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek(0)?;
        self.at += 1;
        if is_line_break(c) {
            // A CR LF pair is one line break.
            if !(c == '\r' && self.peek(0) == Some('\n')) {
                self.line += 1;
                self.column = 1;
            }
        } else {
            self.column += 1;
        }
        Some(c)
    }

    fn run(mut self) -> Result<(), TooDeep> {
        while let Some(c) = self.peek(0) {
            let (line, column) = (self.line, self.column);
            if is_line_break(c) {
                self.bump();
                self.line_break = true;
                continue;
            }
            if c.is_whitespace() || c == '\u{feff}' {
                self.bump();
                continue;
            }
            if c == '/' && self.peek(1) == Some('/') {
                while self.peek(0).is_some_and(|c| !is_line_break(c)) {
                    self.bump();
                }
                continue;
            }
            if c == '/' && self.peek(1) == Some('*') {
                self.bump();
                self.bump();
                while let Some(c) = self.bump() {
                    if is_line_break(c) {
                        self.line_break = true;
                    }
                    if c == '*' && self.peek(0) == Some('/') {
                        self.bump();
                        break;
                    }
                }
                continue;
            }
            let token = self.token(c);
            self.take(token, line, column)?;
            self.line_break = false;
        }
        Ok(())
    }

    /// Reads one token starting with `c`; templates and their substitutions are read
    /// here too, as they open and close levels.
    fn token(&mut self, c: char) -> Token {
        if c == '"' || c == '\'' {
            self.bump();
            while let Some(next) = self.peek(0) {
                if is_line_break(next) {
                    break; // unterminated: Boa reports it
                }
                self.bump();
                if next == '\\' {
                    self.bump();
                } else if next == c {
                    break;
                }
            }
            return Token::Literal;
        }
        if c == '`' {
            self.bump();
            return self.template_rest();
        }
        if c.is_ascii_digit() || (c == '.' && self.peek(1).is_some_and(|d| d.is_ascii_digit())) {
            let decimal = !(c == '0' && self.peek(1).is_some_and(|x| x.is_ascii_alphabetic()));
            let mut last = c;
            self.bump();
            while let Some(next) = self.peek(0) {
                let exponent_sign =
                    decimal && matches!(last, 'e' | 'E') && matches!(next, '+' | '-');
                if next.is_ascii_alphanumeric() || next == '_' || next == '.' || exponent_sign {
                    last = next;
                    self.bump();
                } else {
                    break;
                }
            }
            return Token::Literal;
        }
        if is_word_char(c) || c == '#' {
            let mut word = String::new();
            while let Some(next) = self.peek(0) {
                if next == '\\' {
                    // `\u0061` or `\u{61}` in an identifier
                    self.bump();
                    if self.peek(0) == Some('u') && self.peek(1) == Some('{') {
                        while self.bump().is_some_and(|c| c != '}') {}
                    }
                    word.push('\\');
                } else if is_word_char(next) || (next == '#' && word.is_empty()) {
                    word.push(next);
                    self.bump();
                } else {
                    break;
                }
            }
            return Token::Word(word);
        }
        // A `/` that cannot divide starts a regular expression, if one ends on this line.
        if c == '/'
            && !self.previous.as_ref().is_some_and(Token::ends_expression)
            && let Some(length) = self.regular_expression_length()
        {
            for _ in 0..length {
                self.bump();
            }
            return Token::Literal;
        }
        if c == '}' && self.current.kind == LevelKind::Substitution {
            self.bump();
            self.pop_level();
            // The template goes on: what follows is not a tagged template.
            self.previous = Some(Token::Punctuator("${"));
            return self.template_rest();
        }
        let punctuator = PUNCTUATORS
            .iter()
            .find(|p| {
                p.chars()
                    .enumerate()
                    .all(|(i, pc)| self.peek(i) == Some(pc))
            })
            .copied()
            // `?.5` is `?` then `.5`
            .map(|p| {
                if p == "?." && self.peek(2).is_some_and(|d| d.is_ascii_digit()) {
                    "?"
                } else {
                    p
                }
            });
        match punctuator {
            Some(p) => {
                for _ in 0..p.chars().count() {
                    self.bump();
                }
                Token::Punctuator(p)
            }
            None => {
                // Not JavaScript; Boa reports it.
                self.bump();
                Token::Punctuator("?unknown")
            }
        }
    }

    /// The length of the regular expression literal starting at `/`, if it ends on this
    /// line.
    fn regular_expression_length(&self) -> Option<usize> {
        let mut length = 1;
        let mut in_class = false;
        loop {
            let c = self.peek(length)?;
            length += 1;
            match c {
                c if is_line_break(c) => return None,
                '\\' => {
                    if self.peek(length).is_none_or(is_line_break) {
                        return None;
                    }
                    length += 1;
                }
                '[' => in_class = true,
                ']' => in_class = false,
                '/' if !in_class => break,
                _ => {}
            }
        }
        while self.peek(length).is_some_and(is_word_char) {
            length += 1;
        }
        Some(length)
    }

    /// Reads a template from after its opening backtick (or a substitution's `}`) to its
    /// end or its next `${`, which opens a substitution level.
    fn template_rest(&mut self) -> Token {
        while let Some(c) = self.bump() {
            match c {
                '\\' => {
                    self.bump();
                }
                '`' => return Token::Literal,
                '$' if self.peek(0) == Some('{') => {
                    self.bump();
                    return Token::Punctuator("${");
                }
                _ => {}
            }
        }
        Token::Literal
    }

    /// Accounts for one token read at `line`:`column`.
    fn take(&mut self, token: Token, line: usize, column: usize) -> Result<(), TooDeep> {
        let previous = self.previous.replace(token.clone());
        let line_break = self.line_break;
        let level = &mut self.current;
        if line_break
            && previous.as_ref().is_some_and(Token::ends_expression)
            && token.starts_statement()
        {
            // An automatic semicolon.
            level.end_expression();
            level.statement_ended = Ended::Surely;
        }
        let ended = std::mem::replace(&mut level.statement_ended, Ended::Not);
        let continues = token.is_word(&["else", "while"]);
        let chained_before_block = level.chained_before_block.take();
        if let (Ended::IfAStatementFollows, true, Some(chained)) =
            (ended, continues, chained_before_block)
        {
            // The block was the body of `if` or `do`: it is not an operand.
            level.chained = chained;
        }
        match ended {
            Ended::Surely if !continues => level.statements = 0,
            Ended::IfAStatementFollows if !continues && token.starts_statement() => {
                level.statements = 0;
                level.end_expression();
            }
            _ => {}
        }
        let ends_expression = previous.as_ref().is_some_and(Token::ends_expression);
        match token {
            Token::Punctuator("${") => self.open(LevelKind::Substitution),
            Token::Punctuator("(") => {
                let kind = if previous
                    .as_ref()
                    .is_some_and(|p| p.is_word(&["if", "for", "while", "with", "switch", "catch"]))
                {
                    LevelKind::ControlHead
                } else if ends_expression {
                    self.add(Link::Chained)
                        .map_err(|cost| self.too_deep(cost, line, column))?;
                    LevelKind::Arguments
                } else if previous.as_ref().is_some_and(|p| p.is_word(&["function"])) {
                    LevelKind::Arguments
                } else {
                    LevelKind::Group
                };
                self.open(kind)
            }
            Token::Punctuator("[") => {
                let kind = if ends_expression {
                    self.add(Link::Chained)
                        .map_err(|cost| self.too_deep(cost, line, column))?;
                    LevelKind::Member
                } else {
                    LevelKind::ArrayLiteral
                };
                self.open(kind)
            }
            Token::Punctuator("{") => {
                let object = match &previous {
                    None => false,
                    Some(Token::Punctuator(p)) => {
                        !matches!(*p, ";" | "{" | "}" | "=>" | "${" | "label:")
                    }
                    Some(word @ Token::Word(_)) => word.is_word(&EXPRESSION_KEYWORDS),
                    Some(_) => false,
                };
                let kind = if object {
                    LevelKind::ObjectLiteral
                } else {
                    LevelKind::Statements
                };
                self.open(kind)
            }
            Token::Punctuator(")") => {
                let control = self.close(&[
                    LevelKind::ControlHead,
                    LevelKind::Arguments,
                    LevelKind::Group,
                ]);
                self.previous = Some(Token::CloseParen {
                    control: control == Some(LevelKind::ControlHead),
                });
                Ok(())
            }
            Token::Punctuator("]") => {
                self.close(&[LevelKind::ArrayLiteral, LevelKind::Member]);
                Ok(())
            }
            Token::Punctuator("}") => {
                let closed = self.close(&[LevelKind::Statements, LevelKind::ObjectLiteral]);
                let block = closed != Some(LevelKind::ObjectLiteral);
                if block {
                    self.current.statement_ended = Ended::IfAStatementFollows;
                }
                self.previous = Some(Token::CloseBrace { block });
                Ok(())
            }
            Token::Punctuator(";") => {
                let level = &mut self.current;
                level.end_expression();
                level.statement_ended = Ended::Surely;
                Ok(())
            }
            Token::Punctuator(",") => {
                let level = &mut self.current;
                if level.kind.lists() {
                    level.end_expression();
                    Ok(())
                } else {
                    level.nested = 0;
                    level.open_conditionals = 0;
                    self.add(Link::Chained)
                }
            }
            Token::Punctuator("?") => {
                let level = &mut self.current;
                level.open_conditionals = level.open_conditionals.saturating_add(1);
                self.add(Link::Nested)
            }
            Token::Punctuator(":") => {
                let level = &mut self.current;
                if level.kind == LevelKind::ObjectLiteral {
                    Ok(())
                } else if level.open_conditionals > 0 && !level.open_case {
                    level.open_conditionals -= 1;
                    Ok(())
                } else {
                    // After a label or a case, `{` opens a block.
                    self.previous = Some(Token::Punctuator("label:"));
                    if std::mem::take(&mut self.current.open_case) {
                        Ok(())
                    } else {
                        self.add(Link::Statement)
                    }
                }
            }
            Token::Punctuator(p) if ASSIGNMENTS.contains(&p) || matches!(p, "=>" | "**") => {
                self.add(Link::Nested)
            }
            Token::Punctuator("?unknown") => Ok(()),
            Token::Punctuator("!" | "~") => self.add(Link::Nested),
            Token::Punctuator("+" | "-" | "++" | "--" | "...") if !ends_expression => {
                self.add(Link::Nested)
            }
            Token::Punctuator(_) => self.add(Link::Chained),
            Token::Word(ref word) => match word.as_str() {
                "yield" | "extends" => self.add(Link::Nested),
                "if" | "else" | "for" | "while" | "do" | "with" => self.add(Link::Statement),
                "case" | "default" => {
                    self.current.open_case = true;
                    Ok(())
                }
                "typeof" | "void" | "delete" | "await" => self.add(Link::Nested),
                "new" | "in" | "instanceof" => self.add(Link::Chained),
                _ => Ok(()),
            },
            Token::Literal => {
                if ends_expression {
                    // A tagged template.
                    self.add(Link::Chained)
                } else {
                    Ok(())
                }
            }
            Token::CloseParen { .. } | Token::CloseBrace { .. } => Ok(()),
        }
        .map_err(|cost| self.too_deep(cost, line, column))
    }

    fn add(&mut self, link: Link) -> Result<(), u32> {
        let level = &mut self.current;
        match link {
            Link::Nested => level.nested = level.nested.saturating_add(NESTED),
            Link::Statement => level.statements = level.statements.saturating_add(STATEMENT),
            Link::Chained => level.chained = level.chained.saturating_add(CHAINED),
        }
        let cost = level.cost();
        if cost > MAX_COST { Err(cost) } else { Ok(()) }
    }

    fn open(&mut self, kind: LevelKind) -> Result<(), u32> {
        let base = self.current.cost().saturating_add(BRACKET);
        let inner = Level::new(kind, base);
        self.outer.push(std::mem::replace(&mut self.current, inner));
        if base > MAX_COST { Err(base) } else { Ok(()) }
    }

    /// Closes the innermost level if it is one of `kinds`; returns its kind. A closer
    /// that matches nothing is left for Boa to report.
    fn close(&mut self, kinds: &[LevelKind]) -> Option<LevelKind> {
        if kinds.contains(&self.current.kind) {
            self.pop_level()
        } else {
            None
        }
    }

    /// Leaves the innermost level. Boa nests operator chains to the left, so what
    /// follows a closed bracket (`(a + b) + c`, `f(x).y`) sits above all of it: the
    /// parent's chain goes on from the depth the level reached, not from its own.
    fn pop_level(&mut self) -> Option<LevelKind> {
        // The snippet's own level is never left: a stray closer is Boa's to report.
        let parent = self.outer.pop()?;
        let closed = std::mem::replace(&mut self.current, parent);
        if closed.kind == LevelKind::ControlHead {
            return Some(closed.kind);
        }
        let parent = &mut self.current;
        let reached = closed
            .cost()
            .saturating_sub(BRACKET)
            .saturating_sub(parent.base + parent.nested + parent.statements);
        if closed.kind == LevelKind::Statements {
            // Unless the block was a statement's, and `else` or `while` follows.
            parent.chained_before_block = Some(parent.chained);
        }
        parent.chained = parent.chained.max(reached);
        Some(closed.kind)
    }

    fn too_deep(&self, cost: u32, line: usize, column: usize) -> TooDeep {
        TooDeep {
            line,
            column,
            message: format!(
                "the snippet nests too deeply here for the filter's stack \
                 (depth {} of at most {}; brackets and nested `if`, `=`, `?:`, `=>` count, \
                 and long operator chains a little): move the inner part into a function \
                 or a variable",
                cost.div_ceil(BRACKET),
                MAX_COST / BRACKET
            ),
        }
    }
}

fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}')
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || c == '_'
        || c == '$'
        || c == '\\'
        || (!c.is_ascii() && !c.is_whitespace() && c != '\u{feff}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snippet::SnippetRuntime;

    /// A name, and a snippet `n` levels deep.
    type Shape = (&'static str, fn(usize) -> String);

    /// Each shape Boa nests, built `n` deep.
    fn shapes() -> Vec<Shape> {
        vec![
            ("arrays", |n| {
                format!("result = {}{};", "[".repeat(n), "]".repeat(n))
            }),
            ("objects", |n| {
                format!("result = {}1{};", "{a: ".repeat(n), "}".repeat(n))
            }),
            ("parentheses", |n| {
                format!("result = {}1{};", "(".repeat(n), ")".repeat(n))
            }),
            ("calls", |n| {
                format!(
                    "const f = (x) => x; result = {}1{};",
                    "f(".repeat(n),
                    ")".repeat(n)
                )
            }),
            ("blocks", |n| {
                format!("{}result = 1;{}", "{".repeat(n), "}".repeat(n))
            }),
            ("functions", |n| {
                format!(
                    "result = {}1{};",
                    "(function () { return ".repeat(n),
                    " })()".repeat(n)
                )
            }),
            ("templates", |n| {
                format!("result = {}1{};", "`${".repeat(n), "}`".repeat(n))
            }),
            ("else if with blocks", |n| {
                format!("let a = 1;{} {{ result = 1 }}", " if (a) {} else".repeat(n))
            }),
            ("else if with semicolons", |n| {
                format!(
                    "let a = 1, b;{} b = 1; result = 1",
                    " if (a) b = 1; else".repeat(n)
                )
            }),
            ("if without braces", |n| {
                format!("let a = 1;\n{}result = 1", "if (a)\n".repeat(n))
            }),
            ("loops without braces", |n| {
                format!("let a = 0;\n{}result = 1", "while (a)\n".repeat(n))
            }),
            ("do while", |n| {
                format!(
                    "let a = 0;\n{}result = 1;{}",
                    "do ".repeat(n),
                    " while (a);".repeat(n)
                )
            }),
            ("labels", |n| {
                let labels: String = (0..n).map(|i| format!("l{i}: ")).collect();
                format!("{labels}result = 1;")
            }),
            ("labelled blocks", |n| {
                let labels: String = (0..n).map(|i| format!("l{i}: {{ ")).collect();
                format!("{labels}result = 1;{}", " }".repeat(n))
            }),
            ("labels in a labelled block", |n| {
                let labels: String = (0..n).map(|i| format!("l{i}: ")).collect();
                format!("l: {{ {labels}result = 1; }}")
            }),
            ("assignments", |n| {
                format!("let a; result = {}1;", "a = ".repeat(n))
            }),
            ("conditionals", |n| {
                format!("let a = 1; result = {}1;", "a ? 1 : ".repeat(n))
            }),
            ("arrows", |n| format!("result = {}1;", "x => ".repeat(n))),
            ("exponents", |n| format!("result = 1{};", " ** 1".repeat(n))),
            ("unary operators", |n| {
                format!("result = {}1;", "!".repeat(n))
            }),
            ("new", |n| format!("result = {}Object;", "new ".repeat(n))),
            ("additions", |n| format!("result = 1{};", " + 1".repeat(n))),
            ("members", |n| {
                format!("const a = {{}}; a.a = a; result = a{};", ".a".repeat(n))
            }),
            ("call chains", |n| {
                format!("const f = () => f; result = f{};", "()".repeat(n))
            }),
            ("sequences", |n| format!("result = (1{});", ", 1".repeat(n))),
            ("chains in nested parentheses", |n| {
                let chain = " + 1".repeat(100);
                format!(
                    "result = {}1{};",
                    "(".repeat(n),
                    format!("{chain})").repeat(n)
                )
            }),
            ("assignments in nested parentheses", |n| {
                format!(
                    "let a; result = {}1{};",
                    "a = a = a = a = (".repeat(n),
                    ")".repeat(n)
                )
            }),
        ]
    }

    /// The largest `n` the scan accepts for a shape, up to `cap`.
    fn deepest_accepted(shape: fn(usize) -> String, cap: usize) -> usize {
        let (mut accepted, mut refused) = (0, cap + 1);
        while refused - accepted > 1 {
            let n = (accepted + refused) / 2;
            if check(&shape(n)).is_ok() {
                accepted = n;
            } else {
                refused = n;
            }
        }
        accepted
    }

    /// The filter's stack (filter/build.rs) is 8 MiB; these compile on a quarter of it.
    const TEST_STACK: usize = 2 << 20;

    #[test]
    fn the_deepest_snippet_of_every_shape_compiles_on_a_quarter_of_the_filters_stack() {
        for (name, shape) in shapes() {
            let deepest = deepest_accepted(shape, 20_000);
            assert!(deepest >= 5, "{name}: only {deepest} levels accepted");
            assert!(deepest < 20_000, "{name}: never refused");
            let code = shape(deepest);
            eprintln!("{name}: {deepest}");
            let compiled = std::thread::Builder::new()
                .stack_size(TEST_STACK)
                .spawn(move || SnippetRuntime::new().unwrap().compile(&code).map(|_| ()))
                .unwrap()
                .join()
                .unwrap();
            if let Err(error) = compiled {
                panic!("{name}: {error}");
            }
            let refused = check(&shape(deepest + 1)).unwrap_err();
            assert!(refused.message.contains("nests too deeply"), "{name}");
        }
    }

    #[test]
    fn the_bound_allows_64_nested_brackets_and_long_chains() {
        let arrays = |n: usize| format!("result = {}{};", "[".repeat(n), "]".repeat(n));
        assert!(check(&arrays(63)).is_ok());
        assert!(check(&arrays(64)).is_err());
        assert!(check(&format!("result = 1{};", " + 1".repeat(800))).is_ok());
        assert!(check(&format!("result = 1{};", " + 1".repeat(850))).is_err());
    }

    #[test]
    fn the_refusal_points_at_the_level_that_goes_too_deep() {
        let code = format!(
            "let a = 1;\nresult = {}{};",
            "[".repeat(100),
            "]".repeat(100)
        );
        let refused = check(&code).unwrap_err();
        // The assignment costs a little; with it, the 64th bracket goes past the bound.
        assert_eq!((refused.line, refused.column), (2, 10 + 63));
        assert!(
            refused.message.contains("depth 65 of at most 64"),
            "{}",
            refused.message
        );
        assert!(refused.message.contains("function or a variable"));
    }

    #[test]
    fn ordinary_long_snippets_are_accepted() {
        let cases = [
            // ASI style: a statement per line, no semicolons.
            (0..400).map(|i| format!("let v{i} = {i} + 1\n")).collect::<String>(),
            (0..300).map(|i| format!("if (request.path === '/{i}') result = {{payload: {i}}}\n")).collect(),
            (0..300).map(|i| format!("if (request.path === '/{i}') {{ result = {{payload: {i}}} }}\n")).collect(),
            // A long switch, a big object literal, a long array, a class of many methods.
            format!(
                "switch (request.path) {{ {} default: result = {{payload: 0}} }}",
                (0..500).map(|i| format!("case '/{i}': ")).collect::<String>()
            ),
            format!(
                "result = {{payload: {{ {} }}}}",
                (0..1_000).map(|i| format!("k{i}: {{a: [1, {{b: 2}}]}}, ")).collect::<String>()
            ),
            format!("result = {{payload: [{}]}}", "1, ".repeat(5_000)),
            format!(
                "class A {{ {} }} result = {{payload: 1}}",
                (0..300).map(|i| format!("m{i}(x) {{ return x ? x + 1 : 0 }} ")).collect::<String>()
            ),
            // A long template, and concatenation of a few hundred parts.
            format!("result = {{payload: `{}`}}", "${1} and ".repeat(1_000)),
            format!("result = {{payload: 'a'{}}}", " + 'b'".repeat(500)),
            // Method chains and callbacks.
            "result = {payload: [1, 2, 3].map(x => x * 2).filter(x => x > 2).reduce((a, b) => a + b, 0)}".into(),
        ];
        for code in cases {
            if let Err(refused) = check(&code) {
                panic!("{}: {refused:?}", &code[..80.min(code.len())]);
            }
        }
    }

    #[test]
    fn strings_comments_and_regular_expressions_do_not_nest() {
        let brackets = "[({".repeat(1_000);
        let cases = [
            format!("result = {{payload: \"{brackets}\"}}"),
            format!("result = {{payload: '{brackets}'}}"),
            format!("// {brackets}\nresult = 1"),
            format!("/* {brackets}\n */ result = 1"),
            format!("result = {{payload: `{brackets}`}}"),
            format!(
                "result = {{payload: /{}/.test('a')}}",
                r"\[\(\{".repeat(1_000)
            ),
            format!("result = {{payload: /[{brackets}]/.test('a')}}"),
        ];
        for code in cases {
            assert!(check(&code).is_ok(), "{}", &code[..40]);
        }
    }

    #[test]
    fn division_is_not_mistaken_for_a_regular_expression() {
        // Read as a regular expression, `/ 2 + [` ... `/` would hide the brackets.
        let code = format!(
            "let a = 4; result = a / 2 + {}1{} / 2;",
            "[".repeat(100),
            "]".repeat(100)
        );
        assert!(check(&code).is_err());
        let code = format!(
            "let a = [4]; result = a[0] / {}1{} / 2;",
            "(".repeat(100),
            ")".repeat(100)
        );
        assert!(check(&code).is_err());
    }

    #[test]
    fn closers_inside_literals_do_not_lower_the_depth() {
        let deep = format!("{}1{}", "[".repeat(70), "]".repeat(70));
        for hide in ["\"]]]]]]\"", "/]]]]]]/", "`]]]]]]`", "/* ]]]]]] */"] {
            let code = format!("result = [{hide}, {deep}];");
            assert!(check(&code).is_err(), "{hide}");
        }
    }
}
