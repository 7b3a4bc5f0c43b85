//! "Did you mean" suggestions for misspelt names.

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word_lower = word.to_lowercase();
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|candidate| {
            (
                strsim::damerau_levenshtein(&word_lower, candidate),
                candidate,
            )
        })
        .filter(|&(distance, _)| distance <= limit)
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, candidate)| candidate)
}

/// Help for an unknown name: "did you mean `x`?", or else "the {what} are:
/// a, b, c".
pub fn help_for<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str> + Clone,
    what: &str,
) -> String {
    if let Some(close) = did_you_mean(word, candidates.clone()) {
        return format!("did you mean `{close}`?");
    }
    let all: Vec<&str> = candidates.into_iter().collect();
    format!("the {what} are: {}", all.join(", "))
}

#[cfg(test)]
mod tests {
    use super::{did_you_mean, help_for};

    #[test]
    fn help_suggests_or_lists() {
        assert_eq!(help_for("rol", FIELDS, "fields"), "did you mean `role`?");
        assert_eq!(
            help_for("colour", ["a", "b"], "options"),
            "the options are: a, b"
        );
    }

    const FIELDS: [&str; 4] = ["start_date", "end_date", "person_id", "role"];

    #[test]
    fn suggests_close_names() {
        assert_eq!(did_you_mean("strat_date", FIELDS), Some("start_date"));
        assert_eq!(did_you_mean("End_Date", FIELDS), Some("end_date"));
        assert_eq!(did_you_mean("rol", FIELDS), Some("role"));
        assert_eq!(did_you_mean("personid", FIELDS), Some("person_id"));
    }

    #[test]
    fn stays_silent_for_unrelated_names() {
        assert_eq!(did_you_mean("colour", FIELDS), None);
        assert_eq!(did_you_mean("x", FIELDS), None);
    }
}
