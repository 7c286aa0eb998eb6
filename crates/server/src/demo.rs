//! `serve --demo`: a township to try at once — 2 villages of 元谋县, 48 households made from the
//! domain crate's 12 sample households, and a worker per village and a township reviewer with
//! known passwords (printed at start; a demo is not for real data).
use chrono::{DateTime, NaiveDate, Utc};
use shouwang_domain::id_number::check_char;
use shouwang_domain::sync::wire::{Account, Change, ChangeId, DeviceId, Role};
use shouwang_domain::sync::Via;
use shouwang_domain::{Household, Policy};

use crate::auth;
use crate::store::{NewUser, PushContext, Session, Storage, StoreError};

/// The demo township (元谋县元马镇) and its two villages.
pub const TOWNSHIP: &str = "532328100";
/// Its county (元谋县), whose admin approves the county's step.
pub const COUNTY: &str = "532328";
pub const VILLAGES: [(&str, &str); 2] = [
    ("532328100201", "云南省楚雄彝族自治州元谋县元马镇小雷宰村"),
    ("532328100202", "云南省楚雄彝族自治州元谋县元马镇能禹村"),
];
/// The demo password of every demo user.
pub const PASSWORD: &str = "shouwang-demo";
const HOUSEHOLDS: usize = 48;

/// The domain crate's 12 sample households as JSON (also used by the benchmarks).
pub const SAMPLES: [&str; 12] = [
    include_str!("../../domain/samples/01_edge_illness.json"),
    include_str!("../../domain/samples/02_unstable_formerly_poor_disability.json"),
    include_str!("../../domain/samples/03_sudden_hardship_accident.json"),
    include_str!("../../domain/samples/04_sudden_hardship_flood.json"),
    include_str!("../../domain/samples/05_formerly_poor_schooling_dehua.json"),
    include_str!("../../domain/samples/06_edge_unstable_employment.json"),
    include_str!("../../domain/samples/07_lack_of_labour_exit_blocked.json"),
    include_str!("../../domain/samples/08_exit_eligible.json"),
    include_str!("../../domain/samples/09_water_housing_gaps.json"),
    include_str!("../../domain/samples/10_not_at_risk.json"),
    include_str!("../../domain/samples/11_fallback_line_henan.json"),
    include_str!("../../domain/samples/12_procedure_overdue.json"),
];

const SURNAMES: [&str; 12] = [
    "李", "王", "张", "杨", "赵", "刘", "陈", "罗", "普", "起", "马", "沙",
];
const GIVEN: [&str; 16] = [
    "国华", "秀英", "建平", "玉兰", "志强", "春梅", "文明", "桂芬", "家顺", "丽萍", "明亮", "红英",
    "永福", "金凤", "天佑", "小燕",
];

/// The demo users: (username, display name, role, area).
pub fn users() -> [(&'static str, &'static str, Role, &'static str); 4] {
    [
        ("worker1", "李驻村（小雷宰村）", Role::Worker, VILLAGES[0].0),
        ("worker2", "王驻村（能禹村）", Role::Worker, VILLAGES[1].0),
        ("reviewer", "元马镇审核员", Role::Reviewer, TOWNSHIP),
        ("county", "元谋县管理员", Role::Admin, COUNTY),
    ]
}

/// The 48 demo households: each sample moved to a demo village, with its own id, number, names
/// and valid, distinct ID numbers.
pub fn households() -> Vec<Household> {
    (0..HOUSEHOLDS)
        .map(|i| {
            let mut h: Household = serde_json::from_str(SAMPLES[i % SAMPLES.len()])
                .expect("the domain's samples are valid households");
            let (code, name) = VILLAGES[i % VILLAGES.len()];
            h.id.0 = format!("00000000-0000-7000-8000-{:012}", i + 1);
            h.household_number = format!("{code}{:04}", i + 1);
            h.area.code = code.to_owned();
            h.area.name = name.to_owned();
            h.area.code_year = 2024;
            let surname = SURNAMES[i % SURNAMES.len()];
            for (j, m) in h.members.iter_mut().enumerate() {
                m.name = format!("{surname}{}", GIVEN[(i * 3 + j) % GIVEN.len()]);
                if m.id_number.len() == 18 {
                    // Same birth date and sex digit, the demo county's area, a distinct sequence.
                    let birth = &m.id_number[6..14];
                    let sex_odd = m.id_number.as_bytes()[16] % 2 == 1;
                    let seq = (i * 10 + j) % 500 * 2 + usize::from(sex_odd);
                    let first17 = format!("532328{birth}{:03}", seq % 1000);
                    let check = check_char(&first17).expect("17 digits");
                    m.id_number = format!("{first17}{check}");
                }
            }
            h
        })
        .collect()
}

/// Loads the demo users and households unless the database already has households: as the
/// office's own change (it comes with decisions made), judged by `policy` on `now`.
pub async fn load<S: Storage>(
    store: &S,
    policy: &Policy,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<bool, StoreError> {
    if store.household_count().await? > 0 {
        return Ok(false);
    }
    let hash = auth::hash_password(PASSWORD);
    for (username, display_name, role, area) in users() {
        if store.user(username).await?.is_none() {
            store
                .create_user(NewUser {
                    username: username.to_owned(),
                    display_name: display_name.to_owned(),
                    role,
                    areas: vec![area.to_owned()],
                    password_hash: hash.clone(),
                    must_change_password: false,
                })
                .await?;
        }
    }
    let loader = Session {
        account: Account {
            username: "demo".into(),
            display_name: "demo".into(),
            role: Role::Admin,
            areas: vec![TOWNSHIP.to_owned()],
            must_change_password: false,
        },
        device_id: DeviceId("demo-loader".into()),
    };
    let changes = households()
        .into_iter()
        .map(|household| Change {
            change_id: ChangeId(format!("demo-{}", household.id.0)),
            base_revision: None,
            edited_at: "2026-11-01T08:00:00Z".into(),
            household,
        })
        .collect();
    let ctx = PushContext {
        session: &loader,
        via: Via::Office,
        policy,
        now,
        today,
    };
    let refused: Vec<String> = store
        .push(ctx, changes)
        .await?
        .into_iter()
        .filter_map(|r| {
            r.error
                .map(|e| format!("{}: {}", r.household_id.0, e.message.en))
        })
        .collect();
    if !refused.is_empty() {
        return Err(StoreError::Corrupt(format!(
            "demo households refused: {}",
            refused.join("; ")
        )));
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use shouwang_domain::id_number::IdNumber;
    use std::collections::HashSet;

    #[test]
    fn demo_households_are_distinct_and_their_id_numbers_valid() {
        let all = households();
        assert_eq!(all.len(), HOUSEHOLDS);
        let ids: HashSet<_> = all.iter().map(|h| h.id.0.clone()).collect();
        assert_eq!(ids.len(), HOUSEHOLDS);
        let mut numbers = HashSet::new();
        for h in &all {
            assert!(VILLAGES.iter().any(|(code, _)| *code == h.area.code));
            for m in &h.members {
                if m.id_number.len() == 18 {
                    IdNumber::parse(&m.id_number).expect("a valid ID number");
                    assert!(numbers.insert(m.id_number.clone()), "{} twice", m.id_number);
                }
            }
        }
    }
}
