//! A small well-formedness check for the exported SVG (the crate has no XML parser): tags nest
//! and close, attributes are quoted, text and values use only the five XML entities or numeric
//! ones. Returns the element names in document order.

pub fn check(doc: &str) -> Result<Vec<String>, String> {
    let mut rest = doc.trim_start();
    if let Some(after) = rest.strip_prefix("<?xml") {
        let end = after.find("?>").ok_or("unclosed declaration")?;
        rest = &after[end + 2..];
    }
    let mut stack: Vec<String> = Vec::new();
    let mut names = Vec::new();
    let mut roots = 0;
    while !rest.is_empty() {
        let Some(open) = rest.find('<') else {
            check_text(rest)?;
            if !rest.trim().is_empty() {
                return Err("text after the root".into());
            }
            break;
        };
        check_text(&rest[..open])?;
        if stack.is_empty() && !rest[..open].trim().is_empty() {
            return Err("text outside the root".into());
        }
        let close = rest[open..].find('>').ok_or("unclosed tag")? + open;
        let tag = &rest[open + 1..close];
        rest = &rest[close + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            let top = stack.pop().ok_or("close without open")?;
            if top != name.trim() {
                return Err(format!("</{name}> closes <{top}>"));
            }
            continue;
        }
        let self_closing = tag.ends_with('/');
        let tag = tag.trim_end_matches('/');
        let name = tag
            .split_whitespace()
            .next()
            .ok_or("empty tag")?
            .to_string();
        check_attributes(&tag[name.len()..])?;
        if stack.is_empty() {
            roots += 1;
        }
        names.push(name.clone());
        if !self_closing {
            stack.push(name);
        }
    }
    match (stack.last(), roots) {
        (Some(open), _) => Err(format!("<{open}> never closed")),
        (None, 1) => Ok(names),
        (None, n) => Err(format!("{n} root elements")),
    }
}

fn check_attributes(mut text: &str) -> Result<(), String> {
    loop {
        text = text.trim_start();
        if text.is_empty() {
            return Ok(());
        }
        let eq = text
            .find('=')
            .ok_or(format!("attribute without value: {text}"))?;
        let name = &text[..eq];
        if name.is_empty() || name.contains(char::is_whitespace) {
            return Err(format!("bad attribute name {name:?}"));
        }
        let value = text[eq + 1..]
            .strip_prefix('"')
            .ok_or("unquoted attribute")?;
        let end = value.find('"').ok_or("unclosed attribute")?;
        if value[..end].contains('<') {
            return Err("'<' in an attribute".into());
        }
        check_text(&value[..end])?;
        text = &value[end + 1..];
    }
}

fn check_text(text: &str) -> Result<(), String> {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        let after = &rest[amp + 1..];
        let end = after.find(';').ok_or("bare '&'")?;
        let entity = &after[..end];
        let known = matches!(entity, "amp" | "lt" | "gt" | "quot" | "apos")
            || (entity.starts_with('#') && entity[1..].chars().all(|c| c.is_ascii_alphanumeric()));
        if !known {
            return Err(format!("unknown entity &{entity};"));
        }
        rest = &after[end + 1..];
    }
    if text.contains('>') {
        return Err("'>' in text".into());
    }
    Ok(())
}
