//! Property tests: classification is total, and records survive JSON.
use chrono::NaiveDate;
use proptest::prelude::*;
use proptest::sample::select;
use shouwang_domain::model::*;
use shouwang_domain::{classify, validate, Household, Money, Policy};

fn any_date() -> impl Strategy<Value = NaiveDate> {
    // From long ago to far ahead, including dates that make month arithmetic overflow-prone.
    (-2_000i32..3_000, 1u32..=12, 1u32..=31).prop_map(|(y, m, d)| {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::from_ymd_opt(y, m, 1).unwrap())
    })
}

fn any_money() -> impl Strategy<Value = Money> {
    prop_oneof![
        (-1_000_000i64..10_000_000).prop_map(Money::from_fen),
        any::<i64>().prop_map(Money::from_fen),
        Just(Money::ZERO),
    ]
}

fn any_member() -> impl Strategy<Value = Member> {
    (
        ("[a-z王李张]{0,4}", "[0-9Xx]{0,19}", any::<bool>()),
        (
            select(vec![
                Relation::Head,
                Relation::Spouse,
                Relation::Son,
                Relation::Mother,
                Relation::Other,
            ]),
            proptest::option::of(any_date()),
            any::<bool>(),
        ),
        (
            proptest::option::of(select(vec![Education::Illiterate, Education::College])),
            proptest::option::of(select(vec![
                SchoolStage::Primary,
                SchoolStage::DroppedOut,
                SchoolStage::Undergraduate,
            ])),
        ),
        (any::<[bool; 3]>(), proptest::option::of(any::<u8>())),
        select(vec![
            LabourSkill::Skilled,
            LabourSkill::Ordinary,
            LabourSkill::Weak,
            LabourSkill::Lost,
            LabourSkill::None,
        ]),
        (any::<u8>(), any::<[bool; 5]>()),
    )
        .prop_map(
            |(
                (name, idn, male),
                (relation, birth, _),
                (edu, stage),
                (hf, grade),
                labour,
                (months, flags),
            )| Member {
                id: format!("m-{name}"),
                name,
                id_type: IdType::ResidentId,
                id_number: idn,
                sex: if male { Sex::Male } else { Sex::Female },
                birth_date: birth,
                relation,
                education: edu,
                school_stage: stage,
                health: Health {
                    chronic_illness: hf[0],
                    serious_illness: hf[1],
                    disabled: hf[2],
                    disability_grade: grade,
                },
                labour,
                work_place: if months > 0 {
                    "外地".into()
                } else {
                    String::new()
                },
                work_months: months,
                medical_insurance: flags[0],
                pension_insurance: flags[1],
                dibao: flags[2],
                tekun: flags[3],
                counted: flags[4],
            },
        )
}

fn any_household() -> impl Strategy<Value = Household> {
    (
        (
            "[0-9]{0,13}",
            any::<bool>(),
            proptest::option::of(select(vec![
                HousingGrade::A,
                HousingGrade::C,
                HousingGrade::D,
            ])),
        ),
        any::<[bool; 5]>(),
        proptest::collection::vec(any_member(), 0..8),
        proptest::collection::vec(any_money(), 9),
        (
            proptest::option::of(any_money()),
            proptest::option::of(any_date()),
        ),
        proptest::collection::vec(
            (
                select(RiskType::ALL.to_vec()),
                any::<bool>(),
                proptest::option::of(any_date()),
            ),
            0..8,
        ),
        (
            proptest::option::of(select(vec![
                MonitoredCategory::EdgeAtRisk,
                MonitoredCategory::SuddenHardship,
            ])),
            proptest::option::of(any_date()),
        ),
        proptest::collection::vec(
            (select(MeasureType::ALL.to_vec()), any_date(), any::<bool>()),
            0..4,
        ),
        proptest::collection::vec(proptest::option::of(any_date()), 7),
        proptest::option::of(any_date()),
    )
        .prop_map(
            |(
                (code, poor, grade),
                g,
                members,
                m,
                (prev, stable),
                risks,
                (category, identified),
                measures,
                steps,
                exit,
            )| Household {
                format_version: FORMAT_VERSION,
                id: HouseholdId("prop".into()),
                household_number: String::new(),
                area: AreaRef {
                    code,
                    name: "村".into(),
                    code_year: 2024,
                },
                address: String::new(),
                phone: String::new(),
                household_type: if poor {
                    HouseholdType::FormerlyPoor
                } else {
                    HouseholdType::Ordinary
                },
                relocated: false,
                resettlement_site: String::new(),
                housing_grade: grade,
                guarantees: Guarantees {
                    food_clothing_insecure: g[0],
                    housing_unsafe: g[1],
                    school_dropout: g[2],
                    medical_insurance_gap: g[3],
                    water_unsafe: g[4],
                },
                members,
                income: Income {
                    period_start: None,
                    period_end: None,
                    wages: m[0],
                    business: m[1],
                    property: m[2],
                    transfers: m[3],
                    production_costs: m[4],
                    insurance_claims: m[5],
                    spending: Spending {
                        medical: m[6],
                        inpatient: m[7],
                        largest_single_stay: m[8],
                        education: m[6],
                        disaster: m[7],
                        accident: m[8],
                    },
                    previous_net: prev,
                    stable_since: stable,
                },
                monitoring: Monitoring {
                    category,
                    risks: risks
                        .into_iter()
                        .map(|(kind, sub, resolved)| Risk {
                            kind,
                            disaster_kind: sub.then_some(DisasterKind::Flood),
                            resolved_on: resolved,
                        })
                        .collect(),
                    override_reason: String::new(),
                    identified_on: identified,
                    helper: String::new(),
                    procedure: Procedure {
                        channel: None,
                        lead_found: steps[0],
                        home_check: steps[1],
                        village_review: steps[2],
                        publicity_start: steps[3],
                        publicity_end: steps[4],
                        township_check: steps[5],
                        county_approval: steps[6],
                        decisions: Vec::new(),
                        help_first: false,
                    },
                    exit: exit.map(|date| Exit {
                        mode: ExitMode::Natural,
                        date,
                    }),
                    exit_procedure: None,
                    leads: Vec::new(),
                    voided: None,
                    moves: Vec::new(),
                    local_category: None,
                    assistance: Vec::new(),
                },
                measures: measures
                    .into_iter()
                    .enumerate()
                    .map(|(i, (kind, start, implemented))| Measure {
                        id: i.to_string(),
                        kind,
                        content: String::new(),
                        start,
                        end: None,
                        amount: None,
                        implemented,
                    })
                    .collect(),
                visits: Vec::new(),
                attachments: Vec::new(),
                consent: None,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn classification_is_total_and_coherent(h in any_household(), date in any_date()) {
        let policy = Policy::builtin();
        let c = classify(&h, &policy, date);
        prop_assert!(c.suggested_risks.len() <= MAX_RISKS);
        prop_assert!(!c.warning.reasons.is_empty());
        prop_assert!(!c.category_reasons.is_empty());
        prop_assert_eq!(c.exit.eligible, c.exit.applicable && c.exit.unmet.is_empty());
        if c.income.household_size == 0 {
            prop_assert_eq!(c.suggested_category, None);
        }
        // And the explanation and validation of the same record do not panic either.
        let _ = shouwang_domain::classify::explain(&h, &c, shouwang_domain::text::Lang::En);
        let _ = validate(&h, &policy.resolve(None, 2026).rules, date);
    }

    /// Issue 15: a suggested candidate always has a suggested risk, and the verdict and the
    /// warning agree — any risk is at least yellow, a candidate is never green, green means no
    /// risk and the plain "not suggested", and a red or orange household that is not a
    /// candidate is told what the colour is about (a guarantee gap, a cause to check).
    #[test]
    fn verdict_and_warning_agree_and_a_candidate_has_a_reason(h in any_household(), date in any_date()) {
        use shouwang_domain::classify::WarningLevel;
        let c = classify(&h, &Policy::builtin(), date);
        let conclusion = c.category_reasons.last().map(|r| r.rule.as_str()).unwrap_or("");
        if c.suggested_category.is_some() {
            prop_assert!(!c.suggested_risks.is_empty(), "candidate without a risk");
            prop_assert!(c.warning.level >= WarningLevel::Yellow);
            prop_assert_eq!(conclusion, "category.suggested");
        }
        if !c.suggested_risks.is_empty() {
            prop_assert!(c.warning.level >= WarningLevel::Yellow, "a risk but {:?}", c.warning.level);
        }
        if c.warning.level == WarningLevel::Green {
            prop_assert!(c.suggested_risks.is_empty());
            prop_assert!(c.suggested_category.is_none());
            prop_assert!(matches!(conclusion, "category.none" | "category.no_members"), "{}", conclusion);
        }
        if c.suggested_category.is_none() && c.warning.level >= WarningLevel::Orange {
            prop_assert!(
                matches!(conclusion, "category.guarantee_gap" | "category.no_risk" | "category.no_members"),
                "{:?} with conclusion {}", c.warning.level, conclusion
            );
        }
        if conclusion == "category.none" {
            prop_assert!(c.suggested_risks.is_empty());
            prop_assert!(c.warning.level <= WarningLevel::Yellow);
        }
        prop_assert_eq!(c.warning.relation.rule.as_str(), "warning.relation");
    }

    #[test]
    fn household_json_round_trips(h in any_household()) {
        let json = serde_json::to_string(&h).unwrap();
        let back: Household = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, h);
    }
}
