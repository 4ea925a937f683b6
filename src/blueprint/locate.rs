//! Maps field paths to line:column and back, from a position-annotated parse of the YAML.
//!
//! serde gives typed values without positions, so semantic checks name a [`FieldPath`] and this
//! index turns it into a position. The annotated parse runs only when there is something to
//! report, so valid blueprints pay nothing for it.

use saphyr::{LoadableYamlNode, MarkedYaml, YamlData};

use super::diagnostic::{Diagnostic, Diagnostics, FieldPath, Position, Problem, Segment};
use super::load::Source;

/// Locates each problem in the source, in document order; `Ok` when there are none.
pub fn locate(problems: Vec<Problem>, source: &Source) -> Result<(), Diagnostics> {
    if problems.is_empty() {
        return Ok(());
    }
    let locator = Locator::new(&source.text);
    let mut diagnostics: Vec<Diagnostic> = problems
        .into_iter()
        .map(|p| Diagnostic {
            file: source.name.clone(),
            position: locator.position(&p.path),
            path: p.path,
            message: p.message,
            help: p.help,
            lens: p.lens,
        })
        .collect();
    diagnostics.sort_by_key(|d| d.position.map(|p| (p.line, p.column)));
    Err(Diagnostics(diagnostics))
}

pub struct Locator<'a> {
    root: Option<MarkedYaml<'a>>,
}

impl<'a> Locator<'a> {
    pub fn new(text: &'a str) -> Self {
        let root = MarkedYaml::load_from_str(text).ok().and_then(|mut docs| {
            if docs.is_empty() {
                None
            } else {
                Some(docs.swap_remove(0))
            }
        });
        Locator { root }
    }

    /// Position of the deepest node on `path` that exists in the document.
    pub fn position(&self, path: &FieldPath) -> Option<Position> {
        let mut node = self.root.as_ref()?;
        for segment in path.segments() {
            let next = match segment {
                Segment::Key(key) => node.data.as_mapping_get(key),
                Segment::Index(index) => node.data.as_sequence_get(*index),
            };
            match next {
                Some(child) => node = child,
                None => break,
            }
        }
        Some(start_of(node))
    }

    /// The path of the deepest node whose span contains `at` (used for parse errors, which come
    /// with a position but no path).
    pub fn path_at(&self, at: Position) -> FieldPath {
        let mut path = FieldPath::root();
        let Some(mut node) = self.root.as_ref() else {
            return path;
        };
        'descend: loop {
            match &node.data {
                YamlData::Mapping(map) => {
                    for (key, value) in map.iter() {
                        let key_name = key.data.as_str().unwrap_or_default();
                        if contains(key, at) || contains(value, at) {
                            path = path.key(key_name);
                            node = value;
                            continue 'descend;
                        }
                    }
                    return path;
                }
                YamlData::Sequence(items) => {
                    for (index, item) in items.iter().enumerate() {
                        if contains(item, at) {
                            path = path.index(index);
                            node = item;
                            continue 'descend;
                        }
                    }
                    return path;
                }
                _ => return path,
            }
        }
    }
}

fn start_of(node: &MarkedYaml<'_>) -> Position {
    Position {
        line: node.span.start.line(),
        column: node.span.start.col() + 1,
    }
}

fn contains(node: &MarkedYaml<'_>, at: Position) -> bool {
    let start = (node.span.start.line(), node.span.start.col() + 1);
    let end = (node.span.end.line(), node.span.end.col() + 1);
    let at = (at.line, at.column);
    start <= at && at <= end
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "lake:\n  name: retail\nzones:\n  - name: raw\n  - name: curated\n    lifecycle:\n      expiration_days: 10\n";

    #[test]
    fn paths_resolve_to_their_value() {
        let locator = Locator::new(DOC);
        let path = FieldPath::root()
            .key("zones")
            .index(1)
            .key("lifecycle")
            .key("expiration_days");
        assert_eq!(
            locator.position(&path),
            Some(Position {
                line: 7,
                column: 24
            })
        );
        let name = FieldPath::root().key("lake").key("name");
        assert_eq!(
            locator.position(&name),
            Some(Position { line: 2, column: 9 })
        );
    }

    #[test]
    fn a_missing_field_resolves_to_its_nearest_parent() {
        let locator = Locator::new(DOC);
        let path = FieldPath::root().key("zones").index(0).key("versioning");
        assert_eq!(
            locator.position(&path),
            Some(Position { line: 4, column: 5 })
        );
    }

    #[test]
    fn positions_map_back_to_paths() {
        let locator = Locator::new(DOC);
        let path = locator.path_at(Position {
            line: 7,
            column: 24,
        });
        assert_eq!(path.to_string(), "zones[1].lifecycle.expiration_days");
    }
}
