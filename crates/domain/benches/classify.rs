//! Classifies 10,000 generated households natively and prints the time per household.
//!
//! Run with `cargo bench -p shouwang-domain --bench classify`.
use std::time::Instant;

use chrono::NaiveDate;
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use shouwang_domain::{classify, Household, Money, Policy};

const SAMPLE: &str = include_str!("../samples/01_edge_illness.json");
const COUNT: usize = 10_000;

/// A small deterministic generator (xorshift), so every run classifies the same households.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Varies a realistic sample household: size, incomes, spending, flags and villages.
fn households() -> Vec<Household> {
    let base: Household = serde_json::from_str(SAMPLE).expect("sample parses");
    let villages = [
        "522701102203",
        "532328100201",
        "350526101204",
        "411522103206",
        "620171100200",
    ];
    let mut rng = Rng(0x5eed_5eed_5eed_5eed);
    (0..COUNT)
        .map(|i| {
            let mut h = base.clone();
            h.id.0 = format!("bench-{i}");
            h.area.code = villages[i % villages.len()].to_string();
            let keep = 1 + rng.below(base.members.len() as u64) as usize;
            h.members.truncate(keep);
            if h.members
                .iter()
                .all(|m| m.relation != shouwang_domain::model::Relation::Head)
            {
                h.members[0].relation = shouwang_domain::model::Relation::Head;
            }
            h.income.wages = Money::yuan(rng.below(80_000) as i64);
            h.income.business = Money::yuan(rng.below(20_000) as i64);
            h.income.spending.medical = Money::yuan(rng.below(30_000) as i64);
            h.income.spending.inpatient = Money::yuan(rng.below(25_000) as i64);
            h.income.spending.education = Money::yuan(rng.below(15_000) as i64);
            h.guarantees.water_unsafe = rng.below(20) == 0;
            h.guarantees.housing_unsafe = rng.below(25) == 0;
            h
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let policy = Policy::builtin();
    let date = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
    let all = households();

    // One plain pass first, so the figure is printed even without criterion's report.
    let start = Instant::now();
    let mut suggested = 0;
    for h in &all {
        suggested += usize::from(classify(h, &policy, date).suggested_category.is_some());
    }
    let elapsed = start.elapsed();
    println!(
        "classified {COUNT} households in {:.1} ms: {:.2} µs per household ({suggested} suggested for monitoring)",
        elapsed.as_secs_f64() * 1e3,
        elapsed.as_secs_f64() * 1e6 / COUNT as f64
    );

    c.bench_function("classify 10,000 households", |b| {
        b.iter(|| {
            for h in &all {
                black_box(classify(black_box(h), &policy, date));
            }
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
