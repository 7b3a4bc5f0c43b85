//! Message templates in rules files: text with `{name}` placeholders, such as
//! `"{role} of {organization_id}"`. Placeholders are checked when the rules
//! are read, so a typo is a diagnostic in the rules file.

/// A template split into literal text and placeholders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Placeholder(String),
}

impl Template {
    /// Parses `text`, allowing only placeholders for which `known` is true.
    pub fn parse(text: &str, known: impl Fn(&str) -> bool) -> Result<Self, String> {
        let mut parts = Vec::new();
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            if open > 0 {
                parts.push(Part::Text(rest[..open].to_owned()));
            }
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                return Err("a `{` is never closed".to_owned());
            };
            let name = &after[..close];
            if !known(name) {
                return Err(format!("there is no placeholder `{{{name}}}` here"));
            }
            parts.push(Part::Placeholder(name.to_owned()));
            rest = &after[close + 1..];
        }
        if !rest.is_empty() {
            parts.push(Part::Text(rest.to_owned()));
        }
        Ok(Self { parts })
    }

    /// The names of the placeholders, in order.
    pub fn placeholders(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().filter_map(|part| match part {
            Part::Placeholder(name) => Some(name.as_str()),
            Part::Text(_) => None,
        })
    }

    /// The text with each placeholder replaced by `value(name)`.
    pub fn render(&self, value: impl Fn(&str) -> String) -> String {
        self.parts
            .iter()
            .map(|part| match part {
                Part::Text(text) => text.clone(),
                Part::Placeholder(name) => value(name),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_placeholders() {
        let template = Template::parse("{role} of {org}", |_| true).unwrap();
        let text = template.render(str::to_uppercase);
        assert_eq!(text, "ROLE of ORG");
        assert_eq!(template.placeholders().collect::<Vec<_>>(), ["role", "org"]);
    }

    #[test]
    fn refuses_unknown_and_unclosed_placeholders() {
        assert!(Template::parse("{rol}", |name| name == "role").is_err());
        assert!(Template::parse("{role", |_| true).is_err());
    }
}
