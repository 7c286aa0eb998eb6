//! Small reusable pieces of the screens, one per file.
mod banners;
mod field;
mod language_switch;
mod procedure;
mod signature_pad;
mod warning_badge;

pub use banners::Banners;
pub use field::{
    code_labels, dom_id, field_label, field_label_in, maxlength, CheckField, DateField,
    FieldProblems, MoneyField, NumberField, SelectField, TextField,
};
pub use language_switch::LanguageSwitch;
pub use procedure::{decision_line, ExitProcedureCard, ProcedureCard};
pub use signature_pad::{Signature, SignaturePad};
pub use warning_badge::WarningBadge;
