//! The exports: CSV (UTF-8 with BOM, for Excel) of households or members, and the XLSX workbook
//! with both sheets, as the server writes them. The calls need the token, so the file is fetched
//! here and offered as a download, not linked.
use leptos::prelude::*;

use super::{failure, token, API};
use crate::download::save_blob;
use crate::i18n::{use_i18n, Strings};
use crate::storage::today;
use crate::sync::client::{self, ClientError};
use crate::sync::use_sync;

/// One export: its API path, its file name's stem and extension, its button label.
struct Export {
    path: &'static str,
    stem: &'static str,
    ext: &'static str,
    label: fn(&Strings) -> &'static str,
    testid: &'static str,
}

const EXPORTS: [Export; 3] = [
    Export {
        path: "export.csv?sheet=households",
        stem: "households",
        ext: "csv",
        label: |t| t.export_households_csv,
        testid: "export-households-csv",
    },
    Export {
        path: "export.csv?sheet=members",
        stem: "members",
        ext: "csv",
        label: |t| t.export_members_csv,
        testid: "export-members-csv",
    },
    Export {
        path: "export.xlsx",
        stem: "households-members",
        ext: "xlsx",
        label: |t| t.export_xlsx,
        testid: "export-xlsx",
    },
];

/// The export buttons.
#[component]
pub fn Exports() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ClientError>);
    let fetch = move |e: &'static Export| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let path = format!("{API}/{}", e.path);
            match client::get_blob(&path, token(sync).as_deref()).await {
                Ok(blob) => save_blob(&blob, &format!("shouwang-{}-{}.{}", e.stem, today(), e.ext)),
                Err(err) => error.set(Some(err)),
            }
            busy.set(false);
        });
    };
    move || {
        let t = i18n.lang().strings();
        view! {
            <section class="exports no-print">
                <h3>{t.exports_title}</h3>
                <div class="actions">
                    {EXPORTS.iter().map(|e| view! {
                        <button type="button" class="secondary" data-testid=e.testid disabled=move || busy.get()
                            on:click=move |_| fetch(e)>
                            {(e.label)(t)}
                        </button>
                    }).collect_view()}
                </div>
                {move || busy.get().then(|| view! { <p class="muted" role="status">{t.export_downloading}</p> })}
                {move || error.get().map(|e| view! {
                    <p class="problem error" role="alert" data-testid="export-error">{failure(&e, i18n.lang())}</p>
                })}
            </section>
        }
    }
}
