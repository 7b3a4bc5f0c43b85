//! The README's generated parts stay current: the records-format table comes
//! from `model::schema`. `RECHECK_BLESS=1 cargo test` rewrites it.

const START: &str = "<!-- format:start -->\n";
const END: &str = "<!-- format:end -->";

#[test]
fn readme_format_table_is_current() {
    let readme = std::fs::read_to_string("README.md").expect("README.md exists");
    let start = readme
        .find(START)
        .expect("README has the format:start marker")
        + START.len();
    let end = readme.find(END).expect("README has the format:end marker");
    let expected = recheck::model::schema::markdown_table();
    if readme[start..end] == expected {
        return;
    }
    if std::env::var_os("RECHECK_BLESS").is_some() {
        let updated = format!("{}{expected}{}", &readme[..start], &readme[end..]);
        std::fs::write("README.md", updated).expect("README.md is writable");
        return;
    }
    panic!("README's records-format table is out of date; run `RECHECK_BLESS=1 cargo test`");
}

#[test]
fn readme_states_the_two_setup_commands() {
    let readme = std::fs::read_to_string("README.md").expect("README.md exists");
    assert!(readme.contains("cargo run --release -- records/"));
    assert!(readme.contains("cargo test"));
}
