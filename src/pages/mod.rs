//! The screens, one per file (the form in its own folder, one section per file).
mod detail;
mod enrol;
mod form;
mod list;
mod login;
pub mod office;
mod settings;
mod todo;

pub use detail::DetailPage;
pub use enrol::EnrolPage;
pub use form::FormPage;
pub use list::ListPage;
pub use login::LoginPage;
pub use office::{
    AuditPage, DashboardPage, DuplicatesPage, EnrolSheetPage, ImportPage, LeadsPage, PublicityPage,
    QueuePage,
};
pub use settings::SettingsPage;
pub use todo::TodoPage;
