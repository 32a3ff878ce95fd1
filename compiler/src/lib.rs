//! `endpoint-compile`: YAML definitions into one checked bundle, and the Envoy
//! configuration that serves it.
//!
//! Every problem of a run is collected (not only the first) and reported at its file,
//! line and column; nothing is written unless everything checks.

pub mod checks;
pub mod definitions;
pub mod dev;
pub mod diagnostics;
pub mod envoy;
pub mod mesh;
pub mod openapi;
pub mod snippets;
pub mod sync;
pub mod testing;
pub mod yaml;

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use endpoint_core::bundle;
use endpoint_core::model::{AuthSettings, BundleContent};

use crate::definitions::{AuthDef, Definition, DocsDef, EndpointDef, UpstreamDef, UserDef};
use crate::diagnostics::{Diagnostic, Position};

/// Definition files larger than this are refused: a mistake, not a definition.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Why nothing was written.
#[derive(Debug)]
pub enum Failure {
    /// The definitions have problems (exit 1).
    Invalid(Vec<Diagnostic>),
    /// Files could not be read or written (exit 2); diagnostics may come along.
    Io(Vec<Diagnostic>),
}

impl Failure {
    pub fn exit_code(&self) -> i32 {
        match self {
            Failure::Invalid(_) => 1,
            Failure::Io(_) => 2,
        }
    }

    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Failure::Invalid(d) | Failure::Io(d) => d,
        }
    }
}

pub struct Compiled {
    pub content: BundleContent,
    pub bundle: Vec<u8>,
    /// The bundle's version: the hash of its content.
    pub hash: bundle::ContentHash,
    /// The API's version: the bundle's, with the docs pages' answers left out (they
    /// hold the description that names this version).
    pub api_version: bundle::ContentHash,
    /// What each endpoint's definition says for people (`description`, `responses`),
    /// one per `content.endpoints`, in its order: for the API description, not the
    /// bundle.
    docs: Vec<openapi::EndpointDocs>,
    /// The cases of the definitions' `tests`, in file order: run by `--test`, never
    /// in the bundle.
    pub cases: Vec<testing::TestCase>,
}

impl Compiled {
    /// Each endpoint with what its definition says for people.
    pub fn documented(
        &self,
    ) -> impl Iterator<Item = (&endpoint_core::model::Endpoint, &openapi::EndpointDocs)> {
        self.content.endpoints.iter().zip(&self.docs)
    }
}

/// Compiles every `*.yaml` / `*.yml` below each path (a directory, searched
/// recursively, or a single file).
pub fn compile(paths: &[PathBuf]) -> Result<Compiled, Failure> {
    let mut problems = Vec::new();
    let mut io_failed = false;
    let mut files = Vec::new();
    for path in paths {
        let before = files.len();
        if let Err(error) = discover(path, &mut files) {
            io_failed = true;
            problems.push(Diagnostic::new(
                path,
                Position::START,
                format!("cannot read: {error}"),
            ));
        } else if files.len() == before {
            problems.push(Diagnostic::new(
                path,
                Position::START,
                "no definitions here: endpoint-compile reads the *.yaml and *.yml files below each path",
            ));
        }
    }
    files.sort();
    files.dedup();
    // The folders being compiled, resolved: schema files must lie inside them.
    let roots: Vec<PathBuf> = paths
        .iter()
        .filter_map(|path| {
            let resolved = path.canonicalize().ok()?;
            match resolved.is_dir() {
                true => Some(resolved),
                false => resolved.parent().map(Path::to_path_buf),
            }
        })
        .collect();

    let mut endpoints: Vec<EndpointDef> = Vec::new();
    let mut users: Vec<UserDef> = Vec::new();
    let mut upstreams: Vec<UpstreamDef> = Vec::new();
    let mut auth: Option<AuthDef> = None;
    let mut docs_def: Option<DocsDef> = None;
    let mut vars: std::collections::BTreeMap<String, (serde_json::Value, diagnostics::Origin)> =
        std::collections::BTreeMap::new();
    let mut loaded = Vec::with_capacity(files.len());
    for file in &files {
        let text = match read_text(file) {
            Ok(text) => text,
            Err((diagnostic, is_io)) => {
                io_failed |= is_io;
                problems.push(diagnostic);
                continue;
            }
        };
        match yaml::load(file, &text) {
            Ok(documents) => loaded.push((file, text, documents)),
            Err(diagnostic) => problems.push(diagnostic),
        }
    }
    // A YAML schema that an endpoint reads with `{file: ...}` sits among the
    // definitions, but is not one.
    let schema_files = referenced_schema_files(&loaded, &roots);
    for (file, text, documents) in &loaded {
        if schema_files.contains(&canonical_path(file)) {
            continue;
        }
        let (file, text) = (*file, snippets::SourceLines::of(text));
        for document in documents {
            if yaml::is_null(document) {
                continue; // an empty document, e.g. a trailing `---`
            }
            match definitions::read(file, document, &text, &roots, &mut problems) {
                Some(Definition::Endpoint(def)) => endpoints.push(*def),
                Some(Definition::User(def)) => users.push(def),
                Some(Definition::Upstream(def)) => upstreams.push(def),
                Some(Definition::Auth(def)) => match &auth {
                    Some(first) => problems.push(Diagnostic::new(
                        &def.origin.file,
                        def.origin.position,
                        format!("the auth settings are already given at {}: keep one `kind: auth` document", first.origin),
                    )),
                    None => auth = Some(def),
                },
                Some(Definition::Docs(def)) => match &docs_def {
                    Some(first) => problems.push(Diagnostic::new(
                        &def.origin.file,
                        def.origin.position,
                        format!("the docs are already given at {}: keep one `kind: docs` document", first.origin),
                    )),
                    None => docs_def = Some(*def),
                },
                Some(Definition::Vars(def)) => {
                    for (name, value, origin) in def.vars {
                        if let Some((_, first)) = vars.get(&name) {
                            problems.push(Diagnostic::new(
                                &origin.file,
                                origin.position,
                                format!("var `{name}` is already given at {first}"),
                            ));
                        } else {
                            vars.insert(name, (value, origin));
                        }
                    }
                }
                None => {}
            }
        }
    }
    if problems.is_empty() && endpoints.is_empty() && users.is_empty() && vars.is_empty() {
        for path in paths {
            problems.push(Diagnostic::new(
                path,
                Position::START,
                "the definition files here hold no endpoint or user",
            ));
        }
    }
    if let Some(docs) = &mut docs_def {
        check_docs_groups(docs, &endpoints, &mut problems);
        // Its pages are endpoints like the others: their routes must not clash.
        endpoints.append(&mut docs.pages);
    }
    checks::check(&endpoints, &users, &mut problems);
    checks::check_upstreams(&endpoints, &upstreams, &mut problems);
    let var_names: Vec<&str> = vars.keys().map(String::as_str).collect();
    checks::check_cases(&endpoints, &users, &var_names, &mut problems);

    if !problems.is_empty() {
        problems.sort();
        problems.dedup();
        return Err(if io_failed {
            Failure::Io(problems)
        } else {
            Failure::Invalid(problems)
        });
    }
    let vars = vars
        .into_iter()
        .map(|(name, (value, _))| (name, value))
        .collect();
    let cases = endpoints
        .iter_mut()
        .flat_map(|def| std::mem::take(&mut def.cases))
        .collect();
    let (mut content, docs) = canonical(
        endpoints,
        users,
        upstreams,
        auth.map(|a| a.settings).unwrap_or_default(),
        vars,
    );
    let (api_version, _) = bundle::decode(&bundle::encode(&content)).map_err(|e| {
        Failure::Invalid(vec![Diagnostic::new(
            Path::new("bundle"),
            Position::START,
            format!("the encoded bundle does not decode: {e}"),
        )])
    })?;
    if let Some(docs_def) = &docs_def {
        let description = openapi::document_of(&content, &docs, api_version, &docs_def.options);
        fill_docs_pages(&mut content, &description, &docs_def.options.title);
    }
    let bundle = bundle::encode(&content);
    let (hash, _) = bundle::decode(&bundle).map_err(|e| {
        Failure::Invalid(vec![Diagnostic::new(
            Path::new("bundle"),
            Position::START,
            format!("the encoded bundle does not decode: {e}"),
        )])
    })?;
    Ok(Compiled {
        content,
        bundle,
        hash,
        api_version,
        docs,
        cases,
    })
}

/// Each group a `kind: docs` document names is a route group of some endpoint.
fn check_docs_groups(docs: &DocsDef, endpoints: &[EndpointDef], problems: &mut Vec<Diagnostic>) {
    let known: Vec<&str> = endpoints
        .iter()
        .filter_map(|def| def.endpoint.route_group.as_deref())
        .collect();
    for (group, origin) in &docs.group_origins {
        if !known.contains(&group.as_str()) {
            let hint = diagnostics::suggestion(group, &known)
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            problems.push(Diagnostic::new(
                &origin.file,
                origin.position,
                format!("no endpoint has the route group `{group}`{hint}"),
            ));
        }
    }
}

/// The docs pages' answers: the description as JSON, and the reference page with the
/// description inside it.
fn fill_docs_pages(content: &mut BundleContent, description: &serde_json::Value, title: &str) {
    for endpoint in &mut content.endpoints {
        let Some(answer) = endpoint.answer.as_mut() else {
            continue;
        };
        match answer.content_type.as_str() {
            definitions::DOCS_JSON_TYPE => answer.body = description.to_string(),
            definitions::DOCS_PAGE_TYPE => answer.body = openapi::page(title, description),
            _ => {}
        }
    }
}

fn canonical_path(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

/// The files that endpoints name in `request_content_schema: {file: ...}`.
fn referenced_schema_files(
    loaded: &[(&PathBuf, String, Vec<yaml::Node>)],
    roots: &[PathBuf],
) -> std::collections::BTreeSet<PathBuf> {
    let mut found = std::collections::BTreeSet::new();
    for (file, _, documents) in loaded {
        for document in documents {
            let relative = yaml::mapping_value(document, "request_content_schema")
                .and_then(|schema| yaml::mapping_value(schema, "file"))
                .and_then(yaml::as_str);
            if let Some(Ok(path)) =
                relative.map(|relative| definitions::schema_file(file, relative, roots))
            {
                found.insert(path);
            }
        }
    }
    found
}

/// The bundle content in canonical order, whatever the order of files and documents,
/// and each endpoint's docs in the same order.
fn canonical(
    mut endpoints: Vec<EndpointDef>,
    users: Vec<UserDef>,
    upstreams: Vec<UpstreamDef>,
    auth: AuthSettings,
    vars: std::collections::BTreeMap<String, serde_json::Value>,
) -> (BundleContent, Vec<openapi::EndpointDocs>) {
    let mut upstreams: Vec<_> = upstreams.into_iter().map(|d| d.upstream).collect();
    upstreams.sort_by(|a, b| a.name.cmp(&b.name));
    endpoints.sort_by(|a, b| {
        let (a, b) = (&a.endpoint, &b.endpoint);
        (&a.routes, a.request_method, &a.name).cmp(&(&b.routes, b.request_method, &b.name))
    });
    let (endpoints, docs) = endpoints.into_iter().map(|d| (d.endpoint, d.docs)).unzip();
    let mut users: Vec<_> = users.into_iter().map(|d| d.user).collect();
    users.sort_by(|a, b| a.login.cmp(&b.login));
    let content = BundleContent {
        endpoints,
        users,
        auth,
        vars,
        upstreams,
    };
    (content, docs)
}

fn discover(path: &Path, files: &mut Vec<PathBuf>) -> io::Result<()> {
    let metadata = fs::metadata(path)?;
    if metadata.is_file() {
        files.push(path.to_path_buf());
        return Ok(());
    }
    let mut entries: Vec<_> = fs::read_dir(path)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let child = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        // Hidden files and folders (.git, .gitlab-ci.yml, .pre-commit-config.yaml) hold
        // no definitions; folder links are not followed, so a link loop cannot trap the
        // compiler.
        if name.starts_with('.') {
            continue;
        }
        let kind = entry.file_type()?;
        if kind.is_dir() {
            discover(&child, files)?;
        } else if (name.ends_with(".yaml") || name.ends_with(".yml"))
            && fs::metadata(&child).map(|m| m.is_file()).unwrap_or(true)
        {
            files.push(child);
        }
    }
    Ok(())
}

/// The file's text, or a diagnostic (and whether it is an I/O failure).
fn read_text(file: &Path) -> Result<String, (Diagnostic, bool)> {
    let at_start = |message: String| Diagnostic::new(file, Position::START, message);
    let size = fs::metadata(file)
        .map_err(|e| (at_start(format!("cannot read: {e}")), true))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err((
            at_start(format!(
                "the file is {size} bytes, over the {MAX_FILE_BYTES}-byte limit for a definition file: split it"
            )),
            false,
        ));
    }
    let bytes = fs::read(file).map_err(|e| (at_start(format!("cannot read: {e}")), true))?;
    String::from_utf8(bytes).map_err(|e| {
        let before = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = before.iter().filter(|b| **b == b'\n').count() + 1;
        (
            Diagnostic::new(
                file,
                Position { line, column: 1 },
                "the file is not UTF-8 text; definitions are YAML",
            ),
            false,
        )
    })
}

/// Writes a file so that readers see the old content or the new, never a part:
/// a temporary file in the same folder, flushed to disk, then renamed over the target.
/// The file is its owner's alone (mode 0600).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path.file_name().ok_or_else(|| {
        io::Error::new(io::ErrorKind::InvalidInput, "the output path names no file")
    })?;
    let staging = folder.join(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let result = (|| {
        let mut file = private_file(&staging)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&staging, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&staging);
    }
    result
}

/// A new file only its owner may read and write: bundles hold the digests of users'
/// keys and the definitions' vars. Created so before a byte is written.
fn private_file(path: &Path) -> io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}
