//! Counting the dashboard's figures household by household, for one village or the whole area.
use chrono::NaiveDate;

use super::dashboard::*;
use super::HouseholdRef;
use crate::model::{ExitMode, MeasureType, MonitoredCategory, RiskType};
use crate::policy::OfficeRules;
use crate::{classify, Household, Money, Policy, Rules};

/// What the classification says about a monitored household that the dashboard lists.
pub(super) struct Judged {
    development_overdue: bool,
    measure_gaps: Vec<crate::Text>,
}

impl Judged {
    /// Runs the consistency checks (through [`classify`]) on monitored households only: they are
    /// the few whose measures the office follows.
    pub(super) fn of(h: &Household, policy: &Policy, today: NaiveDate) -> Judged {
        if !is_monitored(h) {
            return Judged {
                development_overdue: false,
                measure_gaps: Vec::new(),
            };
        }
        let c = classify(h, policy, today);
        let rule = |f: &classify::Finding, r: &str| f.reason.rule == r;
        Judged {
            development_overdue: c
                .findings
                .iter()
                .any(|f| rule(f, "consistency.development_measure_due")),
            measure_gaps: c
                .findings
                .iter()
                .filter(|f| rule(f, "consistency.risk_needs_measure"))
                .map(|f| f.reason.text.clone())
                .collect(),
        }
    }
}

/// Identified and not marked eliminated.
pub(super) fn is_monitored(h: &Household) -> bool {
    h.monitoring.category.is_some() && h.monitoring.exit.is_none()
}

fn able(h: &Household) -> u32 {
    h.counted_members().filter(|m| m.labour.can_work()).count() as u32
}

/// (now − before) ÷ before in ‰, truncated; none when there was nothing before.
fn change_per_mille(now: u32, before: u32) -> Option<i64> {
    (before > 0).then(|| (i64::from(now) - i64::from(before)) * 1000 / i64::from(before))
}

fn index<T: PartialEq>(all: &[T], item: &T) -> usize {
    all.iter().position(|x| x == item).unwrap_or(0)
}

/// The running counts of one area.
pub(super) struct Tally {
    pub(super) area_code: String,
    area_name: String,
    households: u32,
    people: u32,
    fp: (u32, u32, Money),
    fp_year_ago: (u32, u32, Money),
    dropouts: Vec<Dropout>,
    gaps: InsuranceGaps,
    unsafe_housing: u32,
    unsafe_water: u32,
    monitored: u32,
    by_category: [u32; MonitoredCategory::ALL.len()],
    by_risk: [u32; RiskType::ALL.len()],
    lead_days: Vec<i64>,
    development: DevelopmentCoverage,
    measure_gaps: Vec<MeasureGap>,
    workers: WorkersInWork,
    relocated: RelocatedWork,
    microcredit: Microcredit,
    exits: [u32; ExitMode::ALL.len()],
    newly_at_risk: u32,
}

impl Tally {
    pub(super) fn new(area_code: String, area_name: String) -> Tally {
        Tally {
            area_code,
            area_name,
            households: 0,
            people: 0,
            fp: (0, 0, Money::ZERO),
            fp_year_ago: (0, 0, Money::ZERO),
            dropouts: Vec::new(),
            gaps: InsuranceGaps::default(),
            unsafe_housing: 0,
            unsafe_water: 0,
            monitored: 0,
            by_category: [0; MonitoredCategory::ALL.len()],
            by_risk: [0; RiskType::ALL.len()],
            lead_days: Vec::new(),
            development: DevelopmentCoverage::default(),
            measure_gaps: Vec::new(),
            workers: WorkersInWork::default(),
            relocated: RelocatedWork::default(),
            microcredit: Microcredit::default(),
            exits: [0; ExitMode::ALL.len()],
            newly_at_risk: 0,
        }
    }

    /// Counts the current version of a household.
    pub(super) fn add_current(
        &mut self,
        h: &Household,
        judged: &Judged,
        rules: &Rules,
        today: NaiveDate,
    ) {
        let size = h.size();
        let able = able(h);
        let in_work = |h: &Household| h.counted_members().any(|m| m.in_work());
        self.households += 1;
        self.people += size;
        if h.household_type == crate::model::HouseholdType::FormerlyPoor {
            self.fp.0 += 1;
            self.fp.1 += size;
            self.fp.2 += h.income.net();
            self.workers.workers += able;
            self.workers.in_work += h
                .counted_members()
                .filter(|m| m.labour.can_work() && m.in_work())
                .count() as u32;
        }
        for m in &h.members {
            if crate::validate::is_compulsory_age_dropout(m, rules, today) {
                self.dropouts.push(Dropout {
                    household_id: h.id.0.clone(),
                    member_id: m.id.clone(),
                    member_name: m.name.clone(),
                    village_code: h.area.code.clone(),
                    village_name: h.area.name.clone(),
                    age: m.age_on(today),
                });
            }
        }
        let uninsured = h.members.iter().filter(|m| !m.medical_insurance).count() as u32;
        self.gaps.people += uninsured;
        self.gaps.households += u32::from(uninsured > 0);
        let housing = h.guarantees.housing_unsafe || h.housing_grade.is_some_and(|g| g.is_unsafe());
        self.unsafe_housing += u32::from(housing);
        self.unsafe_water += u32::from(h.guarantees.water_unsafe);

        let m = &h.monitoring;
        if let (true, Some(category)) = (is_monitored(h), m.category) {
            self.monitored += 1;
            self.by_category[index(&MonitoredCategory::ALL, &category)] += 1;
            for risk in RiskType::ALL {
                if m.risks.iter().any(|r| r.kind == risk) {
                    self.by_risk[index(&RiskType::ALL, &risk)] += 1;
                }
            }
            if able > 0 {
                self.development.households += 1;
                let has = h
                    .measures
                    .iter()
                    .any(|x| rules.measures.development.contains(&x.kind));
                self.development.with_measure += u32::from(has);
                if judged.development_overdue {
                    self.development.overdue.push(HouseholdRef::of(h));
                }
            }
            if !judged.measure_gaps.is_empty() {
                self.measure_gaps.push(MeasureGap {
                    household: HouseholdRef::of(h),
                    findings: judged.measure_gaps.clone(),
                });
            }
        }
        if let (Some(lead), Some(identified)) = (m.procedure.lead_found, m.identified_on) {
            if identified >= lead {
                self.lead_days.push((identified - lead).num_days());
            }
        }
        if h.relocated && able > 0 {
            self.relocated.households += 1;
            if in_work(h) {
                self.relocated.with_someone_in_work += 1;
            } else {
                self.relocated.without.push(HouseholdRef::of(h));
            }
        }
        let loans: Vec<_> = h
            .measures
            .iter()
            .filter(|x| x.kind == MeasureType::Finance)
            .collect();
        if !loans.is_empty() {
            self.microcredit.households += 1;
            let running = loans
                .iter()
                .any(|x| x.start <= today && x.end.is_none_or(|e| e >= today));
            self.microcredit.active_households += u32::from(running);
            for x in loans {
                self.microcredit.amount += x.amount.unwrap_or(Money::ZERO);
            }
        }
        if let Some(exit) = &m.exit {
            self.exits[index(&ExitMode::ALL, &exit.mode)] += 1;
        }
        let window = i64::from(rules.office.scale_alert_window_days);
        let recent =
            |d: Option<NaiveDate>| d.is_some_and(|d| (0..window).contains(&(today - d).num_days()));
        if recent(m.identified_on) || recent(m.procedure.lead_found) {
            self.newly_at_risk += 1;
        }
    }

    /// Counts the version of a household as it stood a year ago (growth figures only).
    pub(super) fn add_year_ago(&mut self, h: &Household) {
        if h.household_type != crate::model::HouseholdType::FormerlyPoor {
            return;
        }
        self.fp_year_ago.0 += 1;
        self.fp_year_ago.1 += h.size();
        self.fp_year_ago.2 += h.income.net();
        self.workers.year_ago_workers += able(h);
        self.workers.year_ago_in_work += h
            .counted_members()
            .filter(|m| m.labour.can_work() && m.in_work())
            .count() as u32;
    }

    /// The figures; `office` is the village's alert rule (none for the whole area).
    pub(super) fn finish(mut self, office: Option<&OfficeRules>) -> AreaFigures {
        let per_capita = |(_, people, net): (u32, u32, Money)| net.per_capita(people);
        let (now, ago) = (per_capita(self.fp), per_capita(self.fp_year_ago));
        let growth = match (now, ago) {
            (Some(n), Some(a)) => (n - a).per_mille_of(a),
            _ => None,
        };
        self.lead_days.sort_unstable();
        let lead = LeadTimes {
            households: self.lead_days.len() as u32,
            median_days: (!self.lead_days.is_empty())
                .then(|| self.lead_days[(self.lead_days.len() - 1) / 2]),
            max_days: self.lead_days.last().copied(),
        };
        let mut development = self.development;
        development.coverage_per_mille = (development.households > 0)
            .then(|| development.with_measure * 1000 / development.households);
        let mut workers = self.workers;
        workers.change_per_mille = change_per_mille(workers.in_work, workers.year_ago_in_work);
        let scale_alert = office.map(|o| {
            let share = (self.households > 0).then(|| self.newly_at_risk * 1000 / self.households);
            ScaleAlert {
                window_days: o.scale_alert_window_days,
                newly_at_risk: self.newly_at_risk,
                households: self.households,
                share_per_mille: share,
                threshold_per_mille: o.scale_alert_share.get(),
                min_households: o.scale_alert_min_households,
                alert: self.newly_at_risk >= o.scale_alert_min_households
                    && u64::from(self.newly_at_risk) * 1000
                        >= u64::from(o.scale_alert_share.get()) * u64::from(self.households),
            }
        });
        AreaFigures {
            area_code: self.area_code,
            area_name: self.area_name,
            households: self.households,
            people: self.people,
            formerly_poor_income: IncomeGrowth {
                households: self.fp.0,
                people: self.fp.1,
                per_capita_net: now,
                year_ago_households: self.fp_year_ago.0,
                year_ago_people: self.fp_year_ago.1,
                year_ago_per_capita_net: ago,
                growth_per_mille: growth,
            },
            dropouts: self.dropouts,
            medical_insurance_gaps: self.gaps,
            unsafe_housing: self.unsafe_housing,
            unsafe_water: self.unsafe_water,
            monitored: Monitored {
                households: self.monitored,
                by_category: MonitoredCategory::ALL
                    .iter()
                    .zip(self.by_category)
                    .map(|(c, n)| CategoryCount {
                        category: *c,
                        households: n,
                    })
                    .collect(),
                by_risk: RiskType::ALL
                    .iter()
                    .zip(self.by_risk)
                    .map(|(r, n)| RiskCount {
                        risk: *r,
                        households: n,
                    })
                    .collect(),
            },
            lead_to_identification: lead,
            development_measures: development,
            measure_gaps: self.measure_gaps,
            formerly_poor_workers: workers,
            relocated: self.relocated,
            microcredit: self.microcredit,
            exits: Exits {
                households: self.exits.iter().sum(),
                by_mode: ExitMode::ALL
                    .iter()
                    .zip(self.exits)
                    .map(|(m, n)| ModeCount {
                        mode: *m,
                        households: n,
                    })
                    .collect(),
            },
            scale_alert,
        }
    }
}
