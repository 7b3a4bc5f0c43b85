//! "Did you mean" suggestions for misspelt names.
//!
//! A suggestion is the candidate at the smallest edit distance (with
//! transpositions), at most a third of the word's length, ties broken
//! alphabetically so the output does not depend on hash order. Words longer
//! than [`MAX_WORD_CHARS`] get none: a 1 MB id is not a typo of anything, and
//! comparing two of them would take hours. [`Suggester`] bounds the work
//! over a large candidate set.

use std::collections::{BTreeMap, HashMap};

/// Longer words are not compared.
pub const MAX_WORD_CHARS: usize = 64;

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let query = Query::new(word)?;
    candidates
        .into_iter()
        .filter_map(|candidate| Some((query.distance(candidate)?, candidate)))
        .min()
        .map(|(_, candidate)| candidate)
}

/// A word to find a close candidate for.
struct Query {
    lower: String,
    chars: usize,
    limit: usize,
}

impl Query {
    fn new(word: &str) -> Option<Self> {
        let chars = word.chars().count();
        (chars <= MAX_WORD_CHARS).then(|| Self {
            lower: word.to_lowercase(),
            chars,
            limit: (chars / 3).max(1),
        })
    }

    /// The distance to `candidate` when within the limit.
    fn distance(&self, candidate: &str) -> Option<usize> {
        let chars = candidate.chars().count();
        if chars.abs_diff(self.chars) > self.limit || chars > MAX_WORD_CHARS {
            return None;
        }
        let distance = strsim::osa_distance(&self.lower, candidate);
        (distance <= self.limit).then_some(distance)
    }
}

/// Suggestions from one large candidate set (every id of a dataset) for
/// many words, with bounded work: candidates are grouped by length so only
/// those of a possible length are compared, each word is answered once, and
/// after [`Suggester::BUDGET`] comparisons the rest get no suggestion. So
/// 100,000 dangling references among 100,000 ids cost a second, not hours.
pub struct Suggester<'a> {
    by_length: BTreeMap<usize, Vec<&'a str>>,
    answered: HashMap<String, Option<&'a str>>,
    comparisons_left: usize,
}

impl<'a> Suggester<'a> {
    /// Comparisons one suggester makes at most.
    pub const BUDGET: usize = 5_000_000;

    pub fn new(candidates: impl IntoIterator<Item = &'a str>) -> Self {
        let mut by_length: BTreeMap<usize, Vec<&'a str>> = BTreeMap::new();
        for candidate in candidates {
            by_length
                .entry(candidate.chars().count())
                .or_default()
                .push(candidate);
        }
        for group in by_length.values_mut() {
            group.sort_unstable();
            group.dedup();
        }
        Self {
            by_length,
            answered: HashMap::new(),
            comparisons_left: Self::BUDGET,
        }
    }

    /// The closest candidate to `word`, as [`did_you_mean`] finds it, while
    /// the budget lasts.
    pub fn suggest(&mut self, word: &str) -> Option<&'a str> {
        if let Some(&answer) = self.answered.get(word) {
            return answer;
        }
        let answer = self.search(word);
        self.answered.insert(word.to_owned(), answer);
        answer
    }

    fn search(&mut self, word: &str) -> Option<&'a str> {
        let query = Query::new(word)?;
        let lengths = query.chars.saturating_sub(query.limit)..=query.chars + query.limit;
        let mut best: Option<(usize, &'a str)> = None;
        for group in self.by_length.range(lengths).map(|(_, group)| group) {
            for &candidate in group {
                if self.comparisons_left == 0 {
                    return None;
                }
                self.comparisons_left -= 1;
                if let Some(distance) = query.distance(candidate) {
                    let found = (distance, candidate);
                    if best.is_none_or(|best| found < best) {
                        best = Some(found);
                    }
                }
            }
        }
        best.map(|(_, candidate)| candidate)
    }
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
    use super::{Suggester, did_you_mean, help_for};

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
    fn ties_are_broken_alphabetically_and_long_words_get_nothing() {
        assert_eq!(did_you_mean("p-2", ["p-3", "p-1"]), Some("p-1"));
        let long = "x".repeat(100);
        assert_eq!(did_you_mean(&long, [long.as_str()]), None);
    }

    #[test]
    fn a_suggester_agrees_with_did_you_mean_and_stops_at_its_budget() {
        let ids: Vec<String> = (0..3000).map(|i| format!("person-{i}")).collect();
        let mut suggester = Suggester::new(ids.iter().map(String::as_str));
        assert_eq!(suggester.suggest("persno-17"), Some("person-17"));
        assert_eq!(
            suggester.suggest("persno-17"),
            did_you_mean("persno-17", ids.iter().map(String::as_str))
        );
        suggester.comparisons_left = 0;
        assert_eq!(
            suggester.suggest("persno-17"),
            Some("person-17"),
            "answered once"
        );
        assert_eq!(suggester.suggest("persno-18"), None, "over budget");
    }

    #[test]
    fn stays_silent_for_unrelated_names() {
        assert_eq!(did_you_mean("colour", FIELDS), None);
        assert_eq!(did_you_mean("x", FIELDS), None);
    }
}
