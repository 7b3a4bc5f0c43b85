//! Criterion benchmarks of the steps of a check, on a generated corpus of
//! 10,000 records (`examples/gen.rs`, seed 7): loading (read, parse,
//! validate), each default rule on its own, and rendering 10,000 findings in
//! each format. `cargo bench --bench check`; `benches/e2e.sh` times whole
//! runs of the binary at 10k, 100k and 1M records.

use std::path::{Path, PathBuf};
use std::process::Command;

use criterion::{Criterion, criterion_group, criterion_main};
use recheck::report::{self, Format, Options, Run};
use recheck::rules::{self, RuleSet};

/// The records directory of a generated corpus, generated on first use.
fn corpus(name: &str, args: &[&str]) -> PathBuf {
    let dir = Path::new("target/bench-corpus").join(name);
    if !dir.join("manifest.json").is_file() {
        let status = Command::new(env!("CARGO"))
            .args(["run", "--release", "--quiet", "--example", "gen", "--"])
            .args(args)
            .arg(&dir)
            .status()
            .expect("the corpus generator runs");
        assert!(status.success(), "the corpus generator failed");
    }
    dir.join("records")
}

fn builtin() -> RuleSet {
    RuleSet::builtin().expect("built-in rules are valid")
}

fn loading(c: &mut Criterion) {
    let records = corpus("10000", &["--records", "10000", "--seed", "7"]);
    c.bench_function("load 10k records", |b| {
        b.iter(|| recheck::load::load(std::slice::from_ref(&records)).expect("loads"));
    });
}

fn each_rule(c: &mut Criterion) {
    let records = corpus("10000", &["--records", "10000", "--seed", "7"]);
    let loaded = recheck::load::load(&[records]).expect("loads");
    let ids: Vec<String> = builtin().rules.iter().map(|rule| rule.id.clone()).collect();
    for id in ids {
        let mut only = builtin();
        for rule in &mut only.rules {
            if rule.id != id {
                rule.severity = None;
            }
        }
        c.bench_function(&format!("rule {id}, 10k records"), |b| {
            b.iter(|| rules::run(&only, &loaded.records));
        });
    }
}

fn rendering(c: &mut Criterion) {
    let records = corpus("dense-10000", &["--records", "10000", "--dense"]);
    let rules = builtin();
    let loaded = recheck::check(&[records], &rules).expect("loads");
    let options = Options {
        max_findings: Some(usize::MAX),
        ..Options::PLAIN
    };
    for format in [
        Format::Human,
        Format::Json,
        Format::Sarif,
        Format::Github,
        Format::Junit,
    ] {
        c.bench_function(&format!("render 10k findings as {}", format.name()), |b| {
            b.iter(|| report::render(Run::checked(&loaded, &rules), format, &options));
        });
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = loading, each_rule, rendering
}
criterion_main!(benches);
