//! Partial rule sets written by a province, city or county: every key is optional and replaces
//! the inherited value of the same key.
use std::collections::BTreeMap;

use serde::Deserialize;

use super::calendar::DayCount;
use super::rules::*;
use crate::model::{ExitMode, MeasureType, RiskType};
use crate::{Money, Ratio};

/// Declares an overlay struct whose fields are all optional, and how it applies to its target.
macro_rules! overlay {
    ($(#[$doc:meta])* $name:ident => $target:ident { $($field:ident : $ty:ty),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Debug, Default, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            $(#[serde(default)] pub $field: Option<$ty>,)*
        }

        impl $name {
            /// Replaces each key of `target` that this overlay sets.
            pub fn apply(&self, target: &mut $target) {
                $(if let Some(v) = &self.$field { target.$field = v.clone(); })*
            }
        }
    };
}

overlay!(
    /// Changes to [`RigidSpendingRules`].
    RigidSpendingOverlay => RigidSpendingRules {
        rural_disposable_income: Money,
        medical_share: ByGroup<Ratio>,
        inpatient_yearly: ByGroup<Money>,
        single_stay: ByGroup<Money>,
        schooling_yearly: Money,
        add_insurance_claims: bool,
        disaster_accident_share: Option<ByGroup<Ratio>>,
    }
);

overlay!(
    /// Changes to [`WarningRules`].
    WarningOverlay => WarningRules {
        yellow_line_factor: Ratio,
        orange_min_risks: usize,
        rules: Vec<WarningRule>,
    }
);

overlay!(
    /// Changes to [`IncomeRules`].
    IncomeOverlay => IncomeRules {
        sharp_drop: Ratio,
        stable_work_months: u8,
        fixed_year_start_month: Option<u8>,
        stale_after_months: u32,
    }
);

overlay!(
    /// Changes to [`ExitRules`].
    ExitOverlay => ExitRules {
        income_stable_months: u32,
        min_months_since_identification: u32,
        min_measures_implemented: usize,
        min_measures_by_mode: BTreeMap<ExitMode, usize>,
        warn_within_months: u32,
        procedure_max_days: u32,
        min_publicity_days: u32,
        day_count: DayCount,
    }
);

overlay!(
    /// Changes to [`ProcedureRules`].
    ProcedureOverlay => ProcedureRules {
        max_days_from_lead: u32,
        min_publicity_days: u32,
        development_measure_within_months: u32,
        day_count: DayCount,
        home_check_within_days: Option<u32>,
        help_first: HelpFirstRules,
        consent_required_before_proposal: bool,
    }
);

overlay!(
    /// Changes to [`MemberRules`].
    MemberOverlay => MemberRules {
        working_age_min: u32,
        working_age_max: u32,
        compulsory_school_age_min: u32,
        compulsory_school_age_max: u32,
        severe_disability_max_grade: u8,
        lack_of_labour_max_full_share: Ratio,
    }
);

overlay!(
    /// Changes to [`MicrocreditRules`].
    MicrocreditOverlay => MicrocreditRules {
        max_amount: Money,
        max_years: u32,
        borrower_age_min: u32,
        borrower_age_max: u32,
    }
);

overlay!(
    /// Changes to [`MeasureRules`].
    MeasureOverlay => MeasureRules {
        development: Vec<MeasureType>,
        by_risk: BTreeMap<RiskType, Vec<MeasureType>>,
        required_for: Vec<RiskType>,
    }
);

overlay!(
    /// Changes to [`OfficeRules`].
    OfficeOverlay => OfficeRules {
        scale_alert_share: Ratio,
        scale_alert_window_days: u32,
        scale_alert_min_households: u32,
        year_ago_days: u32,
    }
);

/// What one area entry may change besides the line.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulesOverlay {
    #[serde(default)]
    pub rigid_spending: RigidSpendingOverlay,
    #[serde(default)]
    pub warning: WarningOverlay,
    #[serde(default)]
    pub income: IncomeOverlay,
    #[serde(default)]
    pub exit: ExitOverlay,
    #[serde(default)]
    pub procedure: ProcedureOverlay,
    #[serde(default)]
    pub members: MemberOverlay,
    #[serde(default)]
    pub microcredit: MicrocreditOverlay,
    #[serde(default)]
    pub measures: MeasureOverlay,
    #[serde(default)]
    pub risk_priority: Option<Vec<RiskType>>,
    #[serde(default)]
    pub office: OfficeOverlay,
}

impl RulesOverlay {
    /// Applies every key this overlay sets to `rules` (the line is handled by the caller).
    pub fn apply(&self, rules: &mut Rules) {
        self.rigid_spending.apply(&mut rules.rigid_spending);
        self.warning.apply(&mut rules.warning);
        self.income.apply(&mut rules.income);
        self.exit.apply(&mut rules.exit);
        self.procedure.apply(&mut rules.procedure);
        self.members.apply(&mut rules.members);
        self.microcredit.apply(&mut rules.microcredit);
        self.measures.apply(&mut rules.measures);
        self.office.apply(&mut rules.office);
        if let Some(p) = &self.risk_priority {
            rules.risk_priority = p.clone();
        }
    }
}
