//! The household record: what a field worker registers and the township reviews.
//!
//! Field names follow DOMAIN.md §10 (the national field names are in [`crate::labels`]). Every
//! enum is serialised in snake_case and every record carries [`FORMAT_VERSION`], so the JSON stays
//! stable across app updates and between the phone and the server.
mod area;
mod attachment;
mod household;
mod income;
mod lead;
mod lifecycle;
mod measure;
mod member;
mod monitoring;
mod visit;

pub use area::{AreaCode, AreaCodeError, AreaLevel, AreaRef};
pub use attachment::{is_sha256_hex, Attachment, AttachmentSubject, Consent, ATTACHMENT_TYPES};
pub use household::{
    Guarantees, Household, HouseholdId, HouseholdType, HousingGrade, FORMAT_VERSION,
};
pub use income::{Income, Spending};
pub use lead::{Lead, LeadOutcome, LeadVerdict};
pub use lifecycle::{MemberMove, MoveKind, Void};
pub use measure::{Measure, MeasureType};
pub use member::{Education, Health, IdType, LabourSkill, Member, Relation, SchoolStage, Sex};
pub use monitoring::{
    Decision, DisasterKind, DiscoveryChannel, Exit, ExitMode, ExitProcedure, ExitWithdrawal,
    MonitoredCategory, Monitoring, Procedure, ProcedureKind, Risk, RiskType, MAX_RISKS,
};
pub use visit::{Gps, Visit};
