//! The well-formedness check of the exported SVG and of the diagram's markup strings, by a real
//! XML parser (roxmltree, a dev-dependency): tags nest and close, attributes are quoted, entities
//! and namespace prefixes are declared, one root. Returns the element names (local names) in
//! document order.

pub fn check(doc: &str) -> Result<Vec<String>, String> {
    let parsed = roxmltree::Document::parse(doc).map_err(|error| error.to_string())?;
    Ok(parsed
        .descendants()
        .filter(|node| node.is_element())
        .map(|node| node.tag_name().name().to_string())
        .collect())
}
